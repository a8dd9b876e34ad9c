from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.InlogView.as_view(), name="login"),
    path("inloggen/code/", views.code, name="code"),
    path("inloggen/gemeente/", views.gemeente_account, name="oidc_start"),
    path("inloggen/gemeente/terug/", views.gemeente_account_terug, name="oidc_terug"),
    path("uitloggen/", views.uitloggen, name="logout"),
    path("uitgelogd/", views.uitgelogd, name="uitgelogd"),
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
