"""Importing the directory from CSV and exporting it as CSV or Excel.

Imports are the two steps of core.tabular_views, without JavaScript: the uploaded
file is checked (a dry run that saves nothing), then kept in the session until the
person confirms "Import N rows". Exports hold public directory details only.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.tabular import CSV
from core.tabular_views import file_download, import_context, import_step, table_download
from ecosystem.access import get_organisation_for_user

from . import exporting, importing
from .access import require_directory_import


@require_http_methods(["GET", "POST"])
def organisation_import(request, pk):
    """A manager imports their organisation's services (and locations) from a CSV file."""
    organisation = get_organisation_for_user(request.user, pk, write=True)
    return _import_page(request, scope=importing.SERVICES, organisation=organisation)


@require_http_methods(["GET", "POST"])
def directory_import(request):
    """An administrator imports organisations and their services for the whole directory."""
    require_directory_import(request.user)
    return _import_page(request, scope=importing.DIRECTORY, organisation=None)


def _import_page(request, *, scope, organisation):
    step = import_step(
        request,
        session_key=f"directorydata:import:{organisation.pk if organisation else scope}",
        run=lambda text, dry_run: importing.directory_import(
            text=text,
            scope=scope,
            organisation=organisation,
            actor=request.user,
            dry_run=dry_run,
        ),
        done_url=request.path,
    )
    if step.response:
        return step.response
    return render(
        request,
        "ecosystem/data/import.html",
        {
            **import_context(step),
            "organisation": organisation,
            "scope": scope,
            "columns": importing.column_guide(scope),
            "template_url": reverse("directorydata:template", kwargs={"scope": scope}),
        },
    )


@require_GET
def organisation_export(request, pk, fmt):
    """An organisation's services, in the import's columns, for its own staff."""
    organisation = get_organisation_for_user(request.user, pk)
    table = exporting.organisation_services_table(organisation)
    return table_download(table, fmt, f"{organisation.slug}-services")


@login_not_required
@require_GET
def directory_export(request, kind, fmt):
    """The public directory: every organisation, or every service, as CSV or Excel."""
    if kind == "organisations":
        table = exporting.directory_organisations_table()
    else:
        table = exporting.directory_services_table()
    return table_download(table, fmt, f"directory-{kind}")


@login_not_required
@require_GET
def import_template(request, scope):
    """A CSV with the import's column headings and one example row."""
    name = (
        "services-import-template" if scope == importing.SERVICES else "directory-import-template"
    )
    return file_download(importing.template_csv(scope), CSV, f"{name}.csv")
