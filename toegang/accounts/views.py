from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
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


@login_required
def berichten(request):
    """The user's in-app messages, unread first; opening the page does not mark them read."""
    alle = request.user.berichten.all()
    return render(
        request,
        "accounts/berichten.html",
        {
            "ongelezen": alle.filter(gelezen_op__isnull=True)[:200],
            "gelezen": alle.filter(gelezen_op__isnull=False)[:50],
        },
    )


@require_POST
@login_required
def berichten_gelezen(request):
    """Mark all of the user's unread messages as read; harmless when repeated."""
    request.user.berichten.ongelezen().update(gelezen_op=timezone.now())
    terug = request.POST.get("terug", "")
    if terug == reverse("accounts:berichten"):
        return redirect(terug)
    return redirect(request.user.start_url)
