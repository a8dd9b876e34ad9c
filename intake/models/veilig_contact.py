"""Veilig contact: how a resident may and may not be contacted (no letters at the home
address, no voicemail, only this number, only at these times, a code word), and the one rule
every channel asks before it reaches out: `contact_toegestaan`.

The wishes belong to the hulpvraag. Who may see the case sees the wishes; the code word is
shown only to the roles that see contact details (toegang.accounts.roles
.mag_contactgegevens_zien), never written on the timeline, in a mail or in a log line. A
partner sees the restrictions of a referral that shared personal data while it runs, and the
code word only when it was one of the data handed over (Gegevenscategorie.CODEWOORD).
Retention deletes the wishes with the case's other personal data (intake/services/bewaren.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from locaties import openingstijden
from locaties.models import Dagdeel, Weekdag
from toegang.telefoon import telefoon_tonen

from .hulpvraag import GEANONIMISEERD, Gebeurtenis, Hulpvraag, OngeldigeOvergang, telefoon_sleutel

__all__ = [
    "CODEWOORD_MAX",
    "VEILIG_NOTITIE_MAX",
    "VEILIGE_DAGDELEN",
    "Contactweg",
    "Berichtsoort",
    "EmailWens",
    "Oordeel",
    "VeiligContact",
    "contact_toegestaan",
]

CODEWOORD_MAX = 50
VEILIG_NOTITIE_MAX = 500

# The hours a resident means by a dagdeel when they say when they may be called.
VEILIGE_DAGDELEN: dict[str, tuple[time, time]] = {
    Dagdeel.OCHTEND: (time(8, 0), time(12, 0)),
    Dagdeel.MIDDAG: (time(12, 0), time(17, 0)),
    Dagdeel.AVOND: (time(17, 0), time(21, 0)),
}


class Contactweg(models.TextChoices):
    """The ways we reach a resident that the wishes can forbid."""

    EMAIL = "email", "e-mail"
    BELLEN = "bellen", "bellen"
    VOICEMAIL = "voicemail", "voicemail inspreken"
    POST = "post", "brief naar het huisadres"


class Berichtsoort(models.TextChoices):
    """What a message to a resident is: a resident who wants only the e-mail that is needed
    still gets a confirmation of what they did and news about their case, not reminders
    or surveys."""

    BEVESTIGING = "bevestiging", "bevestiging"
    BERICHT = "bericht", "bericht over de hulpvraag"
    HERINNERING = "herinnering", "herinnering"
    VRAGENLIJST = "vragenlijst", "vragenlijst"


NODIG = (Berichtsoort.BEVESTIGING, Berichtsoort.BERICHT)


class EmailWens(models.TextChoices):
    MAG = "", "E-mail mag"
    ALLEEN_NODIG = "alleen-nodig", "Alleen e-mail die nodig is, geen herinneringen of vragenlijsten"
    GEEN = "geen", "Stuur mij geen e-mail"


@dataclass(frozen=True)
class Oordeel:
    """The answer to "may we contact this resident this way now?"; `reden` says why not, in
    words for the case's timeline (never the code word)."""

    mag: bool
    reden: str = ""

    def __bool__(self) -> bool:
        return self.mag


MAG = Oordeel(True)


def _opsomming(woorden: list[str]) -> str:
    if len(woorden) < 2:
        return "".join(woorden)
    return f"{', '.join(woorden[:-1])} en {woorden[-1]}"


class VeiligContact(models.Model):
    """A resident's wishes about being contacted, for one hulpvraag."""

    hulpvraag = models.OneToOneField(
        Hulpvraag, on_delete=models.CASCADE, related_name="veilig_contact"
    )
    geen_post = models.BooleanField("geen brieven naar het huisadres", default=False)
    geen_voicemail = models.BooleanField("geen voicemail inspreken", default=False)
    email = models.CharField("e-mail", max_length=20, choices=EmailWens.choices, blank=True)
    # Stored as E.164 (toegang.telefoon), shown the Dutch way.
    alleen_nummer = models.CharField("alleen dit nummer", max_length=20, blank=True)
    dagdelen = ArrayField(
        models.CharField(max_length=10, choices=Dagdeel.choices),
        verbose_name="alleen in deze dagdelen",
        default=list,
        blank=True,
    )
    weekdagen = ArrayField(
        models.PositiveSmallIntegerField(choices=Weekdag.choices),
        verbose_name="alleen op deze dagen",
        default=list,
        blank=True,
    )
    codewoord = models.CharField("codewoord", max_length=CODEWOORD_MAX, blank=True)
    notitie = models.TextField("toelichting", max_length=VEILIG_NOTITIE_MAX, blank=True)
    bijgewerkt = models.DateTimeField(default=timezone.now)
    bijgewerkt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    WENSEN = (
        "geen_post",
        "geen_voicemail",
        "email",
        "alleen_nummer",
        "dagdelen",
        "weekdagen",
        "codewoord",
        "notitie",
    )

    class Meta:
        verbose_name = "veilig contact"
        verbose_name_plural = "veilig contact"

    def __str__(self):
        return f"Veilig contact {self.hulpvraag_id}"

    @classmethod
    def van(cls, hulpvraag: Hulpvraag) -> VeiligContact | None:
        try:
            return hulpvraag.veilig_contact
        except cls.DoesNotExist:
            return None

    # --- what the wishes say ----------------------------------------------------------------

    @property
    def nummer_tekst(self) -> str:
        return telefoon_tonen(self.alleen_nummer)

    def tijden_tekst(self) -> str:
        """ "op maandag en woensdag, in de ochtend (8–12 uur)"; "" without a limit."""
        delen = []
        if self.weekdagen:
            delen.append("op " + _opsomming([Weekdag(d).label for d in sorted(self.weekdagen)]))
        if self.dagdelen:
            volgorde = sorted(self.dagdelen, key=lambda d: openingstijden.DAGDEEL_VOLGORDE[d])
            delen.append(
                "in de "
                + _opsomming(
                    [
                        f"{d} ({VEILIGE_DAGDELEN[d][0].hour}–{VEILIGE_DAGDELEN[d][1].hour} uur)"
                        for d in volgorde
                    ]
                )
            )
        return ", ".join(delen)

    def regels(self, *, nummer_zichtbaar: bool = True, codewoord_bekend: bool = True) -> list[str]:
        """The wishes as instructions for whoever contacts the resident; never the code
        word itself (only that there is one) and never the free note. A reader who was not
        given the number or the code word (a partner) is told to ask the front door."""
        regels = []
        if self.alleen_nummer:
            regels.append(
                f"Bel alleen {self.nummer_tekst}."
                if nummer_zichtbaar
                else "Bel alleen het ene nummer dat de inwoner opgaf."
            )
        if tijden := self.tijden_tekst():
            regels.append(f"Bel alleen {tijden}.")
        if self.geen_voicemail:
            regels.append("Spreek geen bericht in op de voicemail.")
        if self.geen_post:
            regels.append("Stuur geen brieven naar het huisadres.")
        if self.email == EmailWens.GEEN:
            regels.append("Stuur geen e-mail.")
        elif self.email == EmailWens.ALLEEN_NODIG:
            regels.append("Alleen e-mail die nodig is: geen herinneringen of vragenlijsten.")
        if self.codewoord:
            regels.append(
                "Vraag eerst naar het codewoord voordat u iets over de hulpvraag zegt."
                if codewoord_bekend
                else "De inwoner heeft een codewoord afgesproken met de toegang. Vraag uw "
                "contactpersoon bij de toegang hoe u veilig contact legt."
            )
        return regels

    @property
    def regels_zonder_nummer(self) -> list[str]:
        """The instructions for a reader who may not see contact details."""
        return self.regels(nummer_zichtbaar=False)

    def is_leeg(self) -> bool:
        return not any(getattr(self, veld) for veld in self.WENSEN)

    def _binnen_tijden(self, nu: datetime) -> bool:
        lokaal = timezone.localtime(nu)
        if self.weekdagen and lokaal.weekday() not in self.weekdagen:
            return False
        if self.dagdelen:
            tijd = lokaal.time()
            return any(
                VEILIGE_DAGDELEN[d][0] <= tijd < VEILIGE_DAGDELEN[d][1] for d in self.dagdelen
            )
        return True

    def toets(
        self,
        weg: str,
        *,
        soort: str | None = None,
        nu: datetime | None = None,
        nummer: str = "",
    ) -> Oordeel:
        """May we reach the resident by `weg` (a Contactweg) — with a message of `soort` (an
        e-mail), now (`nu`, a call), on `nummer` (a call)?"""
        if weg == Contactweg.EMAIL:
            if soort not in Berichtsoort.values:
                raise ValueError("Een e-mail heeft een berichtsoort (Berichtsoort).")
            if self.email == EmailWens.GEEN:
                return Oordeel(False, "de inwoner wil geen e-mail (veilig contact).")
            if self.email == EmailWens.ALLEEN_NODIG and soort not in NODIG:
                return Oordeel(
                    False,
                    "de inwoner wil alleen e-mail die nodig is, geen herinneringen of "
                    "vragenlijsten (veilig contact).",
                )
            return MAG
        if weg == Contactweg.POST:
            if self.geen_post:
                return Oordeel(False, "de inwoner wil geen brieven op het huisadres.")
            return MAG
        if weg == Contactweg.VOICEMAIL:
            if self.geen_voicemail:
                return Oordeel(False, "de inwoner wil geen voicemail.")
            return MAG
        if weg == Contactweg.BELLEN:
            if (
                nummer
                and self.alleen_nummer
                and telefoon_sleutel(nummer) != telefoon_sleutel(self.alleen_nummer)
            ):
                # Without the number itself: the reason may be shown where numbers are not.
                return Oordeel(
                    False,
                    "de inwoner wil alleen gebeld worden op het nummer bij veilig contact, "
                    "niet op dit nummer.",
                )
            if nu is not None and not self._binnen_tijden(nu):
                return Oordeel(False, f"de inwoner wil alleen gebeld worden {self.tijden_tekst()}.")
            return MAG
        raise ValueError(f"Onbekende contactweg: {weg}")

    # --- the one way to change them -------------------------------------------------------

    @classmethod
    @transaction.atomic
    def vastleggen(cls, *, hulpvraag: Hulpvraag, door, **wensen) -> VeiligContact | None:
        """Record the resident's wishes on the locked case, with a line on its timeline that
        never holds the number, the code word or the note. A wish not given stays as it was
        (who may not see the number and code word cannot clear them either); empty wishes
        remove the record. Returns the record, or None without wishes; an unchanged record
        writes nothing."""
        onbekend = set(wensen) - set(cls.WENSEN)
        if onbekend:
            raise ValueError(f"Geen wens van veilig contact: {', '.join(sorted(onbekend))}")
        zaak = Hulpvraag.objects.select_for_update().get(pk=hulpvraag.pk)
        if zaak.geanonimiseerd_op is not None:
            raise OngeldigeOvergang(GEANONIMISEERD)
        huidig = cls.objects.filter(hulpvraag=zaak).first()
        voor = {veld: getattr(huidig, veld) for veld in cls.WENSEN} if huidig else None
        nieuw = huidig or cls(hulpvraag=zaak)
        for veld in cls.WENSEN:
            waarde = wensen.get(veld, getattr(nieuw, veld))
            if veld in ("dagdelen", "weekdagen"):
                waarde = sorted(set(waarde))
            setattr(nieuw, veld, waarde)
        if huidig is None and nieuw.is_leeg():
            return None
        if voor == {veld: getattr(nieuw, veld) for veld in cls.WENSEN}:
            return huidig
        if nieuw.is_leeg():
            nieuw.delete()
            tekst = "Veilig contact opgeheven: de gewone manier van contact geldt weer."
            resultaat = None
        else:
            nieuw.bijgewerkt = timezone.now()
            nieuw.bijgewerkt_door = door
            nieuw.full_clean(exclude=["hulpvraag"])
            nieuw.save()
            # Not the number either: the timeline is read by roles that may not see it.
            tekst = ("Veilig contact gewijzigd: " if huidig else "Veilig contact vastgelegd: ") + (
                " ".join(nieuw.regels_zonder_nummer) or "alleen een toelichting."
            )
            resultaat = nieuw
        Gebeurtenis.objects.create(
            hulpvraag=zaak, soort=Gebeurtenis.Soort.VEILIG_CONTACT, tekst=tekst, door=door
        )
        # A case form opened before this change is refused (Hulpvraag.versie).
        Hulpvraag.objects.filter(pk=zaak.pk).update(
            versie=F("versie") + 1, bijgewerkt=timezone.now()
        )
        # The caller's copy of the case no longer holds a stale cached relation.
        hulpvraag._state.fields_cache.pop("veilig_contact", None)
        return resultaat


def contact_toegestaan(
    hulpvraag: Hulpvraag,
    weg: str,
    *,
    soort: str | None = None,
    nu: datetime | None = None,
    nummer: str = "",
) -> Oordeel:
    """The one rule: may we contact the resident of `hulpvraag` by `weg` (Contactweg) —
    an e-mail of `soort` (Berichtsoort), a call now (`nu`) on `nummer`? Every path that
    reaches a resident asks this first (intake.services.veilig_contact.inwoner_mailen for
    e-mail; the call-back pages for calls)."""
    wensen = VeiligContact.van(hulpvraag)
    if wensen is None:
        if weg == Contactweg.EMAIL and soort not in Berichtsoort.values:
            raise ValueError("Een e-mail heeft een berichtsoort (Berichtsoort).")
        return MAG
    return wensen.toets(weg, soort=soort, nu=nu, nummer=nummer)
