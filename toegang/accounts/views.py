from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from .forms import InlogForm


class InlogView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = InlogForm
    redirect_authenticated_user = True


@login_required
def start(request):
    """Send each role to its own start page."""
    return redirect(request.user.start_url)
