"""Forms for making and answering referrals; the services decide and save."""

import uuid

from django import forms

from core.forms import inner_form_helper
from ecosystem.models import Organisation, Service

from .models import ConsentMethod, Referral, Shared, Urgency

CHOOSE = {"required": "Choose one of the options.", "invalid_choice": "Choose one of the options."}


def destination_choices(organisations) -> list:
    """ "Where to" choices: each organisation, then each of its services with its capacity."""
    choices = [("", "Choose an organisation or a service")]
    for organisation in organisations:
        group = [(f"org:{organisation.pk}", f"{organisation.name} (any service)")]
        for service in organisation.services.all():
            group.append(
                (f"service:{service.pk}", f"{service.name}: {service.get_capacity_display()}")
            )
        choices.append((organisation.name, group))
    return choices


def resolve_destination(value: str) -> tuple[Organisation | None, Service | None]:
    kind, _, pk = (value or "").partition(":")
    try:
        if kind == "org":
            return Organisation.objects.get(pk=pk), None
        if kind == "service":
            service = Service.objects.select_related("organisation").get(pk=pk)
            return service.organisation, service
    except (Organisation.DoesNotExist, Service.DoesNotExist, ValueError, forms.ValidationError):
        pass
    return None, None


class DestinationField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            error_messages={
                "required": "Choose where to refer them.",
                "invalid_choice": "Choose an organisation or a service from the list.",
            },
            **kwargs,
        )


class DestinationForm(forms.Form):
    """A form whose "destination" names an organisation or one of its services."""

    def clean(self):
        data = super().clean()
        if data.get("destination"):
            organisation, service = resolve_destination(data["destination"])
            if organisation is None:
                self.add_error("destination", "Choose an organisation or a service from the list.")
            data["to_organisation"], data["to_service"] = organisation, service
        return data


class ReferralForm(DestinationForm):
    destination = DestinationField(
        label="Refer to",
        help_text="Each service shows whether it is taking new people.",
    )
    need = forms.CharField(
        label="What do they need?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={
            "required": "Say what they need, so the other organisation can tell if it can help."
        },
    )
    urgency = forms.ChoiceField(
        label="How soon?",
        choices=Urgency.choices,
        initial=Urgency.ROUTINE,
        widget=forms.RadioSelect,
        error_messages=CHOOSE,
    )
    consent_given = forms.TypedChoiceField(
        label="Has the person agreed to share their details with them?",
        choices=[("yes", "Yes"), ("no", "No: send an anonymous enquiry")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages=CHOOSE,
    )
    consent_method = forms.ChoiceField(
        label="How did they agree?",
        choices=[("", "Choose how"), *ConsentMethod.choices],
        required=False,
        help_text="Needed if they agreed.",
        error_messages=CHOOSE,
    )
    consent_scope = forms.MultipleChoiceField(
        label="What they agreed to share",
        choices=Shared.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="If they agreed, tick at least one. Only these go with the referral.",
        error_messages={"invalid_choice": "Choose from the list."},
    )

    # Made when the form is first shown and posted back with it (again if the form comes back
    # with errors), so pressing Send twice makes one referral.
    submission_token = forms.UUIDField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": "This form has expired. Open the referral form again."},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].choices = destination_choices(organisations)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
        self.helper = inner_form_helper(
            "destination",
            "need",
            "urgency",
            "consent_given",
            "consent_method",
            "consent_scope",
            "submission_token",
        )


class AnswerForm(forms.Form):
    """The receiver's (or the sender's) next step; the buttons say which."""

    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text="Needed when you decline. The other organisation sees it.",
    )
    outcome = forms.ChoiceField(
        label="Did it help? (when completing)",
        choices=[("", "Not finished yet"), *Referral.Outcome.choices],
        required=False,
        error_messages=CHOOSE,
    )

    def __init__(self, *args, side: str = "receiver", **kwargs):
        super().__init__(*args, **kwargs)
        if side == "sender":
            self.fields["note"].help_text = "Optional: why you are withdrawing it. They see it."
        self.helper = inner_form_helper("note", "outcome")


class RerouteForm(DestinationForm):
    destination = DestinationField(label="Pass it to")
    reroute_note = forms.CharField(
        label="Why?", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, required=False
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].choices = destination_choices(organisations)
        self.helper = inner_form_helper("destination", "reroute_note")


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Message",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "Write a message."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_form_helper("body")
