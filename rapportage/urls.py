from django.urls import path

from . import views

app_name = "rapportage"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
