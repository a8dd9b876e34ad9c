"""The real site plus reference views for the benchmarks.

- /bench/naive/?q=…  an icontains search over name and description, as Django admin does
- /bench/floor/      a bare view rendering a static page on the site's base template
"""

from django.db.models import Q
from django.shortcuts import render
from django.urls import include, path

from sociale_kaart.models import Aanbod


def naive(request):
    qs = Aanbod.objects.select_related("organisatie").order_by("naam")
    for woord in request.GET.get("q", "").split()[:10]:
        qs = qs.filter(Q(naam__icontains=woord) | Q(beschrijving__icontains=woord))
    return render(request, "bench/naive.html", {"aanbod": qs[:20], "aantal": qs.count()})


def floor(request):
    return render(request, "bench/floor.html")


urlpatterns = [
    path("bench/naive/", naive),
    path("bench/floor/", floor),
    path("", include("toegang.urls")),
]
