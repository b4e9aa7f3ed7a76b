"""Form pieces every app shares: headings inside crispy layouts, UK dates, the error summary."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html

DATE_FORMAT = "%d/%m/%Y"


class Heading:
    """A heading inside a crispy layout, its text escaped (crispy's HTML() would run it as a template)."""

    def __init__(self, level: int, text: str, css_class: str = ""):
        self.level, self.text, self.css_class = level, text, css_class

    def render(self, form, context, template_pack=None, **kwargs):
        return format_html(
            '<h{} class="{}">{}</h{}>', self.level, self.css_class, self.text, self.level
        )


class UKDateField(forms.DateField):
    """A date typed as day/month/year."""

    input_formats = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"]
    widget = forms.DateInput(
        format=DATE_FORMAT, attrs={"inputmode": "numeric", "size": 10, "autocomplete": "off"}
    )
    default_error_messages = {
        "invalid": "Enter the date as day/month/year, for example 27/03/2025.",
    }


class ChoiceOfRecordField(forms.ModelChoiceField):
    """A choice of one record whose id, if mangled, gets "choose from the list" like any bad choice."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code == "invalid_choice":
                raise
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from error


def inner_form_helper(*layout) -> FormHelper:
    """A crispy helper for a form rendered inside the page's own <form> element."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


def error_list(*forms_or_formsets) -> list[dict]:
    """Every problem with some forms and formsets, for the summary above them: text, and the field's id."""
    errors = []

    def add(form, row=""):
        errors.extend({"anchor": None, "text": f"{row}{e}"} for e in form.non_field_errors())
        for field in form:
            widget = field.field.widget
            grouped = isinstance(widget, forms.widgets.ChoiceWidget) and not isinstance(
                widget, forms.Select
            )
            anchor = f"{field.auto_id}_0" if grouped else field.auto_id
            if isinstance(
                widget, forms.CheckboxInput
            ):  # its label is a sentence: the error says enough
                errors.extend({"anchor": anchor, "text": f"{row}{e}"} for e in field.errors)
                continue
            label = f"{row}{field.label.lower()}" if row else field.label
            errors.extend({"anchor": anchor, "text": f"{label}: {e}"} for e in field.errors)

    for item in forms_or_formsets:
        if isinstance(item, forms.BaseFormSet):
            errors.extend({"anchor": None, "text": e} for e in item.non_form_errors())
            for number, form in enumerate(item.forms, start=1):
                add(form, f"{getattr(item, 'row_name', 'Row')} {number}, ")
        else:
            add(item)
    return errors


def posted(request):
    """The posted data, even when empty (an empty post is still a post), else None."""
    return request.POST if request.method == "POST" else None


def add_errors(form, error: ValidationError) -> None:
    """Show a service's refusal beside the field it is about, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def all_valid(*forms) -> bool:
    """Whether every form is valid, checking each so that each shows its errors."""
    results = [form.is_valid() for form in forms]
    return all(results)
