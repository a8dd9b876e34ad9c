from django.contrib import admin

from locaties.forms import OpeningsregelFormSet

from .models import (
    Aanbod,
    AanbodOpVestiging,
    Contactpersoon,
    Doelgroep,
    Levensdomein,
    Organisatie,
    Synoniem,
    Vestiging,
    VestigingOpeningsregel,
    VestigingUitzondering,
)
from .zoeken import zoekindex_bijwerken


@admin.register(Levensdomein)
class LevensdomeinAdmin(admin.ModelAdmin):
    list_display = ("naam", "samenvatting", "volgorde")
    list_editable = ("volgorde",)
    prepopulated_fields = {"slug": ("naam",)}
    search_fields = ("naam", "zoekwoorden")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Domain names and keywords are part of every linked aanbod's search text.
        zoekindex_bijwerken(aanbod_ids=obj.aanbod.values_list("pk", flat=True))


@admin.register(Doelgroep)
class DoelgroepAdmin(admin.ModelAdmin):
    list_display = ("naam", "volgorde")
    list_editable = ("volgorde",)
    prepopulated_fields = {"slug": ("naam",)}


@admin.register(Synoniem)
class SynoniemAdmin(admin.ModelAdmin):
    list_display = ("term", "betekent")
    search_fields = ("term", "betekent")


class ContactpersoonInline(admin.TabularInline):
    model = Contactpersoon
    extra = 0
    fields = ("naam", "functie", "email", "telefoon", "aanbod")


class VestigingInline(admin.StackedInline):
    model = Vestiging
    extra = 0


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ("naam", "telefoon", "email", "is_partner", "laatst_gecontroleerd")
    list_filter = ("is_partner", "levensdomeinen")
    prepopulated_fields = {"slug": ("naam",)}
    search_fields = ("naam", "beschrijving")
    filter_horizontal = ("levensdomeinen",)
    inlines = [VestigingInline, ContactpersoonInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        zoekindex_bijwerken(aanbod_ids=form.instance.aanbod.values_list("pk", flat=True))


class AanbodOpVestigingInline(admin.TabularInline):
    model = AanbodOpVestiging
    extra = 0
    fields = ("vestiging", "toelichting")
    show_change_link = True


@admin.register(Aanbod)
class AanbodAdmin(admin.ModelAdmin):
    list_display = ("naam", "organisatie", "status", "kosten", "aanmelden", "gewijzigd")
    list_filter = ("status", "kosten", "aanmelden", "levensdomeinen", "doelgroepen")
    search_fields = ("naam", "korte_beschrijving", "organisatie__naam")
    prepopulated_fields = {"slug": ("naam",)}
    filter_horizontal = ("levensdomeinen", "doelgroepen")
    autocomplete_fields = ("organisatie",)
    inlines = [AanbodOpVestigingInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        zoekindex_bijwerken(aanbod_ids=[form.instance.pk])


class VestigingOpeningsregelInline(admin.TabularInline):
    model = VestigingOpeningsregel
    formset = OpeningsregelFormSet
    extra = 0


class VestigingUitzonderingInline(admin.TabularInline):
    model = VestigingUitzondering
    extra = 0


@admin.register(AanbodOpVestiging)
class AanbodOpVestigingAdmin(admin.ModelAdmin):
    list_display = ("aanbod", "vestiging")
    search_fields = ("aanbod__naam", "vestiging__naam")
    inlines = [VestigingOpeningsregelInline, VestigingUitzonderingInline]
