from django.urls import path

from . import views

app_name = "local_models"

urlpatterns = [
    path("", views.index, name="index"),
    path("places/<uuid:place_pk>/create/", views.derive, name="derive"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path(
        "<uuid:pk>/elements/<uuid:element_pk>/edit/",
        views.element_edit,
        name="element_edit",
    ),
    path(
        "<uuid:pk>/sections/<uuid:section_pk>/add-element/",
        views.element_add,
        name="element_add",
    ),
]
