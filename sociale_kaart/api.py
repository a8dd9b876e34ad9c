"""GET /api/v1/aanbod/: the same search engine as the page, as JSON."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from toegang.api import Fout, fout, te_veel
from toegang.invoer import OngeldigeInvoer, paginanummer
from toegang.limiet import ZOEKEN

from .models import Aanbod, VestigingKern
from .zoeken import MAX_ZOEKTEKST, PER_PAGINA, Filters, zoek

OrganisatieKort = inline_serializer(
    "OrganisatieKort", {"id": serializers.UUIDField(), "naam": serializers.CharField()}
)
AANBOD_VELDEN = {
    "id": serializers.UUIDField(),
    "slug": serializers.SlugField(),
    "naam": serializers.CharField(),
    "organisatie": OrganisatieKort,
    "levensdomeinen": serializers.ListField(child=serializers.CharField()),
    "url": serializers.URLField(),
}


class AanbodZoeken(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        summary="Zoek aanbod in de sociale kaart",
        parameters=[
            OpenApiParameter(
                "q", str, description=f"Zoektekst; na {MAX_ZOEKTEKST} tekens afgekapt."
            ),
            OpenApiParameter("levensdomein", str, description="Slug van een levensdomein."),
            OpenApiParameter("doelgroep", str, description="Slug van een doelgroep."),
            OpenApiParameter("kern", str, enum=VestigingKern.values, description="Kern (plaats)."),
            OpenApiParameter("kosten", str, enum=["gratis", "eigen_bijdrage", "betaald"]),
            OpenApiParameter(
                "page",
                {"type": "integer", "minimum": 1},
                description="Paginanummer, vanaf 1; voorbij de laatste geeft de laatste.",
            ),
        ],
        responses={
            200: inline_serializer(
                "AanbodZoekresultaat",
                {
                    "count": serializers.IntegerField(),
                    "suggestie": serializers.CharField(allow_null=True),
                    "results": inline_serializer("AanbodResultaat", AANBOD_VELDEN, many=True),
                },
            ),
            400: Fout,
            429: Fout,
        },
    )
    def get(self, request):
        if not ZOEKEN.tellen(request):
            return te_veel(ZOEKEN)
        try:
            pagina = paginanummer(request.query_params.get("page"))
        except OngeldigeInvoer as ongeldig:
            return fout(str(ongeldig))
        filters = Filters.uit(request.query_params)
        if filters.genegeerd:
            return fout(f"Onbekende waarde voor: {', '.join(filters.genegeerd)}.")
        resultaat = zoek(request.query_params.get("q", ""), filters, pagina, PER_PAGINA)
        aanbod = list(resultaat.pagina)
        domeinen = _domeinen(aanbod)
        return Response(
            {
                "count": resultaat.aantal,
                "suggestie": resultaat.suggestie,
                "results": [
                    {
                        "id": str(a.pk),
                        "slug": a.slug,
                        "naam": a.naam,
                        "organisatie": {"id": str(a.organisatie_id), "naam": a.organisatie.naam},
                        "levensdomeinen": domeinen.get(a.pk, []),
                        "url": request.build_absolute_uri(a.get_absolute_url()),
                    }
                    for a in aanbod
                ],
            }
        )


def _domeinen(aanbod) -> dict:
    uitkomst: dict = {}
    for pk, slug in (
        Aanbod.levensdomeinen.through.objects.filter(aanbod__in=[a.pk for a in aanbod])
        .order_by("levensdomein__volgorde")
        .values_list("aanbod_id", "levensdomein__slug")
    ):
        uitkomst.setdefault(pk, []).append(slug)
    return uitkomst
