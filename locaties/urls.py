from django.urls import path

from . import api, views

app_name = "locaties"
urlpatterns = [
    path("locaties/", views.lijst, name="lijst"),
    path("locaties/<slug:slug>.ics", views.feed, name="feed"),
    path("locaties/<slug:slug>/", views.detail, name="detail"),
    path("api/v1/locaties/", api.LocatieLijst.as_view(), name="api_lijst"),
    path(
        "api/v1/locaties/<str:slug>/openingsmomenten/",
        api.Openingsmomenten.as_view(),
        name="api_momenten",
    ),
    path("balie/rooster/", views.rooster, name="rooster"),
    path("balie/rooster/inroosteren/", views.inroosteren, name="inroosteren"),
    path(
        "balie/rooster/afspraken/<slug:slug>/",
        views.afspraakinstellingen,
        name="afspraakinstellingen",
    ),
    path("balie/rooster/diensten/<int:pk>/verwijderen/", views.uitroosteren, name="uitroosteren"),
    path("balie/rooster/terugkerend/", views.terugkerende_diensten, name="terugkerende_diensten"),
    path(
        "balie/rooster/terugkerend/<int:pk>/", views.terugkerende_dienst, name="terugkerende_dienst"
    ),
    path(
        "balie/rooster/terugkerend/<int:pk>/stoppen/",
        views.terugkerende_dienst_stop,
        name="terugkerende_dienst_stoppen",
    ),
    path("mijn-diensten/", views.mijn_diensten, name="mijn_diensten"),
    path("mijn-diensten/nieuwe-link/", views.feed_vernieuwen, name="feed_vernieuwen"),
    path("mijn-diensten/agenda/<str:token>.ics", views.diensten_feed, name="diensten_feed"),
]
