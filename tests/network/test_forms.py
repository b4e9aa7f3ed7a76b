"""The network's forms: each question a form shares with network.services is asked in the
service's words, and the case study form is built from the stories' own pieces."""

import pytest
from django.urls import reverse

from ecosystem.models import Place
from network import services
from network.forms import CaseStudyForm, GroupForm, MeetingForm, MemberAddForm, ProfileForm
from stories.forms import NewPictureForm, StoryCaptureForm

pytestmark = pytest.mark.django_db

JOIN = reverse("network:join")


@pytest.mark.parametrize(
    ("form", "field", "code", "words"),
    [
        (ProfileForm, "first_name", "required", services.FIRST_NAME_MISSING),
        (ProfileForm, "first_name", "max_length", services.TOO_LONG),
        (ProfileForm, "last_name", "max_length", services.TOO_LONG),
        (ProfileForm, "place", "required", services.PLACE_MISSING),
        (ProfileForm, "interests", "max_length", services.TOO_LONG),
        (ProfileForm, "about", "max_length", services.TOO_LONG),
        (CaseStudyForm, "level", "required", services.LEVEL_NOT_SHARED),
        (CaseStudyForm, "level", "invalid_choice", services.LEVEL_NOT_SHARED),
        (CaseStudyForm, "consent", "required", services.NOT_AGREED),
        (GroupForm, "name", "required", services.GROUP_NAME_MISSING),
        (GroupForm, "organisation", "required", services.NOT_THEIR_ORGANISATION),
        (GroupForm, "organisation", "invalid_choice", services.NOT_THEIR_ORGANISATION),
        (MemberAddForm, "user", "required", services.NOT_A_CANDIDATE),
        (MemberAddForm, "user", "invalid_choice", services.NOT_A_CANDIDATE),
        (MeetingForm, "topic", "required", services.TOPIC_MISSING),
    ],
)
def test_a_form_asks_in_the_services_words(form, field, code, words):
    assert form.base_fields[field].error_messages[code] == words


def test_the_group_name_rule_has_one_wording():
    assert services.GROUP_NAME_MISSING == "Give the group a name."


def test_the_case_study_form_reuses_the_stories_pieces():
    case, story = CaseStudyForm.base_fields, StoryCaptureForm.base_fields
    assert issubclass(CaseStudyForm, NewPictureForm)
    assert "clean" not in vars(CaseStudyForm)  # the picture rule is the stories' own
    assert case["alt_text"] is story["alt_text"]
    for name in ("title", "narrative"):
        assert (case[name].max_length, case[name].help_text) == (
            story[name].max_length,
            story[name].help_text,
        )
    assert (
        case["narrative"].error_messages["required"]
        == story["narrative"].error_messages["required"]
    )
    # Worded for the person telling it.
    assert (case["title"].error_messages["required"], case["narrative"].label) == (
        "Give your case study a title.",
        "Your story",
    )
    assert list(CaseStudyForm(places=Place.objects.none()).fields) == [
        "title",
        "narrative",
        "changed_on",
        "themes",
        "elements",
        "place",
        "image",
        "alt_text",
        "level",
        "named",
        "consent",
    ]


def test_a_name_too_long_is_refused_beside_it_in_plain_words(cast, client_for):
    response = client_for("staff_a").post(JOIN, {"first_name": "x" * 151, "place": cast.place_a.pk})
    assert response.status_code == 400
    assert "Keep this to 150 characters or fewer." in response.content.decode()
