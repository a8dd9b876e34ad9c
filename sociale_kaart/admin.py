import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from locaties.forms import OpeningsregelFormSet
from toegang.admin import BeheerAdmin, Zoekvelden
from toegang.http import zie_andere
from toegang.middleware import bestanden_toestaan

from . import spreadsheet
from .exporteren import kaartexport_aanvragen
from .feeds import (
    FeedwijzigingFout,
    feed_nu_ophalen,
    wijziging_accepteren,
    wijziging_afwijzen,
    wijziging_vergelijken,
)
from .forms import AANBOD_KEUZES, ImportForm, WerkgebiedVelden, ZoekbesluitForm, website_veld
from .importeren import ImportTaakFout, importtaak_aanmaken, importtaak_bevestigen
from .models import (
    FEEDWIJZIGING_OPEN,
    WEINIG_RESULTATEN,
    Aanbod,
    AanbodOpVestiging,
    AanbodVertaling,
    Contactpersoon,
    Doelgroep,
    Feed,
    Feedherkomst,
    Feedwijziging,
    FeedwijzigingStatus,
    ImportTaak,
    Kaartexport,
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
    Zoekbesluit,
)
from .services import (
    VoorstelFout,
    taxonomieterm_koppelen,
    voorstel_afwijzen,
    voorstel_goedkeuren,
    wijziging_tekst,
)
from .zoeken import Filters, zoek, zoekindex_bijwerken
from .zoeksignalen import (
    WACHTRIJ_STANDAARD_WEKEN,
    WACHTRIJ_WEKEN,
    ZoekbesluitFout,
    wachtrij,
    zoekvraag_negeren,
    zoekvraag_synoniem_maken,
    zoekvraag_zoekwoord_toevoegen,
)


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


# --- Entries from a feed: kept at their source ------------------------------------------------


def _feed_melding(feed) -> str:
    return format_html(
        'Dit komt uit de feed <a href="{}">{}</a> en wordt bij de bron bijgehouden. Hier '
        "wijzigen kan niet: de volgende ophaalronde zou het overschrijven. Vraag de bron het "
        "aan te passen.",
        reverse("admin:sociale_kaart_feed_change", args=[feed.pk]),
        feed.naam,
    )


class UitFeedAlleenLezen:
    """An admin (or inline, where `obj` is its parent) whose objects from a feed can be
    looked at, not changed or deleted."""

    def _feed(self, obj):
        if obj is None or not obj.pk:
            return None
        # Asked for every permission of the page and of each inline: once per object loaded
        # (the object lives as long as the request).
        if "_uit_feed" not in obj.__dict__:
            obj._uit_feed = Feedherkomst.feed_van(obj)
        return obj._uit_feed

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._feed(obj) is None

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._feed(obj) is None

    def has_add_permission(self, request, obj=None):
        if isinstance(self, admin.options.InlineModelAdmin):
            return super().has_add_permission(request, obj) and self._feed(obj) is None
        return super().has_add_permission(request)


class UitFeedAdmin(UitFeedAlleenLezen):
    def get_deleted_objects(self, objs, request):
        # Also "delete selected" on the list: entries from a feed stay (the source has them).
        uit_feed = [
            f"{obj}: komt uit de feed {feed}; verwijderen kan alleen bij de bron"
            for obj in objs
            if (feed := self._feed(obj)) is not None
        ]
        if uit_feed:
            return [], {}, set(), uit_feed
        return super().get_deleted_objects(objs, request)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if object_id else None
        if (feed := self._feed(obj)) is not None:
            if request.method == "POST":
                # A form opened before the feed took the entry over: nothing is saved.
                messages.error(request, format_html("Niet opgeslagen. {}", _feed_melding(feed)))
                return redirect(request.path)
            messages.warning(request, _feed_melding(feed))
        return super().changeform_view(request, object_id, form_url, extra_context)


class HerkomstFilter(admin.SimpleListFilter):
    title = "herkomst"
    parameter_name = "feed"

    def lookups(self, request, model_admin):
        return [("eigen", "eigen aanbod")] + [
            (str(pk), f"uit {naam}") for pk, naam in Feed.objects.values_list("pk", "naam")
        ]

    def queryset(self, request, queryset):
        if self.value() == "eigen":
            return queryset.filter(feedherkomst__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(feedherkomst__feed_id=self.value())
        return queryset


class ContactpersoonInline(UitFeedAlleenLezen, Zoekvelden, admin.TabularInline):
    model = Contactpersoon
    extra = 0
    fields = ("naam", "functie", "email", "telefoon", "aanbod")
    autocomplete_fields = ("aanbod",)


class VestigingInline(UitFeedAlleenLezen, admin.StackedInline):
    model = Vestiging
    extra = 0


# URLs typed without a scheme get https:// (the Django 6 default).
URL_HTTPS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Organisatie)
class OrganisatieAdmin(UitFeedAdmin, BeheerAdmin):
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


class AanbodOpVestigingInline(UitFeedAlleenLezen, Zoekvelden, admin.TabularInline):
    model = AanbodOpVestiging
    extra = 0
    fields = ("vestiging", "toelichting", "openingstijden_tekst")
    autocomplete_fields = ("vestiging",)
    show_change_link = True


class AanbodVertalingInline(admin.StackedInline):
    """Optional translations of the texts residents read (issue 17). Also for an aanbod
    from a feed: the feed does not translate, the translation is ours."""

    model = AanbodVertaling
    extra = 0
    fields = ("taal", "naam", "korte_beschrijving", "beschrijving")


class AanbodBeheerForm(WerkgebiedVelden):
    website = website_veld()

    class Meta:
        model = Aanbod
        fields = "__all__"


@admin.register(Aanbod)
class AanbodAdmin(UitFeedAdmin, BeheerAdmin):
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
        "bron",
    )
    list_filter = (
        "status", "capaciteit", "kosten", "aanmelden", "werkgebied", "aan_huis", HerkomstFilter,
        "levensdomeinen", "doelgroepen",
    )  # fmt: skip
    list_select_related = ("organisatie", "feedherkomst__feed")
    # Whether it takes new clients is the organisation's to say (one-click link, partner
    # portal): shown here, not edited.
    readonly_fields = (
        "capaciteit",
        "wachtlijst_weken",
        "capaciteit_doorgegeven_op",
        "capaciteit_doorgegeven_door",
        "bron",
    )
    search_fields = ("naam", "korte_beschrijving", "organisatie__naam")
    prepopulated_fields = {"slug": ("naam",)}
    filter_horizontal = ("levensdomeinen", "doelgroepen")
    autocomplete_fields = ("organisatie",)
    inlines = [AanbodOpVestigingInline, AanbodVertalingInline]
    readonly_fields = ("origineel_record",)

    @admin.display(description="origineel HSDS-record (laatste import)")
    def origineel_record(self, aanbod):
        if aanbod.hsds_origineel is None:
            return "niet geïmporteerd"
        return json.dumps(aanbod.hsds_origineel, ensure_ascii=False, indent=2)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        zoekindex_bijwerken(aanbod_ids=[form.instance.pk])

    @admin.display(description="bron")
    def bron(self, obj):
        herkomst = getattr(obj, "feedherkomst", None) if obj and obj.pk else None
        if herkomst is None:
            return "eigen aanbod"
        return format_html(
            'uit <a href="{}">{}</a> (<a href="{}">record bij de bron</a>)',
            reverse("admin:sociale_kaart_feed_change", args=[herkomst.feed_id]),
            herkomst.feed.naam,
            herkomst.bron_url,
        )


class VestigingOpeningsregelInline(UitFeedAlleenLezen, admin.TabularInline):
    model = VestigingOpeningsregel
    formset = OpeningsregelFormSet
    extra = 0


class VestigingUitzonderingInline(UitFeedAlleenLezen, admin.TabularInline):
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


class AanbodOpVestigingForm(forms.ModelForm):
    def clean_aanbod(self):
        aanbod = self.cleaned_data["aanbod"]
        if (feed := Feedherkomst.feed_van(aanbod)) is not None:
            raise forms.ValidationError(
                f"Dit aanbod komt uit de feed {feed}; waar het te vinden is, houdt de bron bij."
            )
        return aanbod


@admin.register(AanbodOpVestiging)
class AanbodOpVestigingAdmin(UitFeedAdmin, BeheerAdmin):
    form = AanbodOpVestigingForm
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


class BeoordeelAdmin(BeheerAdmin):
    """Changes that wait for the beheerder (a partner's proposal, a feed's record): made
    elsewhere, never added or deleted here; opening one goes to its review page
    (`beoordelen`, which the subclass writes)."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        eigen = [
            path(
                "<int:pk>/beoordelen/",
                self.admin_site.admin_view(self.beoordelen),
                name=f"{self.opts.app_label}_{self.opts.model_name}_beoordelen",
            )
        ]
        return eigen + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        opts = self.opts
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_beoordelen", pk=object_id)


@admin.register(Wijzigingsvoorstel)
class WijzigingsvoorstelAdmin(BeoordeelAdmin):
    """Partner changes waiting for review: a diff, approve, or reject with a note."""

    list_display = ("ingediend_op", "organisatie", "soort", "status", "ingediend_door")
    list_filter = ("status", "soort")
    readonly_fields = [f.name for f in Wijzigingsvoorstel._meta.fields]

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


def _voortgang(request, taak, map_: str, context: dict) -> HttpResponse:
    """htmx asks for a running job's progress every two seconds; once the job is over, the
    whole page again."""
    if taak.actief:
        return TemplateResponse(request, f"admin/sociale_kaart/{map_}/_voortgang.html", context)
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
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
            return _voortgang(request, taak, "importtaak", {"taak": taak})
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
        # Empty, it is small: made here. With every aanbod it is a Kaartexport.
        inhoud = spreadsheet.sjabloon_xlsx(met_aanbod=False, vandaag=timezone.localdate())
        return _download(inhoud, "sociale-kaart-sjabloon.xlsx", XLSX)


@admin.register(Kaartexport)
class KaartexportAdmin(BeheerAdmin):
    """The whole sociale kaart as a file: asked for on its add page, made by a task while
    the export's page shows the progress, then downloaded from there
    (sociale_kaart.exporteren)."""

    list_display = ("aangemaakt", "soort", "status", "bestandsnaam", "klaar_op")
    list_filter = ("status", "soort")

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("bestand")

    def get_urls(self):
        site = self.admin_site
        eigen = [
            path("add/", site.admin_view(self.aanvragen), name="sociale_kaart_kaartexport_add"),
            path("<uuid:object_id>/change/", site.admin_view(self.export),
                 name="sociale_kaart_kaartexport_change"),
            path("<uuid:object_id>/bestand/", site.admin_view(self.bestand),
                 name="sociale_kaart_kaartexport_bestand"),
        ]  # fmt: skip
        namen = {u.name for u in eigen}
        return eigen + [u for u in super().get_urls() if u.name not in namen]

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def aanvragen(self, request):
        if request.method == "POST":
            if request.POST.get("soort") not in Kaartexport.Soort.values:
                messages.error(request, "Kies wat u wilt downloaden.")
                return zie_andere(request.path)
            export, _ = kaartexport_aanvragen(soort=request.POST["soort"])
            return zie_andere(reverse("admin:sociale_kaart_kaartexport_change", args=[export.pk]))
        context = self._context(
            request, title="Sociale kaart exporteren", soorten=Kaartexport.Soort
        )
        return TemplateResponse(request, "admin/sociale_kaart/kaartexport/aanvragen.html", context)

    def export(self, request, object_id):
        export = get_object_or_404(Kaartexport.objects.defer("bestand"), pk=object_id)
        if request.GET.get("deel") == "voortgang":
            return _voortgang(request, export, "kaartexport", {"export": export})
        context = self._context(
            request,
            title=f"De sociale kaart als {export.soort_naam}",
            export=export,
            original=export,
        )
        return TemplateResponse(request, "admin/sociale_kaart/kaartexport/export.html", context)

    def bestand(self, request, object_id):
        export = get_object_or_404(Kaartexport, pk=object_id, status=Kaartexport.Status.KLAAR)
        soort = XLSX if export.soort == Kaartexport.Soort.SPREADSHEET else "application/zip"
        return _download(bytes(export.bestand), export.bestandsnaam, soort)


# --- Feeds ------------------------------------------------------------------------------------


def _https_eerst(veld, **kwargs):
    if isinstance(veld, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return veld.formfield(**kwargs)


class FeedForm(forms.ModelForm):
    class Meta:
        model = Feed
        fields = ("naam", "basis_url", "website", "modus", "actief")
        formfield_callback = _https_eerst

    def clean_basis_url(self):
        adres = self.cleaned_data["basis_url"].rstrip("/")
        if not adres.startswith(("https://", "http://")):
            raise forms.ValidationError("Het adres begint met https:// (of http://).")
        if "?" in adres or "#" in adres:
            raise forms.ValidationError(
                "Geef het adres van de API zelf, zonder ? of #: bv. https://regio.example.nl/api/hsds"
            )
        return adres.removesuffix("/services")


@admin.register(Feed)
class FeedAdmin(BeheerAdmin):
    """The beheerder registers a feed; its state is written by the pull and shown here."""

    form = FeedForm
    formfield_overrides = URL_HTTPS
    change_form_template = "admin/sociale_kaart/feed/change_form.html"
    list_display = ("naam", "modus", "actief", "laatste_poging", "toestand", "te_beoordelen")
    list_filter = ("modus", "actief")
    search_fields = ("naam", "basis_url")
    fieldsets = [
        (None, {"fields": ("naam", "basis_url", "website", "modus", "actief")}),
        (
            "Stand van het ophalen",
            {
                "fields": (
                    "toestand", "laatste_poging", "laatste_succes", "bijgewerkt_tot", "ronde",
                    "laatste_run", "wijzigingen", "aanbod",
                )
            },
        ),
    ]  # fmt: skip
    readonly_fields = (
        "toestand", "laatste_poging", "laatste_succes", "bijgewerkt_tot", "ronde", "laatste_run",
        "wijzigingen", "aanbod",
    )  # fmt: skip

    def save_model(self, request, obj, form, change):
        if change and "basis_url" in form.changed_data:
            obj.opnieuw_beginnen()
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_wijzigingen=Count(
                    "wijzigingen", filter=Q(wijzigingen__status__in=FEEDWIJZIGING_OPEN)
                )
            )
        )

    def get_fieldsets(self, request, obj=None):
        # A new feed has no state yet.
        return self.fieldsets if obj else self.fieldsets[:1]

    def get_urls(self):
        eigen = [
            path(
                "<int:pk>/ophalen/",
                self.admin_site.admin_view(self.ophalen),
                name="sociale_kaart_feed_ophalen",
            )
        ]
        return eigen + super().get_urls()

    @admin.display(description="toestand")
    def toestand(self, obj):
        if obj.laatste_poging is None:
            return "nog niet opgehaald"
        if obj.laatste_fout:
            keer = f" ({obj.fouten_op_rij} keer op rij)" if obj.fouten_op_rij > 1 else ""
            return f"Fout{keer}: {obj.laatste_fout}"
        return "in orde"

    @admin.display(description="wacht op beoordeling")
    def te_beoordelen(self, obj):
        return getattr(obj, "open_wijzigingen", None)

    @admin.display(description="ronde bezig")
    def ronde(self, obj):
        if obj.ronde_begonnen is None:
            return "nee"
        sinds = (
            f"wat veranderde sinds {obj.ronde_sinds:%d-%m-%Y %H:%M}" if obj.ronde_sinds else "alles"
        )
        return f"ja: {sinds}; de volgende run gaat verder bij pagina {obj.volgende_pagina}"

    @admin.display(description="laatste run")
    def laatste_run(self, obj):
        namen = [
            ("opgehaald", "records opgehaald"),
            ("ongewijzigd", "ongewijzigd"),
            ("toegepast", "overgenomen"),
            ("ter_beoordeling", "ter beoordeling"),
            ("conflicten", "conflicten"),
            ("fouten", "niet over te nemen"),
            ("verdwenen", "niet meer bij de bron"),
        ]
        if not obj.aantallen:
            return "—"
        paginas = obj.aantallen.get("paginas", 0)
        delen = [f"{obj.aantallen.get(s, 0)} {tekst}" for s, tekst in namen if obj.aantallen.get(s)]
        tekst = f"{paginas} {'pagina' if paginas == 1 else 'pagina’s'}"
        if delen:
            tekst += ": " + ", ".join(delen)
        if verder := obj.aantallen.get("verder_bij_pagina"):
            tekst += f"; de volgende run gaat verder bij pagina {verder}"
        return tekst

    @admin.display(description="wijzigingen")
    def wijzigingen(self, obj):
        lijst = reverse("admin:sociale_kaart_feedwijziging_changelist")
        return format_html(
            '<a href="{}?feed__id__exact={}&amp;status__in=open,conflict">{} wachten op beoordeling</a>'
            ' · <a href="{}?feed__id__exact={}&amp;status__exact=fout">niet over te nemen</a>'
            ' · <a href="{}?feed__id__exact={}">alle</a>',
            lijst, obj.pk, obj.wijzigingen.filter(status__in=FEEDWIJZIGING_OPEN).count(),
            lijst, obj.pk, lijst, obj.pk,
        )  # fmt: skip

    @admin.display(description="aanbod uit deze feed")
    def aanbod(self, obj):
        return format_html(
            '<a href="{}?feed={}">{} aanbod</a>',
            reverse("admin:sociale_kaart_aanbod_changelist"),
            obj.pk,
            obj.herkomsten.count(),
        )

    def ophalen(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        feed = get_object_or_404(Feed, pk=pk)
        if not feed.actief:
            messages.error(request, "Deze feed staat uit. Zet hem eerst aan.")
        else:
            feed_nu_ophalen(feed=feed)
            messages.success(
                request, "De feed wordt zo opgehaald. Ververs deze pagina over een minuut."
            )
        return redirect("admin:sociale_kaart_feed_change", feed.pk)


@admin.register(Feedwijziging)
class FeedwijzigingAdmin(BeoordeelAdmin):
    """What the feeds delivered: waiting for review, applied, rejected or refused."""

    list_display = ("naam", "soort", "status", "feed", "ontvangen")
    list_filter = ("status", "soort", "feed")
    list_select_related = ("feed",)
    search_fields = ("naam", "bron_id")
    date_hierarchy = "ontvangen"

    def beoordelen(self, request, pk):
        wijziging = get_object_or_404(
            Feedwijziging.objects.select_related("feed", "aanbod", "beoordeeld_door"), pk=pk
        )
        if request.method == "POST":
            notitie = request.POST.get("notitie", "")[:2000]
            try:
                if request.POST.get("besluit") == "accepteren":
                    wijziging = wijziging_accepteren(
                        wijziging=wijziging, door=request.user, notitie=notitie
                    )
                    if wijziging.status == FeedwijzigingStatus.TOEGEPAST:
                        messages.success(request, "Overgenomen in de sociale kaart.")
                    else:
                        messages.error(request, f"Niet overgenomen: {wijziging.reden}")
                elif request.POST.get("besluit") == "afwijzen":
                    wijziging_afwijzen(wijziging=wijziging, door=request.user, notitie=notitie)
                    messages.success(request, "Afgewezen; de sociale kaart blijft zoals hij was.")
                else:
                    messages.error(request, "Kies accepteren of afwijzen.")
                    return redirect("admin:sociale_kaart_feedwijziging_beoordelen", pk=pk)
            except FeedwijzigingFout as fout:
                messages.error(request, str(fout))
                return redirect("admin:sociale_kaart_feedwijziging_beoordelen", pk=pk)
            return redirect(
                reverse("admin:sociale_kaart_feedwijziging_changelist")
                + f"?feed__id__exact={wijziging.feed_id}&status__in=open,conflict"
            )
        regels, reden = wijziging.verschil, wijziging.reden
        if wijziging.is_open:
            # Against the sociale kaart as it is now, which may have changed since.
            regels, reden = wijziging_vergelijken(wijziging)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{wijziging.naam or wijziging.bron_id} uit {wijziging.feed}",
            "wijziging": wijziging,
            "regels": regels,
            "reden": reden,
            "open": wijziging.is_open,
            "bron_url": wijziging.feed.record_url(wijziging.bron_id) if wijziging.bron_id else "",
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/sociale_kaart/feedwijziging.html", context)


# --- What residents search and do not find: the synonym queue --------------------------------


@admin.register(Zoekbesluit)
class ZoekbesluitAdmin(BeheerAdmin):
    """The beheerder's decisions on queries residents did not find anything with, and the
    queue they are made on (`wachtrij`, sociale_kaart.zoeksignalen). A decision is made on
    the queue, never here; deleting one brings its query back."""

    list_display = ("zoektekst", "soort", "toelichting", "op", "door")
    change_list_template = "admin/sociale_kaart/zoekbesluit/change_list.html"
    list_filter = ("soort",)
    list_select_related = ("door",)
    search_fields = ("zoektekst",)
    date_hierarchy = "op"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        site = self.admin_site
        eigen = [
            path("wachtrij/", site.admin_view(self.wachtrij),
                 name="sociale_kaart_zoekbesluit_wachtrij"),
            path("wachtrij/suggesties/<str:lijst>/", site.admin_view(self.suggesties),
                 name="sociale_kaart_zoekbesluit_suggesties"),
        ]  # fmt: skip
        return eigen + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "wachtrij_url": reverse(
            "admin:sociale_kaart_zoekbesluit_wachtrij"
        )}  # fmt: skip
        return super().changelist_view(request, extra_context)

    def suggesties(self, request, lijst):
        """htmx: the aanbod names that fit what is typed, for the keyword's datalist."""
        if lijst != AANBOD_KEUZES.naam:
            raise Http404
        tekst = next(iter(request.GET.values()), "")
        return TemplateResponse(
            request, "keuzelijst/_opties.html", {"namen": AANBOD_KEUZES.suggesties_voor(tekst)}
        )

    def wachtrij(self, request):
        weken = _keuze_getal(request.GET.get("weken"), WACHTRIJ_WEKEN, WACHTRIJ_STANDAARD_WEKEN)
        terug = f"{request.path}?weken={weken}"
        fout = None
        if request.method == "POST":
            form = ZoekbesluitForm(request.POST)
            if form.is_valid():
                try:
                    melding = self._besluiten(request, form.cleaned_data)
                except ZoekbesluitFout as reden:
                    fout = (form.cleaned_data["zoektekst"], str(reden), form.data)
                else:
                    messages.success(request, melding)
                    return zie_andere(terug)
            else:
                fouten = [str(f) for veld in form.errors.values() for f in veld]
                fout = (form.data.get("zoektekst", ""), " ".join(fouten), form.data)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Zoekvragen zonder goed resultaat",
            "regels": wachtrij(weken=weken),
            "weken": weken,
            "weken_keuzes": WACHTRIJ_WEKEN,
            "weinig": WEINIG_RESULTATEN,
            "fout": fout,
            "suggesties_url": reverse(
                "admin:sociale_kaart_zoekbesluit_suggesties", args=[AANBOD_KEUZES.naam]
            ),
        }
        return TemplateResponse(
            request,
            "admin/sociale_kaart/zoekwachtrij.html",
            context,
            status=400 if fout else 200,
        )

    def _besluiten(self, request, data) -> str:
        """Carry out one decision; the message says what search does with the query now."""
        zoektekst, actie = data["zoektekst"], data["actie"]
        if actie == ZoekbesluitForm.Actie.NEGEREN:
            zoekvraag_negeren(zoektekst=zoektekst, door=request.user)
            return f"‘{zoektekst}’ staat niet meer in de wachtrij."
        if actie == ZoekbesluitForm.Actie.SYNONIEM:
            synoniem = zoekvraag_synoniem_maken(
                zoektekst=zoektekst, betekent=data["betekent"], door=request.user
            )
            self.log_change(request, synoniem, f"Synoniem uit de zoekwachtrij: {zoektekst}")
            wat = f"een synoniem van ‘{data['betekent'].strip()}’"
        else:
            aanbod = zoekvraag_zoekwoord_toevoegen(
                zoektekst=zoektekst, aanbod=data["aanbod"], door=request.user
            )
            self.log_change(request, aanbod, f"Zoekwoord uit de zoekwachtrij: {zoektekst}")
            wat = f"een zoekwoord van ‘{aanbod.naam}’"
        aantal = zoek(zoektekst, Filters()).aantal
        return (
            f"‘{zoektekst}’ is nu {wat}. Zoeken op ‘{zoektekst}’ vindt nu {aantal} "
            f"{'resultaat' if aantal == 1 else 'resultaten'}."
        )


def _keuze_getal(waarde, keuzes, standaard: int) -> int:
    try:
        getal = int(waarde)
    except (TypeError, ValueError):
        return standaard
    return getal if getal in keuzes else standaard
