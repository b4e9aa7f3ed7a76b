"""Importing and exporting the directory; mounted at /work/organisations/ beside ecosystem.urls."""

from django.urls import path, register_converter

from core.converters import OneOf

from . import views


class ExportKindConverter(OneOf):
    regex = "services|organisations"


class ImportScopeConverter(OneOf):
    regex = "services|directory"


register_converter(ExportKindConverter, "exportkind")
register_converter(ImportScopeConverter, "importscope")

app_name = "directorydata"

urlpatterns = [
    path("<uuid:pk>/import/", views.organisation_import, name="import"),
    path("<uuid:pk>/export.<exportformat:fmt>", views.organisation_export, name="export"),
    path("import/", views.directory_import, name="import_directory"),
    path("import/template-<importscope:scope>.csv", views.import_template, name="template"),
    path(
        "export/<exportkind:kind>.<exportformat:fmt>",
        views.directory_export,
        name="public_export",
    ),
]
