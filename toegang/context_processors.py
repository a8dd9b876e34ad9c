from django.conf import settings


def gemeente(request):
    return {
        "GEMEENTE_TELEFOON": settings.GEMEENTE_TELEFOON,
        "GEMEENTE_EMAIL": settings.GEMEENTE_EMAIL,
    }


def berichten(request):
    """The unread count of in-app messages in the header, for logged-in users only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"ongelezen_berichten": lambda: user.berichten.ongelezen().count()}
