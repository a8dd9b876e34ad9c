from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from toegang import views

urlpatterns = [
    path("", include("sociale_kaart.urls")),
    path("", include("locaties.urls")),
    path("", include("intake.urls")),
    path("api/hsds/", include("sociale_kaart.hsds_urls")),
    path("rapportage/", include("rapportage.urls")),
    path("account/berichten/", include("toegang.berichten.urls")),
    path("account/", include("toegang.accounts.urls")),
    path("beheer/", admin.site.urls),
    # The language switcher (templates/_taalkeuze.html) posts here: a cookie, then back.
    path("taal/", set_language, name="set_language"),
    path("health/", views.health, name="health"),
    path("health/live/", views.live, name="health-live"),
    path("health/status/", views.status, name="health-status"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/v1/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
]

# A request that cannot be read (toegang.invoer.OngeldigeInvoer): 400 with the reason in Dutch.
handler400 = "toegang.invoer.ongeldig_verzoek"
