"""Every staff form refuses bad input beside the field, keeps what was typed and saves nothing."""

import pytest
from django.urls import reverse

from journeys.models import Action, Client, Journey, JourneyChange, Milestone, SupportRequest
from tests.journeys.factories import JourneyFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(cast):
    return JourneyFactory(organisation=cast.hub_a, venture_name="Bike co-op")


def _snapshot():
    return (
        Journey.objects.count(),
        Client.objects.count(),
        JourneyChange.objects.count(),
        Milestone.objects.count(),
        Action.objects.count(),
        list(SupportRequest.objects.values_list("status", "organisation_id")),
    )


CASES = [
    (
        "journeys:new",
        "hub",
        {
            "kind": "group",
            "name": "Kept Name",
            "email": "not-an-email",
            "postcode": "WN9 9ZZZZZZ",
            "contact_method": "email",
            "venture_name": "",
            "stage": "enquiry",
        },
        [
            "Enter an email address like name@example.org.",
            "Name the idea or business in a few words.",
            "Enter a UK postcode, like WN1 1AA.",
        ],
        "Kept Name",
    ),
    (
        "journeys:edit",
        "journey",
        {"venture_name": "", "venture_description": "Kept description", "lead_worker": "999999"},
        ["Name the idea or business in a few words.", "Choose someone from the list."],
        "Kept description",
    ),
    (
        "journeys:stage",
        "journey",
        {"stage": "exploring", "reason": "Kept reason"},
        ["The journey is already at"],
        "Kept reason",
    ),
    (
        "journeys:status",
        "journey",
        {"status": "closed", "close_reason": "", "reason": "Kept note"},
        ["Choose why the journey is closing."],
        "Kept note",
    ),
    (
        "journeys:milestone_new",
        "journey",
        {"kind": "registered", "achieved_on": "01/11/2026", "note": "Kept milestone note"},
        ["Choose the legal form it registered as."],
        "Kept milestone note",
    ),
    (
        "journeys:action_new",
        "journey",
        {"description": "", "owner": "entrepreneur", "due_on": "not a date"},
        ["Describe the action.", "Enter the date as day/month/year"],
        "not a date",
    ),
    (
        "triage:close",
        "request",
        {"reason": "", "note": "Kept close note"},
        ["Choose one of the options."],
        "Kept close note",
    ),
    (
        "triage:accept",
        "request",
        {"organisation": "hub", "lead_worker": "nonsense"},
        ["Choose someone from the list."],
        None,
    ),
]


@pytest.mark.parametrize(
    ("name", "target", "data", "messages", "kept"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_input_is_refused_beside_the_field_and_saves_nothing(
    cast, client_for, journey, name, target, data, messages, kept
):
    if target == "hub":
        args = [cast.hub_a.pk]
    elif target == "journey":
        args = [journey.pk]
    else:
        args = [SupportRequestFactory(place=cast.place_a).pk]
    data = {k: (str(cast.hub_a.pk) if v == "hub" else v) for k, v in data.items()}
    before = _snapshot()

    response = client_for("staff_a").post(reverse(name, args=args), data)

    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert "There is a problem" in html
    for message in messages:
        assert message in html, message
    if kept:
        assert kept in html
    assert _snapshot() == before
