"""Importing the directory from CSV and exporting it as CSV or Excel.

Imports are two steps, without JavaScript: the uploaded file is checked (a dry
run that saves nothing), then kept in the session until the person confirms
"Import N rows". Exports hold public directory details only.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from . import exporting, importing
from .access import get_organisation_for_user
from .forms_data import ConfirmImportForm, ImportFileForm

ERRORS_SHOWN = 500


@require_http_methods(["GET", "POST"])
def organisation_import(request, pk):
    """A manager imports their organisation's services (and locations) from a CSV file."""
    organisation = get_organisation_for_user(request.user, pk, write=True)
    return _import_page(request, scope=importing.SERVICES, organisation=organisation)


@require_http_methods(["GET", "POST"])
def directory_import(request):
    """An administrator imports organisations and their services for the whole directory."""
    importing.require_directory_import(request.user)
    return _import_page(request, scope=importing.DIRECTORY, organisation=None)


@dataclass
class ImportStep:
    """Where a two-step import stands after this request."""

    form: ImportFileForm
    result: Any = None  # the dry run's (or a refused import's) ImportResult
    token: str = ""  # set when a checked file waits in the session for confirming
    response: HttpResponse | None = None  # a redirect, when the request is answered


def import_step(request, *, session_key: str, run: Callable, done_url: str) -> ImportStep:
    """Check an uploaded file (a dry run), keep it in the session, and import it once confirmed.

    run(text, dry_run=...) imports a file's text and returns an ImportResult, or raises
    ImportFileError for a file it cannot read at all.
    """
    step = ImportStep(form=ImportFileForm())
    if request.method == "POST" and "token" in request.POST:
        confirm = ConfirmImportForm(request.POST)
        pending = request.session.get(session_key)
        if not (
            confirm.is_valid() and pending and pending["token"] == confirm.cleaned_data["token"]
        ):
            messages.error(request, "We no longer have the file you checked. Upload it again.")
            step.response = redirect(request.path)
            return step
        try:
            step.result = run(pending["text"], dry_run=False)
        except importing.ImportFileError as error:
            messages.error(request, error.message)
            step.response = redirect(request.path)
            return step
        if step.result.ok:
            del request.session[session_key]
            changes = ", ".join(step.result.summary()) or "nothing needed changing"
            messages.success(
                request, f"Imported {step.result.rows} rows from {pending['filename']}: {changes}."
            )
            step.response = redirect(done_url)
    elif request.method == "POST":
        step.form = ImportFileForm(request.POST, request.FILES)
        if step.form.is_valid():
            try:
                step.result = run(step.form.text, dry_run=True)
            except importing.ImportFileError as error:
                step.form.add_error("file", error.message)
            else:
                if step.result.ok:
                    step.token = hashlib.sha256(step.form.text.encode()).hexdigest()
                    request.session[session_key] = {
                        "token": step.token,
                        "text": step.form.text,
                        "filename": PurePath(step.form.cleaned_data["file"].name).name[:100],
                    }
    return step


def _import_page(request, *, scope, organisation):
    step = import_step(
        request,
        session_key=f"directorydata:import:{organisation.pk if organisation else scope}",
        run=lambda text, dry_run: importing.directory_import(
            text=text, scope=scope, organisation=organisation, dry_run=dry_run
        ),
        done_url=request.path,
    )
    if step.response:
        return step.response
    form, result, token = step.form, step.result, step.token
    return render(
        request,
        "ecosystem/data/import.html",
        {
            "organisation": organisation,
            "scope": scope,
            "form": form,
            "result": result,
            "errors_shown": result.errors[:ERRORS_SHOWN] if result else [],
            "errors_hidden": max(0, len(result.errors) - ERRORS_SHOWN) if result else 0,
            "confirm_form": ConfirmImportForm(initial={"token": token}) if token else None,
            "columns": importing.column_guide(scope),
            "max_rows": importing.MAX_ROWS,
            "max_megabytes": importing.MAX_BYTES // (1024 * 1024),
            "template_url": reverse("directorydata:template", kwargs={"scope": scope}),
        },
    )


@require_GET
def organisation_export(request, pk, fmt):
    """An organisation's services, in the import's columns, for its own staff."""
    organisation = get_organisation_for_user(request.user, pk)
    table = exporting.organisation_services_table(organisation)
    return _download(table, fmt, f"{organisation.slug}-services")


@login_not_required
@require_GET
def directory_export(request, kind, fmt):
    """The public directory: every organisation, or every service, as CSV or Excel."""
    if kind == "organisations":
        table = exporting.directory_organisations_table()
    else:
        table = exporting.directory_services_table()
    return _download(table, fmt, f"directory-{kind}")


@login_not_required
@require_GET
def import_template(request, scope):
    """A CSV with the import's column headings and one example row."""
    response = HttpResponse(
        importing.template_csv(scope).encode("utf-8-sig"),
        content_type=exporting.FORMATS[exporting.CSV],
    )
    name = (
        "services-import-template" if scope == importing.SERVICES else "directory-import-template"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _download(table, fmt, stem):
    response = HttpResponse(exporting.table_file(table, fmt), content_type=exporting.FORMATS[fmt])
    filename = exporting.export_filename(stem, fmt)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
