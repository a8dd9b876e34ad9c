"""Project-wide views: the health checks for load balancers and monitoring
(toegang.gezondheid). They answer before any other middleware looks at the request
(toegang.middleware.gezondheid_eerst)."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from toegang import gezondheid


def _antwoord(uitslag: gezondheid.Uitslag) -> JsonResponse:
    return JsonResponse(uitslag.antwoord, status=200 if uitslag.gezond else 503)


@never_cache
@require_safe
def live(request):
    """The process answers; nothing else is asked (a restart would not help that)."""
    return JsonResponse({"status": gezondheid.OK})


@never_cache
@require_safe
def health(request):
    """Readiness, for the load balancer: 503 only when the database cannot serve."""
    return _antwoord(gezondheid.gereedheid())


@never_cache
@require_safe
def status(request):
    """For monitoring: 503 when any part needs someone to look at it."""
    return _antwoord(gezondheid.status())
