"""The beheerder sets the referral terms per organisation and the retention period per route.
Cases and referrals themselves are not in /beheer/: they hold personal data that the beheerder
has no need to see."""

from django.contrib import admin

from toegang.admin import BeheerAdmin

from .models import Bewaartermijn, Reactietermijnen


@admin.register(Reactietermijnen)
class ReactietermijnenAdmin(BeheerAdmin):
    list_display = ("organisatie", *Reactietermijnen.VELDEN)
    autocomplete_fields = ("organisatie",)
    search_fields = ("organisatie__naam",)


@admin.register(Bewaartermijn)
class BewaartermijnAdmin(BeheerAdmin):
    """Without any row every route keeps its cases 24 months after closing; the row without
    a route sets the standard for the routes that have no row of their own."""

    list_display = ("__str__", "route", "maanden")
    list_editable = ("maanden",)
    list_display_links = ("__str__",)
