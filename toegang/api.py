"""Shared pieces of the JSON API: errors are JSON with a Dutch message under "fout"."""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

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


def uitzondering(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    if response.status_code in MELDINGEN:
        response.data = {"fout": MELDINGEN[response.status_code]}
    elif isinstance(response.data, dict) and "fout" not in response.data:
        response.data = {"fout": "Ongeldig verzoek.", "details": response.data}
    return response
