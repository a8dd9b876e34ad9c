from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("vraag-stellen/", views.vraag_stellen, name="vraag_stellen"),
    path("balie/", views.balie, name="balie"),
    path("balie/sociale-kaart/", views.balie_sociale_kaart, name="balie_sociale_kaart"),
    path("partner/", views.partner, name="partner"),
]
