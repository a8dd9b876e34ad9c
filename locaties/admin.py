from django.contrib import admin

from .models import Openingsregel, Toegangslocatie


class OpeningsregelInline(admin.TabularInline):
    model = Openingsregel
    extra = 0


@admin.register(Toegangslocatie)
class ToegangslocatieAdmin(admin.ModelAdmin):
    list_display = ("naam", "adres", "kern", "telefoon", "minimale_bezetting")
    prepopulated_fields = {"slug": ("naam",)}
    inlines = [OpeningsregelInline]
