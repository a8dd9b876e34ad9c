"""The hulpvraag (a resident's question = the case), its timeline and its afspraken.

Every change of state is one model method that locks the row, checks the allowed path,
sets every field it implies and writes the timeline entry — never a view (STYLE.md).
"""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Exists, F, OuterRef, Q, prefetch_related_objects
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from locaties import openingstijden
from locaties.models import Kern
from toegang.accounts.roles import BALIE, MAATWERK, Rol, Team, heeft_rol
from toegang.tekst import taalnaam

__all__ = [
    "VRAAG_MAX",
    "STATUS_GELDIG_NA_AFSLUITEN",
    "EERSTE_CONTACT_WERKDAGEN",
    "eerste_contact_uiterlijk",
    "eerste_contact_te_laat_voor",
    "Kanaal",
    "TERUGBELBELOFTE",
    "Contactvoorkeur",
    "Contacttijd",
    "contactwens",
    "Toestemmingswijze",
    "Status",
    "OVERGANGEN",
    "OPEN_STATUSSEN",
    "OPEN",
    "NIEUW_ONLINE",
    "ZONDER_EERSTE_CONTACT",
    "geen_contact_na_termijn",
    "Route",
    "INWONER_WIJZIGBAAR",
    "HULPVRAAG_WIJZIGBAAR",
    "OngeldigeOvergang",
    "GEANONIMISEERD",
    "VersieConflict",
    "_nieuw_token",
    "telefoon_sleutel",
    "InwonerQuerySet",
    "Inwoner",
    "HulpvraagQuerySet",
    "Hulpvraag",
    "GebeurtenisQuerySet",
    "Gebeurtenis",
    "AfspraakQuerySet",
    "Afspraak",
    "Referentieteller",
    "volgende_referentie",
    "Feedbackuitnodiging",
    "Score",
    "Feedback",
    "DOORBRAAK_GELDIG",
    "betrokken",
    "Doorbraak",
]

# A resident may type this much; more is refused with a counter on the form.
VRAAG_MAX = 4000
# The status page keeps working this long after the case is closed.
STATUS_GELDIG_NA_AFSLUITEN = timedelta(days=30)
# An online question gets a first contact within this many working days.
EERSTE_CONTACT_WERKDAGEN = 2


def eerste_contact_uiterlijk(binnengekomen: date) -> date:
    """The first-contact deadline of a question that came in on `binnengekomen` (a local
    day): the last day on which the first contact is on time, EERSTE_CONTACT_WERKDAGEN
    working days later (weekends and Dutch public holidays do not count,
    locaties.openingstijden). The one definition: the page and e-mail to the resident, the
    front door's queue and the escalation all follow from it. A contact on that day has
    waited exactly EERSTE_CONTACT_WERKDAGEN working days as the reports count them
    (rapportage.cijfers.eerste_contact, on the same working days)."""
    return openingstijden.werkdagen_later(binnengekomen, EERSTE_CONTACT_WERKDAGEN)


def eerste_contact_te_laat_voor(vandaag: date) -> datetime:
    """The same deadline turned around for SQL: every question that came in before this
    moment has passed its eerste_contact_uiterlijk by `vandaag`. Derived from that rule:
    the start of the first day of arrival whose deadline is not yet past."""
    dag = vandaag
    while eerste_contact_uiterlijk(dag - timedelta(days=1)) >= vandaag:
        dag -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(dag, time.min))


class Kanaal(models.TextChoices):
    BALIE_HOFSTRAAT = "balie-hofstraat", "Balie Hofstraat (Aalten)"
    INLOOP_DINXPERLO = "inloop-dinxperlo", "Inloop Dinxperlo"
    TELEFOON = "telefoon", "Telefoon"
    WEBSITE = "website", "Website"
    EMAIL = "email", "E-mail"
    PARTNER = "partner", "Via een partner"


# Channels where nobody spoke to the resident yet: a first contact within 2 working days.
TERUGBELBELOFTE = (Kanaal.WEBSITE, Kanaal.PARTNER)


class Contactvoorkeur(models.TextChoices):
    TELEFOON = "telefoon", gettext_lazy("Bel mij")
    EMAIL = "email", gettext_lazy("Stuur mij een e-mail")
    LANGSKOMEN = "langskomen", gettext_lazy("Ik kom zelf langs")


class Contacttijd(models.TextChoices):
    MAAKT_NIET_UIT = "maakt-niet-uit", gettext_lazy("Maakt niet uit")
    OCHTEND = "ochtend", gettext_lazy("In de ochtend")
    MIDDAG = "middag", gettext_lazy("In de middag")


# The resident's choices are in their own words ("Bel mij"); whoever contacts them (a
# colleague, a partner reading the overdracht) reads them as a sentence about the resident.
CONTACT_HOE = {
    Contactvoorkeur.TELEFOON: "De inwoner wil graag gebeld worden",
    Contactvoorkeur.EMAIL: "De inwoner wil graag een e-mail",
    Contactvoorkeur.LANGSKOMEN: "De inwoner komt liever zelf langs",
}
CONTACT_WANNEER = {
    Contacttijd.MAAKT_NIET_UIT: "het maakt niet uit wanneer",
    Contacttijd.OCHTEND: "het liefst in de ochtend",
    Contacttijd.MIDDAG: "het liefst in de middag",
}


def contactwens(voorkeur: str, tijd: str) -> str:
    """How and when the resident wants contact, as a sentence; "" when they said nothing.
    ("telefoon", "ochtend") -> "De inwoner wil graag gebeld worden, het liefst in de ochtend."
    """
    hoe, wanneer = CONTACT_HOE.get(voorkeur), CONTACT_WANNEER.get(tijd)
    if hoe is None and wanneer is None:
        return ""
    if hoe is None:
        if tijd == Contacttijd.MAAKT_NIET_UIT:
            return "Het maakt de inwoner niet uit hoe en wanneer u contact opneemt."
        hoe = "Het maakt de inwoner niet uit hoe u contact opneemt"
    return f"{hoe}, {wanneer}." if wanneer else f"{hoe}."


class Toestemmingswijze(models.TextChoices):
    """How the resident agreed to share their data: with a partner it is referred to, or
    with the front door when a partner passes them on as a signal."""

    MONDELING = "mondeling", "Mondeling, in een gesprek"
    TELEFONISCH = "telefonisch", "Telefonisch"
    SCHRIFTELIJK = "schriftelijk", "Schriftelijk of per e-mail"
    ONLINE = "online", "Via het online formulier"


class Status(models.TextChoices):
    ONTVANGEN = "ontvangen", gettext_lazy("Ontvangen")
    IN_BEHANDELING = "in-behandeling", gettext_lazy("In behandeling")
    AFSPRAKEN_GEMAAKT = "afspraken-gemaakt", gettext_lazy("Afspraken gemaakt")
    DOORVERWEZEN = "doorverwezen", gettext_lazy("Doorverwezen")
    AFGEROND = "afgerond", gettext_lazy("Afgerond")


# Every state but closed, named positively: `status IN (…)` lets PostgreSQL use the partial
# indexes on open cases (Hulpvraag.Meta), where `status <> 'afgerond'` reads every closed
# case of ten years too.
OPEN_STATUSSEN = (
    Status.ONTVANGEN,
    Status.IN_BEHANDELING,
    Status.AFSPRAKEN_GEMAAKT,
    Status.DOORVERWEZEN,
)


# The allowed paths, and the only place they are written down. A question answered on the
# spot may be closed at once; a closed case can be reopened when the resident comes back
# about the same thing.
OVERGANGEN: dict[str, frozenset[str]] = {
    Status.ONTVANGEN: frozenset({Status.IN_BEHANDELING, Status.AFGEROND}),
    Status.IN_BEHANDELING: frozenset(
        {Status.AFSPRAKEN_GEMAAKT, Status.DOORVERWEZEN, Status.AFGEROND}
    ),
    Status.AFSPRAKEN_GEMAAKT: frozenset({Status.DOORVERWEZEN, Status.AFGEROND}),
    Status.DOORVERWEZEN: frozenset({Status.AFGEROND}),
    Status.AFGEROND: frozenset({Status.IN_BEHANDELING}),
}


class Route(models.TextChoices):
    """The triage routes of the council (seed 004); policy steers on this split."""

    SOCIALE_BASIS = "sociale-basis", "Sociale basis"
    VOORLIGGEND_VELD = "voorliggend-veld", "Voorliggend veld"
    MAATWERK = "maatwerk", "Maatwerk"
    COMBINATIE = "combinatie", "Combinatie"


# What wijzig() may change; everything else has its own method.
INWONER_WIJZIGBAAR = frozenset({"naam", "geboortedatum", "telefoon", "email", "adres"})
HULPVRAAG_WIJZIGBAAR = frozenset(
    {"kern", "vraag", "contactvoorkeur", "contacttijd", "toestemming_delen", "over_aanbod"}
)


class OngeldigeOvergang(ValidationError):
    """A state change the rules do not allow; the message is for the medewerker."""


GEANONIMISEERD = (
    "Deze hulpvraag is geanonimiseerd na de bewaartermijn: er kan niets meer aan veranderen. "
    "Komt de inwoner terug, registreer dan een nieuwe hulpvraag."
)


class VersieConflict(Exception):
    """Someone else saved the case after this form was opened."""

    def __init__(self, huidig: Hulpvraag):
        super().__init__("De hulpvraag is intussen door iemand anders gewijzigd.")
        self.huidig = huidig


def _nieuw_token() -> str:
    # 32 random bytes: 256 bits, far beyond guessing.
    return secrets.token_urlsafe(32)


def telefoon_sleutel(nummer: str) -> str:
    """Digits only, +31/0031 as 0: one form for matching a resident across cases."""
    cijfers = re.sub(r"\D", "", nummer or "")
    if (nummer or "").strip().startswith("+"):
        cijfers = "00" + cijfers
    if cijfers.startswith("0031"):
        # "+31 (0)6 …": the trunk 0 written after the country code is dropped.
        cijfers = "0" + cijfers[4:].removeprefix("0")
    return cijfers[:20]


class InwonerQuerySet(models.QuerySet):
    def vergelijkbaar(
        self,
        *,
        telefoon: str = "",
        email: str = "",
        naam: str = "",
        geboortedatum: date | None = None,
    ):
        """Residents that are probably the same person: same phone, same e-mail, or the
        same name and date of birth."""
        voorwaarde = Q(pk__in=[])
        if sleutel := telefoon_sleutel(telefoon):
            voorwaarde |= Q(telefoon_sleutel=sleutel)
        if email.strip():
            voorwaarde |= Q(email__iexact=email.strip())
        if naam.strip() and geboortedatum:
            voorwaarde |= Q(naam__iexact=naam.strip(), geboortedatum=geboortedatum)
        return self.filter(voorwaarde)


class Inwoner(models.Model):
    """The person behind one or more hulpvragen. Only what the front door needs."""

    naam = models.CharField("naam", max_length=150)
    geboortedatum = models.DateField("geboortedatum", null=True, blank=True)
    telefoon = models.CharField("telefoon", max_length=30, blank=True)
    telefoon_sleutel = models.CharField(max_length=20, blank=True, editable=False)
    email = models.EmailField("e-mail", blank=True)
    adres = models.CharField("adres", max_length=200, blank=True)
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)
    # Set by the retention job (intake/services/bewaren.py) once none of the resident's
    # cases needs the personal data any more; the fields above are empty from then on.
    geanonimiseerd_op = models.DateTimeField(null=True, blank=True, editable=False)

    objects = InwonerQuerySet.as_manager()

    class Meta:
        verbose_name = "inwoner"
        verbose_name_plural = "inwoners"
        indexes = [
            models.Index(fields=["telefoon_sleutel"], name="inwoner_telefoon"),
            models.Index(Lower("email"), name="inwoner_email"),
            models.Index(Lower("naam"), "geboortedatum", name="inwoner_naam_geboorte"),
        ]

    def __str__(self):
        return self.naam

    def save(self, *args, **kwargs):
        self.telefoon_sleutel = telefoon_sleutel(self.telefoon)
        super().save(*args, **kwargs)

    # What a medewerker may add when the resident comes back: newer contact details.
    AANVULBAAR = ("telefoon", "email", "geboortedatum")

    def aanvullen(self, **gegevens) -> list[str]:
        """Take newly given contact details (empty values never erase what we had);
        returns the names of the fields that changed."""
        gewijzigd = []
        for veld in self.AANVULBAAR:
            waarde = gegevens.get(veld)
            if waarde and waarde != getattr(self, veld):
                setattr(self, veld, waarde)
                gewijzigd.append(self._meta.get_field(veld).verbose_name)
        if gewijzigd:
            self.save()
        return gewijzigd

    @property
    def voornaam(self) -> str:
        return self.naam.split()[0] if self.naam.split() else ""


# A case opened outside one's own work stays open to that person this long.
DOORBRAAK_GELDIG = timedelta(hours=8)


def _doorverwijzingen():
    """The referrals, reached through the case's own relation: a referral belongs to a case,
    so intake.models.doorverwijzing builds on this module and is not imported here."""
    return Hulpvraag._meta.get_field("doorverwijzingen").related_model.objects


def betrokken(user) -> Q:
    """The cases `user` (a medewerker) has a part in; see HulpvraagQuerySet.zichtbaar_voor."""
    zaak = OuterRef("pk")
    voorwaarde = Q(vast_aanspreekpunt=user) | Q(geregistreerd_door=user)
    if user.team:
        voorwaarde |= Q(team=user.team)
    return (
        voorwaarde
        | Exists(Gebeurtenis.objects.filter(hulpvraag=zaak, door=user))
        | Exists(Afspraak.objects.filter(hulpvraag=zaak, eigenaar=user))
        | Exists(_doorverwijzingen().voor_ontvanger(user).filter(hulpvraag=zaak))
        | Exists(
            Doorbraak.objects.filter(
                hulpvraag=zaak, gebruiker=user, op__gte=timezone.now() - DOORBRAAK_GELDIG
            )
        )
    )


# The case filters of the work queues as conditions: the QuerySet methods below filter by
# them, and one statement counts several queues with them (intake.services.wachtrijen).
OPEN = Q(status__in=OPEN_STATUSSEN)
NIEUW_ONLINE = Q(status=Status.ONTVANGEN, vast_aanspreekpunt__isnull=True)
ZONDER_EERSTE_CONTACT = Q(kanaal__in=TERUGBELBELOFTE, eerste_contact_op__isnull=True) & OPEN


def geen_contact_na_termijn(vandaag: date) -> Q:
    """Without a first contact after its deadline (eerste_contact_uiterlijk)."""
    return ZONDER_EERSTE_CONTACT & Q(aangemaakt__lt=eerste_contact_te_laat_voor(vandaag))


class HulpvraagQuerySet(models.QuerySet):
    def zichtbaar_voor(self, user):
        """The one place that decides which cases a user may see (need-to-know).

        - a coordinator sees every case: they plan, reassign and watch what is overdue;
        - a medewerker sees the cases of their own team and the cases they took part in
          (contact person, registered it, wrote on its timeline, owns a commitment on it,
          received a referral of it personally or as a team), plus a case they opened
          with a stated reason in the last hours (`Doorbraak`, "break the glass");
        - beleid, beheerder and partners see no case (partners see their referrals).
        """
        if heeft_rol(user, Rol.COORDINATOR):
            return self
        if heeft_rol(user, Rol.MEDEWERKER):
            return self.filter(betrokken(user))
        return self.none()

    def open(self):
        return self.filter(OPEN)

    def veilig_eerst(self):
        """Safety-flagged cases on top of every queue, then the oldest first."""
        return self.order_by("-veiligheid", "aangemaakt")

    def eerste_contact_te_laat(self, vandaag: date | None = None):
        """Without a first contact after its deadline (eerste_contact_uiterlijk)."""
        return self.filter(geen_contact_na_termijn(vandaag or timezone.localdate()))

    def nooit_beantwoord(self):
        """Online questions and partners' signals nobody ever answered: no contact, nobody
        took them up, never referred. Not a safety signal (the meldcode asks to keep those)
        and not on legal hold. Retention deletes these after six months
        (intake/services/bewaren.py)."""
        return self.filter(
            ~Exists(_doorverwijzingen().filter(hulpvraag=OuterRef("pk"))),
            kanaal__in=TERUGBELBELOFTE,
            eerste_contact_op__isnull=True,
            vast_aanspreekpunt__isnull=True,
            veiligheid=False,
            vastgehouden_op__isnull=True,
        )

    def signalen_voor(self, user):
        """What a partner may know of the signals their organisation passed on: when, and
        how far the front door got — never the case itself. The one place for this."""
        if not (heeft_rol(user, Rol.PARTNER) and user.organisatie_id):
            return self.none().values()
        return (
            self.filter(signaal_van_id=user.organisatie_id)
            .order_by("-aangemaakt")
            .values(
                "referentie", "aangemaakt", "status", "eerste_contact_op", "vast_aanspreekpunt_id"
            )
        )


class Hulpvraag(models.Model):
    """A resident's question: the case, kept by one vast aanspreekpunt until it is closed."""

    referentie = models.CharField("referentie", max_length=20, unique=True, editable=False)
    token = models.CharField(max_length=64, unique=True, default=_nieuw_token, editable=False)
    # The id of the form that sent it: a double submit finds this row instead of a second.
    inzending = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    inwoner = models.ForeignKey(Inwoner, on_delete=models.PROTECT, related_name="hulpvragen")
    kanaal = models.CharField("kanaal", max_length=20, choices=Kanaal.choices)
    kern = models.CharField("kern", max_length=20, choices=Kern.choices, blank=True)
    levensdomeinen = models.ManyToManyField(
        "sociale_kaart.Levensdomein", verbose_name="levensdomeinen", blank=True
    )
    vraag = models.TextField("vraag", max_length=VRAAG_MAX)
    over_aanbod = models.ForeignKey(
        "sociale_kaart.Aanbod",
        verbose_name="over aanbod",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contactvoorkeur = models.CharField(
        "contact via", max_length=20, choices=Contactvoorkeur.choices, blank=True
    )
    contacttijd = models.CharField(
        "contact wanneer", max_length=20, choices=Contacttijd.choices, blank=True
    )
    toestemming_delen = models.BooleanField(
        "toestemming om te delen met een partner", default=False
    )
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.ONTVANGEN
    )
    route = models.CharField("route", max_length=20, choices=Route.choices, blank=True)
    uitkomst = models.TextField("uitkomst", blank=True)
    team = models.CharField("team", max_length=30, choices=Team.choices, default=Team.TOEGANG)
    vast_aanspreekpunt = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="vast aanspreekpunt",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hulpvragen",
    )
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    veiligheid = models.BooleanField("veiligheid / meldcode", default=False)
    # The language the resident asked in (the site's language at that moment): every later
    # e-mail to them speaks it (intake.services.meldingen.inwoner_mailen), and the counter
    # sees it when it is not Dutch ("Spreekt Arabisch — tolk nodig?").
    taal = models.CharField("taal", max_length=7, choices=settings.LANGUAGES, default="nl")
    # Asked after a DigiD login: the keyed hash of the BSN (intake.models.mijn_vragen
    # .bsn_sleutel), never the BSN, so the same resident finds it again in Mijn vragen.
    # Cleared by retention with the other personal data.
    digid_sleutel = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # A signal passed on by a partner organisation: who sent it, so they can follow it.
    signaal_van = models.ForeignKey(
        "sociale_kaart.Organisatie",
        verbose_name="signaal van",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    gemeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    eerste_contact_op = models.DateTimeField(null=True, blank=True, editable=False)
    afgesloten_op = models.DateTimeField(null=True, blank=True, editable=False)
    # Legal hold (juridisch vastgehouden): while set, retention leaves the case alone.
    vastgehouden_op = models.DateTimeField(null=True, blank=True, editable=False)
    vastgehouden_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    vastgehouden_reden = models.TextField("reden van vasthouden", blank=True, editable=False)
    # Set by the retention job (intake/services/bewaren.py): free text and personal data are
    # gone, the figures for reports (kanaal, kern, route, team, levensdomeinen, dates) remain.
    geanonimiseerd_op = models.DateTimeField(null=True, blank=True, editable=False)
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)
    bijgewerkt = models.DateTimeField(auto_now=True)
    # Raised by every change: a form saved against an older version is refused.
    versie = models.PositiveIntegerField(default=1, editable=False)

    objects = HulpvraagQuerySet.as_manager()

    class Meta:
        verbose_name = "hulpvraag"
        verbose_name_plural = "hulpvragen"
        ordering = ["-aangemaakt"]
        indexes = [
            models.Index(fields=["status", "aangemaakt"], name="hulpvraag_status"),
            models.Index(fields=["vast_aanspreekpunt", "status"], name="hulpvraag_aanspreekpunt"),
            # For the reports (rapportage): each figure reads one of these three ranges of
            # dates, and finds every column it groups or filters on in the index itself.
            models.Index(
                fields=["aangemaakt"],
                include=["kanaal", "kern", "id"],
                name="hulpvraag_rapportage_in",
            ),
            models.Index(
                fields=["afgesloten_op"],
                include=["aangemaakt", "route", "kanaal", "kern", "status", "id"],
                condition=Q(afgesloten_op__isnull=False),
                name="hulpvraag_rapportage_af",
            ),
            models.Index(
                fields=["eerste_contact_op"],
                include=["aangemaakt", "kanaal", "kern", "id"],
                condition=Q(eerste_contact_op__isnull=False),
                name="hulpvraag_rapportage_contact",
            ),
            # The reports' fact table counts again what changed since its last run.
            models.Index(fields=["bijgewerkt"], name="hulpvraag_bijgewerkt"),
            # The front desk's queues (intake.services.wachtrijen) read only open cases: a
            # few thousand of the hundreds of thousands, oldest and safety signals first.
            models.Index(
                F("veiligheid").desc(),
                "aangemaakt",
                condition=Q(status__in=OPEN_STATUSSEN),
                name="hulpvraag_open",
            ),
            models.Index(
                "vast_aanspreekpunt",
                F("veiligheid").desc(),
                "aangemaakt",
                condition=Q(status__in=OPEN_STATUSSEN),
                name="hulpvraag_open_aanspreekpunt",
            ),
            # The nightly retention job looks for closed cases whose data is still there.
            models.Index(
                fields=["afgesloten_op"],
                condition=Q(status=Status.AFGEROND, geanonimiseerd_op__isnull=True),
                name="hulpvraag_te_bewaren",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.AFGEROND) | ~Q(route=""),
                name="hulpvraag_afgerond_heeft_route",
                violation_error_message="Kies een route voordat u de hulpvraag afsluit.",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.AFGEROND) | ~Q(uitkomst=""),
                name="hulpvraag_afgerond_heeft_uitkomst",
                violation_error_message="Schrijf de uitkomst op voordat u de hulpvraag afsluit.",
            ),
        ]

    def __str__(self):
        return self.referentie

    def save(self, *args, **kwargs):
        if not self.referentie:
            self.referentie = volgende_referentie(timezone.localdate().year)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("intake:hulpvraag", args=[self.referentie])

    # --- what the pages need to know -------------------------------------------------

    @property
    def taal_melding(self) -> str:
        """For the counter (in Dutch, like every staff page): "Spreekt Arabisch — tolk nodig?"
        when the resident asked in another language than Dutch; empty when they asked in Dutch."""
        if self.taal == settings.LANGUAGE_CODE or not self.taal:
            return ""
        taal = taalnaam(self.taal)
        if taal == self.taal:  # a code Django does not know
            return ""
        return f"Spreekt {taal} — tolk nodig?"

    @property
    def contactwens(self) -> str:
        """How and when the resident wants contact, as a sentence (see contactwens)."""
        return contactwens(self.contactvoorkeur, self.contacttijd)

    @property
    def status_url(self) -> str:
        return reverse("intake:status", args=[self.token])

    def status_geldig(self) -> bool:
        """The resident's status page works until 30 days after closing."""
        return not (
            self.status == Status.AFGEROND
            and self.afgesloten_op
            and timezone.now() > self.afgesloten_op + STATUS_GELDIG_NA_AFSLUITEN
        )

    def eerste_contact_uiterlijk(self) -> date:
        """The last working day on which the first contact is on time."""
        return eerste_contact_uiterlijk(timezone.localdate(self.aangemaakt))

    @property
    def wacht_op_eerste_contact(self) -> bool:
        return (
            self.kanaal in TERUGBELBELOFTE
            and self.eerste_contact_op is None
            and self.status != Status.AFGEROND
        )

    def leeftijd_werkdagen(self) -> int:
        """Working days since the question came in, for the queues."""
        return openingstijden.werkdagen_tussen(
            timezone.localdate(self.aangemaakt), timezone.localdate()
        )

    def mag_naar(self, status: str) -> bool:
        return status in OVERGANGEN[self.status]

    @property
    def is_vastgehouden(self) -> bool:
        return self.vastgehouden_op is not None

    @property
    def is_geanonimiseerd(self) -> bool:
        return self.geanonimiseerd_op is not None

    def stappen(self) -> list[tuple[str, object]]:
        """The resident's steps with the date each was first reached (None: not yet/not needed)."""
        bereikt = {Status.ONTVANGEN.value: self.aangemaakt}
        for gebeurtenis in self.tijdlijn.all():
            if gebeurtenis.soort == Gebeurtenis.Soort.STATUS:
                bereikt.setdefault(gebeurtenis.status, gebeurtenis.op)
        # A reopened case is not afgerond, whatever the timeline once said.
        bereikt.pop(Status.AFGEROND.value, None)
        if self.status == Status.AFGEROND and self.afgesloten_op:
            bereikt[Status.AFGEROND.value] = self.afgesloten_op
        return [(status, bereikt.get(status.value)) for status in Status]

    # --- state changes ---------------------------------------------------------------

    def _vergrendel(self, versie: int | None = None) -> None:
        """Reload this row under a lock; with `versie`, refuse when someone saved in between."""
        self.refresh_from_db(from_queryset=Hulpvraag.objects.select_for_update())
        if self.is_geanonimiseerd:
            # Every change goes through here: an anonymised case stays empty.
            raise OngeldigeOvergang(GEANONIMISEERD)
        if versie is not None and versie != self.versie:
            raise VersieConflict(self)

    def _bewaar(self, *velden: str) -> None:
        self.versie += 1
        self.save(update_fields=[*velden, "versie", "bijgewerkt"])

    def _zet_status(self, status: str, door) -> None:
        if not self.mag_naar(status):
            raise OngeldigeOvergang(
                f"Een hulpvraag met status ‘{self.get_status_display().lower()}’ kan niet naar "
                f"‘{Status(status).label.lower()}’."
            )
        self.status = status
        Gebeurtenis.objects.create(
            hulpvraag=self, soort=Gebeurtenis.Soort.STATUS, status=status, door=door
        )

    @transaction.atomic
    def wijs_toe(self, medewerker, *, door, alleen_als_vrij: bool = False) -> None:
        """Make `medewerker` the vast aanspreekpunt; a new question is then in behandeling.

        With `alleen_als_vrij` (picking a question from the queue) a case that a colleague
        took a moment ago is refused instead of silently taken over.
        """
        self._vergrendel()
        if not heeft_rol(medewerker, *BALIE):
            raise OngeldigeOvergang("Alleen een medewerker van de toegang kan aanspreekpunt zijn.")
        if self.status == Status.AFGEROND:
            raise OngeldigeOvergang("Een afgeronde hulpvraag krijgt geen nieuw aanspreekpunt.")
        if alleen_als_vrij and self.vast_aanspreekpunt_id not in (None, medewerker.pk):
            raise OngeldigeOvergang(
                f"{self.vast_aanspreekpunt.weergavenaam} heeft deze hulpvraag net opgepakt."
            )
        if self.vast_aanspreekpunt_id == medewerker.pk:
            return
        self.vast_aanspreekpunt = medewerker
        Gebeurtenis.objects.create(
            hulpvraag=self,
            soort=Gebeurtenis.Soort.TOEWIJZING,
            tekst=f"Vast aanspreekpunt: {medewerker.weergavenaam}",
            door=door,
        )
        velden = ["vast_aanspreekpunt"]
        if self.status == Status.ONTVANGEN:
            self._zet_status(Status.IN_BEHANDELING, door)
            velden.append("status")
        self._bewaar(*velden)

    @transaction.atomic
    def contact_vastleggen(self, *, door, kanaal: str, tekst: str) -> Gebeurtenis:
        """A contactmoment with the resident. The first one counts for the 2-day promise."""
        self._vergrendel()
        gebeurtenis = Gebeurtenis.objects.create(
            hulpvraag=self,
            soort=Gebeurtenis.Soort.CONTACTMOMENT,
            kanaal=kanaal,
            tekst=tekst,
            door=door,
        )
        velden = []
        if self.eerste_contact_op is None:
            self.eerste_contact_op = gebeurtenis.op
            velden.append("eerste_contact_op")
        if self.vast_aanspreekpunt_id is None and heeft_rol(door, *BALIE):
            self.vast_aanspreekpunt = door
            velden.append("vast_aanspreekpunt")
        if self.status == Status.ONTVANGEN:
            self._zet_status(Status.IN_BEHANDELING, door)
            velden.append("status")
        if velden:
            self._bewaar(*velden)
        return gebeurtenis

    @transaction.atomic
    def notitie_maken(self, *, door, tekst: str) -> Gebeurtenis:
        self._vergrendel()
        return Gebeurtenis.objects.create(
            hulpvraag=self, soort=Gebeurtenis.Soort.NOTITIE, tekst=tekst, door=door
        )

    @transaction.atomic
    def voeg_vraag_toe(self, *, door, kanaal: str, vraag: str, levensdomeinen=()) -> Gebeurtenis:
        """A new question of the resident joins this case, with its life domains: the story
        is not told twice."""
        self._vergrendel()
        gebeurtenis = Gebeurtenis.objects.create(
            hulpvraag=self, soort=Gebeurtenis.Soort.VRAAG, kanaal=kanaal, tekst=vraag, door=door
        )
        self.levensdomeinen.add(*levensdomeinen)
        return gebeurtenis

    @transaction.atomic
    def vul_gegevens_aan(self, *, door, **gegevens) -> list[str]:
        """Newer contact details the resident gave (Inwoner.aanvullen: an empty value never
        erases what we had); returns the names of the fields that changed."""
        if gewijzigd := self.inwoner.aanvullen(**gegevens):
            Gebeurtenis.objects.create(
                hulpvraag=self,
                soort=Gebeurtenis.Soort.GEGEVENS,
                tekst="Aangevuld: " + ", ".join(gewijzigd),
                door=door,
            )
        return gewijzigd

    @transaction.atomic
    def markeer_als_signaal(self, *, door, toestemming_wijze: str) -> None:
        """A partner user (`door`) passed this question on: their organisation is its source
        and may follow it (HulpvraagQuerySet.signalen_voor). The resident's consent, or why
        there is none (a safety concern), goes on the timeline."""
        self._vergrendel()
        self.signaal_van_id = door.organisatie_id
        self.gemeld_door = door
        self.toestemming_delen = bool(toestemming_wijze)
        toestemming = (
            f"Toestemming van de inwoner: {Toestemmingswijze(toestemming_wijze).label}."
            if toestemming_wijze
            else "Zonder toestemming gemeld: zorgen over veiligheid (meldcode)."
        )
        Gebeurtenis.objects.create(
            hulpvraag=self,
            soort=Gebeurtenis.Soort.NOTITIE,
            tekst=f"Signaal van {door.organisatie.naam}, gemeld door {door.weergavenaam}. "
            f"{toestemming}",
            door=door,
        )
        self._bewaar("signaal_van", "gemeld_door", "toestemming_delen")

    @transaction.atomic
    def afspraak_maken(
        self,
        *,
        door,
        wat: str,
        deadline: date,
        eigenaar_soort: str,
        eigenaar=None,
        organisatie=None,
    ) -> Afspraak:
        """A commitment with an owner and a due date; the case shows afspraken gemaakt."""
        self._vergrendel()
        if self.status == Status.AFGEROND:
            raise OngeldigeOvergang("Heropen de hulpvraag eerst om een afspraak te maken.")
        afspraak = Afspraak(
            hulpvraag=self,
            wat=wat,
            deadline=deadline,
            eigenaar_soort=eigenaar_soort,
            eigenaar=eigenaar if eigenaar_soort == Afspraak.Eigenaar.MEDEWERKER else None,
            organisatie=organisatie if eigenaar_soort == Afspraak.Eigenaar.PARTNER else None,
            aangemaakt_door=door,
        )
        afspraak.full_clean()
        Afspraak.objects.maken([afspraak])
        if self.status == Status.ONTVANGEN:
            self._zet_status(Status.IN_BEHANDELING, door)
        if self.status == Status.IN_BEHANDELING:
            self._zet_status(Status.AFSPRAKEN_GEMAAKT, door)
        self._bewaar("status")
        return afspraak

    @transaction.atomic
    def markeer_doorverwezen(self, *, door) -> None:
        """Called when a warm referral leaves; earlier steps are passed through."""
        self._vergrendel()
        if self.status == Status.DOORVERWEZEN:
            return
        if self.status == Status.ONTVANGEN:
            self._zet_status(Status.IN_BEHANDELING, door)
        self._zet_status(Status.DOORVERWEZEN, door)
        self._bewaar("status")

    @transaction.atomic
    def sluit(self, *, door, route: str, uitkomst: str) -> None:
        """Close the case: a route and an outcome are required."""
        self._vergrendel()
        if route not in Route.values:
            raise OngeldigeOvergang("Kies een route voordat u de hulpvraag afsluit.")
        if not uitkomst.strip():
            raise OngeldigeOvergang("Schrijf de uitkomst op voordat u de hulpvraag afsluit.")
        # The front door keeps hold of the case until a receiver has said yes or no.
        if self.doorverwijzingen.wacht_op_ontvanger().exists():
            raise OngeldigeOvergang(
                "Er wacht nog een doorverwijzing op antwoord van de ontvanger. Wacht dat af of "
                "trek de doorverwijzing in."
            )
        self._zet_status(Status.AFGEROND, door)
        self.route = route
        self.uitkomst = uitkomst.strip()
        self.afgesloten_op = timezone.now()
        Gebeurtenis.objects.create(
            hulpvraag=self,
            soort=Gebeurtenis.Soort.NOTITIE,
            tekst=f"Afgesloten. Route: {Route(route).label}. Uitkomst: {self.uitkomst}",
            door=door,
        )
        self._bewaar("status", "route", "uitkomst", "afgesloten_op")

    @transaction.atomic
    def heropen(self, *, door, reden: str) -> None:
        self._vergrendel()
        if self.status != Status.AFGEROND:
            # The table allows ontvangen → in behandeling, but that is taking a question
            # up (wijs_toe, contact_vastleggen), not reopening it.
            raise OngeldigeOvergang("Alleen een afgeronde hulpvraag kan weer open.")
        if not reden.strip():
            raise OngeldigeOvergang("Schrijf op waarom de hulpvraag weer open gaat.")
        self._zet_status(Status.IN_BEHANDELING, door)
        self.afgesloten_op = None
        Gebeurtenis.objects.create(
            hulpvraag=self, soort=Gebeurtenis.Soort.NOTITIE, tekst=f"Heropend: {reden}", door=door
        )
        self._bewaar("status", "afgesloten_op")

    @transaction.atomic
    def markeer_veiligheid(self, *, door, toelichting: str) -> bool:
        """Safety fast lane: the case goes to maatwerk (and the maatwerk team is told, by
        intake.services.hulpvraag.veiligheid_markeren). False when it was marked already."""
        self._vergrendel()
        if self.veiligheid:
            return False
        self.veiligheid = True
        self.team = Team.MAATWERK_WMO if self.team not in MAATWERK else self.team
        self.route = Route.MAATWERK
        Gebeurtenis.objects.create(
            hulpvraag=self,
            soort=Gebeurtenis.Soort.VEILIGHEID,
            tekst=toelichting.strip() or "Veiligheid / meldcode",
            door=door,
        )
        velden = ["veiligheid", "team", "route"]
        if self.status == Status.AFGEROND:
            self._zet_status(Status.IN_BEHANDELING, door)
            self.afgesloten_op = None
            velden += ["status", "afgesloten_op"]
        self._bewaar(*velden)
        return True

    @transaction.atomic
    def vasthouden(self, *, door, reden: str) -> None:
        """Legal hold (juridisch vasthouden): a complaint, objection, court case or police
        request needs the file as it is, so retention leaves it alone until it is let go."""
        self._vergrendel()
        if not heeft_rol(door, Rol.COORDINATOR):
            raise OngeldigeOvergang("Alleen een coördinator kan een hulpvraag vasthouden.")
        if self.is_vastgehouden:
            raise OngeldigeOvergang("Deze hulpvraag wordt al vastgehouden.")
        if not reden.strip():
            raise OngeldigeOvergang("Schrijf op waarom de hulpvraag bewaard moet blijven.")
        self.vastgehouden_op = timezone.now()
        self.vastgehouden_door = door
        self.vastgehouden_reden = reden.strip()
        Gebeurtenis.objects.create(
            hulpvraag=self,
            soort=Gebeurtenis.Soort.VASTHOUDEN,
            tekst=f"Juridisch vastgehouden: {self.vastgehouden_reden}",
            door=door,
        )
        self._bewaar("vastgehouden_op", "vastgehouden_door", "vastgehouden_reden")

    @transaction.atomic
    def loslaten(self, *, door, reden: str) -> None:
        """End the legal hold: from now on the retention period counts again (a case whose
        period has passed is anonymised in the next night's run)."""
        self._vergrendel()
        if not heeft_rol(door, Rol.COORDINATOR):
            raise OngeldigeOvergang("Alleen een coördinator kan het vasthouden opheffen.")
        if not self.is_vastgehouden:
            raise OngeldigeOvergang("Deze hulpvraag wordt niet vastgehouden.")
        if not reden.strip():
            raise OngeldigeOvergang("Schrijf op waarom vasthouden niet meer nodig is.")
        self.vastgehouden_op = None
        self.vastgehouden_door = None
        self.vastgehouden_reden = ""
        Gebeurtenis.objects.create(
            hulpvraag=self,
            soort=Gebeurtenis.Soort.VASTHOUDEN,
            tekst=f"Vasthouden opgeheven: {reden.strip()}",
            door=door,
        )
        self._bewaar("vastgehouden_op", "vastgehouden_door", "vastgehouden_reden")

    @transaction.atomic
    def wijzig(self, *, door, versie: int, inwoner: dict, hulpvraag: dict, levensdomeinen=None):
        """Save edited case data, refusing when someone else saved since `versie`.

        Only data fields: status, route, contact person and the like change through their
        own methods, so an edit form can never step past the allowed paths.
        """
        onbekend = (set(inwoner) - INWONER_WIJZIGBAAR) | (set(hulpvraag) - HULPVRAAG_WIJZIGBAAR)
        if onbekend:
            raise ValueError(f"Niet te wijzigen via wijzig(): {', '.join(sorted(onbekend))}")
        self._vergrendel(versie)
        gewijzigd = []
        for veld, waarde in inwoner.items():
            if getattr(self.inwoner, veld) != waarde:
                setattr(self.inwoner, veld, waarde)
                gewijzigd.append(Inwoner._meta.get_field(veld).verbose_name)
        for veld, waarde in hulpvraag.items():
            if getattr(self, veld) != waarde:
                setattr(self, veld, waarde)
                gewijzigd.append(Hulpvraag._meta.get_field(veld).verbose_name)
        if levensdomeinen is not None and set(levensdomeinen) != set(self.levensdomeinen.all()):
            self.levensdomeinen.set(levensdomeinen)
            gewijzigd.append("levensdomeinen")
        if not gewijzigd:
            return []
        self.inwoner.save()
        Gebeurtenis.objects.create(
            hulpvraag=self,
            soort=Gebeurtenis.Soort.GEGEVENS,
            tekst="Gewijzigd: " + ", ".join(gewijzigd),
            door=door,
        )
        self._bewaar(*hulpvraag.keys())
        return gewijzigd


class GebeurtenisQuerySet(models.QuerySet):
    """Bulk changes would pass the model's guard; the timeline refuses them too. (Deleting a
    whole case for retention still removes its timeline: the cascade deletes in SQL.)

    The one way around the guard is `anonimiseer()`, for retention only."""

    def update(self, **kwargs):
        raise ValidationError("De tijdlijn wordt alleen aangevuld, nooit gewijzigd.")

    def delete(self):
        raise ValidationError("De tijdlijn wordt alleen aangevuld, nooit gewijzigd.")

    def anonimiseer(self) -> int:
        """Blank the text of these lines, keeping what, when, by whom, kanaal and status.

        Only the retention job calls this (intake/services/bewaren.py), for cases whose retention
        period has passed: the law's limit on keeping personal data outranks the rule that
        the timeline is never changed. It can do nothing else than empty `tekst`."""
        return super().update(tekst="")


class Gebeurtenis(models.Model):
    """One line on a case's timeline: append-only, with who and when."""

    class Soort(models.TextChoices):
        CONTACTMOMENT = "contactmoment", "Contactmoment"
        NOTITIE = "notitie", "Notitie"
        STATUS = "status", "Status"
        TOEWIJZING = "toewijzing", "Aanspreekpunt"
        AFSPRAAK = "afspraak", "Afspraak"
        AFSPRAAK_GEDAAN = "afspraak-gedaan", "Afspraak nagekomen"
        VRAAG = "vraag", "Nieuwe vraag"
        VEILIGHEID = "veiligheid", "Veiligheid / meldcode"
        DOORVERWIJZING = "doorverwijzing", "Doorverwijzing"
        GEGEVENS = "gegevens", "Gegevens gewijzigd"
        VASTHOUDEN = "vasthouden", "Juridisch vasthouden"
        TERUGBELLEN = "terugbellen", "Terugbellen"
        VEILIG_CONTACT = "veilig-contact", "Veilig contact"
        BEZOEKAFSPRAAK = "bezoekafspraak", "Afspraak aan de balie"

    hulpvraag = models.ForeignKey(Hulpvraag, on_delete=models.CASCADE, related_name="tijdlijn")
    soort = models.CharField(max_length=20, choices=Soort.choices)
    tekst = models.TextField(blank=True)
    kanaal = models.CharField(max_length=20, choices=Kanaal.choices, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    op = models.DateTimeField(default=timezone.now)

    objects = GebeurtenisQuerySet.as_manager()

    class Meta:
        verbose_name = "gebeurtenis"
        verbose_name_plural = "tijdlijn"
        ordering = ["op", "pk"]
        indexes = [
            # `betrokken`: the cases a medewerker wrote on, from the index alone.
            models.Index(fields=["door", "hulpvraag"], name="gebeurtenis_betrokken"),
            # The klantreis monitor (rapportage.klantreis): per closed case its changes of
            # holder and contacts, from the index alone.
            models.Index(
                fields=["hulpvraag"],
                include=["soort", "op", "door"],
                condition=Q(soort__in=["toewijzing", "contactmoment"]),
                name="gebeurtenis_klantreis",
            ),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} {self.op:%d-%m-%Y %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError("De tijdlijn wordt alleen aangevuld, nooit gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("De tijdlijn wordt alleen aangevuld, nooit gewijzigd.")


class AfspraakQuerySet(models.QuerySet):
    def open(self):
        """Not done yet, on a case that is still open (a closed case reminds nobody)."""
        return self.filter(gedaan_op__isnull=True, hulpvraag__status__in=OPEN_STATUSSEN)

    def te_laat(self, vandaag: date | None = None):
        return self.open().filter(deadline__lt=vandaag or timezone.localdate())

    def zichtbaar_voor(self, user):
        return self.filter(hulpvraag__in=Hulpvraag.objects.zichtbaar_voor(user))

    def maken(self, afspraken: list[Afspraak]) -> list[Afspraak]:
        """Store new commitments, each with its line on its case's timeline, in the same few
        statements however many: a medewerker makes one (Hulpvraag.afspraak_maken, which
        checks it and moves the case on), the referral sweep a batch of check-ins
        (intake.services.doorverwijzing_termijnen). Returns them, saved."""
        prefetch_related_objects(afspraken, "eigenaar", "organisatie")
        self.bulk_create(afspraken)
        Gebeurtenis.objects.bulk_create(
            Gebeurtenis(
                hulpvraag_id=afspraak.hulpvraag_id,
                soort=Gebeurtenis.Soort.AFSPRAAK,
                tekst=f"{afspraak.eigenaar_tekst} — {afspraak.wat} "
                f"(uiterlijk {afspraak.deadline:%d-%m-%Y})",
                door_id=afspraak.aangemaakt_door_id,
                op=afspraak.aangemaakt,
            )
            for afspraak in afspraken
        )
        return afspraken


class Afspraak(models.Model):
    """Zeg wat je doet en doe wat je zegt: who does what by when."""

    class Eigenaar(models.TextChoices):
        MEDEWERKER = "medewerker", "Medewerker"
        INWONER = "inwoner", "Inwoner"
        PARTNER = "partner", "Partner"

    hulpvraag = models.ForeignKey(Hulpvraag, on_delete=models.CASCADE, related_name="afspraken")
    wat = models.CharField("wat", max_length=300)
    eigenaar_soort = models.CharField("wie", max_length=20, choices=Eigenaar.choices)
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="medewerker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="afspraken",
    )
    organisatie = models.ForeignKey(
        "sociale_kaart.Organisatie",
        verbose_name="organisatie",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField("uiterlijk")
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    aangemaakt = models.DateTimeField(default=timezone.now)
    gedaan_op = models.DateTimeField(null=True, blank=True)
    gedaan_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = AfspraakQuerySet.as_manager()

    class Meta:
        verbose_name = "afspraak"
        verbose_name_plural = "afspraken"
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["gedaan_op", "deadline"], name="afspraak_open"),
            # For the reports: commitments kept on time, by due date.
            models.Index(
                fields=["deadline"], include=["gedaan_op", "hulpvraag"], name="afspraak_rapportage"
            ),
            models.Index(fields=["aangemaakt"], name="afspraak_aangemaakt"),
            # `betrokken`: the cases a medewerker owns a commitment on, from the index alone.
            models.Index(fields=["eigenaar", "hulpvraag"], name="afspraak_betrokken"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(eigenaar_soort="medewerker") | Q(eigenaar__isnull=False),
                name="afspraak_medewerker_genoemd",
                violation_error_message="Kies welke medewerker dit doet.",
            ),
            models.CheckConstraint(
                condition=~Q(eigenaar_soort="partner") | Q(organisatie__isnull=False),
                name="afspraak_partner_genoemd",
                violation_error_message="Kies welke organisatie dit doet.",
            ),
        ]

    def __str__(self):
        return self.wat

    @property
    def eigenaar_tekst(self) -> str:
        if self.eigenaar_soort == self.Eigenaar.MEDEWERKER and self.eigenaar:
            return self.eigenaar.weergavenaam
        if self.eigenaar_soort == self.Eigenaar.PARTNER and self.organisatie:
            return self.organisatie.naam
        return "Inwoner"

    def is_te_laat(self) -> bool:
        return self.gedaan_op is None and self.deadline < timezone.localdate()

    @transaction.atomic
    def markeer_gedaan(self, *, door) -> bool:
        """Record who kept the commitment and when; False when it was already done."""
        bijgewerkt = Afspraak.objects.filter(pk=self.pk, gedaan_op__isnull=True).update(
            gedaan_op=timezone.now(), gedaan_door=door
        )
        self.refresh_from_db()
        if bijgewerkt:
            Gebeurtenis.objects.create(
                hulpvraag_id=self.hulpvraag_id,
                soort=Gebeurtenis.Soort.AFSPRAAK_GEDAAN,
                tekst=self.wat,
                door=door,
            )
        return bool(bijgewerkt)


class Referentieteller(models.Model):
    """The last reference number handed out per year (TA-2026-00042)."""

    jaar = models.PositiveIntegerField(primary_key=True)
    laatste = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "referentieteller"
        verbose_name_plural = "referentietellers"

    def __str__(self):
        return f"{self.jaar}: {self.laatste}"


def volgende_referentie(jaar: int) -> str:
    """Atomically take the next number of the year, also under many concurrent posts."""
    tabel = Referentieteller._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {tabel} (jaar, laatste) VALUES (%s, 1) "  # noqa: S608 - table name is ours
            f"ON CONFLICT (jaar) DO UPDATE SET laatste = {tabel}.laatste + 1 RETURNING laatste",
            [jaar],
        )
        (nummer,) = cursor.fetchone()
    return f"TA-{jaar}-{nummer:05d}"


class Feedbackuitnodiging(models.Model):
    """A one-time survey link. On purpose without a link to the case or the person."""

    token = models.CharField(max_length=64, unique=True, default=_nieuw_token)
    kanaal = models.CharField(max_length=20, choices=Kanaal.choices)
    verstuurd_op = models.DateField(default=timezone.localdate)
    beantwoord = models.BooleanField(default=False)

    class Meta:
        verbose_name = "feedbackuitnodiging"
        verbose_name_plural = "feedbackuitnodigingen"

    def __str__(self):
        return f"Uitnodiging {self.get_kanaal_display()} {self.verstuurd_op}"


class Score(models.IntegerChoices):
    HEEL_SLECHT = 1, gettext_lazy("Heel slecht")
    SLECHT = 2, gettext_lazy("Slecht")
    GAAT_WEL = 3, gettext_lazy("Gaat wel")
    GOED = 4, gettext_lazy("Goed")
    HEEL_GOED = 5, gettext_lazy("Heel goed")


class Feedback(models.Model):
    """The klantreis heartbeat: three scores and a remark per touchpoint, anonymous."""

    kanaal = models.CharField("contactpunt", max_length=20, choices=Kanaal.choices)
    bereikbaar = models.PositiveSmallIntegerField(choices=Score.choices)
    gehoord = models.PositiveSmallIntegerField(choices=Score.choices)
    geholpen = models.PositiveSmallIntegerField(choices=Score.choices)
    opmerking = models.TextField(blank=True, max_length=2000)
    ingevuld_op = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = "feedback"
        verbose_name_plural = "feedback"
        indexes = [
            # For the reports: the scores per touchpoint, by date.
            models.Index(
                fields=["ingevuld_op"],
                include=["kanaal", "bereikbaar", "gehoord", "geholpen"],
                name="feedback_rapportage",
            )
        ]

    def __str__(self):
        return f"Feedback {self.get_kanaal_display()} {self.ingevuld_op}"


class Doorbraak(models.Model):
    """Break the glass: a medewerker opens a case outside their own work with a stated
    reason. It is logged, shown to the coordinators, and opens the case for a few hours."""

    hulpvraag = models.ForeignKey(Hulpvraag, on_delete=models.CASCADE, related_name="doorbraken")
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reden = models.TextField("reden", max_length=1000)
    op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "inzage zonder betrokkenheid"
        verbose_name_plural = "inzage zonder betrokkenheid"
        ordering = ["-op"]
        indexes = [models.Index(fields=["gebruiker", "hulpvraag", "op"], name="doorbraak_wie")]

    def __str__(self):
        return f"{self.gebruiker} → {self.hulpvraag} ({self.op:%d-%m-%Y %H:%M})"
