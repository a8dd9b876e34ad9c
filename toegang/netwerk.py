"""The client's address, also behind a reverse proxy: one place for rate limits and logs."""

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
