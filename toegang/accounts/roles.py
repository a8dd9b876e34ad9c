"""Roles and what each may open: the one place where role checks live.

Residents have no account. Every staff view declares the roles it admits with
`rol_vereist(...)`; the start page after login follows from `START_PAGINA`.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.db import models


class Rol(models.TextChoices):
    MEDEWERKER = "medewerker", "Medewerker toegang / KCC"
    COORDINATOR = "coordinator", "Coördinator toegang"
    PARTNER = "partner", "Medewerker partnerorganisatie"
    BELEID = "beleid", "Beleidsmedewerker"
    BEHEERDER = "beheerder", "Functioneel beheerder"


class Team(models.TextChoices):
    """The team a municipal colleague works in; cases are held by a team."""

    TOEGANG = "toegang", "Toegang / KCC"
    MAATWERK_WMO = "maatwerk-wmo", "Maatwerkteam Wmo"
    MAATWERK_JEUGD = "maatwerk-jeugd", "Maatwerkteam Jeugd"
    MAATWERK_PARTICIPATIE = "maatwerk-participatie", "Maatwerkteam Participatie"
    SCHULDDIENSTVERLENING = "schulddienstverlening", "Schulddienstverlening"


# The teams that make up "maatwerk": safety signals and acute problems go here at once.
MAATWERK = (
    Team.MAATWERK_WMO,
    Team.MAATWERK_JEUGD,
    Team.MAATWERK_PARTICIPATIE,
    Team.SCHULDDIENSTVERLENING,
)


# URL name of each role's start page.
START_PAGINA = {
    Rol.MEDEWERKER: "intake:balie",
    Rol.COORDINATOR: "intake:balie",
    Rol.PARTNER: "intake:partner",
    Rol.BELEID: "rapportage:dashboard",
    Rol.BEHEERDER: "admin:index",
}

BALIE = (Rol.MEDEWERKER, Rol.COORDINATOR)


def heeft_rol(user, *rollen: str) -> bool:
    return bool(user.is_authenticated and user.is_active and user.rol in rollen)


def mag_contactgegevens_zien(user) -> bool:
    """Contact details of residents per role (CONTACTGEGEVENS_ROLLEN); others see *****."""
    return heeft_rol(user, *settings.CONTACTGEGEVENS_ROLLEN)


def rol_vereist(*rollen: str):
    """View decorator: anonymous → login page; logged in with another role → 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                # Imported here: auth.views needs the user model, which imports this module.
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(
                    request.get_full_path(), redirect_field_name=REDIRECT_FIELD_NAME
                )
            if not heeft_rol(request.user, *rollen):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.rollen = rollen
        return wrapper

    return decorator
