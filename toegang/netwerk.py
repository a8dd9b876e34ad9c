"""The client's address, also behind a reverse proxy: one place for rate limits and logs."""

import ipaddress

from django.conf import settings


def client_adres(request) -> str:
    """REMOTE_ADDR, or with TRUSTED_PROXY_COUNT = n the address the n-th proxy from us saw.

    X-Forwarded-For is "client, proxy1, proxy2": each proxy appends the address it got the
    request from. Only the last n entries were written by our own proxies; anything to the
    left of them the client may have typed itself, so it is never trusted.
    """
    aantal = settings.TRUSTED_PROXY_COUNT
    if aantal:
        doorgestuurd = [
            deel.strip()
            for deel in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if deel.strip()
        ]
        if len(doorgestuurd) >= aantal:
            return doorgestuurd[-aantal]
    return request.META.get("REMOTE_ADDR", "") or "onbekend"


def client_ip(request) -> str | None:
    """`client_adres` when it is an IP address, else None (django-axes stores it as one)."""
    adres = client_adres(request)
    try:
        return str(ipaddress.ip_address(adres))
    except ValueError:
        return None
