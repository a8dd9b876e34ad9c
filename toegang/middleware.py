"""Project-wide middleware that is not about accounts."""

from django.conf import settings
from django.shortcuts import render


def verzoek_begrenzen(get_response):
    """Refuse a request whose body is larger than VERZOEK_MAX_BYTES before anything reads it.

    Django itself refuses a larger body only when a view reads it, and then with a bare 400;
    here the sender gets 413 and a Dutch page. A body without a length is never read past
    DATA_UPLOAD_MAX_MEMORY_SIZE (the same number) by Django.
    """

    def middleware(request):
        try:
            lengte = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            lengte = 0
        if lengte > settings.VERZOEK_MAX_BYTES:
            return render(
                request,
                "413.html",
                {"max_kb": settings.VERZOEK_MAX_BYTES // 1024},
                status=413,
            )
        return get_response(request)

    return middleware
