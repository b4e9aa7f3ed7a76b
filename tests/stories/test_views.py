"""One story's pages: capturing and telling it, what each reader sees of it, changing,
checking, its public version, sending it to the website, withdrawing consent, and the
panels on journeys' pages. Every form works without JavaScript; bad input is refused beside
its field, keeps what was typed and saves nothing."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from stories.models import Consent, Selection, SelectionRound, Story, StoryChange
from stories.pages import CaseStudyPage
from stories.selectors import outcome_domains, outcome_elements
from stories.services import story_return
from tests.access.routes_stories import amira_journey
from tests.journeys.factories import JourneyFactory
from tests.stories.factories import capture_story, jpeg_upload

pytestmark = pytest.mark.django_db
S = Story.Status
NAME = "Amira Example"
NETWORK_READERS = ["peer", "staff_b", "commissioner", "editor", "admin"]


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _beside(html: str, field: str) -> str:
    """The error text shown under one field."""
    match = re.search(rf'id="id_{field}_error"[^>]*>(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


def _story(cast, journey=None, **kwargs) -> Story:
    return capture_story(
        actor=cast.user("staff_a"), journey=journey or amira_journey(cast), **kwargs
    )


def _approved(cast, **kwargs) -> Story:
    return _story(cast, approve_by=cast.user("staff_a"), **kwargs)


def _counts():
    return Story.objects.count(), Consent.objects.count(), StoryChange.objects.count()


CAPTURE = {
    "title": "The stall that took on an apprentice",
    "narrative": "She took on an apprentice from the estate.\n\nHe now runs Saturdays.",
    "changed_on": "01/10/2026",
    "themes": [],
    "level": "network",
    "named": "no",
    "given_by": NAME,
    "method": "verbal",
    "given_on": "01/11/2026",
    "review_on": "",
    "agreed": "on",
}


# Capturing ----------------------------------------------------------------------------------


def test_the_capture_form_works_without_javascript_and_mentions_the_prompt(cast, client_for):
    from stories.services import story_prompt_for_stage_change

    journey = amira_journey(cast)
    story_prompt_for_stage_change(journey=journey, stage="trading")

    response = client_for("staff_a").get(reverse("stories:capture", args=[journey.pk]))

    main = _main(response)
    assert response.status_code == 200
    assert "This journey moved to <strong>trading</strong>" in main
    assert 'enctype="multipart/form-data"' in main
    assert "<script" not in main and " onclick" not in main
    assert f'name="given_by" value="{NAME}"' in main
    assert "I agree that this story about me may be kept and shared" in main
    assert "The person agreed to this wording" in main
    assert 'name="submit" value="1"' in main and "Save as draft" in main
    assert f'value="{timezone.localdate():%d/%m/%Y}"' in main  # given on: today


def test_capturing_a_draft_and_sending_one_for_a_check(cast, client_for):
    journey = amira_journey(cast)
    element = outcome_elements().first()
    client = client_for("staff_a")
    url = reverse("stories:capture", args=[journey.pk])

    draft = client.post(
        url,
        CAPTURE
        | {
            "elements": [str(element.pk)],
            "image": jpeg_upload(),
            "alt_text": "Amira and her apprentice",
        },
    )
    sent = client.post(url, CAPTURE | {"title": "A second story", "submit": "1"})

    first = Story.objects.get(title=CAPTURE["title"])
    assert draft.status_code == 302 and draft.url == first.get_absolute_url()
    assert (first.status, first.journey, first.subject) == (
        S.DRAFT,
        journey,
        cast.user("entrepreneur"),
    )
    assert list(first.elements.all()) == [element]
    assert first.images.get().alt_text == "Amira and her apprentice"
    consent = first.consent
    assert (consent.level, consent.named, consent.method, consent.given_by) == (
        "network",
        False,
        "verbal",
        NAME,
    )
    assert sent.status_code == 302
    assert Story.objects.get(title="A second story").status == S.SUBMITTED


BAD_CAPTURES = [
    (
        "alt_text",
        {"image": "picture", "alt_text": ""},
        "Describe the picture for people who cannot see it.",
    ),
    ("image", {"image": "not-a-picture", "alt_text": "A stall"}, "not a picture we can read"),
    ("changed_on", {"changed_on": "31/12/2099"}, "The change must have happened already."),
    ("changed_on", {"changed_on": "last spring"}, "Enter the date as day/month/year"),
    ("given_on", {"given_on": "31/12/2099"}, "Consent cannot be given in the future."),
    ("review_on", {"review_on": "01/01/2026"}, "The review date must be after consent"),
    ("agreed", {"agreed": ""}, "Tick the box to say the person agreed to this wording"),
    ("narrative", {"narrative": "<script>alert(1)</script>"}, "Tell the story"),
    ("level", {"level": "everyone"}, "Choose one of the options."),
    ("elements", {"elements": ["not-an-outcome"]}, "Choose outcomes and impacts from the list."),
]


@pytest.mark.parametrize(
    ("field", "change", "message"),
    BAD_CAPTURES,
    ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD_CAPTURES)],
)
def test_bad_input_is_refused_beside_the_field_keeps_what_was_typed_and_saves_nothing(
    cast, client_for, field, change, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    journey = amira_journey(cast)
    data = CAPTURE | change
    if change.get("image") == "picture":
        data["image"] = jpeg_upload()
    elif change.get("image") == "not-a-picture":
        data["image"] = SimpleUploadedFile("a.jpg", b"words", content_type="image/jpeg")
    before = _counts()

    response = client_for("staff_a").post(reverse("stories:capture", args=[journey.pk]), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    if field == "agreed":
        assert message in html
    else:
        assert message in _beside(html, field)
    assert CAPTURE["title"] in html  # what was typed is kept
    assert "She took on an apprentice from the estate." in html or field == "narrative"
    assert _counts() == before


def test_a_chosen_picture_must_be_chosen_again_after_a_problem(cast, client_for):
    journey = amira_journey(cast)
    data = CAPTURE | {"image": jpeg_upload(), "alt_text": "A stall", "agreed": ""}
    response = client_for("staff_a").post(reverse("stories:capture", args=[journey.pk]), data)
    assert "Choose the picture again" in _beside(response.content.decode(), "image")


# Telling your own ---------------------------------------------------------------------------


def test_an_entrepreneur_tells_their_own_story_for_their_hub_to_check(cast, client_for):
    journey = amira_journey(cast)
    amira = cast.user("entrepreneur")
    client = client_for("entrepreneur")

    page = client.get(reverse("stories:tell"))
    response = client.post(
        reverse("stories:tell"),
        {
            "title": "My first wage",
            "narrative": "I paid myself for the first time.",
            "changed_on": "01/11/2026",
            "level": "public",
            "named": "yes",
            "agreed": "on",
        },
    )

    main = _main(page)
    assert "Which journey" not in main  # only one journey: nothing to choose
    assert "given_by" not in main and 'name="method"' not in main
    assert "I agree to this" in main
    story = Story.objects.get(title="My first wage")
    assert response.status_code == 302 and response.url == story.get_absolute_url()
    assert (story.teller, story.told_by, story.subject) == ("entrepreneur", amira, amira)
    assert (story.organisation, story.journey, story.status) == (cast.hub_a, journey, S.SUBMITTED)
    consent = story.consent
    assert (consent.method, consent.given_on, consent.given_by) == (
        "online",
        timezone.localdate(),
        amira.get_full_name(),
    )
    assert (consent.level, consent.named, consent.recorded_by) == ("public", True, amira)


def test_with_two_journeys_the_teller_chooses_whose_organisation_checks_it(cast, client_for):
    amira_journey(cast)
    other = JourneyFactory(organisation=cast.hub_b, client__user=cast.user("entrepreneur"))
    client = client_for("entrepreneur")
    data = {
        "title": "Two hubs",
        "narrative": "Words.",
        "changed_on": "01/11/2026",
        "level": "organisation",
        "named": "no",
        "agreed": "on",
    }

    missing = client.post(reverse("stories:tell"), data)
    chosen = client.post(reverse("stories:tell"), data | {"journey": str(other.pk)})

    assert missing.status_code == 400
    assert "Choose one of the options." in missing.content.decode()
    assert chosen.status_code == 302
    assert Story.objects.get(title="Two hubs").organisation == cast.hub_b


def test_telling_without_agreeing_keeps_the_words_and_saves_nothing(cast, client_for):
    amira_journey(cast)
    before = _counts()
    response = client_for("entrepreneur").post(
        reverse("stories:tell"),
        {"title": "Kept title", "narrative": "Kept words.", "changed_on": "01/11/2026"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Tick the box to say you agree" in html
    assert "Kept title" in html and "Kept words." in html
    assert _counts() == before


# Reading one story --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", NETWORK_READERS)
def test_network_readers_of_an_anonymous_story_never_see_who_it_is_about(cast, client_for, persona):
    story = _approved(cast, level=Consent.Level.NETWORK, named=False)

    main = _main(client_for(persona).get(story.get_absolute_url()))

    assert story.title in main and "Now the stall pays two wages." in main
    assert NAME not in main and "Amira" not in main
    assert "Anonymous" in main
    assert reverse("journeys:detail", args=[story.journey_id]) not in main
    assert "Consent" not in main and "History" not in main
    for action in ("edit", "submit", "check", "send", "withdraw", "public_version"):
        assert reverse(f"stories:{action}", args=[story.pk]) not in main


def test_network_readers_of_a_named_story_see_the_name_but_not_the_journey(cast, client_for):
    story = _approved(cast, level=Consent.Level.NETWORK, named=True)
    main = _main(client_for("staff_b").get(story.get_absolute_url()))
    assert NAME in main
    assert reverse("journeys:detail", args=[story.journey_id]) not in main


def test_the_organisations_staff_see_the_name_the_journey_the_consent_and_the_history(
    cast, client_for
):
    story = _approved(cast, level=Consent.Level.NETWORK, named=False)
    main = _main(client_for("manager_a").get(story.get_absolute_url()))
    assert NAME in main
    assert reverse("journeys:detail", args=[story.journey_id]) in main
    assert "Spoken" not in main and "In writing, on 1 November 2026" in main
    assert "Waiting for a check" in main and "Approved" in main  # the history
    assert reverse("stories:withdraw", args=[story.pk]) in main


def test_the_person_it_is_about_sees_their_name_and_consent_but_not_the_staff_record(
    cast, client_for
):
    story = _approved(cast, level=Consent.Level.ORGANISATION, named=False)
    main = _main(client_for("entrepreneur").get(story.get_absolute_url()))
    assert NAME in main and "Only the organisation that captured it" in main
    assert reverse("journeys:detail", args=[story.journey_id]) not in main
    assert reverse("stories:withdraw", args=[story.pk]) in main
    assert reverse("stories:edit", args=[story.pk]) not in main


def test_the_buttons_follow_the_state_of_the_story(cast, client_for):
    client = client_for("staff_a")
    draft = _story(cast)
    submitted = _story(cast, submit=True)
    anonymous = _approved(cast, level=Consent.Level.PUBLIC, named=False)
    named = _approved(cast, level=Consent.Level.PUBLIC, named=True)

    draft_page = _main(client.get(draft.get_absolute_url()))
    submitted_page = _main(client.get(submitted.get_absolute_url()))
    anonymous_page = _main(client.get(anonymous.get_absolute_url()))
    named_page = _main(client.get(named.get_absolute_url()))

    assert reverse("stories:edit", args=[draft.pk]) in draft_page
    assert reverse("stories:submit", args=[draft.pk]) in draft_page
    assert reverse("stories:check", args=[draft.pk]) not in draft_page
    assert reverse("stories:check", args=[submitted.pk]) in submitted_page
    assert reverse("stories:edit", args=[submitted.pk]) not in submitted_page
    assert "it needs a separate public version" in anonymous_page
    assert reverse("stories:public_version", args=[anonymous.pk]) in anonymous_page
    assert reverse("stories:send", args=[anonymous.pk]) not in anonymous_page
    assert reverse("stories:send", args=[named.pk]) in named_page
    assert reverse("stories:public_version", args=[named.pk]) not in named_page


def test_a_story_shows_its_most_significant_change_selections(cast, client_for):
    story = _approved(cast, level=Consent.Level.NETWORK)
    selection_round = SelectionRound.objects.create(
        title="Wigan, autumn 2026",
        panel=SelectionRound.Panel.NETWORK,
        period_start=timezone.localdate().replace(month=9, day=1),
        period_end=timezone.localdate().replace(month=10, day=31),
    )
    Selection.objects.create(
        round=selection_round,
        domain=outcome_domains().first(),
        story=story,
        reason="It shows a business growing by training someone local.",
    )
    main = _main(client_for("peer").get(story.get_absolute_url()))
    assert "Wigan, autumn 2026" in main
    assert "It shows a business growing by training someone local." in main


def test_a_withdrawn_story_shows_only_that_consent_was_withdrawn(cast, client_for):
    from stories.services import story_withdraw_consent

    story = _approved(cast, level=Consent.Level.NETWORK, images=[(jpeg_upload(), "A stall")])
    story_withdraw_consent(story=story, actor=cast.user("entrepreneur"), method="online")

    main = _main(client_for("staff_a").get(story.get_absolute_url()))

    assert "Consent for this story was withdrawn on" in main
    assert f"{timezone.localdate():%-d %B %Y}" in main
    assert "From kitchen table" not in main and "two wages" not in main
    assert "<img" not in main
    assert client_for("staff_b").get(story.get_absolute_url()).status_code == 404


# Changing a story -----------------------------------------------------------------------------


def test_staff_change_a_draft_and_correct_its_consent(cast, client_for):
    story = _story(cast, level=Consent.Level.ORGANISATION)
    client = client_for("manager_a")

    page = _main(client.get(reverse("stories:edit", args=[story.pk])))
    response = client.post(
        reverse("stories:edit", args=[story.pk]),
        CAPTURE | {"title": "A better title", "level": "public", "given_by": "Amira E."},
    )

    assert 'name="given_by"' in page and 'name="method"' in page
    assert 'name="agreed"' not in page  # the wording agreed to stays as it was
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title == "A better title"
    assert (story.consent.level, story.consent.given_by, story.consent.method) == (
        "public",
        "Amira E.",
        "verbal",
    )


def test_a_teller_changing_their_own_story_chooses_only_how_far_it_goes(cast, client_for):
    amira = cast.user("entrepreneur")
    story = capture_story(
        actor=amira, journey=amira_journey(cast), teller=Story.Teller.ENTREPRENEUR, submit=True
    )
    story_return(story=story, actor=cast.user("staff_a"), comment="Say when it happened.")
    client = client_for("entrepreneur")

    page = _main(client.get(reverse("stories:edit", args=[story.pk])))
    response = client.post(
        reverse("stories:edit", args=[story.pk]),
        {
            "title": "Kitchen table",
            "narrative": "It happened in May.",
            "changed_on": "01/05/2026",
            "level": "organisation",
            "named": "no",
            "given_by": "Someone else",
            "submit": "1",
        },
    )

    assert 'name="level"' in page and 'name="named"' in page
    assert 'name="given_by"' not in page and 'name="method"' not in page
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.title, story.status) == ("Kitchen table", S.SUBMITTED)
    assert (story.consent.level, story.consent.named, story.consent.given_by) == (
        "organisation",
        False,
        NAME,
    )


def test_changing_keeps_what_was_typed_when_it_is_wrong(cast, client_for):
    story = _story(cast)
    response = client_for("staff_a").post(
        reverse("stories:edit", args=[story.pk]),
        CAPTURE | {"title": "Kept new title", "changed_on": "31/12/2099"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "The change must have happened already." in _beside(html, "changed_on")
    assert "Kept new title" in html
    story.refresh_from_db()
    assert story.title == "From kitchen table to market stall"


def test_a_checked_story_cannot_be_changed(cast, client_for):
    story = _story(cast, submit=True)
    response = client_for("staff_a").get(reverse("stories:edit", args=[story.pk]))
    assert response.status_code == 302 and response.url == story.get_absolute_url()


# Checking -------------------------------------------------------------------------------------


def test_returning_without_a_comment_is_refused_beside_it(cast, client_for):
    story = _story(cast, submit=True)
    response = client_for("manager_a").post(
        reverse("stories:check", args=[story.pk]), {"decision": "return", "comment": ""}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Say what should change" in _beside(html, "comment")
    assert Story.objects.get(pk=story.pk).status == S.SUBMITTED


def test_checking_approves_or_returns_with_the_comment(cast, client_for):
    client = client_for("manager_a")
    first, second = _story(cast, submit=True), _story(cast, submit=True)

    approved = client.post(reverse("stories:check", args=[first.pk]), {"decision": "approve"})
    returned = client.post(
        reverse("stories:check", args=[second.pk]),
        {"decision": "return", "comment": "Leave out the street."},
        follow=True,
    )

    assert approved.status_code == 302
    assert Story.objects.get(pk=first.pk).status == S.APPROVED
    assert Story.objects.get(pk=second.pk).status == S.RETURNED
    main = _main(returned)
    assert "Returned with your comment." in main
    assert "Leave out the street." in main


def test_a_story_already_checked_says_so(cast, client_for):
    story = _approved(cast)
    response = client_for("staff_a").post(
        reverse("stories:check", args=[story.pk]), {"decision": "approve"}
    )
    assert response.status_code == 400
    assert "Only a story waiting for a check can be approved." in response.content.decode()


# The public version and the website ---------------------------------------------------------


def test_the_public_version_is_approved_and_then_the_story_can_be_sent(cast, client_for):
    story = _approved(cast, level=Consent.Level.PUBLIC, named=False)
    client = client_for("staff_a")
    url = reverse("stories:public_version", args=[story.pk])

    bad = client.post(url, {"public_title": "", "public_text": "Kept public words."})
    good = client.post(
        url, {"public_title": "A market stall", "public_text": "A baker took on an apprentice."}
    )
    sent = client.post(reverse("stories:send", args=[story.pk]), follow=True)

    assert bad.status_code == 400
    assert "Give the public version a title." in _beside(bad.content.decode(), "public_title")
    assert "Kept public words." in bad.content.decode()
    assert good.status_code == 302
    assert "Sent to the site editors to check and publish." in _main(sent)
    page = CaseStudyPage.objects.get(story=story)
    assert (page.title, page.live, page.attribution) == ("A market stall", False, "Anonymous")


def test_sending_a_story_that_cannot_go_says_why(cast, client_for):
    story = _approved(cast, level=Consent.Level.NETWORK)
    response = client_for("staff_a").post(reverse("stories:send", args=[story.pk]), follow=True)
    assert "Its consent does not reach the public website." in _main(response)
    assert not CaseStudyPage.objects.filter(story=story).exists()


# Withdrawing consent --------------------------------------------------------------------------


def test_the_confirmation_says_exactly_what_will_happen(cast, client_for):
    story = _approved(cast, level=Consent.Level.NETWORK)

    staff = _main(client_for("staff_a").get(reverse("stories:withdraw", args=[story.pk])))
    person = _main(client_for("entrepreneur").get(reverse("stories:withdraw", args=[story.pk])))

    for page in (staff, person):
        assert "taken off the website" in page
        assert "search" in page
        assert "pictures are deleted" in page
        assert "words are erased" in page
        assert "<script" not in page
    assert 'name="method"' in staff  # staff record how the person told them
    assert 'name="method"' not in person  # the person does it here, online


def test_withdrawing_needs_to_know_how_and_then_takes_the_story_down(cast, client_for):
    story = _approved(cast, level=Consent.Level.NETWORK)
    client = client_for("staff_a")
    url = reverse("stories:withdraw", args=[story.pk])

    bad = client.post(url, {})
    good = client.post(url, {"method": "written"})

    assert bad.status_code == 400
    assert "Choose one of the options." in bad.content.decode()
    assert good.status_code == 302
    story.refresh_from_db()
    assert story.status == S.WITHDRAWN
    assert (story.consent.withdrawal_method, story.consent.withdrawn_by) == (
        "written",
        cast.user("staff_a"),
    )


def test_the_person_withdraws_their_own_consent_online(cast, client_for):
    story = _approved(cast, level=Consent.Level.NETWORK)
    response = client_for("entrepreneur").post(reverse("stories:withdraw", args=[story.pk]))
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.status, story.consent.withdrawal_method) == (S.WITHDRAWN, "online")


# Panels and prompts -------------------------------------------------------------------------


def test_the_journey_page_lists_its_stories_and_a_way_to_capture_one(cast, client_for):
    journey = amira_journey(cast)
    story = _story(cast, journey, level=Consent.Level.NETWORK)

    main = _main(client_for("staff_a").get(journey.get_absolute_url()))

    assert story.get_absolute_url() in main
    assert "Draft; may reach: the partner network" in main
    assert reverse("stories:capture", args=[journey.pk]) in main


def test_my_journey_lists_the_persons_stories_and_a_way_to_tell_one(cast, client_for):
    journey = amira_journey(cast)
    story = _story(cast, journey)

    main = _main(client_for("entrepreneur").get(reverse("my:journey")))

    assert story.get_absolute_url() in main
    assert f"{story.title}</a>: draft" in main
    assert reverse("stories:tell") in main


def test_my_journey_offers_no_story_to_someone_with_no_journey(cast, client_for):
    main = _main(client_for("peer").get(reverse("my:journey")))
    assert reverse("stories:tell") not in main


# Queries --------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.usefixtures("no_page_cache")
def test_the_story_panels_and_page_run_as_many_queries_with_many_stories_as_with_one(
    cast, client_for
):
    journey = amira_journey(cast)
    story = _approved(cast, journey=journey, elements=list(outcome_elements()[:1]))
    staff, person = client_for("staff_a"), client_for("entrepreneur")
    pages = [
        (staff, journey.get_absolute_url()),
        (person, reverse("my:journey")),
        (staff, story.get_absolute_url()),
    ]
    for client, url in pages:
        _queries(client, url)  # warm the site's caches
    few = [_queries(client, url) for client, url in pages]

    for _ in range(9):
        _story(cast, journey, images=[(jpeg_upload(), "A stall")])
    story.elements.set(outcome_elements())
    many = [_queries(client, url) for client, url in pages]

    # The stories panels add two queries to the journey page (its stories with their consent
    # and teller; the open prompt) and one to My journey (the person's stories). The story:
    # 6 + 10 (the story with its consent, organisation, place, journey, teller and subject;
    # the reader's standing twice, for staff two queries the first time and one the second,
    # as the organisations they work for are remembered; its pictures, themes, outcomes,
    # selections and history; who recorded the consent). The journey page also notes in the
    # access log that it was opened (the story is its teller's, so is not), and asks whether
    # the reader manages the hub (the privacy panel).
    assert many == few == [17, 14, 16]
