from django.contrib import admin

from toegang.admin import BeheerAdmin

from .models import Mail, UitgaandeTaak


@admin.register(Mail)
class MailAdmin(BeheerAdmin):
    """What was sent, and what failed after every retry; read-only."""

    list_display = ("onderwerp", "aan", "status", "pogingen", "aangemaakt", "verzonden_op")
    list_filter = ("status",)
    search_fields = ("aan", "onderwerp")
    readonly_fields = [f.name for f in Mail._meta.fields]

    def get_fields(self, request, obj=None):
        # A secret mail's text is a key (a login link): not shown, not even before it is
        # sent and wiped.
        velden = super().get_fields(request, obj)
        return [v for v in velden if v != "tekst"] if obj is not None and obj.geheim else velden

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
