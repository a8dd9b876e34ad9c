"""/beheer/: the Django admin in Dutch, for the beheerder role only.

Every ModelAdmin on the site is a `BeheerAdmin` (the site mixes it into those of django-otp
and axes): its lists count once, and its delete pages count what goes along per model
instead of listing every related object, so each page costs the same at any size."""

from collections import Counter, defaultdict
from functools import reduce
from operator import or_

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections, router
from django.db.models import PROTECT, DateTimeField, Q, QuerySet
from django.db.models.deletion import (
    Collector,
    ProtectedError,
    RestrictedError,
    get_candidate_relations_to_delete,
)
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.dateparse import parse_datetime
from django.utils.formats import number_format
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import format_html
from django.utils.text import capfirst

from toegang.accounts.roles import Rol, heeft_rol
from toegang.accounts.sessies import tweede_stap_gedaan

# Protected objects named on a refused delete, per model; the rest is a count.
BESCHERMD_GENOEMD = 5
# A whole table with more rows than this (by PostgreSQL's statistics) is not counted.
SCHATTEN_VANAF = 100_000


class SchattendePaginator(Paginator):
    """Counts a list exactly, except an unfiltered table of more than SCHATTEN_VANAF rows
    (the logboek, the outbox, the staffing over the years): PostgreSQL's estimate from its
    statistics then gives the number of pages, without reading every row for it."""

    @cached_property
    def count(self):
        lijst = self.object_list
        if isinstance(lijst, QuerySet) and not lijst.query.where:
            verbinding = connections[lijst.db]
            if verbinding.vendor == "postgresql":
                tabel = verbinding.ops.quote_name(lijst.model._meta.db_table)
                with verbinding.cursor() as cursor:
                    cursor.execute(
                        "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)",
                        [tabel],
                    )
                    rij = cursor.fetchone()
                # -1 (never analysed) or no row: count after all.
                if rij and rij[0] > SCHATTEN_VANAF:
                    return rij[0]
        return super().count


def _weergave(obj, admin_site) -> str:
    """`Soort: naam`, with a link to its change page when the model is in /beheer/."""
    opts = obj._meta
    if admin_site.is_registered(type(obj)):
        try:
            url = reverse(
                f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                args=(quote(obj.pk),),
            )
        except NoReverseMatch:
            pass
        else:
            return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)
    return f"{capfirst(opts.verbose_name)}: {obj}"


def _blokkerend(queryset, aantal: int, admin_site) -> list[str]:
    """The first few objects of `queryset` by name, then how many more of `aantal`."""
    genoemd = queryset.order_by("pk")[:BESCHERMD_GENOEMD]
    regels = [_weergave(obj, admin_site) for obj in genoemd]
    if aantal > BESCHERMD_GENOEMD:
        regels.append(
            f"… en nog {number_format(aantal - BESCHERMD_GENOEMD, force_grouping=True)} "
            f"{queryset.model._meta.verbose_name_plural}"
        )
    return regels


def _direct_beschermd(objs, admin_site) -> list[str]:
    """What refers to `objs` through PROTECT: the Collector would refuse on it too, but only
    after reading every row that cascades (a medewerker's shifts and messages); asked first,
    per model a count and, where there are any, the first few by name."""
    velden = defaultdict(list)
    for relatie in get_candidate_relations_to_delete(objs[0]._meta):
        if relatie.field.remote_field.on_delete is PROTECT:
            velden[relatie.related_model].append(relatie.field.name)
    regels = []
    for model, namen in velden.items():
        voorwaarde = reduce(or_, (Q(**{f"{naam}__in": objs}) for naam in namen))
        verwijzend = model._base_manager.filter(voorwaarde)
        if aantal := verwijzend.count():
            regels += _blokkerend(verwijzend, aantal, admin_site)
    return regels


def _beschermd(objecten, admin_site) -> list[str]:
    """The objects of a Collector's ProtectedError or RestrictedError (loaded with their
    keys only): the first few of each model by name, then a count."""
    per_model = defaultdict(list)
    for obj in objecten:
        per_model[type(obj)].append(obj.pk)
    regels = []
    for model, pks in per_model.items():
        regels += _blokkerend(model._base_manager.filter(pk__in=pks), len(pks), admin_site)
    return regels


def verwijderoverzicht(objs, request, admin_site):
    """What deleting `objs` takes along, for the delete pages: the same four parts as
    django.contrib.admin.utils.get_deleted_objects, but the related objects only counted
    per model (Django's own Collector decides what goes, with its fast deletes), since a
    levensdomein or a medewerker can take thousands of rows along."""
    objs = list(objs)
    if not objs:
        return [], {}, set(), []
    if beschermd := _direct_beschermd(objs, admin_site):
        return [], {}, set(), beschermd
    collector = Collector(using=router.db_for_write(type(objs[0])), origin=objs)
    try:
        collector.collect(objs)
    except (ProtectedError, RestrictedError) as fout:
        blokkerend = getattr(fout, "protected_objects", None) or fout.restricted_objects
        return [], {}, set(), _beschermd(blokkerend, admin_site)
    aantallen = Counter({model: len(instanties) for model, instanties in collector.data.items()})
    for queryset in collector.fast_deletes:
        aantallen[queryset.model] += queryset.count()
    perms_needed = {
        model._meta.verbose_name
        for model, aantal in aantallen.items()
        if aantal
        and admin_site.is_registered(model)
        and not admin_site.get_model_admin(model).has_delete_permission(request)
    }
    model_count = {
        model._meta.verbose_name_plural: number_format(aantal, force_grouping=True)
        for model, aantal in aantallen.items()
        if aantal
    }
    return [_weergave(obj, admin_site) for obj in objs], model_count, perms_needed, []


class _AlleenSleutels:
    """Django's search field for a relation looks up its value to show the name; a value
    that cannot be a key of the relation (a UUID for an organisation), typed into a tampered
    form or an address, made that look-up fail the whole page (a 500 where the form should
    say "Selecteer een geldige keuze"). Such a value shows as nothing chosen."""

    def optgroups(self, name, value, attr=None):
        sleutels = []
        for waarde in value:
            try:
                self.field.target_field.to_python(waarde)
            except ValidationError:
                continue
            sleutels.append(waarde)
        return super().optgroups(name, sleutels, attr)


class Zoekkeuze(_AlleenSleutels, AutocompleteSelect):
    pass


class Zoekkeuzes(_AlleenSleutels, AutocompleteSelectMultiple):
    pass


class Zoekvelden:
    """The search fields (autocomplete_fields) of an admin or inline of /beheer/ as
    Zoekkeuze: every admin (BeheerAdmin) and every inline with search fields has it."""

    def _zoekveld(self, db_field, request, kwargs: dict, widget) -> dict:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = widget(db_field, self.admin_site, using=kwargs.get("using"))
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = self._zoekveld(db_field, request, kwargs, Zoekkeuze)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = self._zoekveld(db_field, request, kwargs, Zoekkeuzes)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class BeheerAdmin(Zoekvelden, admin.ModelAdmin):
    """The choices every list and form in /beheer/ shares."""

    # One count of the (filtered) list, not a second one of the whole table.
    show_full_result_count = False
    paginator = SchattendePaginator
    # Each row costs a pass over every column's display (choices, escaping, links): pages
    # of fifty, not a hundred.
    list_per_page = 50
    # Looked up and read here, written elsewhere (by the system, on another page).
    alleen_lezen = False

    def has_add_permission(self, request):
        return not self.alleen_lezen and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return not self.alleen_lezen and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self.alleen_lezen and super().has_delete_permission(request, obj)

    def get_list_select_related(self, request):
        # Django joins only the foreign keys of list_display that cannot be empty; an empty
        # one (a user's organisatie) would cost a statement per row.
        if self.list_select_related is not False:
            return self.list_select_related
        velden = []
        for naam in self.get_list_display(request):
            try:
                veld = self.opts.get_field(naam)
            except FieldDoesNotExist:
                continue
            if veld.concrete and (veld.many_to_one or veld.one_to_one):
                velden.append(naam)
        return velden or False

    def get_deleted_objects(self, objs, request):
        return verwijderoverzicht(objs, request, self.admin_site)

    def get_object(self, request, object_id, from_field=None):
        # An empty "?_to_field=" names no field; Django would look up a field called "".
        return super().get_object(request, object_id, from_field or None)

    def get_changeform_initial_data(self, request):
        # An add page takes first values from its address (?aangemaakt=…). Django's date and
        # time fields draw only a moment and failed on any text (a 500): a text that is a
        # moment becomes one, other text is left out.
        initial = super().get_changeform_initial_data(request)
        for naam, waarde in list(initial.items()):
            try:
                veld = self.opts.get_field(naam)
            except FieldDoesNotExist:
                continue
            if isinstance(veld, DateTimeField):
                try:
                    moment = parse_datetime(waarde) if isinstance(waarde, str) else None
                except ValueError:  # well formed, no moment: 30 February
                    moment = None
                if moment is None:
                    del initial[naam]
                else:
                    initial[naam] = moment
        return initial


class BeheerSite(admin.AdminSite):
    site_header = "Toegang Aalten — beheer"
    site_title = "Beheer Toegang Aalten"
    index_title = "Functioneel beheer"
    # No sidebar repeating every model on every page (the index and the breadcrumbs lead
    # there): rendering it was a good part of each simple page.
    enable_nav_sidebar = False

    def get_app_list(self, request, app_label=None):
        # Built when a page shows it (the index, an app's page). Every admin page asks for it
        # in each_context ("available_apps") for that sidebar alone: a permission check and
        # two URLs per model, 2.5 ms a page, for nothing.
        bouwen = super().get_app_list
        return SimpleLazyObject(lambda: bouwen(request, app_label))

    def register(self, model_or_iterable, admin_class=None, **options):
        # The admins of django-otp, axes and django.contrib.auth get BeheerAdmin's choices too.
        admin_class = admin_class or BeheerAdmin
        if not issubclass(admin_class, BeheerAdmin):
            admin_class = type(
                admin_class.__name__,
                (BeheerAdmin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request):
        # Beheerder, and logged in with the second step (a code, or MFA at the provider).
        return heeft_rol(request.user, Rol.BEHEERDER) and tweede_stap_gedaan(request)

    def login(self, request, extra_context=None):
        # One login page for everyone; staff of other roles get a 403, not a second form.
        if not request.user.is_authenticated:
            return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
        if self.has_permission(request):
            # The beheerder is in already (a bookmark, the back button): on to the admin.
            return redirect("admin:index")
        raise PermissionDenied

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        wrapper.__dict__.update(inner.__dict__)
        return wrapper
