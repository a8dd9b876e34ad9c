"""/beheer/: the Django admin in Dutch, for the beheerder role only."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from toegang.accounts.roles import Rol, heeft_rol


class BeheerSite(admin.AdminSite):
    site_header = "Toegang Aalten — beheer"
    site_title = "Beheer Toegang Aalten"
    index_title = "Functioneel beheer"

    def has_permission(self, request):
        # Beheerder, and logged in with the second step (django-otp's OTPMiddleware).
        verified = getattr(request.user, "is_verified", None)
        return heeft_rol(request.user, Rol.BEHEERDER) and bool(verified and verified())

    def login(self, request, extra_context=None):
        # One login page for everyone; staff of other roles get a 403, not a second form.
        if not request.user.is_authenticated:
            return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
        if self.has_permission(request):
            # The beheerder is in already (a bookmark, the back button): on to the admin.
            return redirect("admin:index")
        raise PermissionDenied

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        wrapper.__dict__.update(inner.__dict__)
        return wrapper
