from django.contrib import admin

from .models import Levensdomein, Organisatie


@admin.register(Levensdomein)
class LevensdomeinAdmin(admin.ModelAdmin):
    list_display = ("naam", "samenvatting", "volgorde")
    list_editable = ("volgorde",)
    prepopulated_fields = {"slug": ("naam",)}
    search_fields = ("naam", "zoekwoorden")


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ("naam", "telefoon", "email", "is_partner")
    list_filter = ("is_partner", "levensdomeinen")
    prepopulated_fields = {"slug": ("naam",)}
    search_fields = ("naam", "beschrijving")
    filter_horizontal = ("levensdomeinen",)
