"""Retention (bewaartermijnen): what the front door no longer needs to know, it forgets.

Every night (beat, `intake.tasks.bewaartermijnen_toepassen`):

1. Online questions and partners' signals that nobody ever answered (no contact, nobody took
   them up, never referred) are deleted entirely six months after they came in, with their
   resident when that person has no other case.
2. A closed case is anonymised once the retention period of its route has passed since it
   was closed (`Bewaartermijn`, default two years): the question, the outcome, the texts of
   its timeline, afspraken and referrals, the snapshot of data handed to a partner, the
   resident's veilig-contact wishes, and the
   e-mails and in-app messages about it, and the reasons typed to open it outside one's own
   work (break the glass) are gone. What reports count stays: kanaal, kern,
   levensdomeinen, route, team, statuses, the safety flag, the receivers of referrals and
   their states, and every date.
   A case asked after a DigiD login loses the keyed hash of the BSN that linked it.
3. A resident is anonymised once all their cases are. One-time links to Mijn vragen go
   with the e-mails that carried them a day after they were asked for.
4. The logs themselves, by the terms the beheerder sets (`toegang.privacy.Logbewaartermijnen`):
   the logboek dataverwerkingen and the login attempts (`logboeken_opschonen`, through the one
   path the log's append-only rules leave open), and the breaks of the glass (`Doorbraak`:
   who opened a case outside their own work, when and why). Each leaves a count
   (`toegang.privacy.Opschoning`).
5. The sociale kaart's search signals after thirteen months
   (`sociale_kaart.zoeksignalen.zoeksignalen_opschonen`).

Open cases, cases on legal hold (`Hulpvraag.vasthouden`) and closed cases with a referral
still running at a partner are left alone. A reopened case is open, so its clock starts
again when it is closed again.

The work is set-based: a fixed number of statements per batch of cases, each batch in its
own transaction with its rows locked (SKIP LOCKED), so a run that stops halfway loses
nothing and a second run, or one running at the same time, finds nothing left to do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import models, transaction
from django.db.models import Case, Exists, F, Func, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from sociale_kaart.zoeksignalen import zoeksignalen_opschonen
from toegang.berichten.models import Bericht, Mail
from toegang.privacy.models import Logbewaartermijnen, Opschoning
from toegang.privacy.services import logboeken_opschonen, maanden_eerder, opschoning_vastleggen

from ..models import (
    Afspraak,
    Bewaartermijn,
    Bezoekafspraak,
    Doorbraak,
    Doorverwijzing,
    DoorverwijzingGebeurtenis,
    Gebeurtenis,
    Hulpvraag,
    Inloglink,
    Inwoner,
    Status,
    Terugbelpoging,
    Terugbelverzoek,
    VeiligContact,
)

# The logger keeps the name it had before this module moved into intake/services/.
log = logging.getLogger("intake.bewaren")

# A question nobody answered is deleted this long after it came in.
ONBEANTWOORD_MAANDEN = 6
# A link to Mijn vragen (and the e-mail that carried it) is removed this long after it was
# asked for; it worked for 30 minutes.
INLOGLINK_BEWAREN = timedelta(days=1)
# Cases per transaction.
PER_KEER = 500
# What stays of a closed case's outcome (the database requires one for a closed case).
VERWIJDERD = "Verwijderd na de bewaartermijn."


# --- what is due ----------------------------------------------------------------------------


def te_verwijderen(*, nu: datetime):
    """Questions nobody answered, six months after they came in."""
    return Hulpvraag.objects.nooit_beantwoord().filter(
        aangemaakt__lte=maanden_eerder(nu, ONBEANTWOORD_MAANDEN)
    )


def te_anonimiseren(*, nu: datetime):
    """Closed cases past the retention period of their route, not yet anonymised, not on
    legal hold, and without a referral that is still running."""
    verlopen = Q(pk__in=[])
    for route, maanden in Bewaartermijn.per_route().items():  # a handful of routes
        verlopen |= Q(route=route, afgesloten_op__lte=maanden_eerder(nu, maanden))
    return Hulpvraag.objects.filter(
        verlopen,
        ~Exists(Doorverwijzing.objects.open().filter(hulpvraag=OuterRef("pk"))),
        status=Status.AFGEROND,
        geanonimiseerd_op__isnull=True,
        vastgehouden_op__isnull=True,
    )


# --- the work -------------------------------------------------------------------------------


def _per_keer(hulpvragen, werk: Callable[[list[int]], int]) -> int:
    """Run `werk` on the due cases, a batch per transaction, locking the batch's rows so that
    a colleague reopening a case at this moment either goes first or waits."""
    totaal = 0
    while True:
        with transaction.atomic():
            ids = list(
                hulpvragen.select_for_update(skip_locked=True)
                .order_by("pk")
                .values_list("pk", flat=True)[:PER_KEER]
            )
            if ids:
                totaal += werk(ids)
        if len(ids) < PER_KEER:
            return totaal


def _deel(nummer: int) -> Func:
    return Func(
        F("sleutel"),
        Value(":"),
        Value(nummer),
        function="split_part",
        output_field=models.CharField(),
    )


def _post_wissen(ids: list[int]) -> None:
    """E-mails and in-app messages about these cases go too: a mail to a resident holds their
    address, and messages may quote a reason, a question back or an outcome.

    E-mails are found by their key (`hulpvraag:<id>:…`, `afspraak:<id>:…`,
    `doorverwijzing:<id>:…`, `terugbelverzoek:<id>:…`, `bezoekafspraak:<id>:…`, as the
    services of intake/services/
    make them), messages by their link to the case, one of its referrals or call-backs."""
    referenties = Hulpvraag.objects.filter(pk__in=ids).values_list("referentie", flat=True)
    afspraken = Afspraak.objects.filter(hulpvraag_id__in=ids).values_list("pk", flat=True)
    verwijzingen = list(
        Doorverwijzing.objects.filter(hulpvraag_id__in=ids).values_list("pk", flat=True)
    )
    terugbellen = list(
        Terugbelverzoek.objects.filter(hulpvraag_id__in=ids).values_list("pk", flat=True)
    )
    bezoeken = list(
        Bezoekafspraak.objects.filter(hulpvraag_id__in=ids).values_list("pk", flat=True)
    )
    Mail.objects.annotate(soort=_deel(1), nummer=_deel(2)).filter(
        Q(soort="hulpvraag", nummer__in=[str(i) for i in ids])
        | Q(soort="afspraak", nummer__in=[str(i) for i in afspraken])
        | Q(soort="doorverwijzing", nummer__in=[str(i) for i in verwijzingen])
        | Q(soort="terugbelverzoek", nummer__in=[str(i) for i in terugbellen])
        | Q(soort="bezoekafspraak", nummer__in=[str(i) for i in bezoeken])
    ).delete()
    links = [reverse("intake:hulpvraag", args=[r]) for r in referenties]
    for naam in ("intake:doorverwijzing", "intake:partner_doorverwijzing"):
        links += [reverse(naam, args=[pk]) for pk in verwijzingen]
    links += [reverse("intake:terugbelverzoek", args=[pk]) for pk in terugbellen]
    Bericht.objects.filter(link__in=links).delete()


def _verwijderen(ids: list[int]) -> int:
    """Delete these cases with everything about them, and their residents without another
    case. The timeline goes with its case (a cascade in SQL, past the timeline's guard)."""
    inwoners = set(Hulpvraag.objects.filter(pk__in=ids).values_list("inwoner_id", flat=True))
    _post_wissen(ids)
    _, per_model = Hulpvraag.objects.filter(pk__in=ids).delete()
    Inwoner.objects.filter(
        ~Exists(Hulpvraag.objects.filter(inwoner=OuterRef("pk"))), pk__in=inwoners
    ).delete()
    return per_model.get(Hulpvraag._meta.label, 0)


def _vervangen(veld: str) -> Case:
    """A text that was there becomes VERWIJDERD; an empty one stays empty."""
    return Case(When(**{veld: ""}, then=Value("")), default=Value(VERWIJDERD))


def _anonimiseren(ids: list[int], nu: datetime) -> int:
    """Empty every free text and personal field of these cases; keep what reports count."""
    _post_wissen(ids)
    aantal = Hulpvraag.objects.filter(pk__in=ids).update(
        vraag="",
        uitkomst=VERWIJDERD,
        contactvoorkeur="",
        contacttijd="",
        # The keyed hash of the BSN of a DigiD login: it finds the resident again.
        digid_sleutel="",
        geanonimiseerd_op=nu,
        # A form opened before tonight is refused instead of writing text back.
        versie=F("versie") + 1,
    )
    Gebeurtenis.objects.filter(hulpvraag_id__in=ids).anonimiseer()
    Afspraak.objects.filter(hulpvraag_id__in=ids).update(wat="")
    Doorverwijzing.objects.filter(hulpvraag_id__in=ids).update(
        samenvatting="",
        al_gedaan="",
        contactvoorkeur="",
        # A declined or closed referral must keep saying that it had a reason or outcome.
        reden=_vervangen("reden"),
        uitkomst=_vervangen("uitkomst"),
        gedeelde_gegevens={},
    )
    DoorverwijzingGebeurtenis.objects.filter(doorverwijzing__hulpvraag_id__in=ids).update(tekst="")
    # Call-backs keep their windows, tries and outcomes (the reports count them), not the
    # number, the address or what was said.
    Terugbelverzoek.objects.filter(hulpvraag_id__in=ids).update(telefoon="", email="", notitie="")
    Terugbelpoging.objects.filter(terugbelverzoek__hulpvraag_id__in=ids).update(notitie="")
    # Veilig contact is personal data through and through (a number, a code word, a note).
    VeiligContact.objects.filter(hulpvraag_id__in=ids).delete()
    # Appointments keep their place, time and outcome (the reports count them), not who
    # booked them or what about.
    Bezoekafspraak.objects.filter(hulpvraag_id__in=ids).update(
        naam="", telefoon="", email="", notitie=""
    )
    return aantal


def _doorbraken_wissen() -> int:
    """Who opened an anonymised case outside their own work, and when, stays for the
    coordinator; the reason they typed may name the resident. Over every anonymised case, so
    a reason typed after anonymising goes too. (The logboek dataverwerkingen keeps its own
    copy: it is append-only and has a retention of its own.)"""
    return (
        Doorbraak.objects.filter(hulpvraag__geanonimiseerd_op__isnull=False)
        .exclude(reden="")
        .update(reden="")
    )


def _doorbraken_opschonen(nu: datetime) -> int:
    """Breaks of the glass older than their term go entirely: who, when and why. By default
    the term of the logboek dataverwerkingen, whose row of the same access holds the same
    reason (Logbewaartermijnen.doorbraak_maanden)."""
    maanden = Logbewaartermijnen.huidige().doorbraak_maanden
    grens = maanden_eerder(nu, maanden)
    with transaction.atomic():
        oud = Doorbraak.objects.filter(op__lt=grens)
        oudste = oud.aggregate(oudste=models.Min("op"))["oudste"]
        aantal = oud.delete()[1].get(Doorbraak._meta.label, 0) if oudste else 0
        opschoning_vastleggen(
            soort=Opschoning.Soort.DOORBRAAKREDENEN,
            aantal=aantal,
            van=oudste,
            tot=grens,
            maanden=maanden,
            op=nu,
        )
    return aantal


def _inwoners_anonimiseren(nu: datetime) -> int:
    """Residents whose every case is anonymised: none of them needs the data any more."""
    return Inwoner.objects.filter(
        Exists(Hulpvraag.objects.filter(inwoner=OuterRef("pk"))),
        ~Exists(Hulpvraag.objects.filter(inwoner=OuterRef("pk"), geanonimiseerd_op__isnull=True)),
        geanonimiseerd_op__isnull=True,
    ).update(
        naam="",
        geboortedatum=None,
        telefoon="",
        telefoon_sleutel="",
        email="",
        adres="",
        geanonimiseerd_op=nu,
    )


def _inloglinks_opschonen(nu: datetime) -> int:
    """Links to Mijn vragen a day old go (they worked 30 minutes), with the e-mails that
    carried them: a link row holds the e-mail address it was asked for."""
    grens = nu - INLOGLINK_BEWAREN
    with transaction.atomic():
        oud = list(Inloglink.objects.filter(aangemaakt__lt=grens).values_list("pk", flat=True))
        Mail.objects.annotate(soort=_deel(1), nummer=_deel(2)).filter(
            soort="inloglink", nummer__in=[str(pk) for pk in oud]
        ).delete()
        return Inloglink.objects.filter(pk__in=oud).delete()[1].get(Inloglink._meta.label, 0)


def bewaartermijnen_toepassen(*, nu: datetime | None = None) -> dict[str, int]:
    """The nightly run: delete what nobody answered, anonymise what is past its term, and
    remove what the logs keep past theirs. Returns (and logs) the counts; the log holds no
    reference or personal data."""
    nu = nu or timezone.now()
    telling = {
        "verwijderd": _per_keer(te_verwijderen(nu=nu), _verwijderen),
        "geanonimiseerd": _per_keer(te_anonimiseren(nu=nu), lambda ids: _anonimiseren(ids, nu)),
    }
    telling["inwoners_geanonimiseerd"] = _inwoners_anonimiseren(nu)
    telling["inloglinks"] = _inloglinks_opschonen(nu)
    _doorbraken_wissen()
    log.info(
        "Bewaartermijnen: %d onbeantwoorde vragen verwijderd, %d hulpvragen en %d inwoners "
        "geanonimiseerd",
        telling["verwijderd"],
        telling["geanonimiseerd"],
        telling["inwoners_geanonimiseerd"],
    )
    telling["doorbraken"] = _doorbraken_opschonen(nu)
    telling |= logboeken_opschonen(nu=nu)
    telling["zoeksignalen"] = zoeksignalen_opschonen(nu=nu)
    return telling
