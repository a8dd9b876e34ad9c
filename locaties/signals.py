"""What `locaties` tells the apps above it without knowing them (they import locaties,
never the other way round).

`rooster_gewijzigd` is sent after the rota of a location lost people on some dates (a
shift taken off, a recurring shift changed or stopped): whoever planned something on the
staffing of those openings checks it again. Arguments: `locatie_id` and `datums` (a list
of dates).
"""

from django.dispatch import Signal

rooster_gewijzigd = Signal()


def rooster_gewijzigd_melden(*, locatie_id: int, datums) -> None:
    datums = sorted(set(datums))
    if datums:
        rooster_gewijzigd.send(sender=None, locatie_id=locatie_id, datums=datums)
