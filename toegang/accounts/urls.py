from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.InlogView.as_view(), name="login"),
    path(
        "uitloggen/",
        auth_views.LogoutView.as_view(template_name="accounts/logged_out.html"),
        name="logout",
    ),
    path("start/", views.start, name="start"),
    path("berichten/", views.berichten, name="berichten"),
    path("berichten/gelezen/", views.berichten_gelezen, name="berichten_gelezen"),
]
