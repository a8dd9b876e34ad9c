from django.urls import path

from . import views

app_name = "berichten"
urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("gelezen/", views.gelezen, name="gelezen"),
]
