from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.InlogView.as_view(), name="login"),
    path("inloggen/code/", views.code, name="code"),
    path(
        "uitloggen/",
        auth_views.LogoutView.as_view(template_name="accounts/logged_out.html"),
        name="logout",
    ),
    path("start/", views.start, name="start"),
    path("tweestaps/", views.mijn_account, name="tweestaps"),
    path("tweestaps/instellen/", views.tweestaps_instellen, name="tweestaps_instellen"),
    path("tweestaps/herstelcodes/", views.herstelcodes, name="herstelcodes"),
    path(
        "tweestaps/herstelcodes/nieuw/",
        views.herstelcodes_vernieuwen,
        name="herstelcodes_vernieuwen",
    ),
    path("wachtwoord/", views.wachtwoord, name="wachtwoord"),
]
