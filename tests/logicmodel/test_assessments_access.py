"""Who may read and change assessments: 404 to outsiders (as for a missing id), 403 to readers who change."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from ecosystem.models import Membership, Organisation
from logicmodel.assessments.access import get_assessment_for_user, get_public_assessment
from logicmodel.assessments.selectors import assessable_subjects, assessments_visible_to
from logicmodel.assessments.services import assessment_share_summary
from logicmodel.models import Assessment
from tests.logicmodel.test_assessments_support import MISSING, columns, items_of, score, start
from tests.support.cast import PERSONA_KEYS

pytestmark = pytest.mark.django_db

SIGNED_IN = [p for p in PERSONA_KEYS if p != "anonymous"]


def _access(user, assessment) -> str:
    """What the access helper grants, in words: "write", "read" or "none"."""
    try:
        get_assessment_for_user(user, assessment.pk)
    except Http404:
        return "none"
    try:
        get_assessment_for_user(user, assessment.pk, write=True)
    except PermissionDenied:
        return "read"
    return "write"


HUB_A = {
    "entrepreneur": "none",
    "entrepreneur2": "none",
    "peer": "none",
    "staff_a": "read",
    "manager_a": "write",
    "staff_b": "none",
    "commissioner": "read",
    "editor": "none",
    "admin": "write",
}
HUB_B = {**dict.fromkeys(SIGNED_IN, "none"), "staff_b": "read", "admin": "write"}
WIGAN = HUB_A
BRADFORD = HUB_B


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_it_grants_each_persona_what_the_rules_say(persona, cast):
    user = cast.user(persona)
    assert _access(user, start(cast.hub_a)) == HUB_A[persona]
    assert _access(user, start(cast.hub_b)) == HUB_B[persona]
    assert _access(user, start(cast.place_a)) == WIGAN[persona]
    assert _access(user, start(cast.place_b)) == BRADFORD[persona]


def test_it_answers_a_missing_id_and_an_unseen_assessment_the_same(cast):
    assessment = start(cast.hub_a)
    with pytest.raises(Http404):
        get_assessment_for_user(cast.user("staff_b"), assessment.pk)
    with pytest.raises(Http404):
        get_assessment_for_user(cast.user("staff_b"), MISSING)
    with pytest.raises(Http404):
        get_assessment_for_user(cast.user("admin"), MISSING, write=True)


def test_commissioners_read_the_assessments_of_organisations_serving_their_places(cast):
    commissioning_team = Organisation.objects.get(slug="wigan-borough-commissioning-team")
    assert _access(cast.user("commissioner"), start(commissioning_team)) == "read"
    # The same organisation, once it no longer serves Wigan, is out of sight.
    assessment = start(commissioning_team)
    commissioning_team.places.clear()
    assert _access(cast.user("commissioner"), assessment) == "none"


def test_only_catalyst_hubs_run_their_places_assessments(cast, django_user_model):
    co_op = Organisation.objects.create(name="Wigan Food Co-op", slug="wigan-food-co-op")
    co_op.places.add(cast.place_a)
    manager = django_user_model.objects.create_user(email="co-op@demo.test", password="x")
    Membership.objects.create(user=manager, organisation=co_op, role=Membership.Role.MANAGER)

    assert _access(manager, start(co_op)) == "write"
    assert _access(manager, start(cast.place_a)) == "none"
    co_op.is_catalyst_hub = True
    co_op.save()
    assert _access(manager, start(cast.place_a)) == "write"
    assert assessable_subjects(manager) == ([co_op], [cast.place_a])


def test_a_member_of_two_hubs_gets_the_stronger_access(cast):
    staff_a = cast.user("staff_a")
    Membership.objects.create(user=staff_a, organisation=cast.hub_b, role=Membership.Role.MANAGER)
    assert _access(staff_a, start(cast.hub_a)) == "read"
    assert _access(staff_a, start(cast.hub_b)) == "write"
    assert _access(staff_a, start(cast.place_a)) == "read"
    assert _access(staff_a, start(cast.place_b)) == "write"


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_the_list_selector_agrees_with_the_access_helper(persona, cast):
    assessments = [start(s) for s in (cast.hub_a, cast.hub_b, cast.place_a, cast.place_b)]
    user = cast.user(persona)
    visible = set(assessments_visible_to(user))
    assert visible == {a for a in assessments if _access(user, a) != "none"}
    for assessment in assessments_visible_to(user):
        assert assessment.access == {"read": 1, "write": 2}[_access(user, assessment)]


def test_the_list_selector_shows_nothing_to_anonymous_visitors(cast):
    from django.contrib.auth.models import AnonymousUser

    start(cast.hub_a)
    assert list(assessments_visible_to(AnonymousUser())) == []


@pytest.mark.parametrize(
    ("persona", "organisations", "places"),
    [
        ("manager_a", ["Northway Community Hub"], ["Wigan"]),
        ("staff_a", [], []),
        ("staff_b", [], []),
        ("commissioner", [], []),
        ("entrepreneur", [], []),
        ("editor", [], []),
    ],
)
def test_it_offers_to_assess_only_what_the_person_may_write(persona, organisations, places, cast):
    found_organisations, found_places = assessable_subjects(cast.user(persona))
    assert [o.name for o in found_organisations] == organisations
    assert [p.name for p in found_places] == places


def test_superusers_may_assess_every_organisation_and_place(cast):
    found_organisations, found_places = assessable_subjects(cast.user("admin"))
    assert set(found_organisations) == set(Organisation.objects.all())
    assert {p.slug for p in found_places} >= {"wigan", "bradford"}


# Through the views -------------------------------------------------------------------------


def _column_url(assessment, column=None):
    return reverse("assessments:column", args=[assessment.pk, (column or columns()[0]).slug])


def test_readers_see_the_answers_but_no_form(cast, client_for):
    assessment = start(cast.hub_a)
    score(
        assessment, items_of(columns()[0])[:1], ["partly"], note="Ask the board", evidence="Minutes"
    )
    for persona in ("staff_a", "commissioner"):
        html = client_for(persona).get(_column_url(assessment)).content.decode()
        assert "Ask the board" in html and "Minutes" in html and "Partly" in html
        assert 'name="item-' not in html
        assert (
            "Mark as complete"
            not in client_for(persona)
            .get(reverse("assessments:detail", args=[assessment.pk]))
            .content.decode()
        )
    assert 'name="item-' in client_for("manager_a").get(_column_url(assessment)).content.decode()


@pytest.mark.parametrize("persona", ["staff_a", "commissioner"])
def test_readers_who_try_to_change_get_403_and_nothing_changes(persona, cast, client_for):
    assessment = start(cast.hub_a)
    item = items_of(columns()[0])[0]
    score(assessment, [item], ["partly"])
    client = client_for(persona)
    posted = {
        f"item-{item.pk}-score": "in-place",
        f"item-{item.pk}-note": "",
        f"item-{item.pk}-evidence": "",
    }
    assert client.post(_column_url(assessment), posted).status_code == 403
    assert client.post(reverse("assessments:complete", args=[assessment.pk])).status_code == 403
    assert (
        client.post(
            reverse("assessments:summary", args=[assessment.pk]),
            {"summary": "Ours now", "summary_is_public": "on"},
        ).status_code
        == 403
    )
    assessment.refresh_from_db()
    assert assessment.answers.get().score == "partly"
    assert assessment.status == Assessment.Status.DRAFT
    assert (assessment.summary, assessment.summary_is_public) == ("", False)


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_outsiders_get_the_same_page_as_for_a_missing_assessment(cast, client_for):
    assessment = start(cast.hub_a)
    client = client_for("staff_b")
    real = client.get(reverse("assessments:detail", args=[assessment.pk]))
    missing = client.get(reverse("assessments:detail", args=[MISSING]))
    assert real.status_code == missing.status_code == 404
    assert _without_csrf(real.content.decode()) == _without_csrf(missing.content.decode())


def test_anonymous_visitors_are_sent_to_sign_in(cast, client_for):
    assessment = start(cast.hub_a)
    for url in (reverse("assessments:list"), reverse("assessments:detail", args=[assessment.pk])):
        response = client_for("anonymous").get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


def test_the_list_shows_each_person_only_what_they_may_see(cast, client_for):
    start(cast.hub_a, title="Hub A in January")
    start(cast.hub_b, title="Hub B in January")
    start(cast.place_a, title="Wigan in January")
    expected = {
        "manager_a": {"Hub A in January", "Wigan in January"},
        "commissioner": {"Hub A in January", "Wigan in January"},
        "staff_b": {"Hub B in January"},
        "entrepreneur": set(),
        "admin": {"Hub A in January", "Hub B in January", "Wigan in January"},
    }
    for persona, titles in expected.items():
        html = client_for(persona).get(reverse("assessments:list")).content.decode()
        shown = {
            t for t in ("Hub A in January", "Hub B in January", "Wigan in January") if t in html
        }
        assert shown == titles, persona
    assert (
        "Start a new assessment"
        in client_for("manager_a").get(reverse("assessments:list")).content.decode()
    )
    assert (
        "Start a new assessment"
        not in client_for("staff_a").get(reverse("assessments:list")).content.decode()
    )


# The public summary -------------------------------------------------------------------------


def test_an_unshared_summary_is_not_found_by_anyone(cast, client_for):
    assessment = start(cast.hub_a)
    assessment_share_summary(
        assessment=assessment, summary="Private thoughts", summary_is_public=False
    )
    url = reverse("assessments_public:summary", args=[assessment.pk])
    for persona in ("anonymous", "manager_a", "admin"):
        assert client_for(persona).get(url).status_code == 404
    with pytest.raises(Http404):
        get_public_assessment(assessment.pk)


def test_a_shared_summary_shows_scores_but_never_notes_or_evidence(cast, client_for):
    assessment = start(cast.hub_a)
    items = items_of(columns()[0])
    score(assessment, items[:2], ["in-place", "partly"], note="Secret note", evidence="Secret file")
    assessment_share_summary(
        assessment=assessment, summary="We are on our way.", summary_is_public=True
    )

    response = client_for("anonymous").get(
        reverse("assessments_public:summary", args=[assessment.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Northway Community Hub" in html
    assert "We are on our way." in html
    assert "15 January 2025" in html
    assert "75%" in html  # 3 points of 4
    assert "Secret note" not in html and "Secret file" not in html
    assert items[0].text not in html

    assessment_share_summary(
        assessment=assessment, summary="We are on our way.", summary_is_public=False
    )
    assert (
        client_for("anonymous")
        .get(reverse("assessments_public:summary", args=[assessment.pk]))
        .status_code
        == 404
    )
