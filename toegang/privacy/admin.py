from django.contrib import admin

from toegang.admin import BeheerAdmin

from .models import Verwerking


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
    list_filter = ("actie", "resultaat", "rol", "verwerkingsactiviteit")
    search_fields = ("gebruikersnaam", "=hulpvraag", "=inwoner_id", "toelichting")
    date_hierarchy = "op"
    readonly_fields = [f.name for f in Verwerking._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
