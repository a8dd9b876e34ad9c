"""Keeping the sociale kaart current: reminders and one-click confirmation, and partners
editing their own entries with review by the beheerder."""

from __future__ import annotations

from datetime import date, time

from django.conf import settings
from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from locaties import openingstijden
from locaties.models import Weekdag
from toegang.accounts.roles import Rol
from toegang.berichten.services import bericht_sturen, bericht_uit_sjabloon
from toegang.vertalingen import VERTAALDE_TALEN

from .models import (
    HERINNER_NA,
    Aanbod,
    AanbodOpVestiging,
    Controleherinnering,
    Doelgroep,
    Feedherkomst,
    Levensdomein,
    Organisatie,
    Soort,
    Taxonomieterm,
    Vestiging,
    VestigingOpeningsregel,
    VoorstelStatus,
    VrijVeld,
    Wijziging,
    Wijzigingsvoorstel,
)
from .zoeken import zoekindex_bijwerken

BEVESTIG_SALT = "sociale_kaart.bevestigen"
BEVESTIG_GELDIG_SECONDEN = 60 * 60 * 24 * 45


def bevestig_token(organisatie: Organisatie) -> str:
    return signing.TimestampSigner(salt=BEVESTIG_SALT).sign(str(organisatie.pk))


def organisatie_uit_token(token: str) -> Organisatie | None:
    try:
        pk = signing.TimestampSigner(salt=BEVESTIG_SALT).unsign(
            token, max_age=BEVESTIG_GELDIG_SECONDEN
        )
    except signing.BadSignature:
        return None
    return Organisatie.objects.filter(pk=pk).first()


def organisatie_bevestigen(*, organisatie: Organisatie) -> None:
    """The organisation says its entries are still right: reset the check date."""
    Organisatie.objects.filter(pk=organisatie.pk).update(laatst_gecontroleerd=timezone.localdate())


def controle_herinneringen_sturen(*, vandaag: date | None = None) -> int:
    """Remind partner users of organisations not checked for six months; at most once a
    month per organisation, however often this runs (a unique row per month is claimed
    first). Skips weekends and public holidays. Returns the number of organisations."""
    vandaag = vandaag or timezone.localdate()
    if not openingstijden.is_werkdag(vandaag):
        return 0
    maand = vandaag.replace(day=1)
    aantal = 0
    te_oud = Organisatie.objects.filter(laatst_gecontroleerd__lt=vandaag - HERINNER_NA)
    for organisatie in te_oud.filter(
        gebruikers__rol=Rol.PARTNER, gebruikers__is_active=True
    ).distinct():
        with transaction.atomic():
            _, nieuw = Controleherinnering.objects.get_or_create(
                organisatie=organisatie, maand=maand
            )
            if not nieuw:
                continue
            link = reverse("sociale_kaart:bevestigen", args=[bevestig_token(organisatie)])
            bericht_sturen(
                ontvangers=organisatie.gebruikers.filter(rol=Rol.PARTNER, is_active=True),
                link=link,
                **bericht_uit_sjabloon(
                    "sociale_kaart/meldingen/controle.txt",
                    organisatie=organisatie,
                    gecontroleerd=openingstijden.datum_tekst(organisatie.laatst_gecontroleerd),
                    portaal=f"{settings.SITE_URL}{reverse('intake:partner')}",
                ),
            )
            aantal += 1
    return aantal


# --- Other systems' taxonomies -------------------------------------------------------------


def taxonomieterm_koppelen(*, term: Taxonomieterm) -> int:
    """The beheerder said what a term of another system means: every aanbod imported with
    it gets those levensdomeinen and doelgroepen now, and loses the term's name from its
    keywords, as its next import would do (so that import then changes nothing). Returns
    how many aanbod."""
    domeinen, groepen = list(term.levensdomeinen.all()), list(term.doelgroepen.all())
    aanbod_ids = list(term.aanbod.values_list("pk", flat=True))
    if not aanbod_ids or not (domeinen or groepen):
        return 0
    with transaction.atomic():
        for aanbod in Aanbod.objects.filter(pk__in=aanbod_ids).select_for_update():
            aanbod.levensdomeinen.add(*domeinen)
            aanbod.doelgroepen.add(*groepen)
            woorden = [w.strip() for w in aanbod.zoekwoorden.split(",") if w.strip()]
            zonder = [w for w in woorden if w.lower() != term.naam.lower()]
            if zonder != woorden:
                aanbod.zoekwoorden = ", ".join(zonder)
                aanbod.save(update_fields=["zoekwoorden", "gewijzigd"])
        zoekindex_bijwerken(aanbod_ids=aanbod_ids)
    return len(aanbod_ids)


# --- Partner self-service -------------------------------------------------------------------

# What a partner may change, per kind of entry. Many-to-many fields travel as slug lists.
ORGANISATIE_VELDEN = ["beschrijving", "website", "email", "telefoon"]
AANBOD_VELDEN = [
    "naam", "korte_beschrijving", "beschrijving", "status", "kosten", "kosten_toelichting",
    "aanmelden", "aanmelden_toelichting", "leeftijd_van", "leeftijd_tot", "email", "telefoon",
    "website", "zoekwoorden", "levensdomeinen", "doelgroepen", "werkgebied", "werkgebied_kernen",
    "aan_huis",
]  # fmt: skip
VESTIGING_VELDEN = [
    "naam", "straat", "huisnummer", "huisnummer_toevoeging", "postcode", "plaats", "kern",
    "toegankelijkheid", "route",
]  # fmt: skip
M2M = {"levensdomeinen": Levensdomein, "doelgroepen": Doelgroep}
# An aanbod's translation into one language (AanbodVertaling) as one field of a change:
# {"naam": ..., "korte_beschrijving": ..., "beschrijving": ...}, or None for none. A partner
# proposes it like any other field of its aanbod; the beheerder can mark one free (VrijVeld).
VERTALING = "vertaling_"
VERTALING_TEKSTEN = ["naam", "korte_beschrijving", "beschrijving"]
VERTALING_VELDEN = [VERTALING + taal for taal in VERTAALDE_TALEN]
# Fields that only hold together (the database checks it): a change to one carries the
# others as submitted, and they are applied together, at once when every one of them that
# changed is free, else in one proposal.
SAMEN = {Soort.AANBOD: [("werkgebied", "werkgebied_kernen")]}


class VoorstelFout(Exception):
    """A review that cannot be done; the message is Dutch."""


def _waarde(obj, veld: str):
    if veld in M2M:
        return sorted(getattr(obj, veld).values_list("slug", flat=True))
    if veld.startswith(VERTALING):
        return vertaling_van(obj, veld.removeprefix(VERTALING))
    return getattr(obj, veld)


def vertaling_van(aanbod: Aanbod, taal: str) -> dict | None:
    """The aanbod's translation into `taal` as a change holds it, or None."""
    vertaling = aanbod.vertalingen.filter(taal=taal).values(*VERTALING_TEKSTEN).first()
    return dict(vertaling) if vertaling else None


def _json(waarde):
    if isinstance(waarde, QuerySet):
        return sorted(item.slug for item in waarde)
    if isinstance(waarde, list | tuple):
        return [_json(w) for w in waarde]
    if hasattr(waarde, "slug"):
        return waarde.slug
    return waarde


def _doel(soort: str, object_id):
    if soort == Soort.ORGANISATIE:
        return Organisatie.objects.get(pk=object_id)
    if soort == Soort.AANBOD:
        return Aanbod.objects.get(pk=object_id)
    if soort == Soort.VESTIGING:
        return Vestiging.objects.get(pk=object_id)
    return AanbodOpVestiging.objects.get(pk=object_id)


def openingsregel_rij(weekdag, dagdeel, start, einde, geldig_van=None, geldig_tot=None) -> list:
    """One opening rule as stored in a change: [weekdag, dagdeel, 'HH:MM', 'HH:MM', van, tot],
    the period as ISO dates or None. The form and the stored rules both go through here, so
    the same rules compare equal."""
    return [
        weekdag,
        dagdeel,
        start.strftime("%H:%M"),
        einde.strftime("%H:%M"),
        geldig_van.isoformat() if geldig_van else None,
        geldig_tot.isoformat() if geldig_tot else None,
    ]


def openingsregels_sorteren(regels: list[list]) -> list[list]:
    return sorted(regels, key=lambda r: (r[0], r[2], r[3], r[1], r[4] or "", r[5] or ""))


def openingsregels_tekst(regels: list[list]) -> str:
    """A change's rules for the beheerder, period included: 'dinsdag ochtend 09:00–12:00
    (van 2027-06-01 t/m 2027-08-31)'. Also reads the older 4-element rows."""
    teksten = []
    for w, d, s, e, *periode in regels:
        van, tot = [*periode, None, None][:2]
        tekst = f"{Weekdag(w).label} {d} {s}–{e}"
        if van and tot:
            tekst += f" (van {van} t/m {tot})"
        elif van:
            tekst += f" (vanaf {van})"
        elif tot:
            tekst += f" (t/m {tot})"
        teksten.append(tekst)
    return "; ".join(teksten) or "(geen)"


def wijziging_tekst(soort: str, veld: str, waarde):
    """A value in a change as the beheerder reads it: opening rules in words, a choice by
    its label (also each of a list: kernen), yes or no; anything else as it is."""
    if soort == Soort.OPENINGSTIJDEN:
        return openingsregels_tekst(waarde)
    if soort == Soort.AANBOD and veld.startswith(VERTALING):
        if not waarde:
            return "(geen vertaling)"
        return " — ".join(
            f"{tekst.replace('_', ' ')}: {waarde[tekst]}" for tekst in VERTALING_TEKSTEN
        )
    model = {Soort.ORGANISATIE: Organisatie, Soort.AANBOD: Aanbod, Soort.VESTIGING: Vestiging}
    try:
        veldinfo = model[soort]._meta.get_field(veld)
    except (KeyError, FieldDoesNotExist):
        return waarde
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    keuzes = dict(getattr(veldinfo, "base_field", veldinfo).flatchoices or [])
    if isinstance(waarde, list):
        return ", ".join(str(keuzes.get(w, w)) for w in waarde) or "(geen)"
    return keuzes.get(waarde, waarde)


def _regels(koppeling: AanbodOpVestiging) -> list[list]:
    """The rules a partner sees and edits: expired ones are history and stay out of it."""
    return openingsregels_sorteren(
        [
            openingsregel_rij(r.weekdag, r.dagdeel, r.start, r.einde, r.geldig_van, r.geldig_tot)
            for r in koppeling.openingsregels.niet_verlopen()
        ]
    )


def _datum_of_leeg(waarde: str | None) -> date | None:
    return date.fromisoformat(waarde) if waarde else None


def _toepassen(soort: str, obj, nieuw: dict) -> None:
    if soort == Soort.OPENINGSTIJDEN:
        # Only the rules the partner saw are replaced; an expired rule stays as it was. A rule
        # of the change that has expired since (a proposal approved late) is not made again.
        # A change stored before periods were kept has 4 elements: no period.
        vandaag = timezone.localdate()
        regels = []
        for w, d, s, e, *periode in nieuw["regels"]:
            van, tot = (_datum_of_leeg(p) for p in [*periode, None, None][:2])
            if tot is None or tot >= vandaag:
                regels.append(
                    VestigingOpeningsregel(
                        aanbod_op_vestiging=obj,
                        weekdag=w,
                        dagdeel=d,
                        start=time.fromisoformat(s),
                        einde=time.fromisoformat(e),
                        geldig_van=van,
                        geldig_tot=tot,
                    )  # fmt: skip
                )
        obj.openingsregels.niet_verlopen(vandaag).delete()
        VestigingOpeningsregel.objects.bulk_create(regels)
        return
    vertalingen = {v: w for v, w in nieuw.items() if v.startswith(VERTALING)}
    gewoon = {
        veld: waarde
        for veld, waarde in nieuw.items()
        if veld not in M2M and veld not in vertalingen
    }
    for veld, waarde in gewoon.items():
        setattr(obj, veld, waarde)
    if gewoon:
        obj.save(update_fields=[*gewoon, "gewijzigd"])
    for veld, slugs in nieuw.items():
        if veld in M2M:
            getattr(obj, veld).set(M2M[veld].objects.filter(slug__in=slugs))
    for veld, teksten in vertalingen.items():
        taal = veld.removeprefix(VERTALING)
        if teksten:
            obj.vertalingen.update_or_create(taal=taal, defaults=teksten)
        else:
            obj.vertalingen.filter(taal=taal).delete()
    if vertalingen and not gewoon:
        obj.save(update_fields=["gewijzigd"])
    if soort == Soort.AANBOD:
        zoekindex_bijwerken(aanbod_ids=[obj.pk])
    elif soort == Soort.VESTIGING:
        zoekindex_bijwerken(aanbod_ids=obj.aanbod_hier.values_list("aanbod_id", flat=True))
    elif soort == Soort.ORGANISATIE:
        zoekindex_bijwerken(aanbod_ids=obj.aanbod.values_list("pk", flat=True))


def wijziging_indienen(
    *, organisatie: Organisatie, soort: str, obj, nieuw: dict, door, toelichting: str = ""
) -> tuple[list[str], Wijzigingsvoorstel | None]:
    """A partner's edit of its own entry. Fields the beheerder marked free are applied at
    once; the rest becomes one proposal for review. Both land in the history. Returns the
    fields applied and the proposal (or None)."""
    _niet_uit_feed(obj)
    # Compare with what is stored: a validated ModelForm has already changed `obj` in memory.
    obj = type(obj)._default_manager.get(pk=obj.pk)
    if soort == Soort.OPENINGSTIJDEN:
        oud = {"regels": _regels(obj)}
    else:
        oud = {veld: _json(_waarde(obj, veld)) for veld in nieuw}
    nieuw = {veld: _json(waarde) for veld, waarde in nieuw.items()}
    verschil = {veld: [oud[veld], nieuw[veld]] for veld in nieuw if oud[veld] != nieuw[veld]}
    if not verschil:
        return [], None
    vrij = set(VrijVeld.objects.filter(soort=soort).values_list("veld", flat=True))
    zonder_controle = {v for v in verschil if v in vrij or "*" in vrij}
    for groep in SAMEN.get(soort, []):
        veranderd = [v for v in groep if v in verschil]
        if veranderd:
            samen = [v for v in groep if v in nieuw]
            for veld in samen:
                verschil.setdefault(veld, [oud[veld], nieuw[veld]])
            if set(veranderd) <= zonder_controle:
                zonder_controle |= set(samen)
            else:
                zonder_controle -= set(samen)
    direct = {v: d for v, d in verschil.items() if v in zonder_controle}
    controle = {v: d for v, d in verschil.items() if v not in direct}
    voorstel = None
    with transaction.atomic():
        if direct:
            _toepassen(soort, obj, {v: d[1] for v, d in direct.items()})
            Wijziging.objects.create(
                organisatie=organisatie,
                soort=soort,
                object_id=obj.pk,
                wijzigingen=direct,
                door=door,
            )
        if controle:
            voorstel = Wijzigingsvoorstel.objects.create(
                organisatie=organisatie, soort=soort, object_id=obj.pk, wijzigingen=controle,
                toelichting=toelichting[:300], ingediend_door=door,
            )  # fmt: skip
    return list(direct), voorstel


def _niet_uit_feed(obj) -> None:
    """An entry from a feed is kept at its source: a change here would be overwritten by
    the next pull, so it is refused."""
    if (feed := Feedherkomst.feed_van(obj)) is not None:
        raise VoorstelFout(
            f"Dit komt uit {feed} en wordt daar bijgehouden; wijzigen kan alleen bij de bron."
        )


def _open_voorstel(voorstel: Wijzigingsvoorstel) -> Wijzigingsvoorstel:
    """Lock the proposal for review; only an open one can be decided (once)."""
    voorstel = Wijzigingsvoorstel.objects.select_for_update().get(pk=voorstel.pk)
    if voorstel.status != VoorstelStatus.OPEN:
        raise VoorstelFout(f"Dit voorstel is al {voorstel.get_status_display()}.")
    return voorstel


def _besluit(voorstel: Wijzigingsvoorstel, status: str, door, notitie: str) -> None:
    voorstel.status = status
    voorstel.beoordeeld_door, voorstel.beoordeeld_op, voorstel.notitie = (
        door,
        timezone.now(),
        notitie,
    )
    voorstel.save()


def voorstel_goedkeuren(*, voorstel: Wijzigingsvoorstel, door, notitie: str = "") -> None:
    with transaction.atomic():
        voorstel = _open_voorstel(voorstel)
        obj = _doel(voorstel.soort, voorstel.object_id)
        _niet_uit_feed(obj)  # a proposal made before a feed took the entry over
        _toepassen(voorstel.soort, obj, {veld: d[1] for veld, d in voorstel.wijzigingen.items()})
        _besluit(voorstel, VoorstelStatus.GOEDGEKEURD, door, notitie)
        Wijziging.objects.create(
            organisatie=voorstel.organisatie, soort=voorstel.soort, object_id=voorstel.object_id,
            wijzigingen=voorstel.wijzigingen, door=door, voorstel=voorstel,
        )  # fmt: skip
        _indiener_berichten(voorstel, "goedgekeurd")


def voorstel_afwijzen(*, voorstel: Wijzigingsvoorstel, door, notitie: str) -> None:
    if not notitie.strip():
        raise VoorstelFout("Schrijf erbij waarom u het voorstel afwijst.")
    with transaction.atomic():
        voorstel = _open_voorstel(voorstel)
        _besluit(voorstel, VoorstelStatus.AFGEWEZEN, door, notitie)
        _indiener_berichten(voorstel, "afgewezen")


def _indiener_berichten(voorstel: Wijzigingsvoorstel, uitkomst: str) -> None:
    if voorstel.ingediend_door is None:
        return
    bericht_sturen(
        ontvangers=[voorstel.ingediend_door],
        link=reverse("sociale_kaart:partner"),
        **bericht_uit_sjabloon(
            "sociale_kaart/meldingen/wijziging_besluit.txt", voorstel=voorstel, uitkomst=uitkomst
        ),
    )
