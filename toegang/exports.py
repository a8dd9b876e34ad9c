"""A file too large to make inside a request: a Celery task makes it while a page shows its
progress, then offers the download for 24 hours (the reports' year overview, the whole
sociale kaart as HSDS CSV package or spreadsheet). One model shape and one rule for asking,
claiming and clearing away, for every app that has such an export.

Asking for an export that is waiting or running finds that one (a unique key over the
active ones, and a lock on the key while asking), so a double click or two colleagues at
once start one task. The task claims its export first (waiting → busy, or a busy one that
went silent), so a second delivery does nothing; `acks_late` is then safe.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, connections, models, transaction
from django.utils import timezone

from toegang.berichten.services import taak_plannen
from toegang.voortgang import Voortgang

log = logging.getLogger(__name__)

# A finished export file is removed after this long.
EXPORT_BEWAARTIJD = timedelta(hours=24)
# A task that has not reported progress for this long has died; another may take over.
EXPORT_STIL = timedelta(minutes=10)

# (steps done, steps in all): how a maker reports its progress.
Voortgangsmelder = Callable[[int, int], None]


class Exportbasis(Voortgang, models.Model):
    """The fields of an export; each app keeps its own table (with the unique key over its
    active exports, `UniqueConstraint(fields=["sleutel"], condition=Q(status__in=ACTIEF))`)."""

    class Status(models.TextChoices):
        WACHTRIJ = "wachtrij", "In de wachtrij"
        BEZIG = "bezig", "Bezig"
        KLAAR = "klaar", "Klaar"
        MISLUKT = "mislukt", "Mislukt"
        VERWIJDERD = "verwijderd", "Verwijderd"

    ACTIEF = (Status.WACHTRIJ, Status.BEZIG)
    AFGEROND = (Status.KLAAR,)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sleutel = models.CharField(max_length=200)
    soort = models.CharField(max_length=30)
    parameters = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WACHTRIJ)
    stappen_klaar = models.PositiveIntegerField(default=0)
    stappen_totaal = models.PositiveIntegerField(default=0)
    bestandsnaam = models.CharField(max_length=120, blank=True)
    bestand = models.BinaryField(null=True, blank=True, editable=False)
    aangemaakt = models.DateTimeField(default=timezone.now)
    bijgewerkt = models.DateTimeField(default=timezone.now)
    klaar_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.soort} {self.parameters} ({self.get_status_display()})"

    @property
    def verloopt_op(self):
        return self.klaar_op + EXPORT_BEWAARTIJD if self.klaar_op else None


def export_aanvragen(
    model: type[Exportbasis],
    *,
    sleutel: str,
    soort: str,
    parameters: dict,
    taak: str,
    hergebruik: timedelta | None = None,
) -> tuple[Exportbasis, bool]:
    """Ask for the export `sleutel`; `taak` (the name of a Celery task taking the export's
    id) makes it. Returns (export, new): the one already waiting or running, or finished
    within `hergebruik`, is returned instead of starting another task.

    Two requests at once are served one after the other (a lock on the key for the length
    of the transaction), so the second finds the first even when its task has finished in
    between; the unique key over active exports is the last guard."""
    try:
        with transaction.atomic(using="default"):
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [sleutel])
            bestaand = _lopend_of_vers(model, sleutel, hergebruik)
            if bestaand:
                return bestaand, False
            export = model.objects.create(sleutel=sleutel, soort=soort, parameters=parameters)
            taak_plannen(taak, str(export.pk))
    except IntegrityError:
        return _lopend_of_vers(model, sleutel, hergebruik), False
    return export, True


def _lopend_of_vers(model, sleutel: str, hergebruik: timedelta | None):
    """From the primary: what was just asked for must be seen, not a replica's past."""
    exports = model.objects.using("default").defer("bestand")
    lopend = exports.filter(sleutel=sleutel, status__in=model.ACTIEF).first()
    if lopend or hergebruik is None:
        return lopend
    return (
        exports.filter(
            sleutel=sleutel,
            status=model.Status.KLAAR,
            klaar_op__gte=timezone.now() - hergebruik,
        )
        .order_by("-klaar_op")
        .first()
    )


def export_maken(
    model: type[Exportbasis],
    *,
    export_id,
    maken: Callable[[Exportbasis, Voortgangsmelder], tuple[bytes, str]],
) -> bool:
    """Make the file of one export with `maken(export, voortgang)`, which returns (content,
    file name). Claimed first, so a second delivery of the task does nothing. Returns
    whether it ran."""
    nu = timezone.now()
    geclaimd = model.objects.filter(pk=export_id, status=model.Status.WACHTRIJ).update(
        status=model.Status.BEZIG, bijgewerkt=nu
    ) or model.objects.filter(
        pk=export_id, status=model.Status.BEZIG, bijgewerkt__lt=nu - EXPORT_STIL
    ).update(bijgewerkt=nu)
    if not geclaimd:
        return False
    export = model.objects.get(pk=export_id)

    def voortgang(klaar: int, totaal: int) -> None:
        model.objects.filter(pk=export_id).update(
            stappen_klaar=klaar, stappen_totaal=totaal, bijgewerkt=timezone.now()
        )

    try:
        inhoud, bestandsnaam = maken(export, voortgang)
    except Exception:
        log.exception("Export %s mislukt", export_id)
        model.objects.filter(pk=export_id).update(
            status=model.Status.MISLUKT, bijgewerkt=timezone.now()
        )
        raise
    model.objects.filter(pk=export_id).update(
        status=model.Status.KLAAR,
        bestand=inhoud,
        bestandsnaam=bestandsnaam,
        klaar_op=timezone.now(),
        bijgewerkt=timezone.now(),
    )
    return True


def exports_opruimen(model: type[Exportbasis]) -> int:
    """Remove the files of exports finished more than 24 hours ago; returns how many."""
    nu = timezone.now()
    return model.objects.filter(
        status=model.Status.KLAAR, klaar_op__lt=nu - EXPORT_BEWAARTIJD
    ).update(status=model.Status.VERWIJDERD, bestand=None, bijgewerkt=nu)
