"""List the openingsmomenten in the next N days below their minimum staffing.

One line per opening: `<slug> <start ISO 8601> <n>/<minimum>`; nothing when all are staffed.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from locaties.services import onderbezetting


class Command(BaseCommand):
    help = "Toont de openingen in de komende dagen met te weinig mensen."

    def add_arguments(self, parser):
        parser.add_argument("--dagen", type=int, default=14, help="Hoeveel dagen vooruit (1–366).")

    def handle(self, *args, dagen, **options):
        dagen = max(1, min(dagen, 366))
        vandaag = timezone.localdate()
        for b in onderbezetting(van=vandaag, tot=vandaag + timedelta(days=dagen - 1)):
            self.stdout.write(f"{b.locatie.slug} {b.moment.start.isoformat()} {b.tekst}")
