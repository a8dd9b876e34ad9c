"""Read-only JSON about the front-door locations: list with open-now, and openingsmomenten."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from toegang.api import Fout, fout

from .forms import EERSTE_JAAR, LAATSTE_JAAR, MAX_DAGEN, PeriodeForm
from .models import Toegangslocatie, statussen


class Openbaar(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []


class LocatieLijst(Openbaar):
    @extend_schema(
        summary="Toegangslocaties met open-nu en volgende opening",
        responses=inline_serializer(
            "Locaties",
            {
                "locaties": inline_serializer(
                    "Locatie",
                    {
                        "slug": serializers.SlugField(),
                        "naam": serializers.CharField(),
                        "adres": serializers.CharField(),
                        "nu_open": serializers.BooleanField(),
                        "volgende_opening": serializers.DateTimeField(allow_null=True),
                    },
                    many=True,
                )
            },
        ),
    )
    def get(self, request):
        locaties = Toegangslocatie.objects.all()
        per_locatie = statussen(locaties)
        data = []
        for locatie in locaties:
            status = per_locatie[locatie.pk]
            data.append(
                {
                    "slug": locatie.slug,
                    "naam": locatie.naam,
                    "adres": locatie.adres,
                    "nu_open": status.nu_open,
                    "volgende_opening": status.volgende.start.isoformat()
                    if status.volgende
                    else None,
                }
            )
        return Response({"locaties": data})


class Openingsmomenten(Openbaar):
    @extend_schema(
        summary="Openingsmomenten van één locatie in een periode",
        parameters=[
            OpenApiParameter(
                "van",
                OpenApiTypes.DATE,
                required=True,
                description=f"Eerste dag, JJJJ-MM-DD (inclusief), in {EERSTE_JAAR}–{LAATSTE_JAAR}.",
            ),
            OpenApiParameter(
                "tot",
                OpenApiTypes.DATE,
                required=True,
                description=f"Laatste dag, JJJJ-MM-DD (inclusief); hoogstens {MAX_DAGEN} dagen.",
            ),
        ],
        responses={
            200: inline_serializer(
                "LocatieOpeningsmomenten",
                {
                    "locatie": serializers.SlugField(),
                    "openingsmomenten": inline_serializer(
                        "Openingsmoment",
                        {
                            "datum": serializers.DateField(),
                            "dagdeel": serializers.ChoiceField(
                                choices=["ochtend", "middag", "avond"]
                            ),
                            "start": serializers.DateTimeField(),
                            "einde": serializers.DateTimeField(),
                        },
                        many=True,
                    ),
                },
            ),
            400: Fout,
            404: Fout,
        },
    )
    def get(self, request, slug):
        locatie = Toegangslocatie.objects.filter(slug=slug).first()
        if locatie is None:
            return fout(f"Er is geen locatie '{slug[:60]}'.", 404)
        form = PeriodeForm(request.query_params)
        if not form.is_valid():
            return fout(" ".join(f for lijst in form.errors.values() for f in lijst))
        van, tot = form.cleaned_data["van"], form.cleaned_data["tot"]
        return Response(
            {
                "locatie": locatie.slug,
                "openingsmomenten": [
                    {
                        "datum": m.datum.isoformat(),
                        "dagdeel": m.dagdeel,
                        "start": m.start.isoformat(),
                        "einde": m.einde.isoformat(),
                    }
                    for m in locatie.openingsmomenten(van, tot)
                ],
            }
        )
