from django.urls import path

from . import api, partner, views

app_name = "sociale_kaart"
urlpatterns = [
    path("", views.home, name="home"),
    path("hulp/<slug:slug>/", views.levensdomein, name="levensdomein"),
    path("sociale-kaart/", views.zoeken, name="zoeken"),
    path("sociale-kaart/zoekantwoord/", views.zoekantwoord, name="zoekantwoord"),
    path("sociale-kaart/aanbod/<slug:slug>/", views.aanbod, name="aanbod"),
    path("sociale-kaart/organisaties/<slug:slug>/", views.organisatie, name="organisatie"),
    path("api/v1/aanbod/", api.AanbodZoeken.as_view(), name="api_aanbod"),
    path("sociale-kaart/klopt-nog/<str:token>/", views.bevestigen, name="bevestigen"),
    path("sociale-kaart/capaciteit/<str:token>/", views.capaciteit, name="capaciteit"),
    path("partner/sociale-kaart/", partner.overzicht, name="partner"),
    path(
        "partner/sociale-kaart/organisatie/",
        partner.organisatie_bewerken,
        name="partner_organisatie",
    ),
    path(
        "partner/sociale-kaart/aanbod/<slug:slug>/", partner.aanbod_bewerken, name="partner_aanbod"
    ),
    path(
        "partner/sociale-kaart/aanbod/<slug:slug>/vertalingen/",
        partner.aanbod_vertalen,
        name="partner_vertalingen",
    ),
    path(
        "partner/sociale-kaart/aanbod/<slug:slug>/capaciteit/",
        partner.capaciteit_bewerken,
        name="partner_capaciteit",
    ),
    path(
        "partner/sociale-kaart/vestigingen/<uuid:pk>/",
        partner.vestiging_bewerken,
        name="partner_vestiging",
    ),
    path(
        "partner/sociale-kaart/openingstijden/<uuid:pk>/",
        partner.openingstijden_bewerken,
        name="partner_openingstijden",
    ),
]
