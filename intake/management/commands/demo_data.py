"""Fill a realistic Aalten for development and demos. Idempotent: run it as often as you like."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from intake import demo as intake_demo
from locaties import demo as locaties_demo
from sociale_kaart import demo as sociale_kaart_demo
from toegang.accounts.models import User
from toegang.accounts.roles import Rol, Team
from toegang.accounts.tweestaps import demo_authenticator

# (username, first name, last name, role, organisation slug); password: demo-<username>
GEBRUIKERS = [
    ("medewerker", "Marloes", "Ten Have", Rol.MEDEWERKER, None),
    ("medewerker-2", "Sanne", "Bennink", Rol.MEDEWERKER, None),
    ("medewerker-3", "Peter", "Hengeveld", Rol.MEDEWERKER, None),
    ("coordinator", "Henk", "Wikkerink", Rol.COORDINATOR, None),
    ("partner-figulus", "Fatima", "Bouali", Rol.PARTNER, "figulus"),
    ("partner-laborijn", "Jeroen", "Lammers", Rol.PARTNER, "laborijn"),
    ("beleid", "Anouk", "Heijink", Rol.BELEID, None),
    ("beheerder", "Bram", "Kemink", Rol.BEHEERDER, None),
]


TEAMS = {"medewerker-3": Team.MAATWERK_WMO}

# The authenticator secret (base32) of every demo account, documented in the README:
# `oathtool --totp -b DEMO_TOTP_GEHEIM` or any authenticator app gives the code. Demo only.
DEMO_TOTP_GEHEIM = "TOEGANGAALTENDEMOTOEGANGAALTEN23"


class Command(BaseCommand):
    help = "Laadt demogegevens: toegangslocaties, partnerorganisaties, één gebruiker per rol en hulpvragen."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Ook zonder DEBUG (nooit op productie gebruiken)."
        )

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "demo_data maakt gebruikers met bekende wachtwoorden en draait alleen met DEBUG=1 of --force."
            )
        locaties = locaties_demo.load()
        organisaties = sociale_kaart_demo.load()
        aanbod = sociale_kaart_demo.load_aanbod(organisaties)
        nieuw = 0
        for username, voornaam, achternaam, rol, organisatie in GEBRUIKERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": voornaam,
                    "last_name": achternaam,
                    "email": f"{username}@demo.example.org",
                    "rol": rol,
                    "organisatie": organisaties[organisatie] if organisatie else None,
                },
            )
            if created:
                user.set_password(f"demo-{username}")
                user.save(update_fields=["password"])
                nieuw += 1
            demo_authenticator(user=user, geheim=DEMO_TOTP_GEHEIM)
            if rol in (Rol.MEDEWERKER, Rol.COORDINATOR) and not user.team:
                # Peter works in the maatwerkteam: safety signals reach him at once.
                user.team = TEAMS.get(username, Team.TOEGANG)
                user.save(update_fields=["team"])
        gebruikers = {
            u.username: u for u in User.objects.filter(username__in=[g[0] for g in GEBRUIKERS])
        }
        diensten = locaties_demo.rooster(gebruikers)
        hulpvragen = intake_demo.load(gebruikers)
        self.stdout.write(
            f"Demogegevens klaar: {len(locaties)} toegangslocaties, {len(organisaties)} organisaties "
            f"({aanbod} nieuw aanbod), "
            f"{len(GEBRUIKERS)} gebruikers ({nieuw} nieuw), {diensten} nieuwe diensten, "
            f"{hulpvragen} nieuwe hulpvragen. "
            "Wachtwoord: demo-<gebruikersnaam>; "
            f"code: oathtool --totp -b {DEMO_TOTP_GEHEIM}."
        )
