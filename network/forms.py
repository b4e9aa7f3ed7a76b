"""Forms for the peer-support network. They check what was typed and hand network.services
clean values; the services decide and save. Layouts are crispy Bootstrap 5."""

from datetime import datetime, time

from crispy_forms.layout import Div
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.forms import ChoiceOfRecordField, Heading, UKDateField, inner_form_helper
from ecosystem.models import Organisation, Place
from journeys.forms import minutes_field, start_time_field
from journeys.models import Session
from stories.forms import NewPictureForm, PictureField, narrative_field, title_field
from stories.models import Consent, Theme
from stories.selectors import outcome_elements
from stories.services import CONSENT_WORDING, NewImage, StoryDetails

from .services import (
    ABOUT_MAX,
    FIRST_NAME_MISSING,
    GROUP_NAME_MISSING,
    INTERESTS_MAX,
    LEVEL_NOT_SHARED,
    NAME_MAX,
    NOT_A_CANDIDATE,
    NOT_AGREED,
    NOT_THEIR_ORGANISATION,
    PLACE_MISSING,
    TOO_LONG,
    TOPIC_MISSING,
    MeetingDetails,
    ProfileDetails,
)

CHOOSE = {"required": "Choose one of the options.", "invalid_choice": "Choose one of the options."}
FROM_LIST = {
    "invalid_choice": "Choose from the list.",
    "invalid_pk_value": "Choose from the list.",
}


def person_label(user) -> str:
    return user.get_full_name() or user.email


class PersonChoiceField(ChoiceOfRecordField):
    def label_from_instance(self, user):
        return person_label(user)


class RecordsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of records whose ids, if mangled, get "choose from the list" like any bad choice."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except ValidationError as error:
            if error.code in ("invalid_choice", "invalid_pk_value", "invalid_list"):
                raise
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from error


class PeopleChoiceField(RecordsChoiceField):
    def label_from_instance(self, user):
        return person_label(user)


# Joining and the profile -------------------------------------------------------------------


class ProfileForm(forms.Form):
    """What a member tells the network about themselves: used to join and to change it."""

    first_name = forms.CharField(
        label="First name",
        max_length=NAME_MAX,
        help_text="Other members see your name.",
        error_messages={"required": FIRST_NAME_MISSING, "max_length": TOO_LONG},
    )
    last_name = forms.CharField(
        label="Last name (optional)",
        max_length=NAME_MAX,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )
    place = ChoiceOfRecordField(
        queryset=Place.objects.none(),
        label="Your place",
        empty_label="Choose a place",
        help_text="The town or borough nearest to where you live or work.",
        error_messages={
            "required": PLACE_MISSING,
            "invalid_choice": "Choose a place from the list.",
        },
    )
    organisation = ChoiceOfRecordField(
        queryset=Organisation.objects.none(),
        label="Your organisation (optional)",
        required=False,
        empty_label="None, or not in the directory",
        help_text="If your business or group is in the directory.",
        error_messages={"invalid_choice": "Choose an organisation from the list."},
    )
    interests = forms.CharField(
        label="What you are interested in (optional)",
        max_length=INTERESTS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: food co-operatives, community cafés, selling online.",
        error_messages={"max_length": TOO_LONG},
    )
    about = forms.CharField(
        label="A little about you (optional)",
        max_length=ABOUT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you do, or what you could help other members with.",
        error_messages={"max_length": TOO_LONG},
    )
    show_in_members_list = forms.BooleanField(
        label="Show me in the members' list",
        required=False,
        help_text="Other members and the hubs' staff will see your name, place, organisation "
        "and interests. Leave it unticked to stay off the list.",
    )

    def __init__(self, *args, places, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
        self.fields["organisation"].queryset = organisations
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.helper = inner_form_helper(
            Div(
                Div("first_name", css_class="col-sm-6"),
                Div("last_name", css_class="col-sm-6"),
                css_class="row",
            ),
            "place",
            "organisation",
            "interests",
            "about",
            "show_in_members_list",
        )

    @classmethod
    def initial_from(cls, user, profile=None) -> dict:
        initial = {"first_name": user.first_name, "last_name": user.last_name}
        if profile is None:
            return initial
        return initial | {
            "place": profile.place_id,
            "organisation": profile.organisation_id,
            "interests": profile.interests,
            "about": profile.about,
            "show_in_members_list": profile.show_in_members_list,
        }

    def details(self) -> ProfileDetails:
        data = self.cleaned_data
        return ProfileDetails(
            first_name=data["first_name"],
            last_name=data.get("last_name", ""),
            place=data["place"],
            organisation=data.get("organisation"),
            interests=data.get("interests", ""),
            about=data.get("about", ""),
            show_in_members_list=data.get("show_in_members_list", False),
        )


# Case studies ------------------------------------------------------------------------------


class OutcomeChoiceField(RecordsChoiceField):
    def label_from_instance(self, element):
        return element.title


class CaseStudyForm(NewPictureForm):
    """A peer member's own story of change, and how far they agree it may go.

    Its title, words and picture description are the stories' own (stories.forms), worded
    for the person telling it; so is the rule that a picture needs a description."""

    field_order = ["title", "narrative", "changed_on", "themes", "elements", "place"]

    title = title_field(required="Give your case study a title.")
    narrative = narrative_field(label="Your story", rows=8)
    changed_on = UKDateField(
        label="When did the change happen?",
        help_text="As day/month/year. The first of the month is fine if you are not sure.",
        error_messages={"required": "Enter the date of the change, for example 1/3/2026."},
    )
    themes = RecordsChoiceField(
        queryset=Theme.objects.none(),
        label="Themes (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=FROM_LIST,
    )
    elements = OutcomeChoiceField(
        queryset=outcome_elements().none(),
        label="What it shows (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The outcomes and impacts of the model your story is evidence of.",
        error_messages=FROM_LIST,
    )
    place = ChoiceOfRecordField(
        queryset=Place.objects.none(),
        label="Where it happened",
        empty_label="Choose a place",
        error_messages={
            "required": "Choose where it happened.",
            "invalid_choice": "Choose a place from the list.",
        },
    )
    # Not forms.ImageField: it opens every upload with Pillow before any check of its size;
    # PictureField refuses a picture with too many pixels from its header alone.
    image = PictureField(
        label="A picture (optional)",
        required=False,
        help_text="A JPEG, PNG or WebP photo under 10 MB. We remove the hidden details "
        "(such as where it was taken) before keeping it.",
        error_messages={
            "invalid_image": "Choose a photo: a JPEG, PNG or WebP file.",
            "format": "Choose a photo: a JPEG, PNG or WebP file.",
        },
    )
    level = forms.ChoiceField(
        label="Who may read it",
        choices=[
            (Consent.Level.NETWORK.value, Consent.Level.NETWORK.label),
            (Consent.Level.PUBLIC.value, "The public website too, once the editors publish it"),
        ],
        initial=Consent.Level.NETWORK.value,
        widget=forms.RadioSelect,
        error_messages={"required": LEVEL_NOT_SHARED, "invalid_choice": LEVEL_NOT_SHARED},
    )
    named = forms.TypedChoiceField(
        label="May we use your name?",
        choices=[("yes", "Yes, with my name"), ("no", "No, keep it anonymous")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages=CHOOSE,
    )
    consent = forms.BooleanField(label=CONSENT_WORDING, error_messages={"required": NOT_AGREED})

    def __init__(self, *args, places, default_place=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by("position", "name")
        self.fields["elements"].queryset = outcome_elements()
        self.fields["place"].queryset = places
        if default_place is not None:
            self.fields["place"].initial = default_place.pk
        self.helper = inner_form_helper(
            Heading(2, "Your story", "h4 mt-2"),
            "title",
            "narrative",
            "changed_on",
            "place",
            Div("themes", css_class="choice-columns"),
            "elements",
            Heading(2, "A picture", "h4 mt-4"),
            "image",
            "alt_text",
            Heading(2, "Sharing it", "h4 mt-4"),
            "level",
            "named",
            "consent",
        )

    def details(self) -> StoryDetails:
        data = self.cleaned_data
        image = data.get("image")
        return StoryDetails(
            title=data["title"],
            narrative=data["narrative"],
            changed_on=data["changed_on"],
            themes=list(data.get("themes") or []),
            elements=list(data.get("elements") or []),
            place=data["place"],
            images=[NewImage(image, data.get("alt_text", ""))] if image else [],
        )


# Groups --------------------------------------------------------------------------------------


class GroupForm(forms.Form):
    name = forms.CharField(
        label="Name of the group",
        max_length=150,
        help_text="For example “Wigan food founders”.",
        error_messages={"required": GROUP_NAME_MISSING},
    )
    organisation = ChoiceOfRecordField(
        queryset=Organisation.objects.none(),
        label="Facilitated by",
        error_messages={
            "required": NOT_THEIR_ORGANISATION,
            "invalid_choice": NOT_THEIR_ORGANISATION,
        },
    )
    place = ChoiceOfRecordField(
        queryset=Place.objects.none(),
        label="Place (optional)",
        required=False,
        empty_label="Not tied to one place",
        error_messages={"invalid_choice": "Choose a place from the list."},
    )
    description = forms.CharField(
        label="What the group is for (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Its members see this.",
    )

    def __init__(self, *args, organisations, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["place"].queryset = places
        self.only = organisations[0] if len(organisations) == 1 else None
        if self.only is not None:  # nothing to choose: it is theirs
            self.fields["organisation"].initial = self.only.pk
            self.fields["organisation"].required = False
            self.fields["organisation"].widget = forms.HiddenInput()
        self.helper = inner_form_helper("name", "organisation", "place", "description")

    def clean_organisation(self):
        return self.cleaned_data.get("organisation") or self.only


class MemberAddForm(forms.Form):
    user = PersonChoiceField(
        queryset=get_user_model().objects.none(),
        label="Add a member",
        empty_label="Choose someone",
        help_text="Peer members on the members' list or who named your organisation, and "
        "people your organisation supports.",
        error_messages={"required": NOT_A_CANDIDATE, "invalid_choice": NOT_A_CANDIDATE},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.helper = inner_form_helper("user")


class MeetingForm(forms.Form):
    on = UKDateField(label="Date", error_messages={"required": "Enter the date of the meeting."})
    at = start_time_field(past=False)
    duration_minutes = minutes_field(initial=90, past=False)
    mode = forms.ChoiceField(label="How", choices=Session.Mode.choices, error_messages=CHOOSE)
    topic = forms.CharField(
        label="What it is about",
        max_length=200,
        help_text="The members see this.",
        error_messages={"required": TOPIC_MISSING},
    )
    attendees = PeopleChoiceField(
        queryset=get_user_model().objects.none(),
        label="Who came",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty for a meeting still to come. For people your organisation "
        "supports, it counts as an action learning session on their journey.",
        error_messages=FROM_LIST,
    )
    notes = forms.CharField(
        label="Facilitator's notes (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Only your organisation's staff see these; the members never do.",
    )

    def __init__(self, *args, members, meeting=None, **kwargs):
        if meeting is not None:
            local = timezone.localtime(meeting.starts_at)
            kwargs.setdefault(
                "initial",
                {
                    "on": local.date(),
                    "at": local.time().replace(second=0, microsecond=0),
                    "duration_minutes": meeting.duration_minutes,
                    "mode": meeting.mode,
                    "topic": meeting.topic,
                    "notes": meeting.notes,
                    "attendees": [a.pk for a in meeting.attendees.all()],
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members
        if meeting is None:
            now = timezone.localtime()
            self.fields["on"].initial = now.date()
            self.fields["at"].initial = time(now.hour, 0)
        self.helper = inner_form_helper(
            Div(
                Div("on", css_class="col-6 col-sm-4"),
                Div("at", css_class="col-6 col-sm-4"),
                Div("duration_minutes", css_class="col-sm-4"),
                css_class="row",
            ),
            "mode",
            "topic",
            Div("attendees", css_class="choice-columns"),
            "notes",
        )

    def details(self) -> MeetingDetails:
        data = self.cleaned_data
        return MeetingDetails(
            starts_at=timezone.make_aware(datetime.combine(data["on"], data["at"])),
            duration_minutes=data["duration_minutes"],
            mode=data["mode"],
            topic=data["topic"],
            notes=data.get("notes", ""),
            attendees=list(data.get("attendees") or []),
        )
