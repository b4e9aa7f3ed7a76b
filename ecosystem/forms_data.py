"""Forms of the directory's import pages: a file upload, then a confirmation. No JavaScript needed."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms

from .importing import MAX_BYTES, MAX_ROWS, SAVE_AS_CSV, ImportFileError, decode_upload

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
