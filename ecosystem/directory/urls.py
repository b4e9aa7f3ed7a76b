from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.index, name="index"),
    path("places/", views.places, name="places"),
    path("places/<slug:slug>/", views.place, name="place"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path(
        "organisations/<slug:organisation_slug>/services/<slug:slug>/",
        views.service,
        name="service",
    ),
    path("services/", views.services, name="services"),
]
