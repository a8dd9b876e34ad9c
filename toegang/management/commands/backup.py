"""`manage.py backup`: a pg_dump of the database (toegang.reservekopie)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from toegang.reservekopie import ReservekopieFout, backup_maken


class Command(BaseCommand):
    help = (
        "Maakt een reservekopie van de database (pg_dump, custom-formaat) in BACKUP_DIR en "
        "ruimt reservekopieën ouder dan BACKUP_BEWAARDAGEN op."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--map",
            type=Path,
            default=Path(settings.BACKUP_DIR),
            help=f"Map voor de reservekopie (standaard BACKUP_DIR: {settings.BACKUP_DIR}).",
        )
        parser.add_argument(
            "--bewaar-dagen",
            type=int,
            default=settings.BACKUP_BEWAARDAGEN,
            help="Verwijder eigen reservekopieën in die map die ouder zijn (0: niets verwijderen; "
            f"standaard BACKUP_BEWAARDAGEN: {settings.BACKUP_BEWAARDAGEN}).",
        )

    def handle(self, *args, map, bewaar_dagen, **options):  # noqa: A002 - the option's name
        try:
            bestand = backup_maken(waar=map, bewaar_dagen=bewaar_dagen or None)
        except ReservekopieFout as fout:
            raise CommandError(str(fout)) from None
        self.stdout.write(f"Reservekopie gemaakt: {bestand} ({bestand.stat().st_size} bytes)")
