from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group

from toegang.admin import BeheerAdmin

from .models import Inlogbeleid, User

# What a user may do follows from their rol (a beheerder is the only superuser); Django's
# groups and permissions grant nothing here, so /beheer/ does not offer them to edit.
admin.site.unregister(Group)


@admin.register(User)
class GebruikerAdmin(BeheerAdmin, UserAdmin):
    list_display = ("username", "first_name", "last_name", "rol", "organisatie", "is_active")
    # Only the organisations that have accounts, not all thousand of the sociale kaart.
    list_filter = ("rol", "is_active", ("organisatie", admin.RelatedOnlyFieldListFilter))
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("organisatie",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Persoonlijke gegevens", {"fields": ("first_name", "last_name", "email")}),
        ("Rol", {"fields": ("rol", "organisatie", "is_active", "oidc_sub")}),
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
    readonly_fields = ("last_login", "date_joined", "oidc_sub")


@admin.register(Inlogbeleid)
class InlogbeleidAdmin(BeheerAdmin):
    """One row: whether the municipality's own staff may still log in with a password."""

    list_display = ("__str__", "wachtwoord_voor_gemeente")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Inlogbeleid.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
