"""The story forms: each way of telling or changing a story is its own small form built from
shared pieces (the story's fields, a first picture, the consent record or the person's own
choices), and each question a form shares with stories.services is asked in its words.

How the forms look and what they refuse on the page is tested with the pages
(tests/stories/test_views.py, tests/browser/test_stories.py)."""

import pytest
from django.core.exceptions import ValidationError

from ecosystem.models import Place
from network.forms import CaseStudyForm
from stories import services
from stories.forms import (
    OwnStoryEditForm,
    PictureForm,
    PublicVersionForm,
    StoryCaptureForm,
    StoryEditForm,
    StoryEditWithConsentForm,
    StoryTellForm,
)
from tests.stories.factories import jpeg_upload

STORY = ["title", "narrative", "changed_on", "themes", "elements"]
PICTURE = ["image", "alt_text"]
RECORD = ["level", "named", "given_by", "method", "given_on", "review_on"]
OWN = ["level", "named"]


@pytest.mark.parametrize(
    ("form", "fields"),
    [
        (StoryCaptureForm, [*STORY, *PICTURE, *RECORD, "agreed"]),
        (StoryTellForm, [*STORY, *PICTURE, *OWN, "agreed"]),
        (StoryEditWithConsentForm, [*STORY, *RECORD]),
        (OwnStoryEditForm, [*STORY, *OWN]),
        (StoryEditForm, STORY),
    ],
)
def test_each_way_of_telling_or_changing_a_story_has_only_its_own_fields(form, fields):
    assert [name for name in form.base_fields if name != "submit"] == fields
    assert "submit" in form.base_fields  # the button pressed: send for a check or not


def test_the_person_telling_their_own_story_is_asked_in_their_own_words():
    own, staff = StoryTellForm.base_fields, StoryCaptureForm.base_fields
    assert (own["level"].label, own["named"].label) == ("Who may read your story", "Your name")
    assert (staff["level"].label, staff["named"].label) == (
        "Who may read it",
        "Named or anonymous",
    )
    assert own["named"].help_text == staff["named"].help_text
    assert own["agreed"].error_messages["required"] == (
        "Tick the box to say you agree, or your story cannot be kept."
    )
    assert OwnStoryEditForm.base_fields["level"] is own["level"]


@pytest.mark.parametrize(
    ("form", "field", "code", "words"),
    [
        (StoryCaptureForm, "narrative", "required", services.NARRATIVE_MISSING),
        (CaseStudyForm, "narrative", "required", services.NARRATIVE_MISSING),
        (StoryCaptureForm, "elements", "invalid_choice", services.ELEMENTS_NOT_LISTED),
        (PictureForm, "alt_text", "required", services.PICTURE_NOT_DESCRIBED),
        (PublicVersionForm, "public_title", "required", services.PUBLIC_TITLE_MISSING),
        (PublicVersionForm, "public_text", "required", services.PUBLIC_TEXT_MISSING),
    ],
)
def test_a_form_asks_in_the_services_words(form, field, code, words):
    assert form.base_fields[field].error_messages[code] == words


@pytest.mark.django_db
def test_a_picture_without_a_description_is_refused_by_one_rule(cast):
    typed = {"title": "Stall", "narrative": "Words", "changed_on": "01/10/2026", "alt_text": " "}
    forms = [
        StoryTellForm(typed, {"image": jpeg_upload()}),
        StoryCaptureForm(typed, {"image": jpeg_upload()}),
        CaseStudyForm(typed, {"image": jpeg_upload()}, places=Place.objects.all()),
    ]
    for form in forms:
        assert not form.is_valid()
        assert form.errors["alt_text"] == [services.PICTURE_NOT_DESCRIBED]
    with pytest.raises(ValidationError) as refused:
        services.picture_description("  ")
    assert refused.value.message_dict == {"alt_text": [services.PICTURE_NOT_DESCRIBED]}
    assert services.picture_description(" A stall ") == "A stall"
