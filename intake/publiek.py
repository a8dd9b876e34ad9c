"""Pages for residents: ask a question, follow it, say how it went. (Being built.)"""

from django.http import Http404


def hulpvraag_stellen(request):
    raise Http404


def verstuurd(request, token):
    raise Http404


def status(request, token):
    raise Http404


def feedback(request, token):
    raise Http404
