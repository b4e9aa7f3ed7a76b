"""Forms for most significant change rounds: starting one, the panel's choice for a domain,
reopening a round and naming its panel.

They check what was typed; stories.rounds.services decides who may do what and saves.
"""

from crispy_forms.layout import Field
from django import forms
from django.utils import timezone

from core.forms import UKDateField, inner_form_helper

from ..models import SelectionRound
from .selectors import last_quarter
from .services import CHOICE_REASON_MISSING, REOPEN_REASON_MISSING, SCOPE_NOT_LISTED, TITLE_MISSING

NETWORK = "network"


def scope_key(subject) -> str:
    return f"{subject._meta.model_name}:{subject.pk}"


class RoundForm(forms.Form):
    """A new round: whose panel runs it, and the period its stories' changes fall in."""

    title = forms.CharField(
        label="Title",
        max_length=150,
        help_text="A name the panel will recognise, for example “Wigan, spring 2026”.",
        error_messages={"required": TITLE_MISSING},
    )
    scope = forms.ChoiceField(
        label="Panel area",
        help_text=(
            "Everyone in this area can read the round. You run it and are the first on its "
            "panel; once it has started you can add others from the area to choose with you."
        ),
        error_messages={"required": SCOPE_NOT_LISTED, "invalid_choice": SCOPE_NOT_LISTED},
    )
    period_start = UKDateField(
        label="Stories of changes from",
        help_text="As day/month/year, for example 1/4/2026.",
        error_messages={"required": "Enter the first day of the period."},
    )
    period_end = UKDateField(
        label="To",
        help_text="The last day of the period.",
        error_messages={"required": "Enter the last day of the period."},
    )

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self._subjects = {scope_key(s): s for s in [*scopes.organisations, *scopes.places]}
        choices = []
        if scopes.network:
            choices.append((NETWORK, SelectionRound.Panel.NETWORK.label))
        if scopes.organisations:
            choices.append(
                ("Organisations", [(scope_key(o), o.name) for o in scopes.organisations])
            )
        if scopes.places:
            choices.append(("Places", [(scope_key(p), p.name) for p in scopes.places]))
        self.fields["scope"].choices = choices
        start, end = last_quarter(timezone.localdate())
        self.fields["period_start"].initial = start
        self.fields["period_end"].initial = end
        self.helper = inner_form_helper(
            "title",
            "scope",
            Field("period_start", css_class="w-auto"),
            Field("period_end", css_class="w-auto"),
        )

    def round_arguments(self) -> dict:
        """The round as stories.rounds.services.round_create takes it."""
        data = self.cleaned_data
        key = data["scope"]
        arguments = {
            "title": data["title"],
            "period_start": data["period_start"],
            "period_end": data["period_end"],
        }
        if key == NETWORK:
            return {**arguments, "panel": SelectionRound.Panel.NETWORK}
        subject = self._subjects[key]
        kind = key.split(":")[0]
        return {**arguments, "panel": kind, kind: subject}


class SelectionForm(forms.Form):
    """The panel's choice of story for one outcome domain, and why.

    Each domain's form on the round page gets its own ids; the names posted stay
    domain, story and reason.
    """

    domain = forms.CharField(widget=forms.HiddenInput)
    story = forms.ChoiceField(
        label="The most significant story",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the story the panel picked.",
            "invalid_choice": "Choose one of the stories listed for this outcome.",
        },
    )
    reason = forms.CharField(
        label="Why the panel chose it",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="What this change means, and why it matters more than the others.",
        error_messages={"required": CHOICE_REASON_MISSING},
    )

    def __init__(self, *args, domain, candidates, **kwargs):
        kwargs.setdefault("auto_id", f"id_{domain.slug}_%s")
        super().__init__(*args, **kwargs)
        self.domain = domain
        self._stories = {str(story.pk): story for story in candidates}
        self.fields["domain"].initial = str(domain.pk)
        self.fields["story"].choices = [(key, s.title) for key, s in self._stories.items()]
        self.helper = inner_form_helper("domain", "story", "reason")

    def clean_story(self):
        return self._stories[self.cleaned_data["story"]]


class ReopenForm(forms.Form):
    """Why the convenor is reopening a closed round."""

    reason = forms.CharField(
        label="Why you are reopening it",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Everyone who can read the round will see this.",
        error_messages={"required": REOPEN_REASON_MISSING},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_reopen_%s")
        super().__init__(*args, **kwargs)
        self.helper = inner_form_helper("reason")


class PanelAddForm(forms.Form):
    """Someone to add to the round's panel, by their email address."""

    email = forms.EmailField(
        label="Email address",
        help_text="They must be part of the round's panel area.",
        error_messages={
            "required": "Enter the email address of the person to add.",
            "invalid": "Enter an email address, like name@example.org.",
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_panel_%s")
        super().__init__(*args, **kwargs)
        self.helper = inner_form_helper(Field("email", autocomplete="off"))
