"""Shared pieces of the JSON API: errors are JSON with a Dutch message under "fout"."""

from django.conf import settings
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from toegang.limiet import Limiet, wachttijd_minuten

MELDINGEN = {
    status.HTTP_401_UNAUTHORIZED: "U bent niet ingelogd.",
    status.HTTP_403_FORBIDDEN: "U heeft geen toegang tot deze gegevens.",
    status.HTTP_404_NOT_FOUND: "Niet gevonden.",
    status.HTTP_405_METHOD_NOT_ALLOWED: "Deze methode is hier niet toegestaan.",
    status.HTTP_406_NOT_ACCEPTABLE: "Dit formaat kunnen we niet leveren; vraag om JSON.",
    status.HTTP_429_TOO_MANY_REQUESTS: "Te veel verzoeken; probeer het later opnieuw.",
}


# The one schema component for an error response.
Fout = inline_serializer("Fout", {"fout": serializers.CharField()})


def fout(melding: str, code: int = status.HTTP_400_BAD_REQUEST) -> Response:
    return Response({"fout": melding}, status=code)


def te_veel(limiet: Limiet) -> Response:
    """The API's answer over a rate limit (toegang.limiet): 429, Retry-After, and the phone."""
    response = fout(
        f"Te veel verzoeken vanaf uw adres. Probeer het over {wachttijd_minuten(limiet)} "
        f"minuten opnieuw, of bel ons op {settings.GEMEENTE_TELEFOON}.",
        status.HTTP_429_TOO_MANY_REQUESTS,
    )
    response["Retry-After"] = str(limiet.seconden)
    return response


def uitzondering(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    if response.status_code in MELDINGEN:
        response.data = {"fout": MELDINGEN[response.status_code]}
    elif isinstance(response.data, dict) and "fout" not in response.data:
        response.data = {"fout": "Ongeldig verzoek.", "details": response.data}
    return response
