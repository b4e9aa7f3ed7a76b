"""What managers type to find a person and to erase their data; the rules are in services."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils import timezone

from core.forms import UKDateField

from .models import Erasure


class FindPersonForm(forms.Form):
    q = forms.CharField(
        label="Their email address, or a reference",
        max_length=254,
        help_text="A request reference starts EP-, a referral reference RF-.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout("q", Submit("find", "Find them", css_class="btn-primary"))


class EraseForm(forms.Form):
    """The first step: how and when they asked, and that nothing requires us to keep it."""

    how_asked = forms.ChoiceField(
        label="How they asked",
        choices=[("", "Choose one")]
        + [c for c in Erasure.HowAsked.choices if c[0] != Erasure.HowAsked.RETENTION],
    )
    asked_on = UKDateField(label="When they asked", help_text="For example 27/03/2026.")
    nothing_to_keep = forms.BooleanField(
        label="I have checked that nothing requires us to keep these records "
        "(for example an open complaint, a safeguarding concern, or a grant's audit).",
        error_messages={"required": "Tick this once you have checked."},
    )

    def clean_asked_on(self):
        asked_on = self.cleaned_data["asked_on"]
        if asked_on > timezone.localdate():
            raise forms.ValidationError("The date they asked cannot be in the future.")
        return asked_on


class ConfirmEraseForm(EraseForm):
    """The second step: the same answers, carried over, and the person's address typed again."""

    confirm = forms.CharField(
        label="Type their email address (or the reference you found them by) to confirm",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, expected: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected.strip().lower()
        for name in ("how_asked", "nothing_to_keep"):
            self.fields[name].widget = forms.HiddenInput()
        # Carried over as it was typed (day/month/year), which the field reads back.
        self.fields["asked_on"].widget = forms.DateInput(
            format="%d/%m/%Y", attrs={"type": "hidden"}
        )

    def clean_confirm(self):
        typed = self.cleaned_data["confirm"].strip().lower()
        if typed != self.expected:
            raise forms.ValidationError("That does not match. Type it exactly as shown above.")
        return typed
