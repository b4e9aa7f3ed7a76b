"""The two-step import page and the file downloads every app's data pages share.

An import is two steps, without JavaScript: the uploaded file is checked (a dry run
that saves nothing), then kept in the session, named by its hash, until the person
confirms "Import N rows". Each app's view calls import_step with its own importer and
renders its own page, with import_context for what every import page shows.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from .tabular import (
    FORMATS,
    MAX_BYTES,
    MAX_ROWS,
    SAVE_AS_CSV,
    ImportFileError,
    Table,
    decode_upload,
    export_filename,
    table_file,
)

ERRORS_SHOWN = 500
SPREADSHEET_EXTENSIONS = (".xlsx", ".xls", ".xlsm", ".ods", ".numbers")


class ImportFileForm(forms.Form):
    """A CSV file to check; its text is in `text` once the form is valid."""

    file = forms.FileField(
        label="CSV file",
        help_text=f"A .csv file saved as UTF-8, up to {MAX_BYTES // (1024 * 1024)} MB and {MAX_ROWS:,} rows.",
        error_messages={
            "required": "Choose a CSV file to upload.",
            "empty": "The file is empty. Choose the CSV file with your rows in it.",
            "invalid": "Choose a CSV file to upload.",
        },
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.text = ""
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field("file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if name.endswith(SPREADSHEET_EXTENSIONS):
            raise forms.ValidationError(
                f"This is a spreadsheet workbook, not a CSV file. {SAVE_AS_CSV} Then upload that file."
            )
        if not name.endswith((".csv", ".txt")):
            raise forms.ValidationError("Choose a CSV file: its name ends in .csv. " + SAVE_AS_CSV)
        if upload.size is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The file is too big: the largest we take is {MAX_BYTES // (1024 * 1024)} MB "
                f"(up to {MAX_ROWS:,} rows). Split it into smaller files and import each one."
            )
        try:
            self.text = decode_upload(upload.read())
        except ImportFileError as error:
            raise forms.ValidationError(error.message) from None
        return upload


class ConfirmImportForm(forms.Form):
    """The second step: import the file that was checked (kept in the session, named by its hash)."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


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
        except ImportFileError as error:
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
            except ImportFileError as error:
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


def import_context(step: ImportStep) -> dict[str, Any]:
    """What every import page shows: the upload form, the report of the check, the confirm button, the limits."""
    result = step.result
    return {
        "form": step.form,
        "result": result,
        "errors_shown": result.errors[:ERRORS_SHOWN] if result else [],
        "errors_hidden": max(0, len(result.errors) - ERRORS_SHOWN) if result else 0,
        "confirm_form": ConfirmImportForm(initial={"token": step.token}) if step.token else None,
        "max_rows": MAX_ROWS,
        "max_megabytes": MAX_BYTES // (1024 * 1024),
    }


def file_download(content: bytes, fmt: str, filename: str) -> HttpResponse:
    """A response that downloads a CSV or Excel file under this name."""
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_download(table: Table, fmt: str, stem: str) -> HttpResponse:
    """A table as a CSV or Excel download, named by its stem and today's date."""
    return file_download(table_file(table, fmt), fmt, export_filename(stem, fmt))
