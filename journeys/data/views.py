"""A hub's own data: importing its existing clients from CSV, exporting its journeys.

The import is the two steps of core.tabular_views, without JavaScript, as for the directory:
the uploaded file is checked (a dry run that saves nothing), then kept in the session
until a manager confirms "Import N rows". Its staff see the page and the column guide,
but only managers import (403 for anyone else who posts). The export is for everyone
who works for the hub, and never holds barriers or equality answers.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import error_list
from core.tabular import CSV
from core.tabular_views import file_download, import_context, import_step, table_download
from ecosystem.selectors import may_manage
from journeys.access import get_workplace_for_user

from . import importing
from .exporting import organisation_journeys_table


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
    return render(
        request,
        "journeys/data/import.html",
        {
            **import_context(step),
            "organisation": organisation,
            "can_manage": may_manage(request.user, organisation),
            "errors": error_list(step.form),
            "columns": importing.column_guide(organisation),
        },
    )


@require_GET
def import_template(request, org_pk):
    """A CSV with the import's column headings and one example row."""
    get_workplace_for_user(request.user, org_pk)
    return file_download(importing.template_csv(), CSV, "clients-import-template.csv")


@require_GET
def journeys_export(request, org_pk, fmt):
    """The hub's journeys, one row each, as CSV or Excel, for the people who work there."""
    organisation = get_workplace_for_user(request.user, org_pk)
    table = organisation_journeys_table(organisation)
    response = table_download(table, fmt, f"{organisation.slug}-journeys")
    # People's details: no shared cache or browser history may keep a copy.
    patch_cache_control(response, private=True, no_store=True)
    return response
