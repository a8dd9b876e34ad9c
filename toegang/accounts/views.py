from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from .forms import InlogForm


class InlogView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = InlogForm
    redirect_authenticated_user = True


@login_required
def start(request):
    """Send each role to its own start page."""
    return redirect(request.user.start_url)


@require_POST
@login_required
def berichten_gelezen(request):
    """Mark all of the user's unread messages as read; harmless when repeated."""
    request.user.berichten.ongelezen().update(gelezen_op=timezone.now())
    return redirect(request.user.start_url)
