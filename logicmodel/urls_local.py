from django.urls import path

from . import views_local

app_name = "localmodels"

urlpatterns = [
    path("", views_local.index, name="index"),
    path("places/<uuid:place_pk>/create/", views_local.derive, name="derive"),
    path("<uuid:pk>/", views_local.detail, name="detail"),
    path(
        "<uuid:pk>/elements/<uuid:element_pk>/edit/",
        views_local.element_edit,
        name="element_edit",
    ),
    path(
        "<uuid:pk>/sections/<uuid:section_pk>/add-element/",
        views_local.element_add,
        name="element_add",
    ),
]
