"""Stories' services: capture with consent (all or nothing), submitting, returning and
approving, the public version of an anonymous story, and withdrawing consent. (The prompt to
the lead worker after a stage change: tests/stories/test_prompts.py.)"""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.utils import timezone

from stories.models import (
    Consent,
    Selection,
    SelectionRound,
    Story,
    StoryChange,
    StoryImage,
)
from stories.selectors import outcome_domains, outcome_elements
from stories.services import (
    CONSENT_WORDING,
    NewImage,
    StoryDetails,
    story_approve,
    story_capture,
    story_return,
    story_set_public_text,
    story_submit,
    story_update,
    story_withdraw_consent,
)
from tests.journeys.factories import ClientFactory, JourneyFactory
from tests.stories.factories import (
    CHANGED_ON,
    GIVEN_ON,
    capture_story,
    consent_details,
    jpeg_upload,
)

pytestmark = pytest.mark.django_db
S = Story.Status


@pytest.fixture
def journey(cast):
    """Amira's journey at hub A, led by staff_a."""
    return JourneyFactory(
        organisation=cast.hub_a,
        client=ClientFactory(
            organisation=cast.hub_a,
            name="Amira Example",
            user=cast.user("entrepreneur"),
            place=cast.place_a,
        ),
        lead_worker=cast.user("staff_a"),
        venture_name="Amira's Bakery",
        stage="trading",
    )


def _details(**kwargs) -> StoryDetails:
    return StoryDetails(
        **{
            "title": "From kitchen table to market stall",
            "narrative": "She started baking at home.\n\nNow the stall pays two wages.",
            "changed_on": CHANGED_ON,
            **kwargs,
        }
    )


def _counts():
    return (
        Story.objects.count(),
        Consent.objects.count(),
        StoryImage.objects.count(),
        StoryChange.objects.count(),
    )


def _captured(cast, journey, **kwargs):
    return capture_story(actor=cast.user("staff_a"), journey=journey, **kwargs)


# Capture ------------------------------------------------------------------------------------


def test_capture_keeps_the_story_its_consent_and_pictures_on_the_journey(cast, journey):
    staff = cast.user("staff_a")
    element = outcome_elements().first()

    story = story_capture(
        actor=staff,
        teller=Story.Teller.STAFF,
        journey=journey,
        details=_details(
            narrative="She started <script>alert(1)</script>baking.\n\nNow it pays two wages.",
            elements=[element],
            images=[NewImage(jpeg_upload(), "Amira behind her stall")],
        ),
        consent=consent_details(level=Consent.Level.NETWORK, named=False),
    )

    story.refresh_from_db()
    assert (story.status, story.teller, story.told_by, story.subject) == (
        S.DRAFT,
        "staff",
        staff,
        cast.user("entrepreneur"),
    )
    assert (story.organisation, story.journey, story.stage, story.place) == (
        cast.hub_a,
        journey,
        "trading",
        cast.place_a,
    )
    assert "<script>" not in story.narrative
    assert story.narrative.startswith("<p>She started")
    assert list(story.elements.all()) == [element]
    consent = story.consent
    assert (consent.level, consent.named, consent.given_by, consent.method) == (
        "network",
        False,
        "Amira Example",
        "written",
    )
    assert (consent.given_on, consent.review_on) == (GIVEN_ON, GIVEN_ON + timedelta(days=365))
    assert (consent.wording, consent.recorded_by) == (CONSENT_WORDING, staff)
    [image] = story.images.all()
    assert image.alt_text == "Amira behind her stall"
    assert storages["private"].exists(image.file.name)
    assert [(c.from_status, c.to_status) for c in story.changes.all()] == [("", "draft")]


def test_capture_and_submit_sends_it_for_a_check(cast, journey):
    story = _captured(cast, journey, submit=True)
    assert story.status == S.SUBMITTED
    assert [c.to_status for c in story.changes.all()] == ["draft", "submitted"]


BAD_PARTS = [
    ("alt_text", {"images": "no-alt"}, {}),
    ("image", {"images": "not-a-picture"}, {}),
    ("narrative", {"narrative": "   "}, {}),
    ("changed_on", {"changed_on": "tomorrow"}, {}),
    ("elements", {"elements": "not-an-outcome"}, {}),
    ("given_on", {}, {"given_on": "tomorrow"}),
    ("review_on", {}, {"review_on": GIVEN_ON}),
    ("given_by", {}, {"given_by": " "}),
    ("level", {}, {"level": "everyone"}),
]


@pytest.mark.parametrize(
    ("field", "story_part", "consent_part"), BAD_PARTS, ids=[b[0] for b in BAD_PARTS]
)
def test_capture_saves_nothing_when_any_part_is_wrong(
    cast, journey, field, story_part, consent_part
):
    tomorrow = timezone.localdate() + timedelta(days=1)
    story_kwargs = {}
    for key, value in story_part.items():
        if value == "no-alt":
            story_kwargs["images"] = [NewImage(jpeg_upload(), "  ")]
        elif value == "not-a-picture":
            from django.core.files.uploadedfile import SimpleUploadedFile

            story_kwargs["images"] = [
                NewImage(SimpleUploadedFile("notes.jpg", b"not a picture"), "A picture")
            ]
        elif value == "not-an-outcome":
            from logicmodel.models import Element

            story_kwargs["elements"] = [Element.objects.exclude(pk__in=outcome_elements()).first()]
        else:
            story_kwargs[key] = tomorrow if value == "tomorrow" else value
    consent_kwargs = {k: tomorrow if v == "tomorrow" else v for k, v in consent_part.items()}
    before = _counts()
    files_before = _private_files()

    with pytest.raises(ValidationError) as error:
        story_capture(
            actor=cast.user("staff_a"),
            teller=Story.Teller.STAFF,
            journey=journey,
            details=_details(**story_kwargs),
            consent=consent_details(**consent_kwargs),
        )

    assert field in error.value.message_dict
    assert _counts() == before
    assert _private_files() == files_before


def _private_files() -> set:
    storage = storages["private"]
    if not storage.exists("stories"):
        return set()
    found = set()
    for folder in storage.listdir("stories")[0]:
        found |= {f"{folder}/{name}" for name in storage.listdir(f"stories/{folder}")[1]}
    return found


def test_a_picture_without_a_description_rolls_back_the_story(cast, journey):
    before = _counts()
    with pytest.raises(ValidationError) as error:
        _captured(cast, journey, images=[(jpeg_upload(), "")])
    assert error.value.message_dict == {
        "alt_text": ["Describe the picture for people who cannot see it."]
    }
    assert _counts() == before


def test_a_bad_second_picture_leaves_no_file_of_the_first(cast, journey):
    before = _counts()
    files_before = _private_files()
    with pytest.raises(ValidationError) as error:
        _captured(cast, journey, images=[(jpeg_upload(), "The stall"), (jpeg_upload(), " ")])
    assert "alt_text" in error.value.message_dict
    assert _counts() == before
    assert _private_files() == files_before


def test_a_story_with_no_journey_belongs_to_the_organisation_named(cast):
    story = capture_story(actor=cast.user("staff_a"), organisation=cast.hub_a)
    assert (story.organisation, story.journey, story.subject, story.stage) == (
        cast.hub_a,
        None,
        None,
        "",
    )
    assert story.place == cast.hub_a.places.first()


def test_update_changes_a_draft_and_its_consent_but_not_a_submitted_story(cast, journey):
    staff = cast.user("manager_a")
    story = _captured(cast, journey)

    story = story_update(
        story=story,
        actor=staff,
        details=_details(title="A second stall"),
        consent=consent_details(level=Consent.Level.PUBLIC, named=False, given_by="Amira E."),
    )

    story.refresh_from_db()
    assert story.title == "A second stall"
    assert (story.consent.level, story.consent.given_by, story.consent.recorded_by) == (
        "public",
        "Amira E.",
        staff,
    )
    story_submit(story=story, actor=staff)
    with pytest.raises(ValidationError):
        story_update(story=story, actor=staff, details=_details(title="Too late"))
    story.refresh_from_db()
    assert story.title == "A second stall"


# Submitting, returning, approving -------------------------------------------------------


def test_only_a_draft_or_returned_story_can_be_submitted(cast, journey):
    story = _captured(cast, journey, submit=True)
    with pytest.raises(ValidationError):
        story_submit(story=story, actor=cast.user("staff_a"))


def test_returning_needs_a_comment_and_emails_the_teller(
    cast, journey, django_capture_on_commit_callbacks
):
    story = _captured(cast, journey, submit=True)
    manager = cast.user("manager_a")

    with pytest.raises(ValidationError) as error:
        story_return(story=story, actor=manager, comment="  ")
    assert "comment" in error.value.message_dict
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        story = story_return(story=story, actor=manager, comment="Leave out her address.")

    assert story.status == S.RETURNED
    change = story.changes.last()
    assert (change.to_status, change.comment, change.changed_by) == (
        "returned",
        "Leave out her address.",
        manager,
    )
    [email] = mail.outbox
    assert email.to == ["staff.a@demo.test"]
    assert "Leave out her address." in email.body
    assert f"/stories/{story.pk}/" in email.body
    # Changed and sent again, it can be approved.
    story_submit(story=story, actor=cast.user("staff_a"))
    story = story_approve(story=story, actor=manager)
    assert story.status == S.APPROVED


def test_approving_emails_the_teller_unless_they_approved_it(
    cast, journey, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _captured(cast, journey, approve_by=cast.user("staff_a"))
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        story = story_approve(
            story=_captured(cast, journey, submit=True), actor=cast.user("manager_a")
        )
    [email] = mail.outbox
    assert email.to == ["staff.a@demo.test"]
    assert story.title in email.subject


def test_only_a_submitted_story_can_be_approved_or_returned(cast, journey):
    staff = cast.user("staff_a")
    story = _captured(cast, journey)
    with pytest.raises(ValidationError):
        story_approve(story=story, actor=staff)
    with pytest.raises(ValidationError):
        story_return(story=story, actor=staff, comment="Why?")


@pytest.mark.parametrize("persona", ["entrepreneur", "staff_b", "editor", "admin"])
def test_only_those_who_look_after_a_story_may_check_it(cast, journey, persona):
    story = _captured(cast, journey, submit=True)
    with pytest.raises(PermissionDenied):
        story_approve(story=story, actor=cast.user(persona))
    with pytest.raises(PermissionDenied):
        story_return(story=story, actor=cast.user(persona), comment="No.")
    assert Story.objects.get(pk=story.pk).status == S.SUBMITTED


def test_an_entrepreneur_cannot_approve_their_own_story(cast, journey):
    story = capture_story(
        actor=cast.user("entrepreneur"),
        journey=journey,
        teller=Story.Teller.ENTREPRENEUR,
        submit=True,
    )
    with pytest.raises(PermissionDenied):
        story_approve(story=story, actor=cast.user("entrepreneur"))


# The public version -----------------------------------------------------------------------


def test_the_public_version_is_cleaned_and_recorded_as_approved(cast, journey):
    story = _captured(cast, journey, named=False, approve_by=cast.user("staff_a"))
    manager = cast.user("manager_a")

    story = story_set_public_text(
        story=story,
        actor=manager,
        title="  A market stall  ",
        text="A baker <img src=x onerror=alert(1)>in Wigan took on an apprentice.",
    )

    story.refresh_from_db()
    assert story.public_title == "A market stall"
    assert story.public_text == "<p>A baker in Wigan took on an apprentice.</p>"
    assert (story.public_text_approved_by, story.public_text_approved_at is not None) == (
        manager,
        True,
    )


@pytest.mark.parametrize(
    ("title", "text", "field"),
    [("", "Some words.", "public_title"), ("A title", "<script>x</script>", "public_text")],
)
def test_the_public_version_needs_a_title_and_words(cast, journey, title, text, field):
    story = _captured(cast, journey, named=False, approve_by=cast.user("staff_a"))
    with pytest.raises(ValidationError) as error:
        story_set_public_text(story=story, actor=cast.user("staff_a"), title=title, text=text)
    assert field in error.value.message_dict
    story.refresh_from_db()
    assert story.public_text_approved_at is None


@pytest.mark.parametrize("persona", ["entrepreneur", "staff_b", "editor"])
def test_only_those_who_look_after_a_story_approve_its_public_version(cast, journey, persona):
    story = _captured(cast, journey, named=False, approve_by=cast.user("staff_a"))
    with pytest.raises(PermissionDenied):
        story_set_public_text(story=story, actor=cast.user(persona), title="T", text="Words.")


def test_a_withdrawn_story_gets_no_public_version(cast, journey):
    story = _captured(cast, journey, named=False, approve_by=cast.user("staff_a"))
    story_withdraw_consent(story=story, actor=cast.user("entrepreneur"), method="online")
    with pytest.raises(ValidationError):
        story_set_public_text(story=story, actor=cast.user("staff_a"), title="T", text="Words.")


# Withdrawing consent ---------------------------------------------------------------------


def test_withdrawing_erases_the_words_and_pictures_and_records_who_when_and_how(
    cast, journey, django_capture_on_commit_callbacks
):
    story = _captured(
        cast,
        journey,
        level=Consent.Level.NETWORK,
        images=[(jpeg_upload(), "Amira at her stall")],
        elements=[outcome_elements().first()],
        approve_by=cast.user("staff_a"),
    )
    story = story_set_public_text(
        story=story, actor=cast.user("staff_a"), title="Public", text="Public words."
    )
    picture = story.images.get()
    file_name = picture.file.name
    selection_round = SelectionRound.objects.create(
        title="Autumn 2026",
        panel=SelectionRound.Panel.ORGANISATION,
        organisation=cast.hub_a,
        period_start=date(2026, 9, 1),
        period_end=date(2026, 10, 31),
    )
    Selection.objects.create(
        round=selection_round, domain=outcome_domains().first(), story=story, reason="Because."
    )
    manager = cast.user("manager_a")
    # A comment made while checking it, quoting the story.
    story.changes.filter(to_status=S.APPROVED).update(comment="Amira's stall: lovely.")

    with django_capture_on_commit_callbacks(execute=True):
        story = story_withdraw_consent(story=story, actor=manager, method="verbal")

    story.refresh_from_db()
    assert story.status == S.WITHDRAWN
    assert (story.title, story.narrative, story.public_title, story.public_text) == (
        "Story withdrawn",
        "",
        "",
        "",
    )
    assert not story.themes.exists() and not story.elements.exists()
    assert not StoryImage.objects.filter(story=story).exists()
    assert not storages["private"].exists(file_name)
    assert not Selection.objects.filter(story=story).exists()
    assert not story.changes.exclude(comment="").exists()
    consent = story.consent
    assert (consent.withdrawn_by, consent.withdrawal_method) == (manager, "verbal")
    assert timezone.now() - consent.withdrawn_at < timedelta(minutes=1)
    change = story.changes.last()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "approved",
        "withdrawn",
        manager,
    )


def test_the_person_it_is_about_may_withdraw_and_network_readers_may_not(cast, journey):
    story = _captured(cast, journey, level=Consent.Level.NETWORK, approve_by=cast.user("staff_a"))
    for persona in ("entrepreneur2", "peer", "staff_b", "commissioner", "editor", "admin"):
        with pytest.raises(PermissionDenied):
            story_withdraw_consent(story=story, actor=cast.user(persona), method="online")
    with pytest.raises(ValidationError) as error:
        story_withdraw_consent(story=story, actor=cast.user("entrepreneur"), method="by pigeon")
    assert "method" in error.value.message_dict

    story_withdraw_consent(story=story, actor=cast.user("entrepreneur"), method="online")

    assert Story.objects.get(pk=story.pk).status == S.WITHDRAWN
    # Once withdrawn there is nothing left to withdraw.
    with pytest.raises(PermissionDenied):
        story_withdraw_consent(story=story, actor=cast.user("staff_a"), method="online")
