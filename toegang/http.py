"""Small HTTP helpers every app uses."""

from functools import wraps

from django.http import HttpResponseRedirect


def zie_andere(url: str) -> HttpResponseRedirect:
    """303 See Other after a POST: the browser GETs the next page, a refresh posts nothing."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def geheim(referrer_policy: str = "no-referrer"):
    """View decorator for pages whose address is a secret (the token is the key): never
    cached, never indexed, and the address never leaks through a Referer header.

    A page with a form of its own gets `strict-origin`: under `no-referrer` browsers send
    `Origin: null` with the POST and Django's CSRF check rightly refuses it. strict-origin
    still never sends the path (and so the token) anywhere.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response["Cache-Control"] = "no-store"
            response["Referrer-Policy"] = referrer_policy
            response["X-Robots-Tag"] = "noindex"
            return response

        return wrapper

    return decorator
