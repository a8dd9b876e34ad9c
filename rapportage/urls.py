from django.urls import path, re_path

from . import views, views_klantreis, views_witte_vlekken

app_name = "rapportage"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    re_path(r"^tabel/(?P<sleutel>[-a-z]+)\.(?P<formaat>csv|xlsx)$", views.tabel, name="tabel"),
    path("witte-vlekken/", views_witte_vlekken.witte_vlekken, name="witte_vlekken"),
    re_path(
        r"^witte-vlekken/tabel/(?P<sleutel>[-a-z]+)\.(?P<formaat>csv|xlsx)$",
        views_witte_vlekken.witte_vlekken_tabel,
        name="witte_vlekken_tabel",
    ),
    path("exports/", views.export_aanvragen, name="export_aanvragen"),
    path("exports/<uuid:pk>/", views.export_status, name="export"),
    path("exports/<uuid:pk>/bestand/", views.export_bestand, name="export_bestand"),
    path("klantreis/", views_klantreis.klantreis, name="klantreis"),
    path("klantreis/kwartaal.pdf", views_klantreis.klantreis_pdf, name="klantreis_pdf"),
]
