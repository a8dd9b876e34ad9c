from django.urls import path

from . import api, views

app_name = "sociale_kaart"
urlpatterns = [
    path("", views.home, name="home"),
    path("hulp/<slug:slug>/", views.levensdomein, name="levensdomein"),
    path("sociale-kaart/", views.zoeken, name="zoeken"),
    path("sociale-kaart/aanbod/<slug:slug>/", views.aanbod, name="aanbod"),
    path("sociale-kaart/organisaties/<slug:slug>/", views.organisatie, name="organisatie"),
    path("api/v1/aanbod/", api.AanbodZoeken.as_view(), name="api_aanbod"),
    path("sociale-kaart/klopt-nog/<str:token>/", views.bevestigen, name="bevestigen"),
]
