from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Mail, UitgaandeTaak, User


@admin.register(User)
class GebruikerAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "rol", "organisatie", "is_active")
    list_filter = ("rol", "is_active", "organisatie")
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Persoonlijke gegevens", {"fields": ("first_name", "last_name", "email")}),
        ("Rol", {"fields": ("rol", "organisatie", "is_active")}),
        ("Belangrijke datums", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "rol", "organisatie", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")


@admin.register(Mail)
class MailAdmin(admin.ModelAdmin):
    """What was sent, and what failed after every retry; read-only."""

    list_display = ("onderwerp", "aan", "status", "pogingen", "aangemaakt", "verzonden_op")
    list_filter = ("status",)
    search_fields = ("aan", "onderwerp")
    readonly_fields = [f.name for f in Mail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(UitgaandeTaak)
class UitgaandeTaakAdmin(admin.ModelAdmin):
    """The outbox: tasks still waiting for the broker show an empty 'gepubliceerd op'."""

    list_display = ("taak", "aangemaakt", "gepubliceerd_op")
    list_filter = ("taak",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
