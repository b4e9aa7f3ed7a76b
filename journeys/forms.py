"""Forms for a hub's daily work with journeys, and the fields and checks every part shares.

Plain forms: they check what was typed and hand the services (journeys.services)
clean values; the services decide and save. Layouts are crispy Bootstrap 5. The parts
(support, triage, mine) keep their own forms, built from the shared pieces here.
"""

from datetime import datetime, time

from crispy_forms.layout import Div
from django import forms
from django.utils import timezone

from core.forms import ChoiceOfRecordField, Heading, UKDateField, inner_form_helper
from ecosystem.models import BUSINESS_TYPES, Organisation
from ecosystem.postcodes import normalise_postcode
from ecosystem.selectors import terms_of

from .models import (
    Action,
    ApplicantKind,
    ContactMethod,
    Journey,
    Milestone,
    Session,
    Stage,
    WellbeingCheck,
)
from .services import AgreedAction, ClientDetails

CHOOSE = {"required": "Choose one of the options.", "invalid_choice": "Choose one of the options."}
TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H%M"]


def _radios(choices, label, **kwargs):
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, error_messages=CHOOSE, **kwargs
    )


def checked_postcode(value: str) -> str:
    """A postcode in its usual form. The services check it too; checking in the form reports
    it together with the form's other mistakes."""
    if not value.strip():
        return ""
    postcode = normalise_postcode(value)
    if postcode is None:
        raise forms.ValidationError("Enter a UK postcode, like WN1 1AA.")
    return postcode


class WorkerChoiceField(ChoiceOfRecordField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.email


# Journeys ----------------------------------------------------------------------------------


class StageForm(forms.Form):
    stage = forms.ChoiceField(label="Move to stage", choices=Stage.choices, error_messages=CHOOSE)
    reason = forms.CharField(
        label="Why?",
        max_length=500,
        required=False,
        help_text="Optional. For example: wrote a business plan.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_form_helper("stage", "reason")


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=Journey.Status.choices, error_messages=CHOOSE
    )
    close_reason = forms.ChoiceField(
        label="If closing, why?",
        choices=[("", "Not closing"), *Journey.CloseReason.choices],
        required=False,
        error_messages=CHOOSE,
    )
    reason = forms.CharField(label="Note", max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_form_helper("status", "close_reason", "reason")


class JourneyForm(forms.Form):
    venture_name = forms.CharField(
        label="Venture",
        max_length=200,
        help_text="The idea or business, in a few words.",
        error_messages={"required": "Name the idea or business in a few words."},
    )
    venture_description = forms.CharField(
        label="About the venture", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    business_type = ChoiceOfRecordField(
        queryset=terms_of(BUSINESS_TYPES),
        label="Business type",
        required=False,
        empty_label="Not known yet",
        error_messages={"invalid_choice": "Choose from the list."},
    )
    lead_worker = WorkerChoiceField(
        queryset=None,
        label="Lead worker",
        required=False,
        empty_label="Nobody yet",
        error_messages={"invalid_choice": "Choose someone from the list."},
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_worker"].queryset = workers
        self.helper = inner_form_helper(
            "venture_name", "venture_description", "business_type", "lead_worker"
        )


class NewJourneyForm(JourneyForm):
    """Start a journey with someone who came in person or phoned."""

    kind = _radios(ApplicantKind.choices, "Working with", initial=ApplicantKind.PERSON)
    name = forms.CharField(
        label="Name", max_length=120, error_messages={"required": "Enter their name."}
    )
    group_name = forms.CharField(label="Group name", max_length=200, required=False)
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org."},
    )
    phone = forms.CharField(label="Phone number", max_length=30, required=False)
    contact_method = forms.ChoiceField(
        label="How they like to be contacted", choices=ContactMethod.choices, error_messages=CHOOSE
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=20,
        required=False,
        error_messages={"max_length": "Enter a UK postcode, like WN1 1AA."},
    )
    stage = forms.ChoiceField(label="Stage", choices=Stage.choices, error_messages=CHOOSE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_form_helper(
            Heading(2, "Who", "h4 mt-2"),
            "kind",
            "name",
            "group_name",
            "email",
            "phone",
            "contact_method",
            "postcode",
            Heading(2, "Their venture", "h4 mt-4"),
            "venture_name",
            "venture_description",
            "business_type",
            "stage",
            "lead_worker",
        )

    def clean_postcode(self):
        return checked_postcode(self.cleaned_data.get("postcode", ""))

    def client_details(self) -> ClientDetails:
        data = self.cleaned_data
        return ClientDetails(
            name=data["name"],
            kind=data["kind"],
            group_name=data.get("group_name", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            contact_method=data["contact_method"],
            postcode=data.get("postcode", ""),
        )


# Sessions ----------------------------------------------------------------------------------


def start_time_field(*, past: bool) -> forms.TimeField:
    """When a session or meeting starts (or started), on the 24-hour clock."""
    return forms.TimeField(
        label="Start time",
        input_formats=TIME_INPUT_FORMATS,
        widget=forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric", "size": 5}),
        help_text="On the 24-hour clock, like 14:30.",
        error_messages={
            "required": f"Enter the time it {'started' if past else 'starts'}, like 14:30.",
            "invalid": "Enter a time on the 24-hour clock, like 09:30 or 14:30.",
        },
    )


def minutes_field(*, initial: int, past: bool) -> forms.IntegerField:
    """How long a session or meeting lasts (or lasted), from 5 minutes to 10 hours."""
    return forms.IntegerField(
        label="Length in minutes",
        min_value=5,
        max_value=600,
        initial=initial,
        error_messages={
            "required": f"Enter how long it {'lasted' if past else 'lasts'}, in minutes.",
            "invalid": f"Enter a whole number of minutes, like {initial}.",
            "min_value": "Enter at least 5 minutes.",
            "max_value": "Enter at most 600 minutes (10 hours).",
        },
    )


class JourneyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, journey):
        return f"{journey.client.display_name}: {journey.venture_name}"


class SessionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of session", choices=Session.Kind.choices, error_messages=CHOOSE
    )
    on = UKDateField(label="Date", error_messages={"required": "Enter the date of the session."})
    at = start_time_field(past=True)
    duration_minutes = minutes_field(initial=60, past=True)
    mode = forms.ChoiceField(label="How", choices=Session.Mode.choices, error_messages=CHOOSE)
    staff = WorkerChoiceField(
        queryset=None,
        label="Led by",
        required=False,
        empty_label="Me",
        error_messages={"invalid_choice": "Choose someone from the list."},
    )
    journeys = JourneyChoiceField(
        queryset=Journey.objects.none(),
        label="Who took part",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one person or group who took part.",
            "invalid_choice": "Choose from the list.",
            "invalid_pk_value": "Choose from the list.",
        },
    )
    topics = forms.CharField(
        label="What it covered",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The person can see this on their “My journey” page.",
    )
    notes = forms.CharField(
        label="Staff-only notes",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Only staff of your organisation see these.",
    )

    def __init__(self, *args, workers, journeys, fixed_journey=None, keep_time=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = workers
        self.fields["journeys"].queryset = journeys
        self.fixed_journey = fixed_journey
        if fixed_journey is not None:
            del self.fields["journeys"]
        if not keep_time:  # a new session: today, this hour
            now = timezone.localtime()
            self.fields["on"].initial = now.date()
            self.fields["at"].initial = time(now.hour, 0)
        layout = [
            Div(
                Div("kind", css_class="col-sm-6"),
                Div("mode", css_class="col-sm-6"),
                css_class="row",
            ),
            Div(
                Div("on", css_class="col-6 col-sm-4"),
                Div("at", css_class="col-6 col-sm-4"),
                Div("duration_minutes", css_class="col-sm-4"),
                css_class="row",
            ),
            "staff",
        ]
        if fixed_journey is None:
            layout.append(Div("journeys", css_class="choice-columns"))
        layout += ["topics", "notes"]
        self.helper = inner_form_helper(*layout)

    def service_arguments(self, actor) -> dict:
        data = self.cleaned_data
        starts_at = timezone.make_aware(datetime.combine(data["on"], data["at"]))
        journeys = [self.fixed_journey] if self.fixed_journey else list(data["journeys"])
        return {
            "kind": data["kind"],
            "starts_at": starts_at,
            "duration_minutes": data["duration_minutes"],
            "mode": data["mode"],
            "staff": data.get("staff") or actor,
            "journeys": journeys,
            "topics": data.get("topics", ""),
            "notes": data.get("notes", ""),
        }


class ActionForm(forms.Form):
    description = forms.CharField(label="Action", max_length=300, required=False)
    owner = forms.ChoiceField(
        label="Who does it",
        choices=Action.Owner.choices,
        initial=Action.Owner.ENTREPRENEUR,
        required=False,
        error_messages=CHOOSE,
    )
    due_on = UKDateField(
        label="Due by", required=False, help_text="As day/month/year, like 27/03/2025."
    )

    def __init__(self, *args, required=False, stacked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].required = required
        self.fields["description"].error_messages["required"] = "Describe the action."
        if stacked:  # in a narrow column
            self.helper = inner_form_helper("description", "owner", "due_on")
            return
        self.helper = inner_form_helper(
            Div(
                Div("description", css_class="col-md-6"),
                Div("owner", css_class="col-sm-6 col-md-3"),
                Div("due_on", css_class="col-sm-6 col-md-3"),
                css_class="row",
            )
        )

    def clean(self):
        data = super().clean()
        if data.get("due_on") and not data.get("description", "").strip():
            self.add_error("description", "Describe the action, or clear its date.")
        return data

    def agreed(self) -> AgreedAction | None:
        data = self.cleaned_data
        if not data.get("description", "").strip():
            return None
        owner = data.get("owner") or Action.Owner.ENTREPRENEUR
        return AgreedAction(data["description"], owner, data.get("due_on"))


class BaseActionFormSet(forms.BaseFormSet):
    row_name = "Action"

    def agreed_actions(self) -> list[AgreedAction]:
        return [a for a in (form.agreed() for form in self.forms) if a is not None]


ActionFormSet = forms.formset_factory(ActionForm, formset=BaseActionFormSet, extra=3, max_num=10)


def action_formset(data=None):
    return ActionFormSet(data, prefix="actions")


# Milestones and wellbeing -------------------------------------------------------------------


class MilestoneForm(forms.Form):
    kind = forms.ChoiceField(
        label="Milestone", choices=Milestone.Kind.choices, error_messages=CHOOSE
    )
    achieved_on = UKDateField(label="Date", error_messages={"required": "Enter the date."})
    legal_form = forms.ChoiceField(
        label="Legal form (if registered)",
        choices=[("", "Not registered"), *Organisation.LegalForm.choices],
        required=False,
        error_messages=CHOOSE,
    )
    registration_number = forms.CharField(
        label="Registration number",
        max_length=40,
        required=False,
        help_text="Companies House, FCA society or charity number, if it has one.",
    )
    jobs_fte = forms.DecimalField(
        label="Jobs (full-time equivalent)",
        max_digits=6,
        decimal_places=1,
        required=False,
        error_messages={"invalid": "Enter a number, like 1 or 2.5."},
    )
    volunteers = forms.IntegerField(
        label="Volunteers",
        min_value=1,
        required=False,
        error_messages={"invalid": "Enter a whole number.", "min_value": "Enter at least 1."},
    )
    amount = forms.DecimalField(
        label="Amount raised (£)",
        max_digits=12,
        decimal_places=2,
        required=False,
        error_messages={"invalid": "Enter an amount in pounds, like 2500 or 2500.50."},
    )
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["achieved_on"].initial = timezone.localdate()
        self.helper = inner_form_helper(
            "kind",
            "achieved_on",
            "legal_form",
            "registration_number",
            "jobs_fte",
            "volunteers",
            "amount",
            "note",
        )


SCORE_ERRORS = {
    "required": "Choose a number from 0 to 10.",
    "invalid": "Choose a number from 0 to 10.",
    "min_value": "Choose a number from 0 to 10.",
    "max_value": "Choose a number from 0 to 10.",
}

# The Office for National Statistics' four personal wellbeing questions, asked as written.
WELLBEING_QUESTIONS = {
    "life_satisfaction": "Overall, how satisfied are you with your life nowadays?",
    "worthwhile": "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
    "happiness": "Overall, how happy did you feel yesterday?",
    "anxiety": "On a scale where 0 is “not at all anxious” and 10 is “completely anxious”, overall, how anxious did you feel yesterday?",
    "confidence": "How confident do you feel about starting or running your business?",
}


class WellbeingForm(forms.Form):
    occasion = forms.ChoiceField(
        label="When", choices=WellbeingCheck.Occasion.choices, error_messages=CHOOSE
    )
    taken_on = UKDateField(label="Date", error_messages={"required": "Enter the date."})

    def __init__(self, *args, first: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occasion"].initial = (
            WellbeingCheck.Occasion.START if first else WellbeingCheck.Occasion.FOLLOW_UP
        )
        self.fields["taken_on"].initial = timezone.localdate()
        for name, question in WELLBEING_QUESTIONS.items():
            self.fields[name] = forms.IntegerField(
                label=question,
                min_value=0,
                max_value=10,
                help_text="0 is “not at all”, 10 is “completely”.",
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 3}),
                error_messages=SCORE_ERRORS,
            )
        self.helper = inner_form_helper("occasion", "taken_on", *WELLBEING_QUESTIONS)

    def scores(self) -> dict:
        return {name: self.cleaned_data[name] for name in WELLBEING_QUESTIONS}
