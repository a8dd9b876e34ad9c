def ongelezen(request):
    """The unread count of in-app messages in the header, for logged-in users only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"ongelezen_berichten": lambda: user.berichten.ongelezen().count()}
