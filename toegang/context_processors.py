from django.conf import settings


def gemeente(request):
    return {
        "GEMEENTE_TELEFOON": settings.GEMEENTE_TELEFOON,
        "GEMEENTE_EMAIL": settings.GEMEENTE_EMAIL,
    }
