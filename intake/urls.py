from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("vraag-stellen/", views.vraag_stellen, name="vraag_stellen"),
    path("balie/", views.balie, name="balie"),
    path("partner/", views.partner, name="partner"),
]
