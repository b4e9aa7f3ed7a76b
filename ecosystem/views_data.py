"""Importing the directory from CSV and exporting it as CSV or Excel.

Imports are two steps, without JavaScript: the uploaded file is checked (a dry
run that saves nothing), then kept in the session until the person confirms
"Import N rows". Exports hold public directory details only.
"""

import hashlib
from pathlib import PurePath

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


def _import_page(request, *, scope, organisation):
    session_key = f"directorydata:import:{organisation.pk if organisation else scope}"
    form, result, token = ImportFileForm(), None, ""

    if request.method == "POST" and "token" in request.POST:
        confirm = ConfirmImportForm(request.POST)
        pending = request.session.get(session_key)
        if not (
            confirm.is_valid() and pending and pending["token"] == confirm.cleaned_data["token"]
        ):
            messages.error(request, "We no longer have the file you checked. Upload it again.")
            return redirect(request.path)
        try:
            result = importing.directory_import(
                text=pending["text"], scope=scope, organisation=organisation, dry_run=False
            )
        except importing.ImportFileError as error:
            messages.error(request, error.message)
            return redirect(request.path)
        if result.ok:
            del request.session[session_key]
            changes = ", ".join(result.summary()) or "nothing needed changing"
            messages.success(
                request, f"Imported {result.rows} rows from {pending['filename']}: {changes}."
            )
            return redirect(request.path)
    elif request.method == "POST":
        form = ImportFileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = importing.directory_import(
                    text=form.text, scope=scope, organisation=organisation, dry_run=True
                )
            except importing.ImportFileError as error:
                form.add_error("file", error.message)
            else:
                if result.ok:
                    token = hashlib.sha256(form.text.encode()).hexdigest()
                    request.session[session_key] = {
                        "token": token,
                        "text": form.text,
                        "filename": PurePath(form.cleaned_data["file"].name).name[:100],
                    }

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
