"""Forms for asking for support and for a hub's daily work with journeys.

Plain forms: they check what was typed and hand the services (journeys.services)
clean values; the services decide and save. Layouts are crispy Bootstrap 5.
"""

from datetime import datetime, time

from crispy_forms.layout import Div, Field
from django import forms
from django.utils import timezone

from core.forms import ChoiceOfRecordField, Heading, UKDateField, inner_form_helper
from ecosystem.models import BUSINESS_TYPES, SUPPORT_TYPES, Organisation
from ecosystem.postcodes import normalise_postcode
from ecosystem.selectors import terms_of

from .models import (
    ORDINARY_BARRIERS,
    SENSITIVE_BARRIERS,
    Action,
    ApplicantKind,
    ContactMethod,
    EqualityMonitoring,
    Journey,
    Milestone,
    Session,
    Stage,
    SupportRequest,
    WellbeingCheck,
)
from .services import AgreedAction, ClientDetails, RequestAnswers

EMAIL_INVALID = {
    "required": "Enter your email address, so we can reply.",
    "invalid": "Enter an email address like name@example.org.",
}
CHOOSE = {"required": "Choose one of the options.", "invalid_choice": "Choose one of the options."}
TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H%M"]


def _radios(choices, label, **kwargs):
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, error_messages=CHOOSE, **kwargs
    )


def _ticks(choices, label, **kwargs):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose from the list."},
        **kwargs,
    )


def _terms_field(taxonomy: str, label: str, *, multiple: bool, **kwargs):
    field_class = forms.ModelMultipleChoiceField if multiple else ChoiceOfRecordField
    widget = forms.CheckboxSelectMultiple if multiple else forms.RadioSelect
    return field_class(
        queryset=terms_of(taxonomy),
        label=label,
        widget=widget,
        error_messages={
            "required": "Choose one of the options.",
            "invalid_choice": "Choose from the list.",
            "invalid_pk_value": "Choose from the list.",
        },
        **kwargs,
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


# Asking for support -------------------------------------------------------------------------

VENTURE_STAGES = [
    (Stage.EXPLORING.value, "I have an idea I want to explore"),
    (Stage.PLANNING.value, "I am planning it"),
    (Stage.STARTING.value, "I am getting ready to start"),
    (Stage.TRADING.value, "I am already trading"),
    (Stage.GROWING.value, "I am trading and want to grow"),
]
EQUALITY_FIELDS = ("age_band", "gender", "ethnic_group", "disabled")


class SupportRequestForm(forms.Form):
    """The public "ask for support" form. No account needed; it works without JavaScript."""

    kind = _radios(
        [(ApplicantKind.PERSON, "Just me"), (ApplicantKind.GROUP, "A group of us")],
        "Who is asking?",
        initial=ApplicantKind.PERSON,
    )
    name = forms.CharField(
        label="Your name",
        max_length=120,
        error_messages={"required": "Enter your name."},
    )
    group_name = forms.CharField(
        label="Your group's name",
        max_length=200,
        required=False,
        help_text="Only if you are asking as a group.",
    )
    email = forms.EmailField(label="Email address", error_messages=EMAIL_INVALID)
    phone = forms.CharField(
        label="Phone number", max_length=30, required=False, help_text="Optional."
    )
    contact_method = _radios(ContactMethod.choices, "How would you like us to contact you?")
    contact_times = forms.CharField(
        label="Best times to contact you",
        max_length=200,
        required=False,
        help_text="Optional. For example: weekday mornings, or after 6pm.",
    )
    postcode = forms.CharField(
        label="Your postcode",
        max_length=20,
        help_text="So we can find the hub nearest to you. For example, WN1 1AA.",
        error_messages={
            "required": "Enter your postcode, like WN1 1AA.",
            "max_length": "Enter a UK postcode, like WN1 1AA.",
        },
    )
    idea = forms.CharField(
        label="Tell us about your idea or business",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text="A few sentences is plenty. What is it, and who is it for?",
        error_messages={"required": "Tell us a little about your idea or business."},
    )
    business_type = _terms_field(
        BUSINESS_TYPES, "What kind of business could it be?", multiple=False
    )
    stage = _radios(VENTURE_STAGES, "Where are you with it?")
    help_wanted = _terms_field(
        SUPPORT_TYPES,
        "What help would you like?",
        multiple=True,
        required=False,
        help_text="Optional. Tick any that apply.",
    )
    help_details = forms.CharField(
        label="Anything else about the help you want",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text="Optional.",
    )
    barriers = _ticks(
        [(b.value, b.label) for b in ORDINARY_BARRIERS],
        "Is anything making it harder for you?",
        help_text="Optional. This helps us offer the right support. Tick any that apply.",
    )
    sensitive_barriers = _ticks(
        [(b.value, b.label) for b in SENSITIVE_BARRIERS],
        "Anything about your health or your faith that we should know?",
        help_text="Optional. Only the staff who work with you will see this.",
    )
    sensitive_consent = forms.BooleanField(
        label="I agree that you may keep what I have ticked about my health or faith, "
        "to support me. Only the staff who work with me will see it.",
        required=False,
    )
    consent = forms.BooleanField(
        label="I agree that you may keep my details to help me, as the privacy notice explains.",
        error_messages={
            "required": "Tick the box to say we may keep your details, so we can help you."
        },
    )
    equality_consent = forms.BooleanField(
        label="I am happy to answer these questions. You may keep my answers and use them, "
        "without my name, to check the support reaches everyone fairly.",
        required=False,
    )
    age_band = _radios(
        [("", "Not answered"), *EqualityMonitoring.AgeBand.choices], "Your age", required=False
    )
    gender = _radios(
        [("", "Not answered"), *EqualityMonitoring.Gender.choices],
        "How do you describe your gender?",
        required=False,
    )
    ethnic_group = _radios(
        [("", "Not answered"), *EqualityMonitoring.EthnicGroup.choices],
        "Your ethnic group",
        required=False,
    )
    disabled = _radios(
        [("", "Not answered"), *EqualityMonitoring.Disabled.choices],
        "Do you consider yourself disabled?",
        required=False,
    )
    # A field people never see: bots fill every box, people leave this one empty.
    website_address = forms.CharField(label="Leave this empty", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["postcode"].widget.attrs.update(
            {"autocomplete": "postal-code", "autocapitalize": "characters", "size": 10}
        )
        self.fields["website_address"].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1"}
        )
        self.helper = inner_form_helper(
            Heading(2, "About you", "h3 mt-4"),
            "kind",
            "name",
            "group_name",
            Heading(2, "How to reach you", "h3 mt-4"),
            "email",
            "phone",
            "contact_method",
            "contact_times",
            "postcode",
            Heading(2, "Your idea or business", "h3 mt-4"),
            "idea",
            Div("business_type", css_class="choice-columns"),
            "stage",
            Heading(2, "The help you want", "h3 mt-4"),
            Div("help_wanted", css_class="choice-columns"),
            "help_details",
            "barriers",
            "sensitive_barriers",
            "sensitive_consent",
            Div(Field("website_address"), css_class="form-trap"),
            Heading(2, "Keeping your details", "h3 mt-4"),
            "consent",
        )
        self.equality_helper = inner_form_helper(
            "equality_consent", "age_band", "gender", "ethnic_group", "disabled"
        )

    def clean_postcode(self):
        return checked_postcode(self.cleaned_data["postcode"])

    @property
    def is_trapped(self) -> bool:
        """Whether the hidden field was filled in, as only a bot would."""
        return bool(self.data.get("website_address", "").strip())

    def clean(self):
        data = super().clean()
        answered = [name for name in EQUALITY_FIELDS if data.get(name)]
        if answered and not data.get("equality_consent"):
            self.add_error(
                "equality_consent",
                "Tick the box to let us keep these answers, or set them back to “not answered”.",
            )
        if data.get("kind") == ApplicantKind.GROUP and not data.get("group_name", "").strip():
            self.add_error("group_name", "Enter your group's name, or choose “just me”.")
        if data.get("contact_method") in (ContactMethod.PHONE, ContactMethod.TEXT) and not (
            data.get("phone", "").strip()
        ):
            self.add_error("phone", "Enter a phone number, so we can contact you that way.")
        if data.get("sensitive_barriers") and not data.get("sensitive_consent"):
            self.add_error(
                "sensitive_consent",
                "Tick the box to let us keep this, or untick the answers above it.",
            )
        return data

    def answers(self) -> RequestAnswers:
        data = self.cleaned_data
        equality = None
        if data.get("equality_consent"):
            equality = {name: data.get(name) or "" for name in EQUALITY_FIELDS}
        return RequestAnswers(
            kind=data["kind"],
            name=data["name"],
            group_name=data.get("group_name", ""),
            email=data["email"],
            phone=data.get("phone", ""),
            contact_method=data["contact_method"],
            contact_times=data.get("contact_times", ""),
            postcode=data["postcode"],
            idea=data["idea"],
            business_type=data["business_type"],
            stage=data["stage"],
            help_wanted=list(data.get("help_wanted") or []),
            help_details=data.get("help_details", ""),
            barriers=list(data.get("barriers") or []),
            sensitive_barriers=list(data.get("sensitive_barriers") or []),
            sensitive_consent=bool(data.get("sensitive_consent")),
            consent=bool(data.get("consent")),
            equality=equality,
        )


# Triage ------------------------------------------------------------------------------------


class WorkerChoiceField(ChoiceOfRecordField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.email


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


class ContactForm(forms.Form):
    """The person supported says how they want to be contacted."""

    contact_method = _radios(ContactMethod.choices, "How would you like to be contacted?")
    phone = forms.CharField(label="Phone number", max_length=30, required=False)
    contact_times = forms.CharField(label="Best times", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.helper = inner_form_helper("contact_method", "phone", "contact_times")


class JourneyFilterForm(forms.Form):
    """The journey list's filters; every field is optional and bad values are ignored."""

    stage = forms.ChoiceField(
        label="Stage", choices=[("", "Any stage"), *Stage.choices], required=False
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Active and paused"), *Journey.Status.choices, ("all", "All")],
        required=False,
    )
    worker = forms.ChoiceField(label="Lead worker", choices=[("", "Anyone")], required=False)
    place = forms.ChoiceField(label="Place", choices=[("", "Anywhere")], required=False)
    business_type = forms.ChoiceField(
        label="Business type", choices=[("", "Any type")], required=False
    )
    overdue = forms.BooleanField(label="Only with overdue actions", required=False)
    q = forms.CharField(label="Name or venture", max_length=100, required=False)

    def __init__(self, *args, workers, places, business_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices += [("me", "Me")] + [
            (str(u.pk), u.get_full_name() or u.email) for u in workers
        ]
        self.fields["place"].choices += [(str(p.pk), p.name) for p in places]
        self.fields["business_type"].choices += [(t.code, t.name) for t in business_types]
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"
