from django.contrib import admin

from toegang.accounts.roles import Rol
from toegang.admin import BeheerAdmin

from .models import Inlogmoment, Logbewaartermijnen, Opschoning, Verwerking


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


@admin.register(Logbewaartermijnen)
class LogbewaartermijnenAdmin(BeheerAdmin):
    """One row (migration 0002 makes it): how long the logs themselves are kept. A term under
    the legal minimum is refused with the reason (the model's validators)."""

    list_display = ("__str__", "logboek_maanden", "inlogpogingen_maanden", "doorbraak_maanden")
    fields = ("logboek_maanden", "inlogpogingen_maanden", "doorbraakredenen_maanden")

    @admin.display(description="redenen van inzage zonder betrokkenheid (maanden)")
    def doorbraak_maanden(self, obj):
        return obj.doorbraak_maanden

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Logbewaartermijnen.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Opschoning)
class OpschoningAdmin(BeheerAdmin):
    """What the nightly retention removed of each log: the count, never the rows."""

    list_display = ("op", "soort", "aantal", "van", "tot", "maanden")
    list_filter = ("soort", "op")
    readonly_fields = [f.name for f in Opschoning._meta.fields]
    alleen_lezen = True


@admin.register(Inlogmoment)
class InlogmomentAdmin(BeheerAdmin):
    """Logins and refused logins through the identity provider, with how; read-only."""

    list_display = ("op", "gebruikersnaam", "rol", "methode", "tweede_stap", "resultaat", "reden")
    list_filter = ("op", "methode", "resultaat", "tweede_stap")
    search_fields = ("gebruikersnaam", "reden")
    readonly_fields = [f.name for f in Inlogmoment._meta.fields]
    alleen_lezen = True
