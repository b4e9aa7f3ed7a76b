"""Forms of the local-model staff area: an element and its checklist, in plain text, without JavaScript."""

import re
from html import escape
from html.parser import HTMLParser

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms

from logicmodel.content_io import clean_html
from logicmodel.models import ChecklistItem, Element

from .services import ChecklistChange

# Plain text <-> the explainer's simple HTML ----------------------------------------------------

_BULLET = re.compile(r"^\s*[-*•]\s+")


class _TextExtractor(HTMLParser):
    """Paragraphs (and list items as "- " lines) from the explainer's HTML."""

    _BLOCKS = {"p", "h3", "ul", "ol", "div"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []

    def _end_line(self):
        line = " ".join("".join(self.current).split())
        if line:
            self.blocks.append(line)
        self.current = []

    def _end_block(self):
        self._end_line()
        if self.blocks and self.blocks[-1] != "":
            self.blocks.append("")

    def handle_starttag(self, tag, attrs):
        if tag in self._BLOCKS:
            self._end_block()
        elif tag == "li":
            self._end_line()
            self.current.append("- ")
        elif tag == "br":
            self._end_line()

    def handle_endtag(self, tag):
        if tag in self._BLOCKS:
            self._end_block()
        elif tag == "li":
            self._end_line()

    def handle_data(self, data):
        self.current.append(data)

    def text(self) -> str:
        self._end_block()
        return "\n".join(self.blocks).strip()


def html_to_text(html: str) -> str:
    """The explainer as plain text: a blank line between paragraphs, "- " before list items."""
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    return parser.text()


def text_to_html(text: str) -> str:
    """Plain text as simple, sanitised HTML: paragraphs, and bulleted lists from "- " lines."""
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    html = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(_BULLET.match(line) for line in lines):
            items = "".join(f"<li>{escape(_BULLET.sub('', line))}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    return clean_html("".join(html))


def _normalised(text: str) -> str:
    return "\n".join(
        line.rstrip() for line in (text or "").replace("\r\n", "\n").strip().split("\n")
    )


# The element form -------------------------------------------------------------------------------


class ElementForm(forms.Form):
    """An element's title, summary and explainer; the explainer is typed as plain paragraphs."""

    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter a title for the element."},
    )
    summary = forms.CharField(
        label="Summary",
        help_text="One line, as it appears in the model table.",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": "Enter a one-line summary."},
    )
    explainer = forms.CharField(
        label="Explainer",
        required=False,
        max_length=20000,
        help_text="Leave a blank line between paragraphs. Start a line with “- ” to make a bulleted list.",
        widget=forms.Textarea(attrs={"rows": 12}),
    )

    def __init__(self, *args, element: Element | None = None, **kwargs):
        self.original_explainer = element.explainer if element else ""
        if element is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": element.title,
                    "summary": element.summary,
                    "explainer": html_to_text(element.explainer),
                },
            )
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field("title"), Field("summary"), Field("explainer"))

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_summary(self):
        summary = " ".join(self.cleaned_data["summary"].split())
        if not summary:
            raise forms.ValidationError("Enter a one-line summary.")
        return summary

    def clean_explainer(self):
        text = self.cleaned_data["explainer"]
        # Untouched text keeps the original formatting (headings, bold) it was shown without.
        if self.original_explainer and _normalised(text) == _normalised(
            html_to_text(self.original_explainer)
        ):
            return self.original_explainer
        return text_to_html(text)


# The checklist formset --------------------------------------------------------------------------


class ChecklistItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["text", "guidance"]
        labels = {"text": "What to check", "guidance": "Guidance (optional)"}
        help_texts = {"guidance": "What “in place” looks like and what evidence to keep."}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "guidance": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "text": {"required": "Enter what to check, or leave the whole item blank."}
        }

    def clean_text(self):
        return self.cleaned_data["text"].strip()

    def clean_guidance(self):
        return self.cleaned_data["guidance"].strip()


class BaseChecklistFormSet(forms.BaseInlineFormSet):
    """Validates the rows; the service, not the formset, saves them."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.is_existing = index is not None and index < self.initial_form_count()
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this item"

    def clean(self):
        super().clean()
        for form in self.forms[: self.initial_form_count()]:
            # The row named an item this element does not have (any more): never make it anew.
            if form.instance._state.adding:
                raise forms.ValidationError(
                    "Someone has changed this checklist since you opened the page. "
                    "Open the element again and make your changes there.",
                    code="stale",
                )

    def changes(self) -> list[ChecklistChange]:
        """The submitted rows as changes for the service; blank new rows are left out."""
        changes = []
        for form in self.forms:
            existing = (
                form.instance if form.instance.pk and not form.instance._state.adding else None
            )
            if existing is None and not form.has_changed():
                continue
            if self.can_delete and self._should_delete_form(form):
                if existing is not None:
                    changes.append(ChecklistChange(item=existing, remove=True))
                continue
            changes.append(
                ChecklistChange(
                    item=existing,
                    text=form.cleaned_data.get("text", ""),
                    guidance=form.cleaned_data.get("guidance", ""),
                )
            )
        return changes


def checklist_formset_class(*, extra: int):
    return forms.inlineformset_factory(
        Element,
        ChecklistItem,
        form=ChecklistItemForm,
        formset=BaseChecklistFormSet,
        extra=extra,
        can_delete=True,
        can_delete_extra=False,
        max_num=100,
        validate_max=True,
    )


def checklist_formset(element: Element | None, data=None, *, extra: int = 3):
    """The checklist rows of an element, or blank rows for a new one (element None)."""
    if element is None:
        # No id yet: the rows then carry no parent id for the next request to disagree with.
        element = Element(id=None)
        queryset = ChecklistItem.objects.none()
    else:
        queryset = ChecklistItem.objects.filter(element=element).order_by("sort_order")
    return checklist_formset_class(extra=extra)(
        data=data, instance=element, prefix="checklist", queryset=queryset
    )


def checklist_item_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper
