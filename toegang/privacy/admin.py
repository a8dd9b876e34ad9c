from django.contrib import admin

from toegang.accounts.roles import Rol
from toegang.admin import BeheerAdmin

from .models import Verwerking


class RolFilter(admin.SimpleListFilter):
    """The roles that can appear, without reading every line of the log for them."""

    title = "rol"
    parameter_name = "rol"

    def lookups(self, request, model_admin):
        return [*Rol.choices, ("inwoner", "Inwoner")]

    def queryset(self, request, queryset):
        return queryset.filter(rol=self.value()) if self.value() else queryset


@admin.register(Verwerking)
class VerwerkingAdmin(BeheerAdmin):
    """The beheerder searches the log; nobody adds, changes or deletes a row here."""

    list_display = (
        "op",
        "gebruikersnaam",
        "rol",
        "actie",
        "hulpvraag",
        "inwoner_id",
        "resultaat",
        "verwerkingsactiviteit",
        "toelichting",
    )
    # The log grows with every look at a case: filters that need no pass over all of it
    # (a date filter instead of a date hierarchy, which lists the years of every line).
    list_filter = ("op", "actie", "resultaat", RolFilter, "verwerkingsactiviteit")
    search_fields = ("gebruikersnaam", "=hulpvraag", "=inwoner_id", "toelichting")
    readonly_fields = [f.name for f in Verwerking._meta.fields]
    alleen_lezen = True
