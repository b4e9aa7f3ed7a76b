"""The public "ask for support" form: no account needed, and it works without JavaScript.

It checks what was typed, with the same rules as support_request_submit (which checks
again), so every mistake is shown at once beside its field.
"""

from crispy_forms.layout import Div, Field
from django import forms

from core.forms import ChoiceOfRecordField, Heading, inner_form_helper
from ecosystem.models import BUSINESS_TYPES, SUPPORT_TYPES
from ecosystem.selectors import terms_of
from journeys.forms import _radios, checked_postcode
from journeys.models import (
    ORDINARY_BARRIERS,
    SENSITIVE_BARRIERS,
    ApplicantKind,
    ContactMethod,
    EqualityMonitoring,
    Stage,
)
from journeys.services import group_name_missing, phone_missing

from .services import RequestAnswers, sensitive_consent_missing

EMAIL_INVALID = {
    "required": "Enter your email address, so we can reply.",
    "invalid": "Enter an email address like name@example.org.",
}


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
        if group_name_missing(kind=data.get("kind"), group_name=data.get("group_name", "")):
            self.add_error("group_name", "Enter your group's name, or choose “just me”.")
        if phone_missing(contact_method=data.get("contact_method"), phone=data.get("phone", "")):
            self.add_error("phone", "Enter a phone number, so we can contact you that way.")
        if sensitive_consent_missing(
            sensitive_barriers=data.get("sensitive_barriers") or [],
            sensitive_consent=bool(data.get("sensitive_consent")),
        ):
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
