from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST


@login_required
def lijst(request):
    """The user's in-app messages, unread first; opening the page does not mark them read."""
    alle = request.user.berichten.all()
    return render(
        request,
        "berichten/lijst.html",
        {
            "ongelezen": alle.filter(gelezen_op__isnull=True)[:200],
            "gelezen": alle.filter(gelezen_op__isnull=False)[:50],
        },
    )


@require_POST
@login_required
def gelezen(request):
    """Mark all of the user's unread messages as read; harmless when repeated."""
    request.user.berichten.ongelezen().update(gelezen_op=timezone.now())
    terug = request.POST.get("terug", "")
    if terug == reverse("berichten:lijst"):
        return redirect(terug)
    return redirect(request.user.start_url)
