from django.db.models import Count
from django.shortcuts import render

from locaties.models import Toegangslocatie
from sociale_kaart.models import Levensdomein
from toegang.accounts.roles import Rol, rol_vereist


@rol_vereist(Rol.BELEID, Rol.COORDINATOR)
def dashboard(request):
    """Aggregated figures only: never a person, never a case."""
    return render(
        request,
        "rapportage/dashboard.html",
        {
            "dagdelen_per_locatie": Toegangslocatie.objects.annotate(
                dagdelen=Count("openingsregels")
            ),
            "aanbod_per_domein": Levensdomein.objects.annotate(
                organisaties_aantal=Count("organisaties")
            ),
        },
    )
