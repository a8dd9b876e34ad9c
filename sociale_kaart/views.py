from django.shortcuts import get_object_or_404, render

from locaties.models import Toegangslocatie

from .models import Levensdomein


def home(request):
    """The direct entry to the social domain: what you can come with, where, when, how."""
    return render(
        request,
        "sociale_kaart/home.html",
        {
            "levensdomeinen": Levensdomein.objects.all(),
            "locaties": Toegangslocatie.objects.met_schema(),
        },
    )


def levensdomein(request, slug):
    domein = get_object_or_404(Levensdomein, slug=slug)
    return render(
        request,
        "sociale_kaart/levensdomein.html",
        {
            "domein": domein,
            "organisaties": domein.organisaties.all(),
            "locaties": Toegangslocatie.objects.met_schema(),
        },
    )
