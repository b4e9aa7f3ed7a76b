"""seed_demo --scale (issue 15): the small data set is loaded once for the whole file, on top of
the demo, inside a transaction that is rolled back when the file is done.

The expected counts are written out as numbers: they are what seed 2026 makes for "small" on
the demo, whatever day or hour it runs.
"""

import random
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from demo.directory import HUB_A
from demo.personas import PERSONAS
from demo.scale import counts_for, fake, loaded_scale
from ecosystem.models import (
    CommissionerScope,
    Location,
    Membership,
    Organisation,
    Place,
    Schedule,
    Service,
    ServiceAtLocation,
)
from journeys.models import (
    Action,
    Attendance,
    Client,
    EqualityMonitoring,
    Journey,
    JourneyChange,
    Milestone,
    Session,
    SupportRequest,
    WellbeingCheck,
)
from journeys.selectors import journeys_filtered, journeys_visible_to
from logicmodel.models import Assessment, AssessmentAnswer
from referrals.models import Referral, ReferralChange, ReferralMessage
from stories.models import Consent, Story, StoryChange
from stories.pages import CaseStudyPage

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("scale")]

PASSWORD = "a-scale-demo-password"
COUNTED = [
    Place,
    Organisation,
    get_user_model(),
    Membership,
    CommissionerScope,
    Location,
    Service,
    ServiceAtLocation,
    Schedule,
    SupportRequest,
    EqualityMonitoring,
    Client,
    Journey,
    JourneyChange,
    Milestone,
    WellbeingCheck,
    Session,
    Attendance,
    Action,
    Referral,
    ReferralChange,
    ReferralMessage,
    Story,
    Consent,
    StoryChange,
    CaseStudyPage,
    Assessment,
    AssessmentAnswer,
]
# What seed 2026 adds for "small" (the brief's sizes divided by 100) to the demo.
SMALL = {
    "ecosystem.Place": 1,
    "ecosystem.Organisation": 12,
    "users.User": 25,
    "ecosystem.Membership": 25,
    "ecosystem.CommissionerScope": 1,
    "ecosystem.Location": 12,
    "ecosystem.Service": 50,
    "ecosystem.ServiceAtLocation": 39,
    "ecosystem.Schedule": 60,
    "journeys.SupportRequest": 860,
    "journeys.EqualityMonitoring": 392,
    "journeys.Client": 2_000,
    "journeys.Journey": 2_000,
    "journeys.JourneyChange": 4_421,
    "journeys.Milestone": 896,
    "journeys.WellbeingCheck": 699,
    "journeys.Session": 10_000,
    "journeys.Attendance": 15_766,
    "journeys.Action": 5_207,
    "referrals.Referral": 3_000,
    "referrals.ReferralChange": 7_294,
    "referrals.ReferralMessage": 1_768,
    "stories.Story": 500,
    "stories.Consent": 500,
    "stories.StoryChange": 1_422,
    "stories.CaseStudyPage": 1,
    "logicmodel.Assessment": 20,
    "logicmodel.AssessmentAnswer": 3_838,
}


def _counts() -> dict:
    return {model._meta.label: model.objects.count() for model in COUNTED}


def _seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, force=True, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def small(django_db_setup, django_db_blocker):
    """The demo, then the small scale data on top: the counts before and after, and what the
    command said."""
    with (
        pytest.MonkeyPatch.context() as patch,
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        patch.setenv("DEMO_PASSWORD", PASSWORD)
        _seed()
        before = _counts()
        output = _seed("--scale", "small")
        yield {"before": before, "after": _counts(), "output": output}
        transaction.set_rollback(True)


def test_it_adds_the_small_data_set(small):
    added = {label: small["after"][label] - small["before"][label] for label in small["after"]}
    assert added == SMALL


def test_it_makes_the_brief_sizes():
    large = counts_for("large")
    assert [large[k] for k in ("places", "organisations", "services", "journeys")] == [
        60,
        1_200,
        5_000,
        200_000,
    ]
    assert [large[k] for k in ("sessions", "referrals", "stories", "assessments")] == [
        1_000_000,
        300_000,
        50_000,
        2_000,
    ]
    medium = counts_for("medium")
    assert (medium["journeys"], medium["sessions"], medium["places"]) == (20_000, 100_000, 6)


def test_it_says_what_it_made_per_model(small):
    output = small["output"]
    assert "Loading the small scale data set (seed 2026):" in output
    assert "journeys" in output and "sessions" in output and "10,000" in output
    assert "Scale data loaded in" in output
    assert loaded_scale() == ("small", 2026)


def test_the_same_seed_makes_the_same_people_and_references():
    def sample(seed):
        rng = random.Random(seed)
        return (
            [fake.person_name(rng) for _ in range(20)],
            fake.references(rng, "RF-", 20, set()),
            fake.place_names(rng, 5, set()),
            fake.new_uuid(rng),
        )

    assert sample(2026) == sample(2026)
    assert sample(2026) != sample(2027)


def test_the_rows_are_fictional_and_look_like_the_apps(small):
    scale_orgs = Organisation.objects.filter(slug__startswith="scale-")
    assert scale_orgs.exists() and not scale_orgs.filter(is_demo=False).exists()
    clients = Client.objects.filter(organisation__slug__startswith="scale-")
    assert all(
        e.endswith("@example.test")
        for e in clients.exclude(email="").values_list("email", flat=True)
    )
    assert all(
        p.startswith("07700 900") for p in clients.exclude(phone="").values_list("phone", flat=True)
    )
    team = get_user_model().objects.filter(memberships__organisation__in=scale_orgs)
    assert all(u.email.endswith("@example.test") and not u.has_usable_password() for u in team)
    references = list(Referral.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references))
    assert all(r.startswith("RF-") and len(r) == 9 for r in references)
    requests = SupportRequest.objects.filter(organisation__in=scale_orgs)
    assert all(
        r.startswith("EP-") and len(r) == 9 for r in requests.values_list("reference", flat=True)
    )
    # A journey's organisation keeps its person's record; referrals go between two of them.
    assert not Journey.objects.exclude(client__organisation=F("organisation")).exists()
    assert not Referral.objects.filter(to_organisation=F("from_organisation")).exists()
    # Some stories are published, each with a consent that reaches the public and its page.
    published = Story.objects.filter(status=Story.Status.PUBLISHED)
    assert 0 < published.count() < Story.objects.filter(status=Story.Status.APPROVED).count()
    assert all(s.consent.level == Consent.Level.PUBLIC for s in published)
    assert CaseStudyPage.objects.filter(story__in=published, live=True).count() == published.count()


def test_running_it_again_with_the_same_size_changes_nothing(small):
    output = _seed("--scale", "small")
    assert "already loaded" in output
    assert _counts() == small["after"]


def test_another_size_says_what_to_do(small):
    with pytest.raises(CommandError, match="start from an empty database"):
        _seed("--scale", "medium")


def test_a_seed_without_a_size_is_refused():
    with pytest.raises(CommandError, match="--seed goes with --scale"):
        _seed("--seed", "7")


def test_hub_a_staff_see_many_journeys_in_their_list(small, client_for):
    hub_a = Organisation.objects.get(slug=HUB_A)
    user = get_user_model().objects.get(email="staff.a@demo.test")
    visible = journeys_visible_to(user).count()
    assert visible == Journey.objects.filter(organisation=hub_a).count() > 100
    response = client_for("staff_a").get(reverse("journeys:list"))
    assert response.status_code == 200
    listed = journeys_filtered(user, {}).qs.count()  # open journeys, unless asked otherwise
    assert response.context["page"].paginator.count == listed > 100


def test_the_demo_logins_still_work(small):
    from django.test import Client as Browser

    for persona in PERSONAS:
        response = Browser().post(
            reverse("account_login"), {"login": persona.email, "password": PASSWORD}
        )
        assert response.status_code == 302, persona.email
