from django.urls import path

from . import views

app_name = "sociale_kaart"
urlpatterns = [
    path("", views.home, name="home"),
    path("hulp/<slug:slug>/", views.levensdomein, name="levensdomein"),
]
