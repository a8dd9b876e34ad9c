"""Messages to people and the outbox behind them.

Three guarantees, each enforced in the database rather than by luck:
- a notification happens at most once per key (`eenmalig`, a unique `Verzending` row);
- work that a change sets in motion is written to the outbox (`UitgaandeTaak`) in the same
  transaction, so it survives a broker that is down at that moment (`taak_plannen`);
- an e-mail is a stored `Mail` row that one worker claims before sending, so a retried or
  doubled task never sends it twice (`mails_versturen`); a mail whose worker died is given
  another go by a sweep (`mails_nalopen`).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from celery import current_app
from celery.utils.imports import symbol_by_name
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from toegang import uitval
from toegang.accounts.models import User

from .models import Bericht, Mail, UitgaandeTaak, Verzending

log = logging.getLogger(__name__)

# E-mails per task: a batch stays well within the task time limit on a slow mail server.
MAILS_PER_TAAK = 50
# Attempts per e-mail before it is marked as failed (visible in /beheer/).
MAIL_POGINGEN = 8
# A mail still "bezig" or "wacht" this long after its last attempt lost its worker: longer
# than the task time limit plus the longest retry countdown (5 + 5 minutes), so a worker
# that is still busy with it is never overtaken.
MAIL_VASTGELOPEN = timedelta(minutes=15)


def eenmalig(sleutel: str) -> bool:
    """Claim the work named by `sleutel`; True only for the first caller, ever.

    Runs in the caller's transaction: when that rolls back, so does the claim.
    """
    with transaction.atomic():
        _, nieuw = Verzending.objects.get_or_create(sleutel=sleutel[:200])
    return nieuw


def eenmalig_alle(sleutels: Sequence[str]) -> set[str]:
    """`eenmalig` for many keys in one statement: returns the keys claimed just now."""
    if not sleutels:
        return set()
    tabel = Verzending._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {tabel} (sleutel, aangemaakt) "  # noqa: S608 - table name is ours
            "SELECT unnest(%s::varchar[]), now() ON CONFLICT (sleutel) DO NOTHING RETURNING sleutel",
            [[sleutel[:200] for sleutel in sleutels]],
        )
        return {rij[0] for rij in cursor.fetchall()}


# --- the outbox -----------------------------------------------------------------------------


def taak_plannen(taak: str, *argumenten) -> UitgaandeTaak:
    """Write a task to the outbox in the caller's transaction; it is published after commit.

    Use this instead of `.delay()` for work a change sets in motion: a `.delay()` whose broker
    is down at that moment is lost, an outbox row is not.
    """
    rij = UitgaandeTaak.objects.create(taak=taak, argumenten=list(argumenten))
    transaction.on_commit(lambda: uitgaande_taken_publiceren(ids=[rij.pk]), robust=True)
    return rij


def taken_plannen(taken: Iterable[tuple[str, list]]) -> list[UitgaandeTaak]:
    """`taak_plannen` for many tasks in one insert."""
    rijen = UitgaandeTaak.objects.bulk_create(
        UitgaandeTaak(taak=taak, argumenten=list(argumenten)) for taak, argumenten in taken
    )
    if rijen:
        ids = [rij.pk for rij in rijen]
        transaction.on_commit(lambda: uitgaande_taken_publiceren(ids=ids), robust=True)
    return rijen


def _taak(naam: str):
    """The task by name; our task names are their dotted paths, so importing finds them also
    in a process where Celery's autodiscovery has not run (a web process)."""
    if naam not in current_app.tasks:
        symbol_by_name(naam)
    return current_app.tasks[naam]


# Outbox rows handed to the broker per round of the dispatcher.
PER_RONDE = 500


def uitgaande_taken_publiceren(*, ids: Sequence[int] | None = None) -> int:
    """Hand waiting outbox rows to the broker and mark them published.

    Rows are locked with SKIP LOCKED, so the dispatcher and a request's own after-commit
    publication never hand over the same row at once. When the broker is down the rest stays
    waiting for the next round. Returns how many were published.

    One connection of its own, tried once: a broker that is down costs a request a refused
    connection (a millisecond), not the seconds of kombu's and redis-py's reconnect attempts.
    A broker that accepts the connection but does not answer costs it the read timeout
    (REDIS_TIMEOUT) once; for a while after that, a request's own publication (`ids`) is
    skipped at once and its rows wait for the dispatcher (toegang.uitval).
    """
    broker = current_app.conf.broker_url
    if ids is not None and uitval.stil(broker):
        return 0
    with transaction.atomic():
        wachtend = UitgaandeTaak.objects.filter(gepubliceerd_op__isnull=True)
        if ids is not None:
            wachtend = wachtend.filter(pk__in=ids)
        rijen = list(wachtend.select_for_update(skip_locked=True).order_by("pk")[:PER_RONDE])
        gepubliceerd = []
        if rijen:
            verbinding = current_app.connection_for_write(transport_options={"max_retries": 0})
            with verbinding:
                for rij in rijen:
                    try:
                        _taak(rij.taak).apply_async(
                            args=rij.argumenten, connection=verbinding, retry=False
                        )
                    except (OperationalError, OSError) as fout:
                        if uitval.is_time_out(fout):
                            uitval.geen_antwoord(broker)
                        log.warning(
                            "Broker niet bereikbaar; %d taken wachten: %s", len(rijen), fout
                        )
                        break
                    gepubliceerd.append(rij.pk)
        if gepubliceerd:
            UitgaandeTaak.objects.filter(pk__in=gepubliceerd).update(gepubliceerd_op=timezone.now())
    return len(gepubliceerd)


# --- e-mail ---------------------------------------------------------------------------------


def mails_plannen(mails: Sequence[Mail]) -> list[Mail]:
    """Store e-mails and put their sending in the outbox, in the caller's transaction."""
    mails = Mail.objects.bulk_create(mails)
    _mailtaken_plannen([m.pk for m in mails])
    return mails


def _mailtaken_plannen(ids: Sequence[int]) -> None:
    taken_plannen(
        ("toegang.berichten.tasks.mails_versturen", [list(ids[i : i + MAILS_PER_TAAK])])
        for i in range(0, len(ids), MAILS_PER_TAAK)
    )


def _message_id(mail: Mail) -> str:
    """The same Message-ID every time this mail is sent: should it ever go out twice (see
    `mails_nalopen`), mail systems that deduplicate on it show it once."""
    domein = urlsplit(settings.SITE_URL).hostname or "toegang.invalid"
    return f"<mail.{mail.pk}.{uuid.uuid5(uuid.NAMESPACE_URL, mail.sleutel).hex}@{domein}>"


def mails_versturen(*, ids: Sequence[int]) -> int:
    """Send the given e-mails that still wait; each is claimed before it is sent.

    The claim (wacht → bezig) commits before the mail server is called: a task that runs
    twice, or is retried after it sent, finds the mail claimed and sends nothing. A failure
    of the mail server gives the mail back (bezig → wacht) and raises, so the task retries.
    A worker killed between claim and "verzonden" leaves the mail "bezig": `mails_nalopen`
    gives it back after MAIL_VASTGELOPEN.
    """
    verstuurd = 0
    for mail_id in ids:
        with transaction.atomic():
            geclaimd = Mail.objects.filter(pk=mail_id, status=Mail.Status.WACHT).update(
                status=Mail.Status.BEZIG,
                pogingen=F("pogingen") + 1,
                laatste_poging=timezone.now(),
            )
        if not geclaimd:
            continue
        mail = Mail.objects.get(pk=mail_id)
        bericht = EmailMessage(
            mail.onderwerp,
            mail.tekst,
            settings.DEFAULT_FROM_EMAIL,
            [mail.aan],
            headers={"Message-ID": _message_id(mail)},
        )
        if mail.bijlage_naam:
            bericht.attach(mail.bijlage_naam, mail.bijlage, mail.bijlage_type)
        try:
            bericht.send()
        except Exception:
            Mail.objects.filter(pk=mail_id).update(status=Mail.Status.WACHT)
            raise
        _afsluiten(
            Mail.objects.filter(pk=mail_id), Mail.Status.VERZONDEN, verzonden_op=timezone.now()
        )
        verstuurd += 1
    return verstuurd


# What a secret mail's text becomes once it was sent or given up.
GEWIST = "(De tekst is gewist: er stond een eenmalige inloglink in.)"


def _afsluiten(mails, status: str, **velden) -> int:
    """Give these mails their final status; a secret one loses its text (Mail.geheim)."""
    return mails.update(
        status=status,
        tekst=Case(
            When(geheim=True, then=Value(GEWIST)), default=F("tekst"), output_field=TextField()
        ),
        **velden,
    )


def mails_nalopen(*, nu: datetime | None = None) -> dict[str, int]:
    """Beat: give e-mails that lost their worker another go.

    A mail "bezig" since MAIL_VASTGELOPEN was claimed by a worker that died (killed, out of
    memory, machine gone) before it could mark the mail sent; a mail "wacht" that long has
    no task left for it (a task that ended on an error that is not retried). Both are handed
    out again through the outbox, at most once per MAIL_VASTGELOPEN; one that used up its
    MAIL_POGINGEN attempts is marked failed instead.

    At least once, not exactly once, in one narrow case: a worker killed after the mail
    server accepted a mail and before the UPDATE to "verzonden" (one round trip to
    PostgreSQL) makes this send it again, under the same Message-ID. A mail that would
    otherwise never arrive is the worse outcome.
    """
    nu = nu or timezone.now()
    with transaction.atomic():
        vastgelopen = (
            Mail.objects.filter(status__in=[Mail.Status.BEZIG, Mail.Status.WACHT])
            .alias(sinds=Coalesce("laatste_poging", "aangemaakt"))
            .filter(sinds__lt=nu - MAIL_VASTGELOPEN)
            .select_for_update(skip_locked=True)
        )
        ids = list(vastgelopen.values_list("pk", flat=True))
        mislukt = _afsluiten(
            Mail.objects.filter(pk__in=ids, pogingen__gte=MAIL_POGINGEN), Mail.Status.MISLUKT
        )
        opnieuw = sorted(
            Mail.objects.filter(pk__in=ids, pogingen__lt=MAIL_POGINGEN).values_list("pk", flat=True)
        )
        Mail.objects.filter(pk__in=opnieuw).update(status=Mail.Status.WACHT, laatste_poging=nu)
        _mailtaken_plannen(opnieuw)
    if ids:
        log.warning("Vastgelopen e-mails: %d opnieuw aangeboden, %d mislukt", len(opnieuw), mislukt)
    return {"opnieuw": len(opnieuw), "mislukt": mislukt}


def mail_opgeven(*, ids: Sequence[int]) -> int:
    """After the last retry: mark what still waits as failed, for the beheerder to see."""
    return _afsluiten(
        Mail.objects.filter(pk__in=ids, status=Mail.Status.WACHT), Mail.Status.MISLUKT
    )


def mail_uit_sjabloon(sjabloon: str, *, taal: str | None = None, **context) -> dict[str, str]:
    """An e-mail written in a template (templates/emails/): the subject on its first line,
    the text after the empty line that follows; as keyword arguments for mail_sturen.

    Written in `taal` (a code of LANGUAGES; Dutch without one), whatever language the request
    or worker that sends it happens to speak: texts, dates and numbers alike. A resident's
    mail takes the language of their case (intake.services.meldingen.inwoner_mailen)."""
    with translation.override(taal or settings.LANGUAGE_CODE):
        onderwerp, _, tekst = render_to_string(sjabloon, context).partition("\n\n")
    return {"onderwerp": onderwerp.strip(), "tekst": tekst.strip()}


@dataclass(frozen=True)
class Bijlage:
    """A text attachment: file name, MIME type, content."""

    naam: str
    type: str
    inhoud: str


def mail_sturen(
    *,
    aan: str,
    onderwerp: str,
    tekst: str,
    sleutel: str,
    bijlage: Bijlage | None = None,
    geheim: bool = False,
) -> bool:
    """One e-mail to someone without an account (a resident), at most once per `sleutel`,
    with one text attachment if given. `geheim`: the text holds a key (Mail.geheim)."""
    if not aan or not eenmalig(sleutel):
        return False
    mail = Mail(sleutel=sleutel, aan=aan, onderwerp=onderwerp, tekst=tekst, geheim=geheim)
    if bijlage is not None:
        mail.bijlage_naam, mail.bijlage_type, mail.bijlage = (
            bijlage.naam,
            bijlage.type,
            bijlage.inhoud,
        )
    mails_plannen([mail])
    return True


# --- in-app messages (and their e-mail) -----------------------------------------------------


def bericht_uit_sjabloon(sjabloon: str, **context) -> dict[str, str]:
    """An in-app message written in a template, as keyword arguments for bericht_sturen or
    a Melding: the subject on its first line, the text after the empty line that follows.

    The template is rendered a second time with `in_mail` for the e-mail copy: there it
    leaves out whatever may hold personal data (free text typed about a case: a reason, a
    question, an outcome, a commitment), which the recipient reads after logging in. The
    subject goes in both, so it never holds such text. Staff read Dutch: a message set off
    by a resident's request in another language is still written in Dutch."""
    with translation.override(settings.LANGUAGE_CODE):
        onderwerp, _, tekst = render_to_string(sjabloon, context).partition("\n\n")
        mailtekst = render_to_string(sjabloon, {**context, "in_mail": True}).partition("\n\n")[2]
    return {"onderwerp": onderwerp.strip(), "tekst": tekst.strip(), "mailtekst": mailtekst.strip()}


@dataclass
class Melding:
    """One notification to a group of users, sent at most once for its key. `mailtekst`
    is what the e-mail copy may say besides the subject and the link (bericht_uit_sjabloon);
    without it the e-mail only points to the message in the portal."""

    sleutel: str | None
    ontvangers: list[User]
    onderwerp: str
    tekst: str
    link: str = ""
    mailtekst: str = ""


def berichten_sturen(meldingen: Sequence[Melding]) -> list[Melding]:
    """Send many notifications in a few statements, each at most once for its key: an
    in-app message per recipient and an e-mail to those with an address.

    The caller's transaction holds the claims, the messages and the mails together: when it
    rolls back, nothing was sent and the work can be done again. Returns what was sent now.
    """
    sleutels = [m.sleutel for m in meldingen if m.sleutel is not None]
    nieuw = eenmalig_alle(sleutels)
    te_sturen = [m for m in meldingen if m.sleutel is None or m.sleutel[:200] in nieuw]
    Bericht.objects.bulk_create(
        Bericht(ontvanger=user, onderwerp=m.onderwerp, tekst=m.tekst, link=m.link)
        for m in te_sturen
        for user in m.ontvangers
    )
    mails = []
    for m in te_sturen:
        basis = m.sleutel or f"bericht:{uuid.uuid4()}"
        mails += [
            Mail(
                sleutel=f"{basis[:180]}:{user.pk}",
                aan=user.email,
                onderwerp=m.onderwerp[:200],
                tekst=render_to_string(
                    "emails/bericht.txt",
                    {
                        "naam": user.first_name or user.username,
                        "onderwerp": m.onderwerp,
                        "tekst": m.mailtekst,
                        "link": f"{settings.SITE_URL}{m.link}" if m.link else "",
                    },
                ),
            )
            for user in m.ontvangers
            if user.email
        ]
    mails_plannen(mails)
    return te_sturen


def bericht_sturen(
    *,
    ontvangers: Iterable[User],
    onderwerp: str,
    tekst: str,
    link: str = "",
    sleutel: str | None = None,
    mailtekst: str = "",
) -> int:
    """Leave an in-app message for each recipient and e-mail those with an address.

    With a `sleutel` it happens at most once for that key (see `eenmalig`); without one the
    caller has claimed the work itself. Returns how many recipients got the message.
    """
    melding = Melding(
        sleutel=sleutel,
        ontvangers=list(ontvangers),
        onderwerp=onderwerp,
        tekst=tekst,
        link=link,
        mailtekst=mailtekst,
    )
    with transaction.atomic():
        verstuurd = berichten_sturen([melding])
    return len(melding.ontvangers) if verstuurd else 0
