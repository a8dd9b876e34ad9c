from django.urls import path

from . import views

app_name = "sociale_kaart"
urlpatterns = [
    path("", views.home, name="home"),
    path("hulp/<slug:slug>/", views.levensdomein, name="levensdomein"),
    path("sociale-kaart/", views.zoeken, name="zoeken"),
    path("sociale-kaart/aanbod/<slug:slug>/", views.aanbod, name="aanbod"),
    path("sociale-kaart/organisaties/<slug:slug>/", views.organisatie, name="organisatie"),
]
