from django.shortcuts import render

from .services import LogboekOnbereikbaar


class LogboekMiddleware:
    """A read or write whose log row could not be written shows a friendly page instead of
    the data (and changed nothing: `vastgelegd` rolled it back)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, LogboekOnbereikbaar):
            return render(request, "privacy/logboek_onbereikbaar.html", status=503)
        return None
