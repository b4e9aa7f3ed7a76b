from django.urls import include, path

from . import views

app_name = "ecosystem"

urlpatterns = [
    path("<uuid:pk>/", views.manage, name="manage"),
    path("<uuid:pk>/details/", views.edit_organisation, name="organisation_edit"),
    path("<uuid:pk>/services/new/", views.add_service, name="service_create"),
    path("<uuid:pk>/services/<uuid:service_pk>/", views.edit_service, name="service_edit"),
    path(
        "<uuid:pk>/services/<uuid:service_pk>/retire/",
        views.retire_service,
        name="service_retire",
    ),
    path("<uuid:pk>/locations/new/", views.add_location, name="location_create"),
    path("<uuid:pk>/locations/<uuid:location_pk>/", views.edit_location, name="location_edit"),
    path(
        "<uuid:pk>/locations/<uuid:location_pk>/delete/",
        views.delete_location,
        name="location_delete",
    ),
    path("<uuid:pk>/team/", views.team, name="team"),
    path("<uuid:pk>/team/<int:membership_pk>/role/", views.change_role, name="change_role"),
    path("", include("ecosystem.invitations.urls")),
]
