from django.contrib import admin
from django.utils import timezone

from toegang.admin import BeheerAdmin

from .forms import OpeningsregelFormSet
from .models import Afwezigheid, Dienst, Openingsregel, Toegangslocatie, Uitzondering


class OpeningsregelInline(admin.TabularInline):
    model = Openingsregel
    formset = OpeningsregelFormSet
    extra = 0


class UitzonderingInline(admin.TabularInline):
    """The exceptions from today on: the past ones stay stored (reports, the logboek of
    what residents were told) but are done with, and a location collects them for years."""

    model = Uitzondering
    extra = 0
    ordering = ["datum"]
    verbose_name_plural = "uitzonderingen vanaf vandaag (sluitingen, extra openingen)"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(datum__gte=timezone.localdate())


@admin.register(Toegangslocatie)
class ToegangslocatieAdmin(BeheerAdmin):
    list_display = ("naam", "adres", "kern", "telefoon", "minimale_bezetting", "maximale_bezetting")
    prepopulated_fields = {"slug": ("naam",)}
    inlines = [OpeningsregelInline, UitzonderingInline]
    # Set by the coordinator on the rota (locaties.services.afspraken_instellen), which
    # tells the residents whose appointment no longer fits; not here, past that.
    exclude = ("inloopreserve", "afspraakduur")


@admin.register(Dienst)
class DienstAdmin(BeheerAdmin):
    list_display = ("datum", "dagdeel", "locatie", "medewerker", "ingeroosterd_door")
    list_filter = ("locatie", "dagdeel")
    date_hierarchy = "datum"
    search_fields = ("medewerker__username", "medewerker__first_name", "medewerker__last_name")
    raw_id_fields = ("medewerker", "ingeroosterd_door")

    # Shifts are made on the rota (/balie/rooster/), which checks overlap, absence and
    # the maximum; here they can only be looked up and removed.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Afwezigheid)
class AfwezigheidAdmin(BeheerAdmin):
    list_display = ("medewerker", "van", "tot")
    date_hierarchy = "van"
    raw_id_fields = ("medewerker",)
