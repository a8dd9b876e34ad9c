"""The beheerder sets the referral terms per organisation. Cases and referrals themselves are
not in /beheer/: they hold personal data that the beheerder has no need to see."""

from django.contrib import admin

from .models import Reactietermijnen


@admin.register(Reactietermijnen)
class ReactietermijnenAdmin(admin.ModelAdmin):
    list_display = ("organisatie", *Reactietermijnen.VELDEN)
    autocomplete_fields = ("organisatie",)
    search_fields = ("organisatie__naam",)
