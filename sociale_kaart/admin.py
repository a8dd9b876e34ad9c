import json

from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from locaties.forms import OpeningsregelFormSet
from toegang.admin import BeheerAdmin
from toegang.http import zie_andere
from toegang.middleware import bestanden_toestaan

from . import hsds_tabel, spreadsheet
from .forms import ImportForm, WerkgebiedVelden, website_veld
from .importeren import ImportTaakFout, importtaak_aanmaken, importtaak_bevestigen
from .models import (
    Aanbod,
    AanbodOpVestiging,
    Contactpersoon,
    Doelgroep,
    ImportTaak,
    Levensdomein,
    Organisatie,
    Synoniem,
    Taxonomieterm,
    Vestiging,
    VestigingOpeningsregel,
    VestigingUitzondering,
    VoorstelStatus,
    VrijVeld,
    Wijziging,
    Wijzigingsvoorstel,
)
from .services import (
    VoorstelFout,
    taxonomieterm_koppelen,
    voorstel_afwijzen,
    voorstel_goedkeuren,
    wijziging_tekst,
)
from .zoeken import zoekindex_bijwerken


@admin.register(Levensdomein)
class LevensdomeinAdmin(BeheerAdmin):
    list_display = ("naam", "samenvatting", "volgorde")
    list_editable = ("volgorde",)
    prepopulated_fields = {"slug": ("naam",)}
    search_fields = ("naam", "zoekwoorden")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Domain names and keywords are part of every linked aanbod's search text.
        zoekindex_bijwerken(aanbod_ids=obj.aanbod.values_list("pk", flat=True))


@admin.register(Doelgroep)
class DoelgroepAdmin(BeheerAdmin):
    list_display = ("naam", "volgorde")
    list_editable = ("volgorde",)
    prepopulated_fields = {"slug": ("naam",)}


@admin.register(Synoniem)
class SynoniemAdmin(BeheerAdmin):
    list_display = ("term", "betekent")
    search_fields = ("term", "betekent")


class ContactpersoonInline(admin.TabularInline):
    model = Contactpersoon
    extra = 0
    fields = ("naam", "functie", "email", "telefoon", "aanbod")
    autocomplete_fields = ("aanbod",)


class VestigingInline(admin.StackedInline):
    model = Vestiging
    extra = 0


# URLs typed without a scheme get https:// (the Django 6 default).
URL_HTTPS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Organisatie)
class OrganisatieAdmin(BeheerAdmin):
    formfield_overrides = URL_HTTPS
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
    fields = ("vestiging", "toelichting", "openingstijden_tekst")
    autocomplete_fields = ("vestiging",)
    show_change_link = True


class AanbodBeheerForm(WerkgebiedVelden):
    website = website_veld()

    class Meta:
        model = Aanbod
        fields = "__all__"


@admin.register(Aanbod)
class AanbodAdmin(BeheerAdmin):
    form = AanbodBeheerForm
    formfield_overrides = URL_HTTPS
    list_display = (
        "naam",
        "organisatie",
        "status",
        "capaciteit",
        "kosten",
        "aanmelden",
        "werkgebied",
        "gewijzigd",
    )
    list_filter = (
        "status", "capaciteit", "kosten", "aanmelden", "werkgebied", "aan_huis", "levensdomeinen",
        "doelgroepen",
    )  # fmt: skip
    # Whether it takes new clients is the organisation's to say (one-click link, partner
    # portal): shown here, not edited.
    readonly_fields = (
        "capaciteit",
        "wachtlijst_weken",
        "capaciteit_doorgegeven_op",
        "capaciteit_doorgegeven_door",
    )
    search_fields = ("naam", "korte_beschrijving", "organisatie__naam")
    prepopulated_fields = {"slug": ("naam",)}
    filter_horizontal = ("levensdomeinen", "doelgroepen")
    autocomplete_fields = ("organisatie",)
    inlines = [AanbodOpVestigingInline]
    readonly_fields = ("origineel_record",)

    @admin.display(description="origineel HSDS-record (laatste import)")
    def origineel_record(self, aanbod):
        if aanbod.hsds_origineel is None:
            return "niet geïmporteerd"
        return json.dumps(aanbod.hsds_origineel, ensure_ascii=False, indent=2)

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


@admin.register(Vestiging)
class VestigingAdmin(BeheerAdmin):
    """To look a vestiging up (and pick one while typing on the aanbod pages); it is
    changed on its organisation's page, which keeps the search index up to date."""

    list_display = ("naam", "organisatie", "plaats", "kern")
    list_filter = ("kern",)
    list_select_related = ("organisatie",)
    search_fields = ("naam", "plaats", "organisatie__naam")
    alleen_lezen = True


@admin.register(AanbodOpVestiging)
class AanbodOpVestigingAdmin(BeheerAdmin):
    list_display = ("aanbod", "vestiging")
    search_fields = ("aanbod__naam", "vestiging__naam")
    autocomplete_fields = ("aanbod", "vestiging")
    inlines = [VestigingOpeningsregelInline, VestigingUitzonderingInline]


class GekoppeldFilter(admin.SimpleListFilter):
    """Terms still to be mapped: what an import listed as 'zonder koppeling'."""

    title = "koppeling"
    parameter_name = "gekoppeld"

    def lookups(self, request, model_admin):
        return [("nee", "Nog niet gekoppeld"), ("ja", "Gekoppeld")]

    def queryset(self, request, queryset):
        if self.value() == "nee":
            return queryset.niet_gekoppeld()
        if self.value() == "ja":
            return queryset.gekoppeld()
        return queryset


@admin.register(Taxonomieterm)
class TaxonomietermAdmin(BeheerAdmin):
    """Terms of other systems' taxonomies, as imports brought them in. The beheerder says
    what each means here; the name and taxonomy are what the other system sent."""

    list_display = ("naam", "taxonomie", "code", "betekenis", "aantal_aanbod")
    list_filter = (GekoppeldFilter, "taxonomie")
    search_fields = ("naam", "code", "taxonomie")
    fields = ("taxonomie", "code", "naam", "levensdomeinen", "doelgroepen", "aangemaakt")
    readonly_fields = ("taxonomie", "code", "naam", "aangemaakt")
    filter_horizontal = ("levensdomeinen", "doelgroepen")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(aantal=models.Count("aanbod", distinct=True))
            .prefetch_related("levensdomeinen", "doelgroepen")
        )

    def has_add_permission(self, request):
        return False  # terms come with imports

    @admin.display(description="betekent hier")
    def betekenis(self, term):
        namen = [d.naam for d in term.levensdomeinen.all()] + [
            d.naam for d in term.doelgroepen.all()
        ]
        return ", ".join(namen) or "nog niet gekoppeld (zoekwoord)"

    @admin.display(description="aanbod", ordering="aantal")
    def aantal_aanbod(self, term):
        return term.aantal

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        aantal = taxonomieterm_koppelen(term=form.instance)
        if aantal:
            self.message_user(
                request, f"{aantal} aanbod met deze term valt nu ook onder wat u koppelde."
            )


@admin.register(VrijVeld)
class VrijVeldAdmin(BeheerAdmin):
    list_display = ("soort", "veld")


@admin.register(Wijziging)
class WijzigingAdmin(BeheerAdmin):
    """History: read only."""

    list_display = ("op", "organisatie", "soort", "door", "voorstel")
    list_select_related = ("organisatie", "door", "voorstel__organisatie")
    list_filter = ("soort",)
    # An organisation by name, not a filter listing all thousand of them.
    search_fields = ("organisatie__naam",)
    date_hierarchy = "op"
    alleen_lezen = True


@admin.register(Wijzigingsvoorstel)
class WijzigingsvoorstelAdmin(BeheerAdmin):
    """Partner changes waiting for review: a diff, approve, or reject with a note."""

    list_display = ("ingediend_op", "organisatie", "soort", "status", "ingediend_door")
    list_filter = ("status", "soort")
    readonly_fields = [f.name for f in Wijzigingsvoorstel._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        eigen = [
            path(
                "<int:pk>/beoordelen/",
                self.admin_site.admin_view(self.beoordelen),
                name="sociale_kaart_wijzigingsvoorstel_beoordelen",
            )
        ]
        return eigen + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:sociale_kaart_wijzigingsvoorstel_beoordelen", pk=object_id)

    def beoordelen(self, request, pk):
        voorstel = get_object_or_404(
            Wijzigingsvoorstel.objects.select_related("organisatie", "ingediend_door"), pk=pk
        )
        if request.method == "POST":
            notitie = request.POST.get("notitie", "")[:2000]
            try:
                if request.POST.get("besluit") == "goedkeuren":
                    voorstel_goedkeuren(voorstel=voorstel, door=request.user, notitie=notitie)
                    messages.success(request, "Goedgekeurd en doorgevoerd.")
                else:
                    voorstel_afwijzen(voorstel=voorstel, door=request.user, notitie=notitie)
                    messages.success(request, "Afgewezen; de partner krijgt uw notitie.")
            except VoorstelFout as fout:
                messages.error(request, str(fout))
                return redirect("admin:sociale_kaart_wijzigingsvoorstel_beoordelen", pk=pk)
            return redirect("admin:sociale_kaart_wijzigingsvoorstel_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": f"Wijziging van {voorstel.organisatie} beoordelen",
            "voorstel": voorstel,
            "regels": [
                (
                    veld,
                    wijziging_tekst(voorstel.soort, veld, oud),
                    wijziging_tekst(voorstel.soort, veld, nieuw),
                )
                for veld, (oud, nieuw) in voorstel.wijzigingen.items()
            ],
            "opts": self.model._meta,
            "open": voorstel.status == VoorstelStatus.OPEN,
        }
        return TemplateResponse(request, "admin/sociale_kaart/beoordelen.html", context)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(inhoud: bytes, naam: str, soort: str) -> HttpResponse:
    response = HttpResponse(inhoud, content_type=soort)
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


@admin.register(ImportTaak)
class ImportTaakAdmin(BeheerAdmin):
    """Imports and exports of the sociale kaart: the upload (a dry run first, then the
    import after confirmation), each upload's page with its progress and report, the
    spreadsheet template and the HSDS CSV package."""

    list_display = ("aangemaakt", "bestandsnaam", "soort", "status", "door")
    list_filter = ("status", "soort")
    list_select_related = ("door",)

    def has_change_permission(self, request, obj=None):
        # Its page shows the report; nothing on it is edited as a form.
        return False

    def get_queryset(self, request):
        # The file (up to UPLOAD_MAX_BYTES) and the reports are read on a task's own page.
        return super().get_queryset(request).defer("bestand", "proefverslag", "verslag")

    def get_urls(self):
        site = self.admin_site
        eigen = [
            path("add/", site.admin_view(bestanden_toestaan(self.uploaden)),
                 name="sociale_kaart_importtaak_add"),
            path("sjabloon.xlsx", site.admin_view(self.sjabloon),
                 name="sociale_kaart_importtaak_sjabloon"),
            path("hsds-csv.zip", site.admin_view(self.hsds_csv),
                 name="sociale_kaart_importtaak_hsds_csv"),
            path("<uuid:object_id>/change/", site.admin_view(self.taak),
                 name="sociale_kaart_importtaak_change"),
            path("<uuid:object_id>/bevestigen/", site.admin_view(require_POST(self.bevestigen)),
                 name="sociale_kaart_importtaak_bevestigen"),
        ]  # fmt: skip
        # Django's own change page would be a second pattern under the same name.
        return eigen + [
            u for u in super().get_urls() if u.name != "sociale_kaart_importtaak_change"
        ]

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def uploaden(self, request):
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            taak = importtaak_aanmaken(
                bestandsnaam=form.cleaned_data["bestand"].name,
                inhoud=form.inhoud,
                door=request.user,
            )
            return zie_andere(reverse("admin:sociale_kaart_importtaak_change", args=[taak.pk]))
        context = self._context(
            request,
            title="Sociale kaart importeren",
            form=form,
            max_mb=settings.UPLOAD_MAX_BYTES // (1024 * 1024),
        )
        return TemplateResponse(
            request, "admin/sociale_kaart/importtaak/uploaden.html", context,
            status=400 if form.is_bound else 200,
        )  # fmt: skip

    def taak(self, request, object_id):
        taak = get_object_or_404(
            ImportTaak.objects.defer("bestand").select_related("door"), pk=object_id
        )
        if request.GET.get("deel") == "voortgang":
            # htmx asks every two seconds; once the run is over, the whole page again.
            if taak.actief:
                return TemplateResponse(
                    request, "admin/sociale_kaart/importtaak/_voortgang.html", {"taak": taak}
                )
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        verslag = taak.proefverslag if taak.is_proef else taak.verslag
        context = self._context(
            request, title=f"Import {taak.bestandsnaam}", taak=taak, verslag=verslag,
            proefverslag=taak.proefverslag, original=taak,
        )  # fmt: skip
        return TemplateResponse(request, "admin/sociale_kaart/importtaak/taak.html", context)

    def bevestigen(self, request, object_id):
        try:
            importtaak_bevestigen(taak_id=object_id)
        except ImportTaakFout as fout:
            messages.error(request, str(fout))
        return zie_andere(reverse("admin:sociale_kaart_importtaak_change", args=[object_id]))

    def sjabloon(self, request):
        vandaag = timezone.localdate()
        met_aanbod = request.GET.get("met") == "aanbod"
        naam = (
            f"sociale-kaart-aanbod-{vandaag}.xlsx" if met_aanbod else "sociale-kaart-sjabloon.xlsx"
        )
        return _download(
            spreadsheet.sjabloon_xlsx(met_aanbod=met_aanbod, vandaag=vandaag), naam, XLSX
        )

    def hsds_csv(self, request):
        vandaag = timezone.localdate()
        inhoud = hsds_tabel.pakket_zip(hsds_tabel.sociale_kaart_pakket(vandaag))
        return _download(inhoud, f"sociale-kaart-hsds-csv-{vandaag}.zip", "application/zip")
