"""The warm referral (doorverwijzing): the front door hands a question to a partner or an
internal team with an overdracht, the receiver says yes or no, and nobody can drop it.

Every change of state is one method here, along one table of allowed paths, writing one line
on the referral's own log (what the receiver sees) and one on the case's timeline (what the
front door sees); what a change sets in motion beyond the referral (the case, the logboek,
the messages) is the referral flow in intake/services/doorverwijzing.py. The fields of the
overdracht follow the VNG Open Klant "InterneTaak".
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower, Trim
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from locaties import openingstijden
from sociale_kaart.models import AanbodStatus
from toegang.accounts.models import User
from toegang.accounts.roles import BALIE, Rol, Team, heeft_rol

from .hulpvraag import Gebeurtenis, Hulpvraag, OngeldigeOvergang, Toestemmingswijze
from .hulpvraag import Status as HulpvraagStatus
from .toestemming import Toestemmingsintrekking
from .veilig_contact import VeiligContact

__all__ = [
    "DoorverwijzingStatus",
    "DOORVERWIJZING_OVERGANGEN",
    "OPEN_DOORVERWIJZING",
    "Grondslag",
    "WettelijkeTaak",
    "Gegevenscategorie",
    "Urgentie",
    "HulpGestart",
    "Afwijsreden",
    "Reactietermijnen",
    "werkdagen_terug",
    "Berichtontvangers",
    "berichtontvangers",
    "DoorverwijzingQuerySet",
    "Doorverwijzing",
    "DoorverwijzingGebeurtenis",
    "Timerstand",
]


class DoorverwijzingStatus(models.TextChoices):
    CONCEPT = "concept", "Concept"
    VERSTUURD = "verstuurd", "Verstuurd"
    GEACCEPTEERD = "geaccepteerd", "Geaccepteerd"
    AFGEWEZEN = "afgewezen", "Afgewezen"
    TERUGGESTUURD = "teruggestuurd", "Teruggestuurd met een vraag"
    CONTACT_GELEGD = "contact-gelegd", "Contact gelegd"
    AFGEROND = "afgerond", "Afgerond"
    VERLOPEN = "verlopen", "Verlopen"
    INGETROKKEN = "ingetrokken", "Ingetrokken"


_S = DoorverwijzingStatus

# The allowed paths, and the only place they are written down (as in Signalen's workflow).
DOORVERWIJZING_OVERGANGEN: dict[str, frozenset[str]] = {
    _S.CONCEPT: frozenset({_S.VERSTUURD, _S.INGETROKKEN}),
    _S.VERSTUURD: frozenset(
        {_S.GEACCEPTEERD, _S.AFGEWEZEN, _S.TERUGGESTUURD, _S.VERLOPEN, _S.INGETROKKEN}
    ),
    # The sender answers the receiver's question and sends it again.
    _S.TERUGGESTUURD: frozenset({_S.VERSTUURD, _S.INGETROKKEN}),
    _S.GEACCEPTEERD: frozenset({_S.CONTACT_GELEGD, _S.INGETROKKEN}),
    _S.CONTACT_GELEGD: frozenset({_S.AFGEROND}),
    _S.AFGEWEZEN: frozenset(),
    _S.AFGEROND: frozenset(),
    _S.VERLOPEN: frozenset(),
    _S.INGETROKKEN: frozenset(),
}


def _naar_toegestaan(status: str) -> tuple[str, ...]:
    """The states from which the table allows `status`."""
    return tuple(van for van, naar in DOORVERWIJZING_OVERGANGEN.items() if status in naar)


# A referral in one of these states is still running: one at a time per receiver and case.
OPEN_DOORVERWIJZING = (
    _S.CONCEPT,
    _S.VERSTUURD,
    _S.TERUGGESTUURD,
    _S.GEACCEPTEERD,
    _S.CONTACT_GELEGD,
)
# Sent but nobody said yes yet: the case cannot be closed while one of these waits.
WACHT_OP_ONTVANGER = (_S.VERSTUURD, _S.TERUGGESTUURD)


class Grondslag(models.TextChoices):
    """The legal basis on which personal data go to a partner (AVG art. 6)."""

    GEEN = "geen", "Geen: anoniem overleg, zonder persoonsgegevens"
    TOESTEMMING = "toestemming", "Toestemming van de inwoner voor deze organisatie"
    WETTELIJKE_TAAK = "wettelijke-taak", "Wettelijke taak van de gemeente"


class WettelijkeTaak(models.TextChoices):
    WMO = "wmo", "Wmo 2015"
    JEUGDWET = "jeugdwet", "Jeugdwet"
    WGS = "wgs", "Wet gemeentelijke schuldhulpverlening"


class Gegevenscategorie(models.TextChoices):
    """What of the resident a partner may receive; nothing else ever leaves."""

    NAAM = "naam", gettext_lazy("Naam")
    TELEFOON = "telefoon", gettext_lazy("Telefoonnummer")
    EMAIL = "email", gettext_lazy("E-mailadres")
    ADRES = "adres", gettext_lazy("Adres")
    GEBOORTEDATUM = "geboortedatum", gettext_lazy("Geboortedatum")
    # Veilig contact: the word the resident and the caller agree on, for the phone only.
    CODEWOORD = "codewoord", gettext_lazy("Codewoord (veilig contact)")


class Urgentie(models.TextChoices):
    NORMAAL = "normaal", "Normaal"
    HOOG = "hoog", "Met voorrang: graag zo snel mogelijk contact"


class HulpGestart(models.TextChoices):
    """The resident's answer to "Is de hulp gestart?" (Doorverwijzing.beantwoord_door_inwoner)."""

    JA = "ja", gettext_lazy("Ja")
    NEE = "nee", gettext_lazy("Nee")
    NOG_NIET = "nog-niet", gettext_lazy("Nog niet")


class Afwijsreden(models.TextChoices):
    """Why a receiver declines, as a category the reports count (witte vlekken); the free
    text beside it says the rest."""

    GEEN_PLEK = "geen-plek", "Geen plek of capaciteit"
    BUITEN_DOELGROEP = "buiten-doelgroep", "Buiten onze doelgroep"
    ANDERS = "anders", "Een andere reden"


# "Nog niet" keeps the question open; "ja" and "nee" are the resident's last word.
HULP_GESTART_DEFINITIEF = (HulpGestart.JA, HulpGestart.NEE)


def _termijn(standaard: int, label: str, help_text: str):
    return models.PositiveSmallIntegerField(
        label,
        default=standaard,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=help_text,
    )


class Reactietermijnen(models.Model):
    """The timers of one partner organisation, in working days; without a row the defaults
    hold (also for internal teams)."""

    organisatie = models.OneToOneField(
        "sociale_kaart.Organisatie",
        verbose_name="organisatie",
        on_delete=models.CASCADE,
        related_name="reactietermijnen",
    )
    herinneren_na = _termijn(2, "herinneren na", "Niet geaccepteerd: herinnering aan de partner.")
    escaleren_na = _termijn(
        3, "escaleren na", "Nog steeds niet geaccepteerd: bericht aan verzender en coördinator."
    )
    verlopen_na = _termijn(5, "verlopen na", "Niemand reageerde: de doorverwijzing vervalt.")
    contact_herinneren_na = _termijn(
        5, "contact herinneren na", "Geaccepteerd, maar nog geen contact gelegd."
    )
    nagaan_na = _termijn(
        10, "nagaan na", "Na het versturen: het aanspreekpunt gaat na of de hulp is gestart."
    )

    VELDEN = ("herinneren_na", "escaleren_na", "verlopen_na", "contact_herinneren_na", "nagaan_na")

    class Meta:
        verbose_name = "reactietermijnen"
        verbose_name_plural = "reactietermijnen"

    def __str__(self):
        return f"Reactietermijnen {self.organisatie}"

    def clean(self):
        if not self.herinneren_na < self.escaleren_na < self.verlopen_na:
            raise ValidationError(
                "Eerst herinneren, dan escaleren, dan laten verlopen: kies oplopende termijnen."
            )

    @classmethod
    def standaard(cls) -> Reactietermijnen:
        return cls()

    @classmethod
    def voor(cls, organisatie) -> Reactietermijnen:
        """The terms of `organisatie` (None: an internal team), or the defaults."""
        if organisatie is not None:
            try:
                return organisatie.reactietermijnen
            except cls.DoesNotExist:
                pass
        return cls.standaard()


def werkdagen_terug(nu: datetime, werkdagen: int) -> datetime:
    """The moment `werkdagen` working days before `nu`: what was started at or before it has
    waited that long. Weekends and Dutch public holidays do not count."""
    lokaal = timezone.localtime(nu)
    dag = openingstijden.werkdagen_eerder(lokaal.date(), werkdagen)
    return timezone.make_aware(datetime.combine(dag, lokaal.time()), lokaal.tzinfo)


# --- who hears about a referral ------------------------------------------------------------
# The receiver of a referral as a key, and the keys a user receives under: the one rule for
# "is this user the receiver" (Doorverwijzing.is_ontvanger) and "who gets its messages"
# (berichtontvangers). Its SQL mirror, the referrals a user receives, is
# DoorverwijzingQuerySet.voor_ontvanger.


def _ontvanger(verwijzing: Doorverwijzing) -> tuple[str, object]:
    """Whom a referral is addressed to: an organisation, a colleague, or a team."""
    if verwijzing.organisatie_id:
        return ("organisatie", verwijzing.organisatie_id)
    if verwijzing.collega_id:
        return ("gebruiker", verwijzing.collega_id)
    return ("team", verwijzing.team)


def _ontvangt(user: User) -> set[tuple[str, object]]:
    """Everyone receives what is addressed to them; a partner user also what goes to their
    organisation, a colleague at the front door also what goes to their team."""
    sleutels: set[tuple[str, object]] = {("gebruiker", user.pk)}
    if user.rol == Rol.PARTNER:
        sleutels.add(("organisatie", user.organisatie_id))
    if user.rol in BALIE:
        sleutels.add(("team", user.team))
    return sleutels


@dataclass(frozen=True)
class Berichtontvangers:
    """Who hears about one referral; active users only."""

    # The receiving side: the organisation's partner users, the colleague, or the team.
    ontvanger: list[User]
    # The front door: who sent it, the contact person and the case's vast aanspreekpunt.
    verzenders: list[User]
    # Only when asked for (berichtontvangers(…, coordinatoren=True)).
    coordinatoren: list[User]

    @property
    def verzenders_en_coordinatoren(self) -> list[User]:
        return list({u.pk: u for u in self.verzenders + self.coordinatoren}.values())


def berichtontvangers(
    verwijzingen: Sequence[Doorverwijzing], *, coordinatoren: bool = False
) -> dict[uuid.UUID, Berichtontvangers]:
    """Who receives the messages of each of these referrals, in one query however many there
    are: a state change asks it for one referral, the hourly sweep for a thousand. The
    referrals' cases are read for their vast aanspreekpunt (select_related("hulpvraag"))."""
    if not verwijzingen:
        return {}
    sleutels = {_ontvanger(v) for v in verwijzingen}
    verzenders = {
        v.pk: [v.verstuurd_door_id, v.contactpersoon_id, v.hulpvraag.vast_aanspreekpunt_id]
        for v in verwijzingen
    }
    ids = {i for soort, i in sleutels if soort == "gebruiker"}
    ids |= {i for rij in verzenders.values() for i in rij if i is not None}
    voorwaarde = (
        Q(pk__in=ids)
        | Q(rol=Rol.PARTNER, organisatie_id__in={i for s, i in sleutels if s == "organisatie"})
        | Q(rol__in=BALIE, team__in={team for s, team in sleutels if s == "team"})
    )
    if coordinatoren:
        voorwaarde |= Q(rol=Rol.COORDINATOR)
    gebruikers = list(User.objects.filter(voorwaarde, is_active=True).order_by("pk"))
    per_id = {u.pk: u for u in gebruikers}
    per_sleutel: dict[tuple[str, object], list[User]] = defaultdict(list)
    for u in gebruikers:
        for sleutel in _ontvangt(u):
            per_sleutel[sleutel].append(u)
    coordinatoren_ = [u for u in gebruikers if u.rol == Rol.COORDINATOR] if coordinatoren else []
    return {
        v.pk: Berichtontvangers(
            ontvanger=list(per_sleutel.get(_ontvanger(v), [])),
            verzenders=[per_id[i] for i in dict.fromkeys(verzenders[v.pk]) if i in per_id],
            coordinatoren=coordinatoren_,
        )
        for v in verwijzingen
    }


class DoorverwijzingQuerySet(models.QuerySet):
    def zichtbaar_voor(self, user):
        """The one place that decides which referrals a user may see.

        The front door sees the referrals of the cases it may see; a partner user sees only
        what was sent to their own organisation (never a concept); nobody else sees any.
        """
        if heeft_rol(user, *BALIE):
            return self.filter(hulpvraag__in=Hulpvraag.objects.zichtbaar_voor(user))
        return self.voor_ontvanger(user)

    def voor_ontvanger(self, user):
        """Referrals for me or my team: what `user` must answer — sent to their organisation
        (a partner user), or to them or their team (the front door); never a concept.

        The one place for this rule: the partner's inbox, the front door's queue, and the
        cases a medewerker may see (`betrokken`) all ask here. It is the SQL mirror of
        `Doorverwijzing.is_ontvanger`."""
        if heeft_rol(user, Rol.PARTNER) and user.organisatie_id:
            ontvanger = Q(organisatie_id=user.organisatie_id)
        elif heeft_rol(user, *BALIE):
            ontvanger = Q(collega=user)
            if user.team:
                ontvanger |= Q(team=user.team, organisatie__isnull=True)
        else:
            return self.none()
        return self.filter(ontvanger).exclude(status=_S.CONCEPT)

    def open(self):
        return self.filter(status__in=OPEN_DOORVERWIJZING)

    def wacht_op_ontvanger(self):
        """Sent, and nobody said yes or no yet."""
        return self.filter(status__in=WACHT_OP_ONTVANGER)

    def laat_verlopen(self, *, nu: datetime) -> list[Doorverwijzing]:
        """Expire these referrals at once (nobody acted on them in time), along the same
        table as a single change of state: only those in a state the table lets expire
        change, locked first, each with the lines a single change writes. Returns them."""
        status = _S.VERLOPEN
        tekst = "Niemand reageerde op tijd: de doorverwijzing is verlopen."
        rijen = list(
            self.filter(status__in=_naar_toegestaan(status))
            .select_for_update(of=("self",))
            .select_related("organisatie", "aanbod", "collega")
        )
        Doorverwijzing.objects.filter(pk__in=[r.pk for r in rijen]).update(
            status=status, verlopen_op=nu
        )
        regels = [r._regels(status, door=None, tekst=tekst, op=nu) for r in rijen]
        DoorverwijzingGebeurtenis.objects.bulk_create(log for log, _ in regels)
        Gebeurtenis.objects.bulk_create(tijdlijn for _, tijdlijn in regels)
        return rijen

    def te_laat(self):
        """Waiting on the receiver longer than the default terms allow (for queues)."""
        nu = timezone.now()
        standaard = Reactietermijnen.standaard()
        return self.filter(
            Q(status=_S.VERSTUURD, termijn_vanaf__lte=werkdagen_terug(nu, standaard.herinneren_na))
            | Q(
                status=_S.GEACCEPTEERD,
                termijn_vanaf__lte=werkdagen_terug(nu, standaard.contact_herinneren_na),
            )
        )


class Doorverwijzing(models.Model):
    """A warm referral of a case to a partner organisation (optionally one aanbod of it),
    an internal team, or a colleague, with the overdracht the receiver needs."""

    Status = DoorverwijzingStatus

    # A random id in every URL: a partner cannot walk through other organisations' referrals.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    hulpvraag = models.ForeignKey(
        Hulpvraag, on_delete=models.CASCADE, related_name="doorverwijzingen"
    )
    # The receiver: an organisation (with or without an aanbod), or a team, or a colleague.
    organisatie = models.ForeignKey(
        "sociale_kaart.Organisatie",
        verbose_name="organisatie",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="doorverwijzingen",
    )
    aanbod = models.ForeignKey(
        "sociale_kaart.Aanbod",
        verbose_name="aanbod",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    team = models.CharField("team", max_length=30, choices=Team.choices, blank=True)
    collega = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="collega",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # The overdracht (Open Klant InterneTaak: gevraagdeHandeling, toelichting).
    samenvatting = models.TextField("samenvatting voor de ontvanger", max_length=4000)
    al_gedaan = models.TextField("wat al gedaan of afgesproken is", max_length=4000, blank=True)
    contactvoorkeur = models.CharField("contactvoorkeur van de inwoner", max_length=300, blank=True)
    urgentie = models.CharField(
        "urgentie", max_length=10, choices=Urgentie.choices, default=Urgentie.NORMAAL
    )
    contactpersoon = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="contactpersoon bij de toegang",
        on_delete=models.PROTECT,
        related_name="+",
    )

    # The legal basis for the personal data, and which data.
    grondslag = models.CharField(
        "grondslag", max_length=20, choices=Grondslag.choices, default=Grondslag.GEEN
    )
    toestemming_op = models.DateField("toestemming gegeven op", null=True, blank=True)
    toestemming_wijze = models.CharField(
        "toestemming gegeven", max_length=20, choices=Toestemmingswijze.choices, blank=True
    )
    wettelijke_taak = models.CharField(
        "wettelijke taak", max_length=20, choices=WettelijkeTaak.choices, blank=True
    )
    gegevens = ArrayField(
        models.CharField(max_length=20, choices=Gegevenscategorie.choices),
        verbose_name="gedeelde gegevens",
        default=list,
        blank=True,
    )
    # What was handed over, fixed at sending: the receiver gets these values and no others.
    gedeelde_gegevens = models.JSONField(default=dict, blank=True, editable=False)

    status = models.CharField(
        "status", max_length=20, choices=DoorverwijzingStatus.choices, default=_S.CONCEPT
    )
    # The id of the form that made it: a double submit finds this row instead of a second.
    inzending = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Raised at every (re)send: each round has its own reminders.
    ronde = models.PositiveSmallIntegerField(default=0, editable=False)
    # Where the running timer started: the last sending, or the acceptance.
    termijn_vanaf = models.DateTimeField(null=True, blank=True, editable=False)

    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    verstuurd_op = models.DateTimeField(null=True, blank=True, editable=False)
    verstuurd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    geaccepteerd_op = models.DateTimeField(null=True, blank=True, editable=False)
    geaccepteerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    afgewezen_op = models.DateTimeField(null=True, blank=True, editable=False)
    reden = models.TextField("reden van afwijzen", blank=True, editable=False)
    # The category of the reason (no personal data: kept when the text is wiped).
    reden_soort = models.CharField(
        "soort reden van afwijzen",
        max_length=20,
        choices=Afwijsreden.choices,
        blank=True,
        editable=False,
    )
    teruggestuurd_op = models.DateTimeField(null=True, blank=True, editable=False)
    contact_gelegd_op = models.DateTimeField(null=True, blank=True, editable=False)
    afgerond_op = models.DateTimeField(null=True, blank=True, editable=False)
    uitkomst = models.TextField("uitkomst", blank=True, editable=False)
    verlopen_op = models.DateTimeField(null=True, blank=True, editable=False)
    ingetrokken_op = models.DateTimeField(null=True, blank=True, editable=False)
    # The loop closed with the resident: "Is de hulp gestart?", asked once after the term
    # (intake.services.hulp_gestart), and their answer.
    inwoner_gevraagd_op = models.DateTimeField(null=True, blank=True, editable=False)
    inwoner_antwoord = models.CharField(
        "is de hulp gestart? (de inwoner)",
        max_length=10,
        choices=HulpGestart.choices,
        blank=True,
        editable=False,
    )
    inwoner_antwoord_op = models.DateTimeField(null=True, blank=True, editable=False)
    bijgewerkt = models.DateTimeField(auto_now=True)

    objects = DoorverwijzingQuerySet.as_manager()

    class Meta:
        verbose_name = "doorverwijzing"
        verbose_name_plural = "doorverwijzingen"
        ordering = ["-aangemaakt"]
        indexes = [
            models.Index(fields=["status", "termijn_vanaf"], name="doorverwijzing_termijn"),
            models.Index(fields=["organisatie", "status"], name="doorverwijzing_organisatie"),
            models.Index(fields=["status", "verstuurd_op"], name="doorverwijzing_verstuurd"),
            # For the reports: referrals sent in a period, per receiver, with their outcome.
            models.Index(
                fields=["verstuurd_op"],
                include=[
                    "organisatie",
                    "team",
                    "collega",
                    "geaccepteerd_op",
                    "afgewezen_op",
                    "verlopen_op",
                    "hulpvraag",
                ],
                condition=Q(verstuurd_op__isnull=False),
                name="doorverwijzing_rapportage",
            ),
            # For the reports (witte vlekken): referrals declined in a period.
            models.Index(
                fields=["afgewezen_op"],
                condition=Q(afgewezen_op__isnull=False),
                name="doorverwijzing_afgewezen",
            ),
            # For the reports: which reasons for declining are common (rapportage.cijfers.
            # redenen), decided over every declined referral; read from this index alone,
            # in the order the grouping needs.
            models.Index(
                Lower(Trim("reden")),
                "hulpvraag",
                include=["reden"],
                condition=Q(afgewezen_op__isnull=False),
                name="doorverwijzing_redenen",
            ),
            models.Index(fields=["bijgewerkt"], name="doorverwijzing_bijgewerkt"),
            # The hourly question to residents: accepted referrals not asked yet.
            models.Index(
                fields=["geaccepteerd_op"],
                condition=Q(inwoner_gevraagd_op__isnull=True, geaccepteerd_op__isnull=False),
                name="doorverwijzing_te_vragen",
            ),
            # For the reports: the question asked in a period, with both sides' answers.
            models.Index(
                fields=["inwoner_gevraagd_op"],
                include=["status", "inwoner_antwoord", "hulpvraag"],
                condition=Q(inwoner_gevraagd_op__isnull=False),
                name="doorverwijzing_kringloop",
            ),
            # The klantreis monitor: each case's first "ja" to "Is de hulp gestart?".
            models.Index(
                fields=["inwoner_antwoord_op"],
                include=["hulpvraag"],
                condition=Q(inwoner_antwoord=HulpGestart.JA),
                name="doorverwijzing_hulp_gestart",
            ),
            # `voor_ontvanger` (and so `betrokken`): referrals to a colleague or a team.
            models.Index(fields=["collega", "hulpvraag"], name="doorverwijzing_collega"),
            models.Index(
                fields=["team", "hulpvraag"],
                condition=Q(organisatie__isnull=True),
                name="doorverwijzing_team",
            ),
            # The front desk's queue of referrals waiting too long (`te_laat`), oldest first.
            models.Index(
                fields=["termijn_vanaf"],
                condition=Q(status__in=[_S.VERSTUURD, _S.GEACCEPTEERD]),
                name="doorverwijzing_wacht",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organisatie__isnull=False, team="", collega__isnull=True)
                    | Q(organisatie__isnull=True, aanbod__isnull=True)
                    & (~Q(team="") | Q(collega__isnull=False))
                ),
                name="doorverwijzing_een_ontvanger",
                violation_error_message="Kies één ontvanger: een organisatie, een team of een collega.",
            ),
            models.UniqueConstraint(
                fields=["hulpvraag", "organisatie"],
                condition=Q(status__in=OPEN_DOORVERWIJZING, organisatie__isnull=False),
                name="doorverwijzing_een_open_per_organisatie",
                violation_error_message=(
                    "Er loopt al een doorverwijzing naar deze organisatie voor deze hulpvraag."
                ),
            ),
            models.UniqueConstraint(
                fields=["hulpvraag", "team"],
                condition=Q(status__in=OPEN_DOORVERWIJZING) & ~Q(team=""),
                name="doorverwijzing_een_open_per_team",
                violation_error_message=(
                    "Er loopt al een doorverwijzing naar dit team voor deze hulpvraag."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(grondslag=Grondslag.GEEN) | Q(gegevens=[]),
                name="doorverwijzing_zonder_grondslag_geen_gegevens",
                violation_error_message=(
                    "Zonder grondslag gaan er geen persoonsgegevens mee: anoniem overleg."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(grondslag=Grondslag.TOESTEMMING)
                | Q(toestemming_op__isnull=False) & ~Q(toestemming_wijze=""),
                name="doorverwijzing_toestemming_vastgelegd",
                violation_error_message="Leg vast wanneer en hoe de inwoner toestemming gaf.",
            ),
            models.CheckConstraint(
                condition=~Q(grondslag=Grondslag.WETTELIJKE_TAAK) | ~Q(wettelijke_taak=""),
                name="doorverwijzing_wettelijke_taak_genoemd",
                violation_error_message="Noem de wettelijke taak.",
            ),
            models.CheckConstraint(
                condition=~Q(status=_S.AFGEWEZEN) | ~Q(reden=""),
                name="doorverwijzing_afgewezen_heeft_reden",
                violation_error_message="Geef een reden als u de doorverwijzing afwijst.",
            ),
            models.CheckConstraint(
                condition=Q(inwoner_antwoord="") | Q(inwoner_gevraagd_op__isnull=False),
                name="doorverwijzing_antwoord_na_vraag",
                violation_error_message="De inwoner kan pas antwoorden als het gevraagd is.",
            ),
            models.CheckConstraint(
                condition=~Q(status=_S.AFGEROND) | ~Q(uitkomst=""),
                name="doorverwijzing_afgerond_heeft_uitkomst",
                violation_error_message="Schrijf de uitkomst op voordat u afsluit.",
            ),
        ]

    def __str__(self):
        return f"{self.hulpvraag_id} → {self.ontvanger_naam}"

    def get_absolute_url(self):
        return reverse("intake:partner_doorverwijzing", args=[self.pk])

    # --- what pages and messages need ------------------------------------------------------

    @property
    def ontvanger_naam(self) -> str:
        if self.organisatie_id:
            naam = self.organisatie.naam
            return f"{naam} ({self.aanbod.naam})" if self.aanbod_id else naam
        if self.collega_id:
            return self.collega.weergavenaam
        return Team(self.team).label

    @property
    def is_intern(self) -> bool:
        return self.organisatie_id is None

    @property
    def is_anoniem(self) -> bool:
        return self.grondslag == Grondslag.GEEN

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_DOORVERWIJZING

    def mag_naar(self, status: str) -> bool:
        return status in DOORVERWIJZING_OVERGANGEN[self.status]

    def termijnen(self) -> Reactietermijnen:
        return Reactietermijnen.voor(self.organisatie if self.organisatie_id else None)

    def accepteren_uiterlijk(self) -> date | None:
        if self.status != _S.VERSTUURD or self.termijn_vanaf is None:
            return None
        return openingstijden.werkdagen_later(
            timezone.localdate(self.termijn_vanaf), self.termijnen().herinneren_na
        )

    def is_te_laat(self, nu: datetime | None = None, termijnen=None) -> bool:
        nu = nu or timezone.now()
        termijnen = termijnen or self.termijnen()
        if self.status == _S.VERSTUURD:
            return self.termijn_vanaf <= werkdagen_terug(nu, termijnen.herinneren_na)
        if self.status == _S.GEACCEPTEERD:
            return self.termijn_vanaf <= werkdagen_terug(nu, termijnen.contact_herinneren_na)
        return False

    def is_ontvanger(self, user) -> bool:
        """May `user` answer this referral (accept, decline, report contact, close)?"""
        return bool(user.is_authenticated and user.is_active) and _ontvanger(self) in _ontvangt(
            user
        )

    def voor_inwoner(self) -> str | None:
        """The line on the resident's status page, or None: no details, and nothing for an
        anonymous consultation (that receiver does not know the resident)."""
        if self.is_anoniem and not self.is_intern:
            return None
        naam = self.organisatie.naam if self.organisatie_id else gettext("de gemeente")
        if self.status in (_S.VERSTUURD, _S.GEACCEPTEERD):
            return gettext(
                "Doorverwezen naar %(naam)s — zij nemen binnen %(dagen)s werkdagen contact met u op."
            ) % {"naam": naam, "dagen": self.termijnen().herinneren_na}
        if self.status in (_S.CONTACT_GELEGD, _S.AFGEROND):
            return gettext("%(naam)s heeft contact met u gehad.") % {
                "naam": f"{naam[:1].upper()}{naam[1:]}"
            }
        return None

    # --- validation ------------------------------------------------------------------------

    @staticmethod
    def grondslag_fouten(
        *, intern: bool, grondslag, gegevens, toestemming_op, toestemming_wijze, wettelijke_taak
    ) -> dict[str, str]:
        """What the legal basis asks of the other fields, per field: the one place of these
        rules, for clean() and for the referral form, which says them all at once."""
        fouten = {}
        if intern:
            # Within the municipality the case itself travels; no separate basis needed.
            pass
        elif grondslag == Grondslag.GEEN and gegevens:
            fouten["gegevens"] = (
                "Zonder grondslag gaan er geen persoonsgegevens mee. Kies toestemming of een "
                "wettelijke taak, of verstuur het als anoniem overleg zonder gegevens."
            )
        elif grondslag != Grondslag.GEEN and not gegevens:
            fouten["gegevens"] = "Kies welke gegevens de organisatie nodig heeft."
        if grondslag == Grondslag.TOESTEMMING:
            if not toestemming_op:
                fouten["toestemming_op"] = "Vul in wanneer de inwoner toestemming gaf."
            elif toestemming_op > timezone.localdate():
                fouten["toestemming_op"] = "Deze datum ligt in de toekomst."
            if not toestemming_wijze:
                fouten["toestemming_wijze"] = "Kies hoe de inwoner toestemming gaf."
        if grondslag == Grondslag.WETTELIJKE_TAAK and not wettelijke_taak:
            fouten["wettelijke_taak"] = "Noem de wettelijke taak."
        return fouten

    def clean(self):
        fouten = {}
        if (
            self.aanbod_id
            and self.organisatie_id
            and self.aanbod.organisatie_id != self.organisatie_id
        ):
            fouten["aanbod"] = "Dit aanbod hoort niet bij de gekozen organisatie."
        if self.aanbod_id and self.aanbod.status != AanbodStatus.ACTIEF:
            fouten["aanbod"] = (
                f"‘{self.aanbod.naam}’ is {self.aanbod.get_status_display().lower()}: "
                "verwijs naar ander aanbod."
            )
        if self.organisatie_id and not self.organisatie.is_partner:
            fouten["organisatie"] = (
                f"{self.organisatie.naam} werkt nog niet in dit portaal. Geef de inwoner hun "
                "contactgegevens mee."
            )
        if self.collega_id and not heeft_rol(self.collega, *BALIE):
            fouten["collega"] = "Kies een collega van de gemeente."
        fouten.update(
            self.grondslag_fouten(
                intern=self.is_intern,
                grondslag=self.grondslag,
                gegevens=self.gegevens,
                toestemming_op=self.toestemming_op,
                toestemming_wijze=self.toestemming_wijze,
                wettelijke_taak=self.wettelijke_taak,
            )
        )
        # The resident withdrew consent for this organisation: no personal data go there.
        if (
            self.organisatie_id
            and self.gegevens
            and "gegevens" not in fouten
            and (
                weigering := Toestemmingsintrekking.weigering(
                    inwoner_id=self.hulpvraag.inwoner_id, organisatie=self.organisatie
                )
            )
        ):
            fouten["gegevens"] = weigering
        if not self.samenvatting.strip():
            fouten["samenvatting"] = "Schrijf een samenvatting voor de ontvanger."
        if fouten:
            raise ValidationError(fouten)

    def _momentopname(self) -> dict:
        """The resident's data in the categories the basis allows, as they are now."""
        if self.is_intern:
            return {}
        inwoner = self.hulpvraag.inwoner
        wensen = VeiligContact.van(self.hulpvraag)
        waarden = {
            Gegevenscategorie.NAAM: inwoner.naam,
            # Veilig contact: "only this number" is the number the receiver gets.
            Gegevenscategorie.TELEFOON: (
                wensen.nummer_tekst if wensen and wensen.alleen_nummer else inwoner.telefoon
            ),
            Gegevenscategorie.EMAIL: inwoner.email,
            Gegevenscategorie.ADRES: inwoner.adres,
            Gegevenscategorie.GEBOORTEDATUM: (
                inwoner.geboortedatum.isoformat() if inwoner.geboortedatum else ""
            ),
            Gegevenscategorie.CODEWOORD: wensen.codewoord if wensen else "",
        }
        return {categorie: waarden[categorie] for categorie in self.gegevens}

    def veilig_contact_regels(self) -> list[str]:
        """The resident's veilig-contact wishes as the receiver must follow them, read live
        (a wish changed after sending counts at once): for a partner that received personal
        data, while the referral runs. Nothing for an anonymous consultation (the receiver
        cannot contact the resident) or an internal one (the case page shows them). The
        number is named only when the phone number was handed over; the code word never
        here (it is one of the data handed over, Gegevenscategorie.CODEWOORD)."""
        if self.is_intern or self.is_anoniem or self.status not in OPEN_DOORVERWIJZING:
            return []
        wensen = VeiligContact.van(self.hulpvraag)
        if wensen is None:
            return []
        return wensen.regels(
            nummer_zichtbaar=Gegevenscategorie.TELEFOON in self.gegevens,
            codewoord_bekend=Gegevenscategorie.CODEWOORD in self.gegevens,
        )

    def gedeeld(self) -> list[tuple[str, str]]:
        """(label, value) of the handed-over data, for the receiver's page."""
        return [
            (Gegevenscategorie(categorie).label, waarde or "niet bekend")
            for categorie, waarde in self.gedeelde_gegevens.items()
        ]

    # --- state changes ---------------------------------------------------------------------

    def _vergrendel(self) -> None:
        self.refresh_from_db(from_queryset=Doorverwijzing.objects.select_for_update())

    def _regels(
        self, status: str, *, door, tekst: str = "", bericht: str = "", op: datetime | None = None
    ) -> tuple[DoorverwijzingGebeurtenis, Gebeurtenis]:
        """The two lines of a change to `status`: one on the referral's own log (what the
        receiver sees), one on the case's timeline (what the front door sees)."""
        moment = {"op": op} if op is not None else {}
        naam = DoorverwijzingStatus(status).label.lower()
        return (
            DoorverwijzingGebeurtenis(
                doorverwijzing=self, status=status, tekst=tekst, door=door, **moment
            ),
            Gebeurtenis(
                hulpvraag_id=self.hulpvraag_id,
                soort=Gebeurtenis.Soort.DOORVERWIJZING,
                tekst=f"{self.ontvanger_naam}: {bericht or naam}"
                + (f" — {tekst}" if tekst else ""),
                door=door,
                **moment,
            ),
        )

    def _naar(self, status: str, *, door, tekst: str = "", bericht: str = "") -> None:
        if not self.mag_naar(status):
            huidig = self.get_status_display().lower()
            raise OngeldigeOvergang(
                f"Deze doorverwijzing is al {huidig}; "
                f"‘{DoorverwijzingStatus(status).label.lower()}’ kan niet meer."
            )
        self.status = status
        for regel in self._regels(status, door=door, tekst=tekst, bericht=bericht):
            regel.save()

    def _alleen_ontvanger(self, user) -> None:
        if not self.is_ontvanger(user):
            raise OngeldigeOvergang("Alleen de ontvanger van deze doorverwijzing kan dit doen.")

    def _alleen_verzender(self, user) -> None:
        if not heeft_rol(user, *BALIE):
            raise OngeldigeOvergang("Alleen de toegang kan dit doen.")

    def link_ontvanger(self) -> str:
        """Where the receiver opens it: the partner portal, or the front desk for a team."""
        if self.is_intern:
            return reverse("intake:doorverwijzing", args=[self.pk])
        return self.get_absolute_url()

    @transaction.atomic
    def verstuur(self, *, door) -> None:
        """Send (or, after a question back, send again): a new round of timers. The case is
        marked doorverwezen and the receiver told by the referral flow
        (intake.services.doorverwijzing.doorverwijzing_versturen)."""
        self._vergrendel()
        self._alleen_verzender(door)
        self.full_clean()
        if self.hulpvraag.status == HulpvraagStatus.AFGEROND:
            raise OngeldigeOvergang("Heropen de hulpvraag eerst om door te verwijzen.")
        eerste = self.status == _S.CONCEPT
        self._naar(
            _S.VERSTUURD, door=door, bericht="doorverwezen" if eerste else "opnieuw verstuurd"
        )
        nu = timezone.now()
        if eerste:
            self.verstuurd_op = nu
            self.verstuurd_door = door
        self.gedeelde_gegevens = self._momentopname()
        self.ronde += 1
        self.termijn_vanaf = nu
        self.save()

    @transaction.atomic
    def accepteer(self, *, door) -> None:
        self._vergrendel()
        self._alleen_ontvanger(door)
        if self.status == _S.GEACCEPTEERD and self.geaccepteerd_door_id:
            raise OngeldigeOvergang(
                f"{self.geaccepteerd_door.weergavenaam} heeft deze doorverwijzing al "
                f"geaccepteerd op {timezone.localtime(self.geaccepteerd_op):%d-%m-%Y %H:%M}."
            )
        self._naar(_S.GEACCEPTEERD, door=door)
        self.geaccepteerd_op = self.termijn_vanaf = timezone.now()
        self.geaccepteerd_door = door
        self.save()

    def _stap_van_ontvanger(
        self,
        status: str,
        *,
        door,
        tekst: str,
        verplicht: str = "",
        tijdstip: str,
        bericht: str = "",
    ) -> str:
        """One step of the receiver: lock, check who and what, log, and stamp the moment in
        the field `tijdstip`. `verplicht` is the message when `tekst` may not be empty.
        Returns the cleaned text; the caller saves."""
        self._vergrendel()
        self._alleen_ontvanger(door)
        tekst = tekst.strip()
        if verplicht and not tekst:
            raise OngeldigeOvergang(verplicht)
        self._naar(status, door=door, tekst=tekst, bericht=bericht)
        setattr(self, tijdstip, timezone.now())
        return tekst

    @transaction.atomic
    def wijs_af(self, *, door, reden: str, reden_soort: str) -> None:
        """Decline, with a category of the reason (required) and the reason in words."""
        if reden_soort not in Afwijsreden.values:
            raise OngeldigeOvergang("Kies waarom u de doorverwijzing afwijst.")
        self.reden = self._stap_van_ontvanger(
            _S.AFGEWEZEN,
            door=door,
            tekst=reden,
            verplicht="Geef een reden als u de doorverwijzing afwijst.",
            tijdstip="afgewezen_op",
        )
        self.reden_soort = reden_soort  # after the lock, which reloads the row
        self.save()

    @transaction.atomic
    def stuur_terug(self, *, door, vraag: str) -> str:
        """The receiver needs to know more before saying yes or no; returns the question."""
        vraag = self._stap_van_ontvanger(
            _S.TERUGGESTUURD,
            door=door,
            tekst=vraag,
            verplicht="Schrijf op wat u wilt weten.",
            tijdstip="teruggestuurd_op",
            bericht="vraag terug",
        )
        self.save()
        return vraag

    @transaction.atomic
    def beantwoord(self, *, door, antwoord: str) -> None:
        """The sender answers the question back; the referral goes out again."""
        self._vergrendel()
        self._alleen_verzender(door)
        if self.status != _S.TERUGGESTUURD:
            raise OngeldigeOvergang("Er staat geen vraag van de ontvanger open.")
        if not antwoord.strip():
            raise OngeldigeOvergang("Schrijf een antwoord op de vraag.")
        DoorverwijzingGebeurtenis.objects.create(
            doorverwijzing=self, status="", tekst=f"Antwoord: {antwoord.strip()}", door=door
        )
        self.verstuur(door=door)

    @transaction.atomic
    def contact_gelegd(self, *, door, toelichting: str = "") -> None:
        self._stap_van_ontvanger(
            _S.CONTACT_GELEGD,
            door=door,
            tekst=toelichting,
            tijdstip="contact_gelegd_op",
        )
        self.save()

    @transaction.atomic
    def rond_af(self, *, door, uitkomst: str) -> None:
        self.uitkomst = self._stap_van_ontvanger(
            _S.AFGEROND,
            door=door,
            tekst=uitkomst,
            verplicht="Schrijf de uitkomst op voordat u afsluit.",
            tijdstip="afgerond_op",
            bericht="afgerond, uitkomst",
        )
        self.save()

    @transaction.atomic
    def trek_in(self, *, door, reden: str) -> str:
        """The sender withdraws it; returns the reason."""
        self._vergrendel()
        self._alleen_verzender(door)
        if not reden.strip():
            raise OngeldigeOvergang("Schrijf op waarom u de doorverwijzing intrekt.")
        self._naar(_S.INGETROKKEN, door=door, tekst=reden.strip())
        self.ingetrokken_op = timezone.now()
        self.save()
        return reden.strip()

    @property
    def toestemming_ingetrokken(self) -> Toestemmingsintrekking | None:
        """The resident's withdrawal of consent for this referral's organisation, if any."""
        if not self.organisatie_id:
            return None
        return Toestemmingsintrekking.objects.filter(
            inwoner_id=self.hulpvraag.inwoner_id, organisatie_id=self.organisatie_id
        ).first()

    # --- the resident's answer -------------------------------------------------------------

    @property
    def vraagt_inwoner(self) -> bool:
        """Is "Is de hulp gestart?" waiting for the resident (asked, no last word yet)?"""
        return (
            self.inwoner_gevraagd_op is not None
            and self.inwoner_antwoord not in HULP_GESTART_DEFINITIEF
        )

    @transaction.atomic
    def beantwoord_door_inwoner(self, antwoord: str) -> bool:
        """The resident's answer to "Is de hulp gestart?". "Nog niet" may be followed by ja
        or nee later; ja and nee are final. The same answer again (a double submit) changes
        nothing and returns False; what a "nee" sets in motion is
        intake.services.hulp_gestart."""
        self._vergrendel()
        if antwoord not in HulpGestart.values:
            raise OngeldigeOvergang("Kies ja, nee of nog niet.")
        if self.inwoner_gevraagd_op is None:
            raise OngeldigeOvergang("Deze vraag is nog niet aan u gesteld.")
        if self.inwoner_antwoord == antwoord:
            return False
        if self.inwoner_antwoord in HULP_GESTART_DEFINITIEF:
            raise OngeldigeOvergang(
                "U heeft deze vraag al beantwoord. Klopt uw antwoord niet meer? Bel ons."
            )
        self.inwoner_antwoord = antwoord
        self.inwoner_antwoord_op = timezone.now()
        tekst = f"Is de hulp gestart? De inwoner antwoordt: {HulpGestart(antwoord).label.lower()}."
        DoorverwijzingGebeurtenis.objects.create(doorverwijzing=self, status="", tekst=tekst)
        Gebeurtenis.objects.create(
            hulpvraag_id=self.hulpvraag_id,
            soort=Gebeurtenis.Soort.DOORVERWIJZING,
            tekst=f"{self.ontvanger_naam}: {tekst}",
        )
        self.save(update_fields=["inwoner_antwoord", "inwoner_antwoord_op", "bijgewerkt"])
        return True

    def als_concept_bewaren(self) -> None:
        """Save a new referral as concept, with the same checks as sending."""
        self.full_clean()
        self.save()
        DoorverwijzingGebeurtenis.objects.create(
            doorverwijzing=self, status=_S.CONCEPT, door=self.aangemaakt_door
        )


class DoorverwijzingGebeurtenis(models.Model):
    """One line on a referral's own log: what the receiver and the sender both see.
    Append-only, like the case's timeline."""

    doorverwijzing = models.ForeignKey(
        Doorverwijzing, on_delete=models.CASCADE, related_name="verloop"
    )
    status = models.CharField(max_length=20, choices=DoorverwijzingStatus.choices, blank=True)
    tekst = models.TextField(blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "verloop van een doorverwijzing"
        verbose_name_plural = "verloop van doorverwijzingen"
        ordering = ["op", "pk"]

    def __str__(self):
        return f"{self.get_status_display() or 'Bericht'} {self.op:%d-%m-%Y %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError("Het verloop wordt alleen aangevuld, nooit gewijzigd.")
        super().save(*args, **kwargs)


class Timerstand(models.Model):
    """How far the referral timers have been handed over: per kind of timer and term (in
    working days), the moment up to which every referral has been dealt with.

    The hourly sweep hands over what lies between this mark and now, and moves the mark in
    the same transaction: a second run, or a second beat process, finds nothing left. The
    messages themselves carry a key per referral, so nothing is ever sent twice."""

    soort = models.CharField(max_length=30)
    dagen = models.PositiveSmallIntegerField()
    tot = models.DateTimeField()

    class Meta:
        verbose_name = "timerstand"
        verbose_name_plural = "timerstanden"
        constraints = [
            models.UniqueConstraint(fields=["soort", "dagen"], name="timerstand_soort_dagen")
        ]

    def __str__(self):
        return f"{self.soort} na {self.dagen} werkdagen: tot {self.tot:%d-%m-%Y %H:%M}"
