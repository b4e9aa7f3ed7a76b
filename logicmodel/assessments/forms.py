"""Forms for regular reflection: starting an assessment, scoring a column, sharing a summary, comparing."""

from crispy_forms.bootstrap import FormActions, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.forms import Heading, UKDateField
from ecosystem.models import Organisation, Place
from logicmodel.models import Assessment, LogicModel

from .selectors import Score
from .services import Answer

SCORE_RADIOS_TEMPLATE = "logicmodel/assessments/_score_radios.html"

# Generous, but stops a pasted document from being stored as a note.
NOTE_MAX_LENGTH = 2000
EVIDENCE_MAX_LENGTH = 1000


def subject_key(subject: Organisation | Place) -> str:
    """How a subject is named in the start form: "organisation:<id>" or "place:<id>"."""
    kind = "place" if isinstance(subject, Place) else "organisation"
    return f"{kind}:{subject.pk}"


class AssessmentStartForm(forms.Form):
    subject = forms.ChoiceField(
        label="Organisation or place to assess",
        error_messages={"invalid_choice": "Choose an organisation or a place from the list."},
    )
    logic_model = forms.ModelChoiceField(
        queryset=LogicModel.objects.none(),
        label="Model to assess against",
        empty_label=None,
        error_messages={"invalid_choice": "Choose a model from the list."},
    )
    title = forms.CharField(
        max_length=200,
        label="Title",
        help_text="A name you will recognise later, for example “Spring reflection 2025”.",
        error_messages={"required": "Enter a title."},
    )
    assessed_on = UKDateField(
        label="Date of the assessment",
        help_text="As day/month/year, for example 27/03/2025.",
        error_messages={"required": "Enter the date of the assessment."},
    )
    start_from_last = forms.BooleanField(
        required=False,
        label="Start from last time: copy the scores, notes and evidence of the most recent assessment",
    )

    def __init__(self, *args, organisations, places, models, **kwargs):
        super().__init__(*args, **kwargs)
        self._subjects = {subject_key(s): s for s in [*organisations, *places]}
        groups = []
        if organisations:
            groups.append(("Organisations", [(subject_key(o), o.name) for o in organisations]))
        if places:
            groups.append(("Places", [(subject_key(p), p.name) for p in places]))
        self.fields["subject"].choices = groups
        self.fields["logic_model"].queryset = models
        options = list(models)
        if len(options) == 1:
            self.fields["logic_model"].widget = forms.HiddenInput()
            self.fields["logic_model"].initial = options[0].pk
        today = timezone.localdate()
        self.fields["title"].initial = f"Reflection, {today:%B %Y}"
        self.fields["assessed_on"].initial = today
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "subject",
            "logic_model",
            "title",
            Field("assessed_on", css_class="w-auto"),
            "start_from_last",
            Submit("start", "Start the assessment"),
        )

    def clean_subject(self):
        return self._subjects[self.cleaned_data["subject"]]

    def subject_arguments(self) -> dict:
        """The subject as the service takes it: organisation=... or place=..."""
        subject = self.cleaned_data["subject"]
        kind = subject_key(subject).split(":")[0]
        return {kind: subject}


class ScoreColumnForm(forms.Form):
    """The score, note and evidence for each checklist item of one column."""

    def __init__(self, *args, checklist, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.checklist = checklist
        self.item_fields = []
        layout = []
        number = 0
        for section in checklist.sections:
            layout.append(Heading(2, section.label, "h3 mt-4"))
            for element in section.checklist_elements:
                layout.append(Heading(3, element.title, "h4 mt-3"))
                for item in element.items:
                    number += 1
                    layout.append(self._add_item(number, item, answers.get(item.pk)))
        layout.append(
            FormActions(
                StrictButton(
                    "Save and continue",
                    type="submit",
                    name="then",
                    value="continue",
                    css_class="btn-primary",
                ),
                StrictButton(
                    "Save and go back to the overview",
                    type="submit",
                    name="then",
                    value="overview",
                    css_class="btn-outline-primary",
                ),
                css_class="d-flex flex-wrap gap-2",
            )
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout)

    def _add_item(self, number, item, answer):
        prefix = f"item-{item.pk}"
        names = (f"{prefix}-score", f"{prefix}-note", f"{prefix}-evidence")
        self.fields[names[0]] = forms.ChoiceField(
            label=f"{number}. {item.text}",
            choices=[("", "Not answered"), *Score.choices],
            required=False,
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            help_text=item.guidance,
            initial=answer.score if answer else "",
            error_messages={"invalid_choice": "Choose not yet, partly or in place."},
        )
        self.fields[names[1]] = forms.CharField(
            label=f"Note on item {number}",
            required=False,
            max_length=NOTE_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 2}),
            initial=answer.note if answer else "",
        )
        self.fields[names[2]] = forms.CharField(
            label=f"Evidence for item {number}",
            required=False,
            max_length=EVIDENCE_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 2}),
            initial=answer.evidence if answer else "",
        )
        self.item_fields.append((item, names))
        return Div(
            Field(names[0], template=SCORE_RADIOS_TEMPLATE),
            Div(
                Div(names[1], css_class="col-md-6"),
                Div(names[2], css_class="col-md-6"),
                css_class="row",
            ),
            css_class="checklist-answer border-bottom mb-3",
        )

    def answers(self) -> list[Answer]:
        """The answers typed, as the service takes them.

        Items whose fields were not posted at all (a page from before an item was
        added, say) are left as they are rather than emptied.
        """
        data = self.cleaned_data
        return [
            Answer(item_id=item.pk, score=data[score], note=data[note], evidence=data[evidence])
            for item, (score, note, evidence) in self.item_fields
            if note in self.data
        ]


class AssessmentSummaryForm(forms.ModelForm):
    summary = forms.CharField(
        label="Summary",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What stood out, and what you will do next. Notes and evidence are never shared.",
    )
    summary_is_public = forms.BooleanField(
        label="Share the summary and the scores per column on the public site",
        required=False,
        help_text="Anyone with the link can then read them, without signing in.",
    )

    class Meta:
        model = Assessment
        fields = ["summary", "summary_is_public"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "summary", "summary_is_public", Submit("save", "Save the summary")
        )


class AssessmentChoiceField(forms.ModelChoiceField):
    """A choice of assessment that answers anything unexpected (even a malformed id) the same way."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class CompareForm(forms.Form):
    other = AssessmentChoiceField(
        queryset=Assessment.objects.none(),
        label="Compare with",
        empty_label=None,
        error_messages={
            "invalid_choice": "Choose another assessment of the same organisation or place."
        },
    )

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = (
            Assessment.objects.filter(
                organisation_id=assessment.organisation_id,
                place_id=assessment.place_id,
                logic_model_id=assessment.logic_model_id,
            )
            .exclude(pk=assessment.pk)
            .order_by("-assessed_on", "-created_at")
        )
        # Read the options once; the field still checks a choice against the queryset.
        self.options = list(queryset)
        self.fields["other"].queryset = queryset
        self.fields["other"].choices = [(str(a.pk), str(a)) for a in self.options]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse("assessments:compare", args=[assessment.pk])
        self.helper.layout = Layout(
            Field("other", css_class="w-auto mw-100"),
            StrictButton("Compare", type="submit", css_class="btn-primary"),
        )
