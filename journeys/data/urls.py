"""A hub's import and export, mounted inside journeys.urls with no namespace of its own.

The names stay journeys:import, journeys:import_template and journeys:export: these pages
sit under a hub's journeys (/work/journeys/hub/<id>/...) and every link already uses them.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("hub/<uuid:org_pk>/import/", views.clients_import, name="import"),
    path("hub/<uuid:org_pk>/import/template.csv", views.import_template, name="import_template"),
    path("hub/<uuid:org_pk>/export.<exportformat:fmt>", views.journeys_export, name="export"),
]
