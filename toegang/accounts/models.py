from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.urls import reverse

from .roles import START_PAGINA, Rol, Team
from .sessies import sessies_beeindigen


class GebruikerManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # `createsuperuser` makes a beheerder: the one role that works in /beheer/.
        extra_fields.setdefault("rol", Rol.BEHEERDER)
        return super().create_superuser(username, email, password, **extra_fields)


# The SQL twin of User.weergavenaam: the name people see, to find a colleague by it.
WEERGAVENAAM = Coalesce(
    NullIf(
        Trim(Concat("first_name", models.Value(" "), "last_name", output_field=models.CharField())),
        models.Value(""),
    ),
    "username",
    output_field=models.CharField(),
)


class User(AbstractUser):
    """A staff or partner account. Residents never have one."""

    rol = models.CharField("rol", max_length=20, choices=Rol.choices)
    # A partner user works for exactly one organisation of the sociale kaart. A lazy
    # reference keeps this package free of imports from the apps above it.
    organisatie = models.ForeignKey(
        "sociale_kaart.Organisatie",
        verbose_name="organisatie",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="gebruikers",
    )

    team = models.CharField(
        "team",
        max_length=30,
        choices=Team.choices,
        blank=True,
        help_text="Voor medewerkers van de gemeente: het team waarin zij werken.",
    )

    # The subject (`sub`) at the municipal identity provider: the one stable link between a
    # gemeente-account and this account (toegang.accounts.oidc). Empty for password accounts.
    oidc_sub = models.CharField(
        "gemeente-account (sub)", max_length=255, unique=True, null=True, blank=True, editable=False
    )

    objects = GebruikerManager()

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(rol=Rol.PARTNER) | models.Q(organisatie__isnull=False),
                name="partner_heeft_organisatie",
                violation_error_message="Een partnergebruiker hoort bij een organisatie.",
            ),
        ]

    def save(self, *args, **kwargs):
        # Only the beheerder works in /beheer/; the flag follows from the role.
        self.is_staff = self.rol == Rol.BEHEERDER
        self.is_superuser = self.rol == Rol.BEHEERDER
        uitgeschakeld = (
            self.pk is not None
            and not self.is_active
            and type(self).objects.filter(pk=self.pk, is_active=True).exists()
        )
        super().save(*args, **kwargs)
        if uitgeschakeld:
            # A disabled account is logged out everywhere at once, and stays so when it
            # is switched on again (also when disabled in /beheer/, which saves here too).
            sessies_beeindigen(user_id=self.pk)

    @property
    def start_url(self) -> str:
        return reverse(START_PAGINA[Rol(self.rol)])

    @property
    def weergavenaam(self) -> str:
        # In SQL: WEERGAVENAAM.
        return self.get_full_name() or self.username


# The roles of the municipality's own staff, who have a gemeente-account; partners and the
# beheerder (the way in when the identity provider is down) always keep their password.
GEMEENTE_ROLLEN = (Rol.MEDEWERKER, Rol.COORDINATOR, Rol.BELEID)


class Inlogbeleid(models.Model):
    """How staff may log in: one row, set by the beheerder in /beheer/."""

    wachtwoord_voor_gemeente = models.BooleanField(
        "medewerkers van de gemeente mogen inloggen met een wachtwoord",
        default=True,
        help_text=(
            "Uit: medewerkers, coördinatoren en beleidsmedewerkers loggen alleen in met hun "
            "gemeente-account. Partners en de beheerder houden hun wachtwoord. Werkt alleen "
            "als inloggen met het gemeente-account is ingesteld."
        ),
    )

    class Meta:
        verbose_name = "inlogbeleid"
        verbose_name_plural = "inlogbeleid"

    def __str__(self):
        return "Inlogbeleid"

    @classmethod
    def huidige(cls) -> "Inlogbeleid":
        """The row the beheerder keeps, or the defaults when there is none."""
        return cls.objects.order_by("pk").first() or cls()

    @classmethod
    def wachtwoord_toegestaan(cls, user) -> bool:
        if not settings.OIDC_INGESCHAKELD or user.rol not in GEMEENTE_ROLLEN:
            return True
        return cls.huidige().wachtwoord_voor_gemeente
