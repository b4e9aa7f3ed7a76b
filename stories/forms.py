"""Forms for one story: capturing or telling it with consent, changing it, checking it, its
public version, its pictures, and withdrawing consent.

Plain forms: they check what was typed and hand stories.services clean values (StoryDetails,
ConsentDetails, NewImage); the services decide and save. Field names match the keys of the
services' ValidationErrors, so core.forms.add_errors shows each beside its field.

Each way of telling or changing a story is its own small form, built from the pieces below
(the story's fields, a first picture, the consent record or the person's own choices); the
network's case study form (network.forms) reuses them too.
"""

from crispy_forms.layout import Div, Field
from django import forms
from django.utils import timezone
from django.utils.html import format_html

from core.forms import Heading, UKDateField, add_errors, inner_form_helper

from .images import check_picture
from .models import Consent, Theme
from .selectors import outcome_elements
from .services import (
    CONSENT_WORDING,
    ELEMENTS_NOT_LISTED,
    NARRATIVE_MISSING,
    PICTURE_NOT_DESCRIBED,
    PUBLIC_TEXT_MISSING,
    PUBLIC_TITLE_MISSING,
    REVIEW_AFTER_DAYS,
    ConsentDetails,
    NewImage,
    StoryDetails,
    picture_description,
)

CHOOSE = {"required": "Choose one of the options.", "invalid_choice": "Choose one of the options."}
PICTURE_TYPES = "image/jpeg,image/png,image/webp"


class PictureField(forms.FileField):
    """A picture upload, refused beside the field when it is not one we take or is too big.

    It reads the picture's header only, never its pixels, so a small file claiming to be an
    enormous picture costs nothing; stories.images decodes it later, once it is known to fit.
    An error_messages entry for a code of stories.images (invalid_image, format, too_large)
    replaces that message; too_big always names the picture's size.
    """

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs.setdefault("accept", PICTURE_TYPES)
        return attrs

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        try:
            check_picture(upload)
        except forms.ValidationError as error:
            message = error.messages[0]
            if error.code != "too_big":
                message = self.error_messages.get(error.code, message)
            raise forms.ValidationError(message, code=error.code) from error
        return upload


NAMED_CHOICES = [
    ("no", "Keep it anonymous: do not use their name"),
    ("yes", "Use their name"),
]
OWN_NAMED_CHOICES = [
    ("no", "Keep it anonymous: do not use my name"),
    ("yes", "Use my name"),
]
OWN_LEVEL_CHOICES = [
    (Consent.Level.ORGANISATION.value, "Only the organisation that supports me"),
    (Consent.Level.NETWORK.value, "The partner network: hubs, peer members and commissioners"),
    (Consent.Level.PUBLIC.value, "The public website, once it has been checked"),
]

NAMED_HELP = (
    "An anonymous story never shows a name. Partner organisations read the story as it is "
    "written here, so leave out anything that would tell them who it is; the public website "
    "shows only a separate public version."
)


class Wording:
    """The consent wording inside a crispy layout, escaped, as the person read it."""

    def __init__(self, intro: str, text: str):
        self.intro, self.text = intro, text

    def render(self, form, context, template_pack=None, **kwargs):
        return format_html(
            '<div class="consent-wording mb-3"><p class="mb-1">{}</p>'
            '<blockquote class="border-start border-3 ps-3 mb-0">{}</blockquote></div>',
            self.intro,
            self.text,
        )


def _named(value) -> bool:
    return value == "yes"


def _element_choices(elements) -> list:
    """The model's outcomes and impacts, grouped under their sections."""
    groups: dict = {}
    for element in elements:
        groups.setdefault(str(element.section), []).append((str(element.pk), element.title))
    return list(groups.items())


# The pieces every story form is built from ------------------------------------------------


def title_field(*, required: str = "Give the story a title.") -> forms.CharField:
    """A story's title."""
    return forms.CharField(
        label="Title",
        max_length=150,
        help_text="A few words that sum up the change.",
        error_messages={"required": required},
    )


def narrative_field(*, label: str = "The story", rows: int = 10) -> forms.CharField:
    """A story's words."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=20000,
        help_text="What changed, for whom, and why it mattered. Leave a blank line between "
        "paragraphs.",
        error_messages={"required": NARRATIVE_MISSING},
    )


def level_field(*, label: str, choices) -> forms.ChoiceField:
    """How far a story may go."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        initial=Consent.Level.ORGANISATION,
        widget=forms.RadioSelect,
        error_messages=CHOOSE,
    )


def named_field(*, label: str, choices) -> forms.TypedChoiceField:
    """Whether a story may show the name of the person it is about."""
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=_named,
        initial="no",
        help_text=NAMED_HELP,
        widget=forms.RadioSelect,
        error_messages=CHOOSE,
    )


class StoryFieldsForm(forms.Form):
    """A story's words, when the change happened, and what it is about: the part of every
    story form that is not consent or pictures. Its layout is layout(), which each form
    builds from story_layout(), picture_layout() and consent_layout()."""

    title = title_field()
    narrative = narrative_field()
    changed_on = UKDateField(
        label="When the change happened",
        help_text="As day/month/year, for example 1/10/2026. The first of the month is fine.",
        error_messages={"required": "Enter when the change happened."},
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Optional. Tick any that apply.",
        error_messages={
            "invalid_choice": "Choose themes from the list.",
            "invalid_pk_value": "Choose themes from the list.",
        },
    )
    elements = forms.MultipleChoiceField(
        label="Outcomes and impacts it shows",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Optional. The outcomes and impacts of the model the story is evidence of.",
        error_messages={"invalid_choice": ELEMENTS_NOT_LISTED},
    )
    # Set by the button pressed: "Save and send for a check" sends 1.
    submit = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._elements = list(outcome_elements())
        self.fields["elements"].choices = _element_choices(self._elements)
        self.helper = inner_form_helper(*self.layout())

    def story_layout(self) -> list:
        return [
            Heading(2, "The story", "h3 mt-4"),
            "title",
            "narrative",
            Field("changed_on", css_class="w-auto"),
            Div("themes", css_class="choice-columns"),
            "elements",
        ]

    def layout(self) -> list:
        return self.story_layout()

    def clean_elements(self):
        chosen = set(self.cleaned_data["elements"])
        return [e for e in self._elements if str(e.pk) in chosen]

    def story_details(self, *, stage: str = "") -> StoryDetails:
        data = self.cleaned_data
        image = data.get("image")
        return StoryDetails(
            title=data["title"],
            narrative=data["narrative"],
            changed_on=data["changed_on"],
            themes=list(data["themes"]),
            elements=data["elements"],
            stage=stage,
            images=[NewImage(image, data.get("alt_text", ""))] if image else [],
        )

    @staticmethod
    def initial_for(story) -> dict:
        """What a form to change a story starts with."""
        initial = {
            "title": story.title,
            "narrative": story.narrative,
            "changed_on": story.changed_on,
            "themes": list(story.themes.all()),
            "elements": [str(pk) for pk in story.elements.values_list("pk", flat=True)],
        }
        consent = getattr(story, "consent", None)
        if consent is not None:
            initial |= {
                "level": consent.level,
                "named": "yes" if consent.named else "no",
                "given_by": consent.given_by,
                "method": consent.method,
                "given_on": consent.given_on,
                "review_on": consent.review_on,
            }
        return initial


class NewPictureForm(forms.Form):
    """A picture that comes with a new story, and its description (needed with a picture)."""

    image = PictureField(
        label="A picture",
        required=False,
        help_text="Optional. A JPEG, PNG or WebP picture under 10 MB. Where and when it was "
        "taken, and on what, is removed from it.",
    )
    alt_text = forms.CharField(
        label="Describe the picture",
        max_length=250,
        required=False,
        help_text="Needed with a picture: what it shows, for people who cannot see it.",
    )

    def picture_layout(self) -> list:
        return [Heading(2, "A picture", "h3 mt-4"), "image", "alt_text"]

    def clean(self):
        data = super().clean()
        # The service refuses this too; asking here reports it with the form's other mistakes.
        if data.get("image"):
            try:
                picture_description(data.get("alt_text"))
            except forms.ValidationError as error:
                add_errors(self, error)
        return data


class ConsentRecordForm(forms.Form):
    """The consent the person gave, as the staff who asked them record it."""

    level = level_field(label="Who may read it", choices=Consent.Level.choices)
    named = named_field(label="Named or anonymous", choices=NAMED_CHOICES)
    given_by = forms.CharField(
        label="Consent given by",
        max_length=200,
        help_text="The person the story is about.",
        error_messages={"required": "Enter the name of the person who gave consent."},
    )
    method = forms.ChoiceField(
        label="How they gave consent",
        choices=Consent.Method.choices,
        widget=forms.RadioSelect,
        error_messages=CHOOSE,
    )
    given_on = UKDateField(
        label="Date consent was given",
        initial=timezone.localdate,
        help_text="As day/month/year.",
        error_messages={"required": "Enter the date consent was given."},
    )
    review_on = UKDateField(
        label="Check consent again by",
        required=False,
        help_text=f"Optional. Left empty, it is {REVIEW_AFTER_DAYS // 365} year after consent was "
        "given.",
    )

    def consent_layout(self) -> list:
        return [
            Heading(2, "Consent", "h3 mt-4"),
            "level",
            "named",
            "given_by",
            "method",
            Field("given_on", css_class="w-auto"),
            Field("review_on", css_class="w-auto"),
        ]

    def consent_details(self, *, existing: Consent | None = None) -> ConsentDetails:
        """The consent as typed, with the wording an existing consent was agreed to."""
        data = self.cleaned_data
        return ConsentDetails(
            level=data["level"],
            named=data["named"],
            given_by=data["given_by"],
            method=data["method"],
            given_on=data["given_on"],
            review_on=data.get("review_on"),
            wording=existing.wording if existing is not None else CONSENT_WORDING,
        )


class OwnConsentForm(forms.Form):
    """How far the person lets their own story go, and whether it names them."""

    level = level_field(label="Who may read your story", choices=OWN_LEVEL_CHOICES)
    named = named_field(label="Your name", choices=OWN_NAMED_CHOICES)

    def consent_layout(self) -> list:
        return [Heading(2, "Consent", "h3 mt-4"), "level", "named"]


# The story forms -----------------------------------------------------------------------------
# Each lists its pieces with StoryFieldsForm last: Django collects fields from the last base
# first, so the fields come in the order the page shows them (and its errors are listed).


class StoryCaptureForm(ConsentRecordForm, NewPictureForm, StoryFieldsForm):
    """Staff capture a story on a journey, recording the consent the person gave."""

    agreed = forms.BooleanField(
        label="The person agreed to this wording",
        error_messages={
            "required": "Tick the box to say the person agreed to this wording, or do not "
            "keep the story."
        },
    )

    def layout(self) -> list:
        return [
            *self.story_layout(),
            *self.picture_layout(),
            *self.consent_layout(),
            Wording("The wording they agreed to:", CONSENT_WORDING),
            "agreed",
        ]


class StoryTellForm(OwnConsentForm, NewPictureForm, StoryFieldsForm):
    """A person tells the story of their own journey and agrees to the wording online."""

    agreed = forms.BooleanField(
        label="I agree to this",
        error_messages={"required": "Tick the box to say you agree, or your story cannot be kept."},
    )

    def layout(self) -> list:
        return [
            *self.story_layout(),
            *self.picture_layout(),
            *self.consent_layout(),
            Wording("What you agree to:", CONSENT_WORDING),
            "agreed",
        ]

    def consent_details(self, *, given_by: str) -> ConsentDetails:
        """The person's choices, recorded as given online today, by given_by."""
        data = self.cleaned_data
        return ConsentDetails(
            level=data["level"],
            named=data["named"],
            given_by=given_by,
            method=Consent.Method.ONLINE,
            given_on=timezone.localdate(),
        )


class StoryEditForm(StoryFieldsForm):
    """Changing a story without its consent (the network's moderators, changing a peer
    member's own story). Pictures are added on their own form (PictureForm)."""

    def __init__(self, *args, story, **kwargs):
        self.story = story
        kwargs.setdefault("initial", self.initial_for(story))
        super().__init__(*args, **kwargs)

    def consent_details(self, *, existing: Consent | None = None) -> ConsentDetails | None:
        """Nothing: the consent stays as it is."""
        return None


class StoryEditWithConsentForm(ConsentRecordForm, StoryEditForm):
    """The organisation's staff change a story and correct its whole consent record; the
    wording agreed to stays as it was."""

    def layout(self) -> list:
        consent = getattr(self.story, "consent", None)
        return [
            *self.story_layout(),
            *self.consent_layout(),
            Wording(
                "The wording they agreed to (it stays as it was):",
                consent.wording if consent else "",
            ),
        ]


class OwnStoryEditForm(OwnConsentForm, StoryEditForm):
    """A teller changes their own story and chooses again only how far it goes and whether
    it names them."""

    def layout(self) -> list:
        return [*self.story_layout(), *self.consent_layout()]

    def consent_details(self, *, existing: Consent) -> ConsentDetails:
        """The person's choices; the rest stays as their consent recorded it."""
        data = self.cleaned_data
        return ConsentDetails(
            level=data["level"],
            named=data["named"],
            given_by=existing.given_by,
            method=existing.method,
            given_on=existing.given_on,
            review_on=existing.review_on,
            wording=existing.wording,
        )


class JourneyChoiceForm(forms.Form):
    """Which of the person's journeys a story they tell is about (only when they have more
    than one)."""

    journey = forms.ChoiceField(
        label="Which journey is your story about?",
        widget=forms.RadioSelect,
        error_messages=CHOOSE,
    )

    def __init__(self, *args, journeys, **kwargs):
        super().__init__(*args, **kwargs)
        self._journeys = {str(j.pk): j for j in journeys}
        self.fields["journey"].choices = [
            (str(j.pk), f"{j.venture_name}, with {j.organisation.name}") for j in journeys
        ]
        self.fields["journey"].initial = str(journeys[0].pk)
        self.helper = inner_form_helper("journey")

    def clean_journey(self):
        return self._journeys[self.cleaned_data["journey"]]


class CheckForm(forms.Form):
    """Approve a story waiting for a check, or return it with what should change."""

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve it"), ("return", "Return it for changes")],
        error_messages={
            "required": "Choose to approve it or return it.",
            "invalid_choice": "Choose to approve it or return it.",
        },
    )
    comment = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text="Needed to return it: say what should change. The person who wrote it down "
        "gets it by email.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The decision comes from the button pressed ("Approve it" or "Return it").
        self.helper = inner_form_helper("comment")


class PublicVersionForm(forms.Form):
    """The separate public title and text of a story, for the website."""

    public_title = forms.CharField(
        label="Public title",
        max_length=150,
        error_messages={"required": PUBLIC_TITLE_MISSING},
    )
    public_text = forms.CharField(
        label="Public version of the story",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
        help_text="Nothing that could tell a reader who the person is: no names, exact places, "
        "employers or dates that would give them away. Leave a blank line between paragraphs.",
        error_messages={"required": PUBLIC_TEXT_MISSING},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_form_helper("public_title", "public_text")


class PictureForm(forms.Form):
    """One more picture for a story, with its description."""

    image = PictureField(
        label="Picture",
        help_text="A JPEG, PNG or WebP picture under 10 MB. Where and when it was taken, and on "
        "what, is removed from it.",
        error_messages={"required": "Choose a picture."},
    )
    alt_text = forms.CharField(
        label="Describe the picture",
        max_length=250,
        help_text="What it shows, for people who cannot see it.",
        error_messages={"required": PICTURE_NOT_DESCRIBED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_form_helper("image", "alt_text")

    def new_image(self) -> NewImage:
        return NewImage(self.cleaned_data["image"], self.cleaned_data["alt_text"])


class WithdrawForm(forms.Form):
    """How the person said they no longer agree."""

    method = forms.ChoiceField(
        label="How did the person withdraw their consent?",
        choices=Consent.Method.choices,
        widget=forms.RadioSelect,
        error_messages=CHOOSE,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_form_helper("method")
