from django.urls import path

from .views import (
    balie,
    bezoekafspraken,
    digid,
    doorverwijzing,
    inzage,
    mijn_vragen,
    partner,
    publiek,
)

app_name = "intake"
urlpatterns = [
    # Residents: no account.
    path("vraag-stellen/", publiek.vraag_stellen, name="vraag_stellen"),
    path("hulpvraag/", publiek.hulpvraag_stellen, name="hulpvraag_stellen"),
    path("hulpvraag/verstuurd/<str:token>/", publiek.verstuurd, name="verstuurd"),
    path("hulpvraag/status/<str:token>/", publiek.status, name="status"),
    path("hulpvraag/feedback/<str:token>/", publiek.feedback, name="feedback"),
    path(
        "hulpvraag/status/<str:token>/terugbellen/",
        publiek.status_terugbellen,
        name="status_terugbellen",
    ),
    path(
        "hulpvraag/status/<str:token>/hulp-gestart/<uuid:pk>/",
        publiek.status_hulp_gestart,
        name="status_hulp_gestart",
    ),
    path(
        "hulpvraag/status/<str:token>/toestemming/<uuid:organisatie_id>/",
        publiek.status_toestemming,
        name="status_toestemming",
    ),
    path(
        "hulpvraag/status/<str:token>/veilig-contact/",
        publiek.status_veilig_contact,
        name="status_veilig_contact",
    ),
    path("mijn-vragen/", mijn_vragen.mijn_vragen, name="mijn_vragen"),
    path("mijn-vragen/link/<str:token>/", mijn_vragen.link, name="mijn_vragen_link"),
    path("mijn-vragen/overzicht/", mijn_vragen.overzicht, name="mijn_vragen_overzicht"),
    path("mijn-vragen/uitloggen/", mijn_vragen.uitloggen, name="mijn_vragen_uitloggen"),
    path("mijn-vragen/digid/", digid.inloggen, name="digid_inloggen"),
    path("mijn-vragen/digid/terug/", digid.terug, name="digid_terug"),
    path("terugbellen/", publiek.terugbellen, name="terugbellen"),
    path(
        "terugbellen/verstuurd/<str:token>/",
        publiek.terugbellen_verstuurd,
        name="terugbellen_verstuurd",
    ),
    path("afspraak-maken/", bezoekafspraken.afspraak_maken, name="afspraak_maken"),
    path(
        "afspraak-maken/<str:locatie>/",
        bezoekafspraken.afspraak_maken_bij,
        name="afspraak_maken_bij",
    ),
    path("afspraak/<str:token>/", bezoekafspraken.bezoekafspraak, name="bezoekafspraak"),
    path(
        "afspraak/<str:token>/verzetten/",
        bezoekafspraken.bezoekafspraak_verzetten,
        name="bezoekafspraak_verzetten",
    ),
    path(
        "afspraak/<str:token>/afzeggen/",
        bezoekafspraken.bezoekafspraak_afzeggen,
        name="bezoekafspraak_afzeggen",
    ),
    path(
        "afspraak/<str:token>/afspraak.ics",
        bezoekafspraken.bezoekafspraak_agenda,
        name="bezoekafspraak_agenda",
    ),
    # Front desk.
    path("balie/", balie.balie, name="balie"),
    path("balie/afspraken/", bezoekafspraken.agenda, name="afsprakenagenda"),
    path(
        "balie/afspraken/<int:pk>/<str:actie>/",
        bezoekafspraken.bezoekafspraak_actie,
        name="bezoekafspraak_actie",
    ),
    path("balie/nieuw/", balie.nieuw, name="nieuw"),
    path("balie/wachtrij/<str:naam>/", balie.wachtrij, name="wachtrij"),
    path("balie/partners/", balie.partners, name="partners"),
    path("balie/terugbellen/<int:pk>/", balie.terugbelverzoek, name="terugbelverzoek"),
    path(
        "balie/terugbellen/<int:pk>/<str:actie>/",
        balie.terugbelverzoek_actie,
        name="terugbelverzoek_actie",
    ),
    path("balie/hulpvragen/<str:referentie>/", balie.hulpvraag, name="hulpvraag"),
    path(
        "balie/hulpvragen/<str:referentie>/doorverwijzen/",
        doorverwijzing.doorverwijzen,
        name="doorverwijzen",
    ),
    path("balie/hulpvragen/<str:referentie>/doorbraak/", balie.doorbraak, name="doorbraak"),
    path("balie/hulpvragen/<str:referentie>/afdrukken/", balie.afdrukken, name="afdrukken"),
    path("balie/hulpvragen/<str:referentie>/<str:actie>/", balie.actie, name="actie"),
    path(
        "balie/hulpvragen/<str:referentie>/afspraken/<int:afspraak_id>/gedaan/",
        balie.afspraak_gedaan,
        name="afspraak_gedaan",
    ),
    path("balie/doorverwijzingen/<uuid:pk>/", doorverwijzing.doorverwijzing, name="doorverwijzing"),
    path(
        "balie/doorverwijzingen/<uuid:pk>/<str:actie>/",
        doorverwijzing.doorverwijzing_actie,
        name="doorverwijzing_actie",
    ),
    path("balie/sociale-kaart/", balie.balie_sociale_kaart, name="balie_sociale_kaart"),
    path("balie/suggesties/<str:lijst>/", balie.suggesties, name="suggesties"),
    path("balie/aanbod-keuzes/", doorverwijzing.aanbod_kiezen, name="aanbod_keuzes"),
    # Partner organisations: only what is theirs.
    path("partner/", partner.partner, name="partner"),
    path(
        "partner/doorverwijzingen/<uuid:pk>/",
        doorverwijzing.partner_doorverwijzing,
        name="partner_doorverwijzing",
    ),
    path(
        "partner/doorverwijzingen/<uuid:pk>/<str:actie>/",
        doorverwijzing.partner_actie,
        name="partner_actie",
    ),
    path("partner/signaal/", partner.signaal, name="signaal"),
    # AVG inzageverzoek, for the beheerder.
    path("privacy/inzageverzoek/", inzage.zoeken, name="inzage_zoeken"),
    path("privacy/inzageverzoek/<int:inwoner_id>/", inzage.inzage, name="inzage"),
]
