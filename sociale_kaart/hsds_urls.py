from django.urls import path

from . import hsds_views as views

app_name = "hsds"
urlpatterns = [
    path("", views.root, name="root"),
    path("services", views.services, name="services"),
    path("services/<str:pk>", views.service, name="service"),
    path("organizations", views.organizations, name="organizations"),
    path("organizations/<str:pk>", views.organization, name="organization"),
    path("taxonomies", views.taxonomies, name="taxonomies"),
    path("taxonomy_terms", views.taxonomy_terms, name="taxonomy_terms"),
    path("service_at_locations", views.service_at_locations, name="service_at_locations"),
]
