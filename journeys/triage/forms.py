"""Triage's forms: taking a request on, passing it to another hub, closing it."""

from django import forms

from core.forms import ChoiceOfRecordField, inner_form_helper
from ecosystem.models import Organisation
from journeys.forms import WorkerChoiceField, _radios
from journeys.models import SupportRequest


class AcceptForm(forms.Form):
    organisation = ChoiceOfRecordField(
        queryset=Organisation.objects.none(),
        label="Take it on for",
        error_messages={"required": "Choose your hub.", "invalid_choice": "Choose your hub."},
    )
    lead_worker = WorkerChoiceField(
        queryset=None,
        label="Lead worker",
        required=False,
        empty_label="Me",
        error_messages={"invalid_choice": "Choose someone from the list."},
    )

    def __init__(self, *args, organisations, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["lead_worker"].queryset = workers
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
            self.fields["organisation"].widget = forms.HiddenInput()
        self.helper = inner_form_helper("organisation", "lead_worker")


class PassForm(forms.Form):
    to_organisation = ChoiceOfRecordField(
        queryset=Organisation.objects.none(),
        label="Pass it to",
        empty_label="Choose a partner hub",
        error_messages={
            "required": "Choose the partner hub to pass it to.",
            "invalid_choice": "Choose a partner hub from the list.",
        },
    )
    reason = forms.CharField(
        label="Why are you passing it on?",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text="The person is told, so write it for them.",
        error_messages={"required": "Say why, so the other hub and the person know."},
    )

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = hubs
        self.helper = inner_form_helper("to_organisation", "reason")


class CloseRequestForm(forms.Form):
    reason = _radios(SupportRequest.CloseReason.choices, "Why are you closing it?")
    note = forms.CharField(
        label="Message to the person",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
        help_text="Optional. We email it to them with the reason, so write it for them.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_form_helper("reason", "note")
