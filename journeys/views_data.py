"""A hub's own data: importing its existing clients from CSV, exporting its journeys.

The import is two steps, without JavaScript, as for the directory (ecosystem.views_data):
the uploaded file is checked (a dry run that saves nothing), then kept in the session
until a manager confirms "Import N rows". Its staff see the page and the column guide,
but only managers import (403 for anyone else who posts). The export is for everyone
who works for the hub, and never holds barriers or equality answers.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from core.access import Access
from core.forms import error_list
from ecosystem import exporting
from ecosystem.forms_data import ConfirmImportForm
from ecosystem.importing import MAX_BYTES, MAX_ROWS
from ecosystem.selectors import organisation_access
from ecosystem.views_data import import_step

from . import importing
from .access import get_workplace_for_user
from .exporting import organisation_journeys_table

ERRORS_SHOWN = 500


def _can_manage(request, organisation) -> bool:
    return organisation_access(request.user, organisation) >= Access.WRITE


@require_http_methods(["GET", "POST"])
def clients_import(request, org_pk):
    """A manager imports the hub's existing clients from a CSV file: checked first, then confirmed."""
    organisation = get_workplace_for_user(request.user, org_pk, manage=request.method == "POST")
    step = import_step(
        request,
        session_key=f"journeys:import:{organisation.pk}",
        run=lambda text, dry_run: importing.clients_import(
            organisation=organisation, actor=request.user, text=text, dry_run=dry_run
        ),
        done_url=reverse("journeys:dashboard", kwargs={"org_pk": organisation.pk}),
    )
    if step.response:
        return step.response
    form, result, token = step.form, step.result, step.token

    return render(
        request,
        "journeys/data/import.html",
        {
            "organisation": organisation,
            "can_manage": _can_manage(request, organisation),
            "form": form,
            "errors": error_list(form),
            "result": result,
            "errors_shown": result.errors[:ERRORS_SHOWN] if result else [],
            "errors_hidden": max(0, len(result.errors) - ERRORS_SHOWN) if result else 0,
            "confirm_form": ConfirmImportForm(initial={"token": token}) if token else None,
            "columns": importing.column_guide(organisation),
            "max_rows": MAX_ROWS,
            "max_megabytes": MAX_BYTES // (1024 * 1024),
        },
    )


@require_GET
def import_template(request, org_pk):
    """A CSV with the import's column headings and one example row."""
    get_workplace_for_user(request.user, org_pk)
    response = HttpResponse(importing.template_csv(), content_type=exporting.FORMATS[exporting.CSV])
    response["Content-Disposition"] = 'attachment; filename="clients-import-template.csv"'
    return response


@require_GET
def journeys_export(request, org_pk, fmt):
    """The hub's journeys, one row each, as CSV or Excel, for the people who work there."""
    organisation = get_workplace_for_user(request.user, org_pk)
    table = organisation_journeys_table(organisation)
    response = HttpResponse(exporting.table_file(table, fmt), content_type=exporting.FORMATS[fmt])
    filename = exporting.export_filename(f"{organisation.slug}-journeys", fmt)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # People's details: no shared cache or browser history may keep a copy.
    patch_cache_control(response, private=True, no_store=True)
    return response
