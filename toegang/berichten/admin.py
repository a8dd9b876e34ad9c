import re

from django.contrib import admin

from toegang.admin import BeheerAdmin

from .models import Mail, UitgaandeTaak

# A link's key (a status page, a visit, "klopt het nog?", capacity, a calendar feed): a
# secret of 43 characters, or a signature of as many.
LINK = re.compile(r"https?://\S+")
SLEUTEL = re.compile(r"[A-Za-z0-9_-]{32,}")
VERBORGEN = "[sleutel verborgen]"
# The text and the attachment are shown through these, without keys.
GETOOND = {"tekst": "tekst_getoond", "bijlage": "bijlage_getoond"}


def zonder_sleutels(tekst: str) -> str:
    """The text with the keys in its links left out."""
    return LINK.sub(lambda link: SLEUTEL.sub(VERBORGEN, link.group()), tekst)


@admin.register(Mail)
class MailAdmin(BeheerAdmin):
    """What was sent, and what failed after every retry; read-only. The beheerder reads a
    mail's text and attachment without the keys in their links: a resident's status page
    or visit, or a partner's form, is not theirs to open (need-to-know)."""

    list_display = ("onderwerp", "aan", "status", "pogingen", "aangemaakt", "verzonden_op")
    list_filter = ("status",)
    search_fields = ("aan", "onderwerp")
    fields = readonly_fields = [GETOOND.get(f.name, f.name) for f in Mail._meta.fields]

    @admin.display(description="tekst")
    def tekst_getoond(self, mail):
        return zonder_sleutels(mail.tekst)

    @admin.display(description="bijlage")
    def bijlage_getoond(self, mail):
        # An .ics folds its lines at 75 octets, a link too: unfolded first.
        return zonder_sleutels(mail.bijlage.replace("\r\n ", ""))

    def get_fields(self, request, obj=None):
        # A secret mail's text is a key (a login link): not shown, not even before it is
        # sent and wiped.
        velden = super().get_fields(request, obj)
        if obj is not None and obj.geheim:
            return [v for v in velden if v != "tekst_getoond"]
        return velden

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(UitgaandeTaak)
class UitgaandeTaakAdmin(BeheerAdmin):
    """The outbox: tasks still waiting for the broker show an empty 'gepubliceerd op'."""

    list_display = ("taak", "aangemaakt", "gepubliceerd_op")
    # Waiting or published; the task by name through the search, not a filter that reads
    # every row of the outbox for its names.
    list_filter = (("gepubliceerd_op", admin.EmptyFieldListFilter),)
    search_fields = ("taak",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
