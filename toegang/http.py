"""Small HTTP helpers every app uses."""

from django.http import HttpResponseRedirect


def zie_andere(url: str) -> HttpResponseRedirect:
    """303 See Other after a POST: the browser GETs the next page, a refresh posts nothing."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response
