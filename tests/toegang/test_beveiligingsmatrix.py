"""The security matrix (issue 7, item 8): every URL pattern of the project, every persona,
one expected outcome each.

`GET` has a row per URL name (sometimes more: "intake:hulpvraag ander team" is the same
pattern with another team's case). `POST` adds rows for what takes a POST, with a valid
body, so a refusal is never just a form error. Every admin pattern under /beheer/ follows
one rule for its prefix (`BEHEER`), with the beheerder's exceptions in `BEHEER_BEHEERDER`.
`test_every_url_pattern_has_a_row` fails as soon as a URL appears without a row.

Outcomes: a status code, `LOGIN` (302 to the login page), or `Naar(path)` (a 302/303 to
somewhere else). 429 never: every request comes from a fresh address (empty cache).
Each request runs in a savepoint that is rolled back, so the personas never see each
other's changes and the order of the columns does not matter.

benchmarks/paginas.py times every page of this table for a persona that may open it
(`GET`, `BEHEER_ROUTES` with `beheer_pad`): a new row is measured there too.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from intake.models import Doorverwijzing, terugbelvensters, vrije_tijdvakken
from sociale_kaart.models import Aanbod
from toegang import gezondheid

pytestmark = pytest.mark.django_db

HULP_GESTART = "/hulpvraag/status/{w.eigen_zaak.token}/hulp-gestart/{w.a.verwijzing.pk}/"
PERSONAS = ("anoniem", "medewerker", "coordinator", "partner_a", "partner_b", "beleid", "beheerder")
LOGIN = "302 naar inloggen"


@dataclass(frozen=True)
class Naar:
    """A redirect (302 or 303) to this path, not to the login page."""

    pad: str

    def __repr__(self):
        return f"naar {self.pad}"


@dataclass(frozen=True)
class Pagina:
    """This status, and this text on the page (for pages whose content is the point)."""

    status: int
    tekst: str

    def __repr__(self):
        return f"{self.status} met '{self.tekst}'"


def _alle(uitkomst) -> tuple:
    return (uitkomst,) * len(PERSONAS)


OPEN = _alle(200)
NIET_GET = _alle(405)  # require_POST comes before the role check: nothing is read
#                   anoniem  medewerker coordinator partner_a  partner_b  beleid  beheerder
BALIE = (LOGIN, 200, 200, 403, 403, 403, 403)
BALIE_POST = (LOGIN, 405, 405, 403, 403, 403, 403)
PARTNER = (LOGIN, 403, 403, 200, 200, 403, 403)
VAN_A = (LOGIN, 403, 403, 200, 404, 403, 403)
VAN_B = (LOGIN, 403, 403, 404, 200, 403, 403)
ALLEEN_BEHEERDER = (LOGIN, 403, 403, 403, 403, 403, 200)
INGELOGD = (LOGIN, 200, 200, 200, 200, 200, 200)
RAPPORTAGE = (LOGIN, 403, 200, 403, 403, 200, 403)

WEEK = "van={w.vandaag}&tot={w.vandaag}"
ZAAK = "/balie/hulpvragen/{w.eigen_zaak.referentie}/"
ANDER = "/balie/hulpvragen/{w.ander_zaak.referentie}/"

# fmt: off
GET = {
    # --- residents: no account ---------------------------------------------------------------
    "sociale_kaart:home": ("/", *OPEN),
    "sociale_kaart:levensdomein": ("/hulp/{w.domein.slug}/", *OPEN),
    "sociale_kaart:levensdomein onbekend": ("/hulp/bestaat-niet/", *_alle(404)),
    "sociale_kaart:zoeken": ("/sociale-kaart/?q=schulden", *OPEN),
    "sociale_kaart:aanbod": ("/sociale-kaart/aanbod/{w.a.aanbod.slug}/", *OPEN),
    # Opened from the search results: counted on the search's signal, then the clean address.
    "sociale_kaart:aanbod uit zoeken": ("/sociale-kaart/aanbod/{w.a.aanbod.slug}/?zs={w.zoeksignaal_token}",
                                        *_alle(Naar("/sociale-kaart/aanbod/{w.a.aanbod.slug}/"))),
    "sociale_kaart:zoekantwoord": ("/sociale-kaart/zoekantwoord/", *NIET_GET),
    "sociale_kaart:aanbod inactief": ("/sociale-kaart/aanbod/{w.inactief_aanbod.slug}/", *_alle(404)),
    "sociale_kaart:organisatie": ("/sociale-kaart/organisaties/{w.a.organisatie.slug}/", *OPEN),
    "sociale_kaart:api_aanbod": ("/api/v1/aanbod/?q=schulden", *OPEN),
    "sociale_kaart:bevestigen": ("/sociale-kaart/klopt-nog/{w.bevestig_token}/", *OPEN),
    "sociale_kaart:bevestigen onbekend": ("/sociale-kaart/klopt-nog/onzin/", *_alle(404)),
    "sociale_kaart:capaciteit": ("/sociale-kaart/capaciteit/{w.capaciteit_token}/?keuze=vol", *OPEN),
    "sociale_kaart:capaciteit onbekend": ("/sociale-kaart/capaciteit/onzin/", *_alle(404)),
    "locaties:lijst": ("/locaties/", *OPEN),
    "locaties:feed": ("/locaties/{w.locatie.slug}.ics", *OPEN),
    "locaties:detail": ("/locaties/{w.locatie.slug}/", *OPEN),
    "locaties:api_lijst": ("/api/v1/locaties/", *OPEN),
    "locaties:api_momenten": ("/api/v1/locaties/{w.locatie.slug}/openingsmomenten/?" + WEEK, *OPEN),
    "locaties:api_momenten onbekend": ("/api/v1/locaties/nergens/openingsmomenten/?" + WEEK, *_alle(404)),
    "locaties:diensten_feed": ("/mijn-diensten/agenda/{w.dienstenfeed.token}.ics", *OPEN),
    "locaties:diensten_feed onbekend": ("/mijn-diensten/agenda/raden-lukt-niet.ics", *_alle(404)),
    "intake:vraag_stellen": ("/vraag-stellen/", *OPEN),
    "intake:hulpvraag_stellen": ("/hulpvraag/", *OPEN),
    "intake:verstuurd": ("/hulpvraag/verstuurd/{w.eigen_zaak.token}/", *OPEN),
    "intake:status": ("/hulpvraag/status/{w.eigen_zaak.token}/", *OPEN),
    "intake:status onbekend": ("/hulpvraag/status/{w.feedback.token}/", *_alle(404)),
    "intake:feedback": ("/hulpvraag/feedback/{w.feedback.token}/", *OPEN),
    "intake:terugbellen": ("/terugbellen/", *OPEN),
    "intake:terugbellen_verstuurd": ("/terugbellen/verstuurd/{w.terugbelverzoek.token}/", *OPEN),
    "intake:terugbellen_verstuurd onbekend": ("/terugbellen/verstuurd/{w.feedback.token}/", *_alle(404)),
    "intake:status_terugbellen": ("/hulpvraag/status/{w.eigen_zaak.token}/terugbellen/", *OPEN),
    "intake:status_terugbellen onbekend": ("/hulpvraag/status/{w.feedback.token}/terugbellen/", *_alle(404)),
    "intake:status_hulp_gestart": (HULP_GESTART, *NIET_GET),
    "intake:status_toestemming": ("/hulpvraag/status/{w.eigen_zaak.token}/toestemming/{w.a.organisatie.pk}/", *OPEN),
    "intake:status_toestemming onbekend": ("/hulpvraag/status/{w.feedback.token}/toestemming/{w.a.organisatie.pk}/",
                                           *_alle(404)),
    "intake:status_veilig_contact": ("/hulpvraag/status/{w.eigen_zaak.token}/veilig-contact/", *OPEN),
    "intake:status_veilig_contact onbekend": ("/hulpvraag/status/{w.feedback.token}/veilig-contact/",
                                              *_alle(404)),
    "intake:afspraak_maken": ("/afspraak-maken/", *OPEN),
    "intake:afspraak_maken_bij": ("/afspraak-maken/{w.locatie.slug}/", *OPEN),
    "intake:afspraak_maken_bij onbekend": ("/afspraak-maken/nergens/", *_alle(404)),
    "intake:bezoekafspraak": ("/afspraak/{w.bezoekafspraak.token}/", *OPEN),
    "intake:bezoekafspraak onbekend": ("/afspraak/{w.feedback.token}/", *_alle(404)),
    "intake:bezoekafspraak_verzetten": ("/afspraak/{w.bezoekafspraak.token}/verzetten/", *OPEN),
    "intake:bezoekafspraak_afzeggen": ("/afspraak/{w.bezoekafspraak.token}/afzeggen/", *OPEN),
    "intake:bezoekafspraak_agenda": ("/afspraak/{w.bezoekafspraak.token}/afspraak.ics", *OPEN),
    "intake:bezoekafspraak_agenda onbekend": ("/afspraak/{w.feedback.token}/afspraak.ics", *_alle(404)),
    # Mijn vragen: the link's GET only shows a button (no lookup, so any well-formed token);
    # the list needs a session a link or DigiD opened. DigiD is not configured here.
    "intake:mijn_vragen": ("/mijn-vragen/", *OPEN),
    "intake:mijn_vragen_link": ("/mijn-vragen/link/" + "a" * 43 + "/", *OPEN),
    "intake:mijn_vragen_link onbekend": ("/mijn-vragen/link/onzin/", *_alle(404)),
    "intake:mijn_vragen_overzicht": ("/mijn-vragen/overzicht/", *_alle(Naar("/mijn-vragen/"))),
    "intake:mijn_vragen_uitloggen": ("/mijn-vragen/uitloggen/", *NIET_GET),
    "intake:digid_inloggen": ("/mijn-vragen/digid/?volgende=vraag", *_alle(404)),
    "intake:digid_terug": ("/mijn-vragen/digid/terug/?code=x&state=y", *_alle(404)),
    # The language switcher: a GET changes nothing and goes back (Django's set_language).
    "set_language": ("/taal/?next=/sociale-kaart/", *_alle(Naar("/sociale-kaart/"))),
    "hsds:root": ("/api/hsds/", *OPEN),
    "hsds:services": ("/api/hsds/services", *OPEN),
    "hsds:service": ("/api/hsds/services/{w.a.aanbod.pk}", *OPEN),
    "hsds:organizations": ("/api/hsds/organizations", *OPEN),
    "hsds:organization": ("/api/hsds/organizations/{w.a.organisatie.pk}", *OPEN),
    "hsds:taxonomies": ("/api/hsds/taxonomies", *OPEN),
    "hsds:taxonomy_terms": ("/api/hsds/taxonomy_terms", *OPEN),
    "hsds:service_at_locations": ("/api/hsds/service_at_locations", *OPEN),
    "api-schema": ("/api/v1/schema/", *OPEN),
    "api-docs": ("/api/v1/docs/", *OPEN),
    # Load balancers and monitoring have no account: the health checks answer everyone, and
    # hold no personal data or secrets (tests/toegang/test_health.py).
    "health": ("/health/", *OPEN),
    "health-live": ("/health/live/", *OPEN),
    "health-status": ("/health/status/", *OPEN),
    # --- logging in and one's own account ------------------------------------------------------
    "accounts:login": ("/account/inloggen/", 200, *(Naar("/account/start/"),) * 6),
    "accounts:code": ("/account/inloggen/code/", *_alle(LOGIN)),
    "accounts:logout": ("/account/uitloggen/", *NIET_GET),
    # The gemeente-account (OpenID Connect) exists only when configured; not in this matrix's
    # settings. With a provider: tests/accounts/test_gemeente_account.py.
    "accounts:oidc_start": ("/account/inloggen/gemeente/", *_alle(404)),
    "accounts:oidc_terug": ("/account/inloggen/gemeente/terug/?code=x&state=y", *_alle(404)),
    # Where the identity provider sends the browser after logging out there.
    "accounts:uitgelogd": ("/account/uitgelogd/", *OPEN),
    "accounts:start": ("/account/start/", LOGIN, Naar("/balie/"), Naar("/balie/"),
                       Naar("/partner/"), Naar("/partner/"), Naar("/rapportage/"), Naar("/beheer/")),
    "berichten:lijst": ("/account/berichten/", *INGELOGD),
    "berichten:gelezen": ("/account/berichten/gelezen/", *NIET_GET),
    "accounts:tweestaps": ("/account/tweestaps/", *INGELOGD),
    "accounts:tweestaps_instellen": ("/account/tweestaps/instellen/", *INGELOGD),
    "accounts:herstelcodes": ("/account/tweestaps/herstelcodes/", LOGIN, *(Naar("/account/tweestaps/"),) * 6),
    "accounts:herstelcodes_vernieuwen": ("/account/tweestaps/herstelcodes/nieuw/", *NIET_GET),
    "accounts:wachtwoord": ("/account/wachtwoord/", *INGELOGD),
    # --- the front desk: need-to-know ------------------------------------------------------------
    "intake:balie": ("/balie/", *BALIE),
    "intake:nieuw": ("/balie/nieuw/", *BALIE),
    "intake:wachtrij": ("/balie/wachtrij/nieuw/", *BALIE),
    "intake:wachtrij afspraken": ("/balie/wachtrij/te_laat/?pagina=2", *BALIE),
    "intake:wachtrij onbekend": ("/balie/wachtrij/onzin/", LOGIN, 404, 404, 403, 403, 403, 403),
    "intake:partners": ("/balie/partners/", *BALIE),
    "intake:wachtrij terugbellen": ("/balie/wachtrij/terugbellen/", *BALIE),
    "intake:terugbelverzoek": ("/balie/terugbellen/{w.terugbelverzoek.pk}/", *BALIE),
    # A call-back on another team's case: as its case, without breaking the glass.
    "intake:terugbelverzoek ander team": ("/balie/terugbellen/{w.ander_terugbelverzoek.pk}/",
                                          LOGIN, 404, 200, 403, 403, 403, 403),
    "intake:terugbelverzoek_actie": ("/balie/terugbellen/{w.terugbelverzoek.pk}/oppakken/", *BALIE_POST),
    "intake:afsprakenagenda": ("/balie/afspraken/", *BALIE),
    "intake:bezoekafspraak_actie": ("/balie/afspraken/{w.bezoekafspraak.pk}/gekomen/", *BALIE_POST),
    "intake:balie_sociale_kaart": ("/balie/sociale-kaart/?q=schulden", *BALIE),
    "intake:suggesties": ("/balie/suggesties/medewerkers/?q=a", *BALIE),
    "intake:suggesties onbekend": ("/balie/suggesties/onzin/?q=a", LOGIN, 404, 404, 403, 403, 403, 403),
    "intake:aanbod_keuzes": ("/balie/aanbod-keuzes/", *BALIE),
    "intake:hulpvraag": (ZAAK, *BALIE),
    # Another team's case: the medewerker is asked for a reason (break the glass).
    "intake:hulpvraag ander team": (ANDER, LOGIN, Pagina(403, "Waarom moet u deze hulpvraag inzien?"),
                                    200, 403, 403, 403, 403),
    "intake:hulpvraag onbekend": ("/balie/hulpvragen/TA-1999-99999/", LOGIN, 404, 404, 403, 403, 403, 403),
    "intake:doorverwijzen": (ZAAK + "doorverwijzen/", *BALIE),
    "intake:doorverwijzen ander team": (ANDER + "doorverwijzen/", LOGIN, 404, 200, 403, 403, 403, 403),
    "intake:afdrukken": (ZAAK + "afdrukken/", *BALIE),
    "intake:afdrukken ander team": (ANDER + "afdrukken/", LOGIN, 404, 200, 403, 403, 403, 403),
    # Only a medewerker breaks the glass; a coordinator sees every case already.
    "intake:doorbraak": (ANDER + "doorbraak/", LOGIN, 405, 403, 403, 403, 403, 403),
    "intake:actie": (ZAAK + "notitie/", *BALIE_POST),
    "intake:afspraak_gedaan": (ZAAK + "afspraken/{w.afspraak.pk}/gedaan/", *BALIE_POST),
    "intake:doorverwijzing": ("/balie/doorverwijzingen/{w.a.verwijzing.pk}/", *BALIE),
    "intake:doorverwijzing_actie": ("/balie/doorverwijzingen/{w.a.verwijzing.pk}/intrekken/", *BALIE_POST),
    "locaties:rooster": ("/balie/rooster/", LOGIN, 403, 200, 403, 403, 403, 403),
    "locaties:inroosteren": ("/balie/rooster/inroosteren/", *NIET_GET),
    "locaties:afspraakinstellingen": ("/balie/rooster/afspraken/{w.locatie.slug}/", *NIET_GET),
    "locaties:uitroosteren": ("/balie/rooster/diensten/{w.dienst.pk}/verwijderen/", *NIET_GET),
    "locaties:terugkerende_diensten": ("/balie/rooster/terugkerend/", LOGIN, 403, 200, 403, 403, 403, 403),
    "locaties:terugkerende_dienst": ("/balie/rooster/terugkerend/{w.reeks.pk}/", LOGIN, 403, 200, 403, 403, 403, 403),
    "locaties:terugkerende_dienst_stoppen": ("/balie/rooster/terugkerend/{w.reeks.pk}/stoppen/", *NIET_GET),
    # Partners' staff take shifts at the front door too.
    "locaties:mijn_diensten": ("/mijn-diensten/", LOGIN, 200, 200, 200, 200, 403, 403),
    "locaties:feed_vernieuwen": ("/mijn-diensten/nieuwe-link/", *NIET_GET),
    # --- partners: only what is theirs -----------------------------------------------------------
    "intake:partner": ("/partner/", *PARTNER),
    "intake:signaal": ("/partner/signaal/", *PARTNER),
    "intake:partner_doorverwijzing": ("/partner/doorverwijzingen/{w.a.verwijzing.pk}/", *VAN_A),
    "intake:partner_doorverwijzing van B": ("/partner/doorverwijzingen/{w.b.verwijzing.pk}/", *VAN_B),
    "intake:partner_actie": ("/partner/doorverwijzingen/{w.a.verwijzing.pk}/accepteren/",
                             LOGIN, 403, 403, 405, 405, 403, 403),
    "sociale_kaart:partner": ("/partner/sociale-kaart/", *PARTNER),
    "sociale_kaart:partner_organisatie": ("/partner/sociale-kaart/organisatie/", *PARTNER),
    "sociale_kaart:partner_aanbod": ("/partner/sociale-kaart/aanbod/{w.a.aanbod.slug}/", *VAN_A),
    "sociale_kaart:partner_aanbod van B": ("/partner/sociale-kaart/aanbod/{w.b.aanbod.slug}/", *VAN_B),
    "sociale_kaart:partner_vertalingen": ("/partner/sociale-kaart/aanbod/{w.a.aanbod.slug}/vertalingen/", *VAN_A),
    "sociale_kaart:partner_vertalingen van B": ("/partner/sociale-kaart/aanbod/{w.b.aanbod.slug}/vertalingen/", *VAN_B),
    "sociale_kaart:partner_capaciteit": ("/partner/sociale-kaart/aanbod/{w.a.aanbod.slug}/capaciteit/", *VAN_A),
    "sociale_kaart:partner_capaciteit van B": ("/partner/sociale-kaart/aanbod/{w.b.aanbod.slug}/capaciteit/", *VAN_B),
    "sociale_kaart:partner_vestiging": ("/partner/sociale-kaart/vestigingen/{w.a.vestiging.pk}/", *VAN_A),
    "sociale_kaart:partner_vestiging van B": ("/partner/sociale-kaart/vestigingen/{w.b.vestiging.pk}/", *VAN_B),
    "sociale_kaart:partner_openingstijden": ("/partner/sociale-kaart/openingstijden/{w.a.koppeling.pk}/", *VAN_A),
    "sociale_kaart:partner_openingstijden van B": ("/partner/sociale-kaart/openingstijden/{w.b.koppeling.pk}/", *VAN_B),
    # --- policy and the beheerder ----------------------------------------------------------------
    "rapportage:dashboard": ("/rapportage/", *RAPPORTAGE),
    "rapportage:tabel": ("/rapportage/tabel/kerncijfers.csv", *RAPPORTAGE),
    "rapportage:witte_vlekken": ("/rapportage/witte-vlekken/", *RAPPORTAGE),
    "rapportage:witte_vlekken_tabel": ("/rapportage/witte-vlekken/tabel/alles.xlsx", *RAPPORTAGE),
    "rapportage:export_aanvragen": ("/rapportage/exports/", *NIET_GET),
    "rapportage:export": ("/rapportage/exports/{w.export.pk}/", *RAPPORTAGE),
    "rapportage:export_bestand": ("/rapportage/exports/{w.export.pk}/bestand/", *RAPPORTAGE),
    "rapportage:klantreis": ("/rapportage/klantreis/?start=2026-01&maanden=12", *RAPPORTAGE),
    "rapportage:klantreis_pdf": ("/rapportage/klantreis/kwartaal.pdf?jaar={w.vandaag.year}&kwartaal=1",
                                 *RAPPORTAGE),
    "intake:inzage_zoeken": ("/privacy/inzageverzoek/?telefoon=0612345678", *ALLEEN_BEHEERDER),
    "intake:inzage": ("/privacy/inzageverzoek/{w.inwoner.pk}/", *ALLEEN_BEHEERDER),
}

def _hulp_gestart_gevraagd(w) -> dict:
    """Partner A's referral asked "Is de hulp gestart?"; the resident's answer to it."""
    Doorverwijzing.objects.filter(pk=w.a.verwijzing.pk).update(
        inwoner_gevraagd_op=timezone.now()
    )
    return {f"v{w.a.verwijzing.pk.hex[:12]}-antwoord": "nog-niet"}


# (path, body, outcomes). A valid body: the allowed roles get through, the others are
# refused before anything is read.
POST = {
    "set_language": ("/taal/", lambda w: {"language": "ar", "next": "/sociale-kaart/?q=hulp"},
                     *_alle(Naar("/sociale-kaart/"))),
    "intake:hulpvraag_stellen": ("/hulpvraag/", lambda w: {
        "vraag": "Ik heb hulp nodig.", "naam": "Els", "contactvoorkeur": "telefoon",
        "telefoon": "0612345678", "toestemming_inzien": "on", "inzending": uuid.uuid4(),
    }, *_alle(Naar("/hulpvraag/verstuurd/"))),
    "intake:feedback": ("/hulpvraag/feedback/{w.feedback.token}/", lambda w: {
        "bereikbaar": 4, "gehoord": 5, "geholpen": 3,
    }, *_alle(Naar("/hulpvraag/feedback/"))),
    "intake:terugbellen": ("/terugbellen/", lambda w: {
        "naam": "Els", "telefoon": "0611223344", "venster": terugbelvensters()[0].waarde,
        "toestemming": "on", "inzending": uuid.uuid4(),
    }, *_alle(Naar("/terugbellen/verstuurd/"))),
    "intake:status_terugbellen": ("/hulpvraag/status/{w.eigen_zaak.token}/terugbellen/", lambda w: {
        "telefoon": "0611223344", "venster": terugbelvensters()[0].waarde, "inzending": uuid.uuid4(),
    }, *_alle(Naar("/hulpvraag/status/"))),
    # The question is asked (outside the savepoint; the answer itself is undone each time).
    "intake:status_hulp_gestart": (HULP_GESTART, _hulp_gestart_gevraagd, *_alle(Naar("/hulpvraag/status/"))),
    "intake:status_hulp_gestart onbekend": (
        "/hulpvraag/status/{w.feedback.token}/hulp-gestart/{w.a.verwijzing.pk}/", _hulp_gestart_gevraagd,
        *_alle(404)),
    "intake:status_toestemming": ("/hulpvraag/status/{w.eigen_zaak.token}/toestemming/{w.a.organisatie.pk}/",
                                  lambda w: {}, *_alle(Naar("/hulpvraag/status/"))),
    "intake:status_veilig_contact": ("/hulpvraag/status/{w.eigen_zaak.token}/veilig-contact/", lambda w: {
        "veilig_geen_post": "on", "veilig_email": "geen",
    }, *_alle(Naar("/hulpvraag/status/"))),
    "intake:afspraak_maken_bij": ("/afspraak-maken/{w.locatie.slug}/", lambda w: {
        "naam": "Els", "telefoon": "0611223344", "toestemming": "on", "inzending": uuid.uuid4(),
        "tijdvak": vrije_tijdvakken(w.locatie)[0].waarde,
    }, *_alle(Naar("/afspraak/"))),
    "intake:bezoekafspraak_verzetten": ("/afspraak/{w.bezoekafspraak.token}/verzetten/", lambda w: {
        "tijdvak": vrije_tijdvakken(w.locatie, behalve=w.bezoekafspraak.pk)[-1].waarde,
    }, *_alle(Naar("/afspraak/"))),
    "intake:bezoekafspraak_afzeggen": ("/afspraak/{w.bezoekafspraak.token}/afzeggen/", lambda w: {},
                                       *_alle(Naar("/afspraak/"))),
    "intake:bezoekafspraak_actie": ("/balie/afspraken/{w.bezoekafspraak.pk}/niet-gekomen/", lambda w: {},
                                    LOGIN, Naar("/balie/afspraken/"), Naar("/balie/afspraken/"),
                                    403, 403, 403, 403),
    # Another team's appointment: as its case, a 404 for the medewerker.
    "intake:bezoekafspraak_actie ander team": ("/balie/afspraken/{w.ander_bezoekafspraak.pk}/gekomen/",
                                               lambda w: {}, LOGIN, 404, Naar("/balie/afspraken/"),
                                               403, 403, 403, 403),
    "intake:mijn_vragen": ("/mijn-vragen/", lambda w: {"email": "wie@example.org"},
                           *_alle(Naar("/mijn-vragen/"))),
    "intake:mijn_vragen_link": ("/mijn-vragen/link/{w.inloglink_token}/", lambda w: {},
                                *_alle(Naar("/mijn-vragen/overzicht/"))),
    "intake:mijn_vragen_link onbekend": ("/mijn-vragen/link/" + "a" * 43 + "/", lambda w: {}, *_alle(404)),
    "intake:mijn_vragen_uitloggen": ("/mijn-vragen/uitloggen/", lambda w: {}, *_alle(Naar("/mijn-vragen/"))),
    "sociale_kaart:bevestigen": ("/sociale-kaart/klopt-nog/{w.bevestig_token}/", lambda w: {}, *OPEN),
    # "Vond u wat u zocht?": anyone with the search's token answers for that one search.
    "sociale_kaart:zoekantwoord": ("/sociale-kaart/zoekantwoord/", lambda w: {
        "zs": w.zoeksignaal_token, "gevonden": "nee", "terug": "q=geldzorgen",
    }, *_alle(Naar("/sociale-kaart/"))),
    # Anyone with the link states the capacity of that one aanbod, in partner A's name.
    "sociale_kaart:capaciteit": ("/sociale-kaart/capaciteit/{w.capaciteit_token}/",
                                 lambda w: {"capaciteit": "vol"}, *OPEN),
    "sociale_kaart:capaciteit onbekend": ("/sociale-kaart/capaciteit/onzin/", lambda w: {"capaciteit": "vol"},
                                          *_alle(404)),
    "intake:nieuw": ("/balie/nieuw/", lambda w: {
        "kanaal": "telefoon", "naam": "Piet Nieuw", "telefoon": "0687654321", "vraag": "Hulp",
        "toestemming_inzien": "on", "inzending": uuid.uuid4(), "koppel_aan": "nieuw",
    }, LOGIN, Naar("/balie/hulpvragen/"), Naar("/balie/hulpvragen/"), 403, 403, 403, 403),
    "intake:actie": (ZAAK + "notitie/", lambda w: {"notitie-tekst": "Gebeld."},
                     LOGIN, Naar(ZAAK), Naar(ZAAK), 403, 403, 403, 403),
    "intake:actie ander team": (ANDER + "notitie/", lambda w: {"notitie-tekst": "Gebeld."},
                                LOGIN, 404, Naar(ANDER), 403, 403, 403, 403),
    "intake:afspraak_gedaan": (ZAAK + "afspraken/{w.afspraak.pk}/gedaan/", lambda w: {},
                               LOGIN, Naar(ZAAK), Naar(ZAAK), 403, 403, 403, 403),
    "intake:terugbelverzoek_actie": ("/balie/terugbellen/{w.terugbelverzoek.pk}/oppakken/", lambda w: {},
                                     LOGIN, Naar("/balie/terugbellen/"), Naar("/balie/terugbellen/"),
                                     403, 403, 403, 403),
    "intake:terugbelverzoek_actie ander team": (
        "/balie/terugbellen/{w.ander_terugbelverzoek.pk}/gebeld/",
        lambda w: {"uitkomst": "bereikt", "poging": 1},
        LOGIN, 404, Naar("/balie/wachtrij/terugbellen/"), 403, 403, 403, 403),
    "intake:doorbraak": (ANDER + "doorbraak/", lambda w: {"doorbraak-reden": "Inwoner aan de balie."},
                         LOGIN, Naar(ANDER), 403, 403, 403, 403, 403),
    "intake:doorverwijzing_actie": ("/balie/doorverwijzingen/{w.a.verwijzing.pk}/intrekken/",
                                    lambda w: {"intrekken-tekst": "Dubbel."},
                                    LOGIN, Naar("/balie/doorverwijzingen/"), Naar("/balie/doorverwijzingen/"),
                                    403, 403, 403, 403),
    "intake:partner_actie": ("/partner/doorverwijzingen/{w.a.verwijzing.pk}/accepteren/", lambda w: {},
                             LOGIN, 403, 403, Naar("/partner/doorverwijzingen/"), 404, 403, 403),
    "intake:partner_actie van B": ("/partner/doorverwijzingen/{w.b.verwijzing.pk}/accepteren/", lambda w: {},
                                   LOGIN, 403, 403, 404, Naar("/partner/doorverwijzingen/"), 403, 403),
    "intake:signaal": ("/partner/signaal/", lambda w: {
        "naam": "Jan", "telefoon": "0611112222", "vraag": "Zorgen.", "toestemming_wijze": "mondeling",
        "inzending": uuid.uuid4(),
    }, LOGIN, 403, 403, Naar("/partner/"), Naar("/partner/"), 403, 403),
    "sociale_kaart:partner": ("/partner/sociale-kaart/", lambda w: {"actie": "klopt"},
                              LOGIN, 403, 403, Naar("/partner/sociale-kaart/"), Naar("/partner/sociale-kaart/"),
                              403, 403),
    "sociale_kaart:partner_capaciteit": ("/partner/sociale-kaart/aanbod/{w.a.aanbod.slug}/capaciteit/",
                                         lambda w: {"capaciteit": "wachtlijst", "wachtlijst_weken": 6},
                                         LOGIN, 403, 403, Naar("/partner/sociale-kaart/"), 404, 403, 403),
    "sociale_kaart:partner_capaciteit van B": ("/partner/sociale-kaart/aanbod/{w.b.aanbod.slug}/capaciteit/",
                                               lambda w: {"capaciteit": "vol"},
                                               LOGIN, 403, 403, 404, Naar("/partner/sociale-kaart/"), 403, 403),
    "sociale_kaart:partner_vestiging": ("/partner/sociale-kaart/vestigingen/{w.a.vestiging.pk}/", lambda w: {
        "naam": "Nieuw adres", "straat": "Markt", "huisnummer": "2", "postcode": "7121 AA",
        "plaats": "Aalten", "kern": "aalten",
    }, LOGIN, 403, 403, Naar("/partner/sociale-kaart/"), 404, 403, 403),
    "locaties:inroosteren": ("/balie/rooster/inroosteren/", lambda w: {
        "locatie": w.locatie.pk, "datum": w.vandaag, "dagdeel": "ochtend", "medewerker": w.coordinator.pk,
    }, LOGIN, 403, Naar("/balie/rooster/"), 403, 403, 403, 403),
    "locaties:uitroosteren": ("/balie/rooster/diensten/{w.dienst.pk}/verwijderen/", lambda w: {},
                              LOGIN, 403, Naar("/balie/rooster/"), 403, 403, 403, 403),
    "locaties:terugkerende_diensten": ("/balie/rooster/terugkerend/", lambda w: {
        "medewerker": w.coordinator.username, "locatie": w.locatie.slug, "dagdeel": "ochtend",
        "weekdag": (w.vandaag + timedelta(days=1)).weekday(), "van": w.vandaag + timedelta(days=1),
        "tot": w.vandaag + timedelta(days=14),
    }, LOGIN, 403, Naar("/balie/rooster/terugkerend/"), 403, 403, 403, 403),
    "locaties:terugkerende_dienst": ("/balie/rooster/terugkerend/{w.reeks.pk}/", lambda w: {
        "medewerker": w.coordinator.username, "locatie": w.locatie.slug, "dagdeel": "ochtend",
        "weekdag": w.reeks.weekdag, "tot": w.reeks.tot,
    }, LOGIN, 403, Naar("/balie/rooster/terugkerend/"), 403, 403, 403, 403),
    "locaties:terugkerende_dienst_stoppen": ("/balie/rooster/terugkerend/{w.reeks.pk}/stoppen/", lambda w: {},
                                             LOGIN, 403, Naar("/balie/rooster/terugkerend/"), 403, 403, 403, 403),
    "locaties:afspraakinstellingen": ("/balie/rooster/afspraken/{w.locatie.slug}/", lambda w: {
        "inloopreserve": 1, "afspraakduur": 30,
    }, LOGIN, 403, Naar("/balie/rooster/"), 403, 403, 403, 403),
    "locaties:feed_vernieuwen": ("/mijn-diensten/nieuwe-link/", lambda w: {},
                                 LOGIN, *(Naar("/mijn-diensten/"),) * 4, 403, 403),
    "berichten:gelezen": ("/account/berichten/gelezen/", lambda w: {},
                          LOGIN, Naar("/balie/"), Naar("/balie/"), Naar("/partner/"), Naar("/partner/"),
                          Naar("/rapportage/"), Naar("/beheer/")),
    "accounts:herstelcodes_vernieuwen": ("/account/tweestaps/herstelcodes/nieuw/", lambda w: {},
                                         LOGIN, *(Naar("/account/tweestaps/herstelcodes/"),) * 6),
    "accounts:logout": ("/account/uitloggen/", lambda w: {}, *OPEN),
    "rapportage:export_aanvragen": ("/rapportage/exports/", lambda w: {"jaar": w.vandaag.year},
                                    LOGIN, 403, Naar("/rapportage/exports/"), 403, 403,
                                    Naar("/rapportage/exports/"), 403),
}
# fmt: on

# /beheer/ (the Django admin) as one rule for its prefix: only the beheerder gets in;
# everyone else is refused by the admin site before any admin view runs.
BEHEER = (LOGIN, 403, 403, 403, 403, 403, 200)
# The beheerder's outcomes that are not 200, by URL name (or route, for unnamed ones).
# `<app>/<model>/<id>/` without a name redirects to its change page (test_beheer_matrix).
BEHEER_BEHEERDER = {
    # Written by the system only: the logboek dataverwerkingen is append-only, the others
    # are logs and outboxes; shifts are made on the rota, which checks the rules.
    "admin:privacy_verwerking_add": 403,
    "admin:privacy_verwerking_delete": 403,
    "admin:privacy_opschoning_add": 403,
    "admin:privacy_opschoning_delete": 403,
    "admin:privacy_inlogmoment_add": 403,
    "admin:privacy_inlogmoment_delete": 403,
    # The login policy is one row: changed, never added twice or deleted.
    "admin:accounts_inlogbeleid_add": 403,
    "admin:accounts_inlogbeleid_delete": 403,
    # The terms of the logs are one row (made by its migration): changed, never added or
    # deleted.
    "admin:privacy_logbewaartermijnen_add": 403,
    "admin:privacy_logbewaartermijnen_delete": 403,
    "admin:axes_accessattempt_add": 403,
    "admin:axes_accesslog_add": 403,
    "admin:axes_accessfailurelog_add": 403,
    "admin:berichten_mail_add": 403,
    "admin:berichten_uitgaandetaak_add": 403,
    "admin:locaties_dienst_add": 403,
    # A partner's change is proposed by the partner and reviewed on its own page; the
    # history of changes stays.
    "admin:sociale_kaart_wijzigingsvoorstel_add": 403,
    "admin:sociale_kaart_wijzigingsvoorstel_delete": 403,
    "admin:sociale_kaart_wijzigingsvoorstel_change": Naar(
        "/beheer/sociale_kaart/wijzigingsvoorstel/{w.voorstel.pk}/beoordelen/"
    ),
    "admin:sociale_kaart_wijziging_add": 403,
    "admin:sociale_kaart_wijziging_delete": 403,
    # Feeds: a pull is asked for with a POST; what a feed delivered is reviewed on its own
    # page and stays as history.
    "admin:sociale_kaart_feed_ophalen": 405,
    "admin:sociale_kaart_feedwijziging_add": 403,
    "admin:sociale_kaart_feedwijziging_delete": 403,
    "admin:sociale_kaart_feedwijziging_change": Naar(
        "/beheer/sociale_kaart/feedwijziging/{w.feedwijziging.pk}/beoordelen/"
    ),
    # A vestiging is looked up here and changed on its organisation's page.
    "admin:sociale_kaart_vestiging_add": 403,
    "admin:sociale_kaart_vestiging_delete": 403,
    # Confirming a dry run is a POST (tests/sociale_kaart/test_importeren.py).
    "admin:sociale_kaart_importtaak_bevestigen": 405,
    # A decision on a query is made on the synonym queue, never on a form of its own; the
    # matrix asks for the suggestions of a list that does not exist (a row's number).
    "admin:sociale_kaart_zoekbesluit_add": 403,
    "admin:sociale_kaart_zoekbesluit_suggesties": 404,
    # Other systems' taxonomy terms come with an import; the beheerder maps them.
    "admin:sociale_kaart_taxonomieterm_add": 403,
    # Nobody reads another person's second factor, the beheerder neither.
    "admin:otp_totp_totpdevice_config": 403,
    "admin:otp_totp_totpdevice_qrcode": 403,
    "admin:login": Naar("/beheer/"),
    "admin:logout": 405,  # a POST, like the one logout
    "admin:autocomplete": 403,  # Django refuses it without its parameters
    "admin:view_on_site": Naar("/sociale-kaart/aanbod/{w.a.aanbod.slug}/"),
    "beheer/(?P<url>.*)$": 404,
}


# --- running the table --------------------------------------------------------------------------


@pytest.fixture
def clients(sessies, monkeypatch):
    """A fresh client per request (so a logout or a cookie never carries over), with the
    persona's session; the anonymous resident has none."""
    # The health checks ask a Celery worker, which tests do not run, and beat, which neither
    # runs: their answer is not about roles (tests/toegang/test_health.py tests it).
    monkeypatch.setattr(gezondheid, "_broker_en_worker", lambda: {"broker": "ok", "worker": "ok"})
    monkeypatch.setattr(gezondheid, "status", lambda: gezondheid.Uitslag({"status": "ok"}))

    def client(persona: str) -> Client:
        nieuw = Client()
        if persona in sessies:
            nieuw.cookies[settings.SESSION_COOKIE_NAME] = sessies[persona]
        return nieuw

    return client


def _uitkomst(response, verwacht):
    if response.status_code in (301, 302, 303):
        pad = urlsplit(response["Location"]).path
        if pad == reverse("accounts:login"):
            return LOGIN if response.status_code == 302 else f"{response.status_code} naar inloggen"
        if isinstance(verwacht, Naar) and pad.startswith(verwacht.pad):
            return verwacht
        return Naar(pad)
    if isinstance(verwacht, Pagina) and response.status_code == verwacht.status:
        if verwacht.tekst in response.content.decode():
            return verwacht
        return f"{response.status_code} zonder '{verwacht.tekst}'"
    return response.status_code


def _verzoek(client, methode, pad, data=None):
    """One request from a fresh address, undone afterwards."""
    cache.clear()
    with transaction.atomic():
        response = client.post(pad, data) if methode == "post" else client.get(pad)
        transaction.set_rollback(True)
    return response


def _pad(sjabloon: str, wereld) -> str:
    return sjabloon.format(w=wereld)


def _controleer(clients, wereld, methode, pad, verwachtingen, body=None) -> list[str]:
    fouten = []
    for persona, verwacht in zip(PERSONAS, verwachtingen, strict=True):
        if isinstance(verwacht, Naar):
            verwacht = Naar(_pad(verwacht.pad, wereld))
        data = body(wereld) if body else None
        response = _verzoek(clients(persona), methode, pad, data)
        kreeg = _uitkomst(response, verwacht)
        if kreeg != verwacht:
            fouten.append(f"{persona}: verwacht {verwacht!r}, kreeg {kreeg!r}")
    return fouten


def _naam(sleutel: str) -> str:
    return sleutel.split()[0]


@pytest.mark.parametrize("sleutel", GET)
def test_get_matrix(sleutel, wereld, clients):
    sjabloon, *verwachtingen = GET[sleutel]
    pad = _pad(sjabloon, wereld)
    assert resolve(urlsplit(pad).path).view_name == _naam(sleutel), pad
    assert _controleer(clients, wereld, "get", pad, verwachtingen) == []


@pytest.mark.parametrize("sleutel", POST)
def test_post_matrix(sleutel, wereld, clients):
    sjabloon, body, *verwachtingen = POST[sleutel]
    pad = _pad(sjabloon, wereld)
    assert resolve(urlsplit(pad).path).view_name == _naam(sleutel), pad
    assert _controleer(clients, wereld, "post", pad, verwachtingen, body) == []


# --- which patterns there are ------------------------------------------------------------------


def _patronen(patronen=None, voorvoegsel="", naamruimte=""):
    """(URL name or None, route) of every pattern, recursively, namespaces included."""
    for patroon in get_resolver().url_patterns if patronen is None else patronen:
        route = voorvoegsel + str(patroon.pattern)
        if isinstance(patroon, URLResolver):
            ruimte = f"{naamruimte}{patroon.namespace}:" if patroon.namespace else naamruimte
            yield from _patronen(patroon.url_patterns, route, ruimte)
        elif isinstance(patroon, URLPattern):
            yield (f"{naamruimte}{patroon.name}" if patroon.name else None), route


BEHEER_PREFIX = "beheer/"


def _is_beheer(route: str) -> bool:
    return route.startswith(BEHEER_PREFIX)


def test_every_url_pattern_has_a_row():
    """A new URL without a row in the table fails here; so does a row for a URL that is gone."""
    patronen = list(_patronen())
    zonder_naam = [route for naam, route in patronen if naam is None and not _is_beheer(route)]
    assert zonder_naam == [], "Geef elk URL-patroon een naam en een rij in GET."
    namen = {naam for naam, route in patronen if not _is_beheer(route)}
    rijen = {_naam(sleutel) for sleutel in GET}
    assert namen - rijen == set(), "Deze URL's hebben geen rij in de beveiligingsmatrix"
    assert rijen - namen == set(), "Deze rijen horen bij geen URL meer"
    assert {_naam(s) for s in POST} <= namen
    beheer = {naam for naam, route in patronen if _is_beheer(route) and naam}
    assert set(BEHEER_BEHEERDER) <= beheer | {r for _, r in patronen if _is_beheer(r)}


# --- /beheer/: every admin pattern, one rule ----------------------------------------------------


def beheer_pad(route: str, wereld) -> str:
    """A real address for an admin route: the object of its model, its app, a bogus rest."""
    delen = route.removeprefix(BEHEER_PREFIX).split("/")
    if route.startswith(BEHEER_PREFIX + "^"):  # the app index: ^(?P<app_label>a|b|…)/$
        return "/beheer/intake/"
    if "(?P<url>" in route:  # the catch-all: anything else under /beheer/
        return "/beheer/bestaat-niet/"
    if delen[0] == "r":  # view on site
        aanbod = wereld.a.aanbod
        return f"/beheer/r/{ContentType.objects.get_for_model(Aanbod).pk}/{aanbod.pk}/"
    pad = "/" + route
    if "<" in route:
        model = apps.get_model(delen[0], delen[1])
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"De wereld heeft geen {model.__name__} voor {route}"
        pad = re.sub(r"<[^>]+>", str(obj.pk), pad)
    return pad


BEHEER_ROUTES = sorted(
    {(naam or route): route for naam, route in _patronen() if _is_beheer(route)}.items()
)


@pytest.mark.parametrize(("sleutel", "route"), BEHEER_ROUTES, ids=[s for s, _ in BEHEER_ROUTES])
def test_beheer_matrix(sleutel, route, wereld, clients):
    pad = beheer_pad(route, wereld)
    if route.endswith("<path:object_id>/") and sleutel == route:
        beheerder = Naar(pad + "change/")
    else:
        beheerder = BEHEER_BEHEERDER.get(sleutel, BEHEER[-1])
    verwachtingen = (*BEHEER[:-1], beheerder)
    assert _controleer(clients, wereld, "get", pad, verwachtingen) == []
