from django.utils.functional import SimpleLazyObject

from .models import Toegangslocatie


def toegangslocaties(request):
    """The front-door addresses for the footer of every page, read once per request."""
    return {"toegangslocaties": SimpleLazyObject(lambda: list(Toegangslocatie.objects.all()))}
