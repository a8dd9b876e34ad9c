"""/api/hsds/: the sociale kaart as an Open Referral HSDS 3.0 API (read-only, public)."""

import uuid

from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from toegang.invoer import OngeldigeInvoer, datum_tijd, geheel_getal, paginanummer

from . import hsds
from .models import Aanbod, AanbodOpVestiging, Organisatie
from .zoeken import zoek_qs

MAX_PER_PAGINA = 100


class Fout(Exception):
    def __init__(self, melding: str, status: int = 400):
        super().__init__(melding)
        self.status = status


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def hsds_view(view):
    """GET only; our Dutch error JSON for bad parameters."""

    @require_GET
    def wrapper(request, *args, **kwargs):
        try:
            return _json(view(request, *args, **kwargs))
        except (Fout, OngeldigeInvoer) as fout:
            return _json({"fout": str(fout)}, getattr(fout, "status", 400))

    wrapper.__name__ = view.__name__
    return wrapper


def _uuid(waarde: str, veld: str) -> uuid.UUID:
    try:
        return uuid.UUID(waarde)
    except (ValueError, AttributeError, TypeError):
        raise Fout(f"'{veld}' is geen geldige UUID.") from None


def _paging(request) -> tuple[int, int]:
    return paginanummer(request.GET.get("page")), geheel_getal(
        request.GET.get("per_page", "20"), naam="per_page", minimum=1, maximum=MAX_PER_PAGINA
    )


def _lijst(request, qs, maak):
    """One HSDS page of a queryset or a list; a page beyond the last gives the last."""
    nummer, per_pagina = _paging(request)
    totaal = len(qs) if isinstance(qs, list) else qs.count()
    laatste = max(1, -(-totaal // per_pagina))
    nummer = min(nummer, laatste)
    items = [maak(obj) for obj in qs[(nummer - 1) * per_pagina : nummer * per_pagina]]
    return hsds.pagina(items, totaal, nummer, per_pagina)


@hsds_view
def root(request):
    return {
        "version": hsds.VERSIE,
        "profile": hsds.PROFIEL,
        "openapi_url": hsds.OPENAPI_URL,
        "description": "Sociale kaart van gemeente Aalten: hulp en ondersteuning in Aalten, Bredevoort en Dinxperlo.",
        "publisher": {"name": "Gemeente Aalten", "website": request.build_absolute_uri("/")},
    }


def _services_qs(request):
    qs = Aanbod.objects.all()
    if request.GET.get("organization_id"):
        qs = qs.filter(organisatie_id=_uuid(request.GET["organization_id"], "organization_id"))
    if request.GET.get("taxonomy_term_id"):
        term = _uuid(request.GET["taxonomy_term_id"], "taxonomy_term_id")
        # Subqueries, not joins: no duplicate rows, so no DISTINCT, and the page is read in
        # the order of the index on (naam, id) instead of sorting every aanbod.
        qs = qs.filter(
            Q(pk__in=Aanbod.levensdomeinen.through.objects.filter(levensdomein__uuid=term).values("aanbod_id"))
            | Q(pk__in=Aanbod.doelgroepen.through.objects.filter(doelgroep__uuid=term).values("aanbod_id"))
        )  # fmt: skip
    if request.GET.get("modified_after"):
        moment = datum_tijd(request.GET["modified_after"], naam="modified_after")
        qs = qs.filter(gewijzigd__gt=moment)
    qs = zoek_qs(qs, request.GET.get("search", ""))
    return hsds.service_prefetch(qs).order_by("naam", "pk")


@hsds_view
def services(request):
    vandaag = timezone.localdate()
    return _lijst(request, _services_qs(request), lambda a: hsds.service(a, vandaag))


@hsds_view
def service(request, pk):
    aanbod = hsds.service_prefetch(Aanbod.objects.filter(pk=_uuid(pk, "id"))).first()
    if aanbod is None:
        raise Fout("Dit aanbod bestaat niet.", 404)
    return hsds.service(aanbod, timezone.localdate())


@hsds_view
def organizations(request):
    return _lijst(request, Organisatie.objects.order_by("naam", "pk"), hsds.organization)


@hsds_view
def organization(request, pk):
    """The organisation with its services: their basic fields, or with
    ?full_service=true each as /services/{id} gives it (without the organisation again)."""
    organisatie = Organisatie.objects.filter(pk=_uuid(pk, "id")).first()
    if organisatie is None:
        raise Fout("Deze organisatie bestaat niet.", 404)
    volledig = _ja_nee(request, "full_service")
    aanbod = Aanbod.objects.filter(organisatie=organisatie).order_by("naam", "pk")
    if volledig:
        vandaag = timezone.localdate()
        services = [
            {k: v for k, v in hsds.service(a, vandaag).items() if k != "organization"}
            for a in hsds.service_prefetch(aanbod)
        ]
    else:
        services = [hsds.service_kort(a) for a in aanbod]
    return {**hsds.organization(organisatie), "services": services}


def _ja_nee(request, naam: str) -> bool:
    waarde = request.GET.get(naam, "false").lower()
    if waarde not in ("true", "false"):
        raise Fout(f"'{naam}' moet true of false zijn.")
    return waarde == "true"


@hsds_view
def taxonomies(request):
    items = [hsds.taxonomy(soort) for soort in hsds.TAXONOMIE]
    return hsds.pagina(items, len(items), 1, max(1, len(items)))


@hsds_view
def taxonomy_terms(request):
    filter_id = request.GET.get("taxonomy_id")
    termen = []
    for soort, (taxonomie_id, _, model) in hsds.TAXONOMIE.items():
        if filter_id and _uuid(filter_id, "taxonomy_id") != taxonomie_id:
            continue
        termen += [hsds.taxonomy_term(term, soort) for term in model.objects.all()]
    return _lijst(request, termen, lambda term: term)


@hsds_view
def service_at_locations(request):
    qs = hsds.service_at_location_prefetch(AanbodOpVestiging.objects.order_by("pk"))
    if request.GET.get("organization_id"):
        qs = qs.filter(
            aanbod__organisatie_id=_uuid(request.GET["organization_id"], "organization_id")
        )
    vandaag = timezone.localdate()
    return _lijst(request, qs, lambda k: hsds.service_at_location(k, vandaag))
