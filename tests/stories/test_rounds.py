"""Most significant change rounds: who may start which, who may read, choose and convene one,
what a panel may choose from, choosing, closing and reopening, naming the panel, and what
reaches the model's public element pages.

The period of every round here is September and October 2026; the stories' changes happen on
1 October 2026 unless a test moves them. Unless a test says otherwise, hub A's round is
convened by manager_a with staff_a on the panel, Wigan's by the commissioner with staff_a,
and the network's by the editor with the peer member and the commissioner.
"""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import LogContext

from core.access import Access
from demo.rounds import seed_rounds
from stories.models import Consent, RoundEvent, Selection, SelectionRound, Story
from stories.pages import CaseStudyPage
from stories.publishing import case_study_send
from stories.rounds.access import get_round_for_user, get_round_to_convene
from stories.rounds.selectors import (
    last_quarter,
    round_candidates,
    round_detail,
    round_scopes,
    rounds_visible_to,
)
from stories.rounds.services import (
    NOT_IN_AREA,
    round_close,
    round_create,
    round_panel_add,
    round_panel_remove,
    round_reopen,
    round_select,
)
from stories.selectors import outcome_domains, outcome_elements, story_access
from stories.services import story_withdraw_consent
from tests.ecosystem.factories import MembershipFactory
from tests.stories.factories import (
    CHANGED_ON,
    SelectionRoundFactory,
    StoryFactory,
    capture_story,
)

pytestmark = pytest.mark.django_db

START, END = date(2026, 9, 1), date(2026, 10, 31)
PERSONAS = [
    "entrepreneur",
    "entrepreneur2",
    "peer",
    "staff_a",
    "manager_a",
    "staff_b",
    "commissioner",
    "editor",
    "admin",
]


def _domain(number):
    return next(d for d in outcome_domains() if d.number == number)


def _element(number):
    """The first outcome or impact of a domain (5a, 5b, 5c, 6a, 6b)."""
    return next(e for e in outcome_elements() if e.section.number == number)


# Each panel area's round: its convenor and the others on its panel, by persona.
NAMED = {
    "organisation": ("manager_a", ["staff_a"]),
    "place": ("commissioner", ["staff_a"]),
    "network": ("editor", ["peer", "commissioner"]),
}


def _round(cast, panel="organisation", *, convenor=None, members=None, **kwargs):
    scope = {
        "organisation": {"organisation": cast.hub_a},
        "place": {"place": cast.place_a},
        "network": {},
    }[panel]
    named_convenor, named_members = NAMED[panel]
    return SelectionRoundFactory(
        title=kwargs.pop("title", f"A {panel} round"),
        panel=panel,
        convenor=cast.user(convenor or named_convenor),
        panel_members=[cast.user(m) for m in (named_members if members is None else members)],
        **{"period_start": START, "period_end": END, **scope, **kwargs},
    )


def _story(cast, *, domain="5a", organisation="a", place="a", **kwargs):
    """A story (approved, shared with the network, about a 5a outcome unless told otherwise)."""
    organisations = {"a": cast.hub_a, "b": cast.hub_b, None: None}
    places = {"a": cast.place_a, "b": cast.place_b, None: None}
    story = StoryFactory(
        organisation=organisations[organisation],
        place=places[place],
        consent=kwargs.pop("consent", Consent.Level.NETWORK),
        **kwargs,
    )
    if domain:
        story.elements.set([_element(domain)])
    return story


def _candidates(selection_round, number="5a"):
    return set(round_candidates(selection_round, [_domain(number)]))


# Who may start which round, and who sits on its panel ------------------------------


def test_it_offers_each_person_only_the_panels_they_may_start(cast):
    def scopes(persona):
        found = round_scopes(cast.user(persona))
        return (
            [o.slug for o in found.organisations],
            [p.slug for p in found.places],
            found.network,
        )

    hub_a, hub_b = cast.hub_a.slug, cast.hub_b.slug
    assert scopes("staff_a") == ([hub_a], ["wigan"], False)
    assert scopes("manager_a") == ([hub_a], ["wigan"], False)
    assert scopes("staff_b") == ([hub_b], ["bradford"], False)
    assert scopes("commissioner") == ([], ["wigan"], False)
    assert scopes("editor") == ([], [], True)
    assert scopes("admin") == ([], [], True)
    for persona in ["entrepreneur", "entrepreneur2", "peer"]:
        assert scopes(persona) == ([], [], False)
        assert not round_scopes(cast.user(persona))


@pytest.mark.parametrize(
    ("persona", "panel", "scope"),
    [
        ("staff_a", "organisation", "hub_a"),
        ("manager_a", "place", "place_a"),
        ("commissioner", "place", "place_a"),
        ("editor", "network", None),
        ("admin", "network", None),
    ],
)
def test_it_starts_a_round_for_a_panel_the_person_may_start(cast, persona, panel, scope):
    arguments = {}
    if scope:
        arguments[panel] = getattr(cast, scope)
    selection_round = round_create(
        actor=cast.user(persona),
        title="  Spring round ",
        panel=panel,
        period_start=START,
        period_end=END,
        **arguments,
    )
    assert selection_round.title == "Spring round"
    assert selection_round.status == SelectionRound.Status.OPEN
    assert selection_round.created_by == cast.user(persona)
    assert selection_round.convenor == cast.user(persona)
    assert list(selection_round.panel_members.all()) == [cast.user(persona)]
    assert rounds_visible_to(cast.user(persona)).filter(pk=selection_round.pk).exists()


@pytest.mark.parametrize(
    ("persona", "panel", "scope"),
    [
        ("staff_a", "organisation", "hub_b"),
        ("staff_a", "place", "place_b"),
        ("staff_a", "network", None),
        ("commissioner", "organisation", "hub_a"),
        ("commissioner", "network", None),
        ("editor", "organisation", "hub_a"),
        ("editor", "place", "place_a"),
        ("admin", "place", "place_a"),
        ("peer", "place", "place_a"),
        ("entrepreneur", "organisation", "hub_a"),
        ("staff_a", "elsewhere", None),
    ],
)
def test_it_refuses_a_panel_the_person_may_not_start(cast, persona, panel, scope):
    arguments = (
        {"organisation" if scope.startswith("hub") else "place": getattr(cast, scope)}
        if scope
        else {}
    )
    with pytest.raises(ValidationError) as refused:
        round_create(
            actor=cast.user(persona),
            title="Round",
            panel=panel,
            period_start=START,
            period_end=END,
            **arguments,
        )
    assert "scope" in refused.value.error_dict
    assert not SelectionRound.objects.exists()


def test_it_refuses_a_period_that_ends_before_it_starts_and_a_missing_title(cast):
    staff = cast.user("staff_a")
    with pytest.raises(ValidationError) as refused:
        round_create(
            actor=staff,
            title="Round",
            panel="organisation",
            organisation=cast.hub_a,
            period_start=END,
            period_end=START,
        )
    assert "period_end" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        round_create(
            actor=staff,
            title=" ",
            panel="organisation",
            organisation=cast.hub_a,
            period_start=START,
            period_end=END,
        )
    assert "title" in refused.value.error_dict
    assert not SelectionRound.objects.exists()


def test_each_panel_area_is_the_people_the_rules_name(cast):
    rounds = {panel: _round(cast, panel) for panel in ["organisation", "place", "network"]}

    def panels(persona):
        visible = set(rounds_visible_to(cast.user(persona)))
        return sorted(panel for panel, r in rounds.items() if r in visible)

    assert panels("entrepreneur") == []
    assert panels("entrepreneur2") == []
    assert panels("peer") == ["network"]
    assert panels("staff_a") == ["network", "organisation", "place"]
    assert panels("manager_a") == ["network", "organisation", "place"]
    assert panels("staff_b") == ["network"]
    assert panels("commissioner") == ["network", "place"]
    assert panels("editor") == ["network"]
    assert panels("admin") == ["network"]


# What a panel may choose from -------------------------------------------------------------


def test_an_organisation_round_offers_the_organisations_shared_stories_of_the_period(cast):
    selection_round = _round(cast, "organisation")
    offered = {
        "approved": _story(cast),
        "published": _story(cast, status=Story.Status.PUBLISHED, consent=Consent.Level.PUBLIC),
        "organisation only": _story(cast, consent=Consent.Level.ORGANISATION),
        "first day": _story(cast, changed_on=START),
        "last day": _story(cast, changed_on=END),
        "also another domain": _story(cast),
    }
    offered["also another domain"].elements.add(_element("6a"))
    withdrawn = _story(cast)
    withdrawn.consent.withdrawn_at = timezone.now()
    withdrawn.consent.save()
    left_out = [
        _story(cast, status=Story.Status.DRAFT),
        _story(cast, status=Story.Status.SUBMITTED),
        _story(cast, status=Story.Status.RETURNED),
        _story(cast, status=Story.Status.WITHDRAWN),
        withdrawn,
        _story(cast, changed_on=date(2026, 8, 31)),
        _story(cast, changed_on=date(2026, 11, 1)),
        _story(cast, domain="5b"),
        _story(cast, domain=None),
        _story(cast, organisation="b", place="a"),
        _story(cast, organisation=None, place="a"),
    ]

    assert _candidates(selection_round) == set(offered.values())
    assert _candidates(selection_round, "6a") == {offered["also another domain"]}
    assert not set(left_out) & _candidates(selection_round)


def test_a_place_round_offers_the_places_stories_shared_with_the_network(cast):
    selection_round = _round(cast, "place")
    offered = {
        _story(cast),
        _story(cast, organisation="b", place="a"),
        _story(cast, organisation=None, place="a"),
        _story(cast, consent=Consent.Level.PUBLIC, status=Story.Status.PUBLISHED),
    }
    left_out = [
        _story(cast, consent=Consent.Level.ORGANISATION),
        _story(cast, organisation="a", place="b"),
        _story(cast, place=None),
        _story(cast, status=Story.Status.SUBMITTED),
        _story(cast, changed_on=date(2026, 11, 1)),
    ]
    assert _candidates(selection_round) == offered
    assert not set(left_out) & _candidates(selection_round)


def test_a_network_round_offers_every_story_shared_with_the_network(cast):
    selection_round = _round(cast, "network")
    offered = {
        _story(cast),
        _story(cast, organisation="b", place="b"),
        _story(cast, organisation=None, place=None),
        _story(cast, consent=Consent.Level.PUBLIC),
    }
    left_out = [
        _story(cast, consent=Consent.Level.ORGANISATION),
        _story(cast, organisation="b", consent=Consent.Level.ORGANISATION),
        _story(cast, status=Story.Status.DRAFT),
        _story(cast, domain="6b"),
    ]
    assert _candidates(selection_round) == offered
    assert not set(left_out) & _candidates(selection_round)


AREAS = {
    "organisation": ["staff_a", "manager_a"],
    "place": ["staff_a", "manager_a", "commissioner"],
    "network": ["peer", "staff_a", "manager_a", "staff_b", "commissioner", "editor", "admin"],
}


@pytest.mark.parametrize("panel", AREAS)
def test_everyone_in_a_panel_area_may_read_every_story_its_round_offers(cast, panel):
    selection_round = _round(cast, panel)
    for organisation in ["a", "b", None]:
        for place in ["a", "b"]:
            for level in Consent.Level.values:
                for status in Story.SHARED:
                    _story(
                        cast, organisation=organisation, place=place, consent=level, status=status
                    )
    candidates = list(round_candidates(selection_round, list(outcome_domains())))
    assert candidates
    members = [p for p in PERSONAS if rounds_visible_to(cast.user(p)).filter(pk=selection_round.pk)]
    assert members == AREAS[panel]
    for persona in members:
        user = cast.user(persona)
        for story in candidates:
            assert story_access(user, story) >= Access.READ, (
                persona,
                story.organisation,
                story.consent.level,
            )


# Choosing, closing and reopening ------------------------------------------------------------


def test_the_panel_chooses_one_story_per_domain_and_choosing_again_replaces_it(cast):
    selection_round = _round(cast)
    first, second = _story(cast), _story(cast)
    domain = _domain("5a")

    round_select(
        selection_round=selection_round,
        actor=cast.user("staff_a"),
        domain=domain,
        story=first,
        reason="  It shows the partners working together. ",
    )
    round_select(
        selection_round=selection_round,
        actor=cast.user("manager_a"),
        domain=domain,
        story=second,
        reason="On reflection, this one lasted.",
    )

    selection = Selection.objects.get(round=selection_round)
    assert (selection.story, selection.domain, selection.reason, selection.selected_by) == (
        second,
        domain,
        "On reflection, this one lasted.",
        cast.user("manager_a"),
    )


def test_a_choice_needs_a_reason_a_candidate_and_an_outcome_domain(cast):
    selection_round = _round(cast)
    story = _story(cast)
    staff = cast.user("staff_a")

    def choose(**kwargs):
        arguments = {"domain": _domain("5a"), "story": story, "reason": "Because."} | kwargs
        with pytest.raises(ValidationError) as refused:
            round_select(selection_round=selection_round, actor=staff, **arguments)
        return set(refused.value.error_dict)

    assert choose(reason="  ") == {"reason"}
    assert choose(story=_story(cast, domain="5b")) == {"story"}
    assert choose(story=_story(cast, organisation="b")) == {"story"}
    assert choose(domain=_domain("5a").parent) == {"domain"}
    assert not Selection.objects.exists()


def test_outside_its_panel_area_no_one_chooses_or_closes(cast):
    selection_round = _round(cast)
    story = _story(cast)
    for persona in ["staff_b", "commissioner", "editor", "admin", "peer"]:
        with pytest.raises(PermissionDenied):
            round_select(
                selection_round=selection_round,
                actor=cast.user(persona),
                domain=_domain("5a"),
                story=story,
                reason="Because.",
            )
        with pytest.raises(PermissionDenied):
            round_close(selection_round=selection_round, actor=cast.user(persona))
    assert not Selection.objects.exists()
    selection_round.refresh_from_db()
    assert selection_round.status == SelectionRound.Status.OPEN


def test_a_closed_round_keeps_its_choices(cast):
    selection_round = _round(cast)
    story, other = _story(cast), _story(cast)
    staff = cast.user("staff_a")
    round_select(
        selection_round=selection_round,
        actor=staff,
        domain=_domain("5a"),
        story=story,
        reason="Yes.",
    )

    round_close(selection_round=selection_round, actor=cast.user("manager_a"))

    selection_round.refresh_from_db()
    assert selection_round.status == SelectionRound.Status.CLOSED
    with pytest.raises(ValidationError):
        round_select(
            selection_round=selection_round,
            actor=staff,
            domain=_domain("5a"),
            story=other,
            reason="No.",
        )
    with pytest.raises(ValidationError):
        round_close(selection_round=selection_round, actor=cast.user("manager_a"))
    assert Selection.objects.get().story == story


def test_a_network_member_not_on_the_panel_can_neither_close_the_round_nor_overwrite_a_choice(
    cast, client_for
):
    selection_round = _round(cast, "network", members=["commissioner"])
    chosen, other = _story(cast, title="Chosen"), _story(cast, title="Other")
    domain = _domain("5a")
    round_select(
        selection_round=selection_round,
        actor=cast.user("editor"),
        domain=domain,
        story=chosen,
        reason="The panel agreed.",
    )
    peer = client_for("peer")

    assert peer.get(selection_round.get_absolute_url()).status_code == 200
    response = peer.post(
        reverse("stories:round_select", kwargs={"pk": selection_round.pk}),
        {"domain": domain.pk, "story": other.pk, "reason": "Mine instead."},
    )
    assert response.status_code == 403
    response = peer.post(reverse("stories:round_close", kwargs={"pk": selection_round.pk}))
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        round_select(
            selection_round=selection_round,
            actor=cast.user("peer"),
            domain=domain,
            story=other,
            reason="Mine instead.",
        )
    with pytest.raises(PermissionDenied):
        round_close(selection_round=selection_round, actor=cast.user("peer"))

    selection_round.refresh_from_db()
    assert selection_round.status == SelectionRound.Status.OPEN
    selection = Selection.objects.get()
    assert (selection.story, selection.reason, selection.selected_by) == (
        chosen,
        "The panel agreed.",
        cast.user("editor"),
    )
    assert not RoundEvent.objects.exists()


def test_in_the_area_only_the_panel_chooses_and_only_the_convenor_closes(cast):
    selection_round = _round(cast, "place")  # convened by the commissioner, with staff_a
    story = _story(cast)

    def choose(persona):
        return round_select(
            selection_round=selection_round,
            actor=cast.user(persona),
            domain=_domain("5a"),
            story=story,
            reason="Because.",
        )

    with pytest.raises(PermissionDenied):
        choose("manager_a")  # may read the round, not on its panel
    choose("staff_a")
    choose("commissioner")
    for persona in ["staff_a", "manager_a"]:
        with pytest.raises(PermissionDenied):
            round_close(selection_round=selection_round, actor=cast.user(persona))
    selection_round.refresh_from_db()
    assert selection_round.status == SelectionRound.Status.OPEN

    round_close(selection_round=selection_round, actor=cast.user("commissioner"))
    selection_round.refresh_from_db()
    assert selection_round.status == SelectionRound.Status.CLOSED


def test_the_access_helpers_give_readers_403_and_outsiders_404(cast):
    from django.http import Http404

    selection_round = _round(cast, "network", members=["commissioner"])
    pk = selection_round.pk
    assert get_round_for_user(cast.user("peer"), pk) == selection_round
    with pytest.raises(PermissionDenied):
        get_round_for_user(cast.user("peer"), pk, write=True)
    assert get_round_for_user(cast.user("commissioner"), pk, write=True) == selection_round
    with pytest.raises(PermissionDenied):
        get_round_to_convene(cast.user("commissioner"), pk)
    assert get_round_to_convene(cast.user("editor"), pk) == selection_round
    for persona in ["entrepreneur", "entrepreneur2"]:
        with pytest.raises(Http404):
            get_round_for_user(cast.user(persona), pk)
        with pytest.raises(Http404):
            get_round_to_convene(cast.user(persona), pk)


def test_being_named_on_a_panel_reaches_no_further_than_its_area(cast):
    # staff_b was put on hub A's panel somehow (say before they changed organisation).
    selection_round = _round(cast, members=["staff_a", "staff_b"])
    from django.http import Http404

    with pytest.raises(Http404):
        get_round_for_user(cast.user("staff_b"), selection_round.pk)
    with pytest.raises(PermissionDenied):
        round_select(
            selection_round=selection_round,
            actor=cast.user("staff_b"),
            domain=_domain("5a"),
            story=_story(cast),
            reason="Because.",
        )


def test_the_convenor_reopens_a_closed_round_saying_why(cast):
    selection_round = _round(cast)
    story = _story(cast)
    manager = cast.user("manager_a")
    round_select(
        selection_round=selection_round,
        actor=cast.user("staff_a"),
        domain=_domain("5a"),
        story=story,
        reason="Yes.",
    )
    with pytest.raises(ValidationError):
        round_reopen(selection_round=selection_round, actor=manager, reason="Not closed yet.")
    round_close(selection_round=selection_round, actor=manager)

    with pytest.raises(PermissionDenied):
        round_reopen(selection_round=selection_round, actor=cast.user("staff_a"), reason="Me.")
    with pytest.raises(ValidationError) as refused:
        round_reopen(selection_round=selection_round, actor=manager, reason="   ")
    assert set(refused.value.error_dict) == {"reason"}
    selection_round.refresh_from_db()
    assert selection_round.status == SelectionRound.Status.CLOSED

    round_reopen(selection_round=selection_round, actor=manager, reason="  A late story arrived. ")

    selection_round.refresh_from_db()
    assert selection_round.status == SelectionRound.Status.OPEN
    assert Selection.objects.get().story == story
    assert [(e.action, e.by, e.reason) for e in selection_round.events.order_by("at")] == [
        (RoundEvent.Action.CLOSED, manager, ""),
        (RoundEvent.Action.REOPENED, manager, "A late story arrived."),
    ]


def test_the_convenor_names_the_panel_from_the_rounds_area(cast):
    selection_round = _round(cast, "place", members=[])  # the commissioner alone
    commissioner, staff = cast.user("commissioner"), cast.user("staff_a")

    def add(email):
        return round_panel_add(selection_round=selection_round, actor=commissioner, email=email)

    assert add("  STAFF.A@demo.test ") == staff
    assert set(selection_round.panel_members.all()) == {commissioner, staff}
    # Beyond the area, or no account at all: the same answer, so it tells no one who is here.
    for email in [cast.user("staff_b").email, "no.one@example.test", cast.user("peer").email]:
        with pytest.raises(ValidationError) as refused:
            add(email)
        assert refused.value.message_dict["email"] == [NOT_IN_AREA], email
    with pytest.raises(ValidationError) as refused:
        add(staff.email)
    assert "already on the panel" in refused.value.message_dict["email"][0]
    with pytest.raises(PermissionDenied):
        round_panel_add(
            selection_round=selection_round, actor=staff, email=cast.user("manager_a").email
        )
    with pytest.raises(PermissionDenied):
        round_panel_remove(selection_round=selection_round, actor=staff, member=commissioner)

    round_select(
        selection_round=selection_round,
        actor=staff,
        domain=_domain("5a"),
        story=_story(cast),
        reason="Yes.",
    )
    with pytest.raises(ValidationError) as refused:
        round_panel_remove(selection_round=selection_round, actor=commissioner, member=commissioner)
    assert set(refused.value.error_dict) == {"member"}
    round_panel_remove(selection_round=selection_round, actor=commissioner, member=staff)

    assert list(selection_round.panel_members.all()) == [commissioner]
    assert Selection.objects.get().selected_by == staff  # their choice stays
    with pytest.raises(PermissionDenied):
        round_select(
            selection_round=selection_round,
            actor=staff,
            domain=_domain("5a"),
            story=_story(cast),
            reason="Again.",
        )
    assert [(e.action, e.member) for e in selection_round.events.order_by("at")] == [
        (RoundEvent.Action.MEMBER_ADDED, staff),
        (RoundEvent.Action.MEMBER_REMOVED, staff),
    ]


def test_a_closed_rounds_panel_does_not_change(cast):
    selection_round = _round(cast, status=SelectionRound.Status.CLOSED)
    manager = cast.user("manager_a")
    with pytest.raises(ValidationError):
        round_panel_remove(
            selection_round=selection_round, actor=manager, member=cast.user("staff_a")
        )
    assert selection_round.panel_members.count() == 2


def test_existing_rounds_are_convened_by_whoever_started_them():
    migration = importlib.import_module("stories.migrations.0003_round_convenor_panel_and_events")
    from django.contrib.auth import get_user_model

    starter = get_user_model().objects.get(email="staff.a@demo.test")
    started = SelectionRound.objects.create(
        title="Old", panel="network", period_start=START, period_end=END, created_by=starter
    )
    unknown = SelectionRound.objects.create(
        title="Older", panel="network", period_start=START, period_end=END
    )

    migration.name_convenors(apps, None)

    started.refresh_from_db()
    unknown.refresh_from_db()
    assert started.convenor == starter and list(started.panel_members.all()) == [starter]
    assert unknown.convenor is None and not unknown.panel_members.exists()


def test_the_round_page_groups_candidates_by_domain(cast):
    selection_round = _round(cast)
    both = _story(cast, title="Both", narrative="<p>First paragraph.</p><p>Second<br>line.</p>")
    both.elements.add(_element("6a"))
    only_6a = _story(cast, domain="6a", title="Only 6a")
    round_select(
        selection_round=selection_round,
        actor=cast.user("staff_a"),
        domain=_domain("5a"),
        story=both,
        reason="Yes.",
    )

    rows = {row.domain.number: row for row in round_detail(selection_round)}

    assert list(rows) == ["5a", "5b", "5c", "6a", "6b"]
    assert rows["5a"].label == "5a. Outcomes, short term"
    assert rows["5a"].selection.story == both
    assert rows["5a"].selection.story.extract == "First paragraph. Second line."
    assert [s.title for s in rows["5a"].candidates] == ["Both"]
    assert [s.title for s in rows["6a"].candidates] == ["Both", "Only 6a"]
    assert rows["5b"].candidates == [] and rows["5b"].selection is None
    assert rows["6a"].candidates[1] == only_6a


# Pages ----------------------------------------------------------------------------------------


def test_starting_a_round_offers_only_the_persons_panels(cast, client_for):
    client = client_for("staff_a")
    html = client.get(reverse("stories:round_new")).content.decode()
    assert cast.hub_a.name in html and "Wigan" in html
    assert cast.hub_b.name not in html and "The whole network" not in html
    assert "Bradford" not in html

    response = client.post(
        reverse("stories:round_new"),
        {
            "title": "Spring",
            "scope": f"organisation:{cast.hub_b.pk}",
            "period_start": "01/09/2026",
            "period_end": "31/10/2026",
        },
    )
    assert response.status_code == 400
    assert 'value="Spring"' in response.content.decode()
    assert not SelectionRound.objects.exists()

    response = client.post(
        reverse("stories:round_new"),
        {
            "title": "Spring",
            "scope": f"place:{cast.place_a.pk}",
            "period_start": "01/09/2026",
            "period_end": "31/10/2026",
        },
    )
    selection_round = SelectionRound.objects.get()
    assert response.status_code == 302 and response.url == selection_round.get_absolute_url()
    assert (selection_round.panel, selection_round.place, selection_round.period_start) == (
        "place",
        cast.place_a,
        START,
    )


def test_the_new_round_form_suggests_last_quarter(cast, client_for):
    assert last_quarter(date(2026, 11, 28)) == (date(2026, 7, 1), date(2026, 9, 30))
    assert last_quarter(date(2026, 1, 5)) == (date(2025, 10, 1), date(2025, 12, 31))
    html = client_for("editor").get(reverse("stories:round_new")).content.decode()
    assert "The whole network" in html and cast.hub_a.name not in html


def test_the_panel_chooses_on_the_round_page(cast, client_for):
    selection_round = _round(cast)
    story = _story(cast, title="The bakery")
    client = client_for("manager_a")
    url = reverse("stories:round_select", kwargs={"pk": selection_round.pk})
    domain = _domain("5a")

    html = client.get(selection_round.get_absolute_url()).content.decode()
    assert "The bakery" in html and reverse("stories:detail", kwargs={"pk": story.pk}) in html
    assert html.count('name="reason"') == 1  # only 5a has a story to choose

    response = client.post(url, {"domain": domain.pk, "story": story.pk, "reason": ""})
    assert response.status_code == 400
    assert "Say why the panel chose this story." in response.content.decode()

    response = client.post(url, {"domain": domain.pk, "story": story.pk, "reason": "It lasted."})
    assert response.status_code == 302
    assert response.url.endswith(f"#domain-{domain.slug}")
    assert Selection.objects.get().reason == "It lasted."

    client.post(reverse("stories:round_close", kwargs={"pk": selection_round.pk}))
    html = client.get(selection_round.get_absolute_url()).content.decode()
    assert "It lasted." in html and 'name="story"' not in html
    assert "Close the round" not in html and "Reopen the round" in html
    response = client.post(url, {"domain": domain.pk, "story": story.pk, "reason": "Changed."})
    assert response.status_code == 400
    assert "This round is closed" in response.content.decode()
    assert Selection.objects.get().reason == "It lasted."


def test_the_round_page_offers_each_person_only_what_they_may_do(cast, client_for):
    selection_round = _round(cast, "network", members=["commissioner"])
    _story(cast, title="The bakery")
    url = selection_round.get_absolute_url()
    close = reverse("stories:round_close", kwargs={"pk": selection_round.pk})
    add = reverse("stories:round_panel_add", kwargs={"pk": selection_round.pk})
    remove = reverse("stories:round_panel_remove", kwargs={"pk": selection_round.pk})

    convenor = client_for("editor").get(url).content.decode()
    assert "The bakery" in convenor and 'name="reason"' in convenor
    assert close in convenor and add in convenor and remove in convenor
    assert "Eddie Demo (convenor)" in convenor and "Chris Demo" in convenor

    member = client_for("commissioner").get(url).content.decode()
    assert 'name="reason"' in member
    assert close not in member and add not in member and remove not in member

    reader = client_for("peer").get(url).content.decode()
    assert "The bakery" in reader and 'name="reason"' not in reader
    assert "Only the people on its panel choose its stories." in reader
    assert close not in reader and add not in reader and remove not in reader
    assert "Convened by" in reader and "Eddie Demo" in reader and "Chris Demo" in reader


def test_the_convenor_reopens_a_round_on_its_page_saying_why(cast, client_for):
    selection_round = _round(cast)
    client = client_for("manager_a")
    url = reverse("stories:round_reopen", kwargs={"pk": selection_round.pk})
    client.post(reverse("stories:round_close", kwargs={"pk": selection_round.pk}))
    html = client.get(selection_round.get_absolute_url()).content.decode()
    assert url in html and "Close the round" not in html
    assert url not in client_for("staff_a").get(selection_round.get_absolute_url()).content.decode()

    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_reopen_reason"' in html and "is-invalid" in html
    assert "Say why you are reopening the round." in html
    assert 'href="#id_reopen_reason"' in html
    selection_round.refresh_from_db()
    assert selection_round.status == SelectionRound.Status.CLOSED

    response = client.post(url, {"reason": "A late story arrived."})
    assert response.status_code == 302
    selection_round.refresh_from_db()
    assert selection_round.status == SelectionRound.Status.OPEN
    html = client_for("staff_a").get(selection_round.get_absolute_url()).content.decode()
    assert "Morgan Demo closed the round." in html
    assert "Morgan Demo reopened the round." in html and "A late story arrived." in html


def test_the_convenor_adds_and_removes_panel_members_on_the_round_page(cast, client_for):
    selection_round = _round(cast, "network", members=[])
    client = client_for("editor")
    add = reverse("stories:round_panel_add", kwargs={"pk": selection_round.pk})
    remove = reverse("stories:round_panel_remove", kwargs={"pk": selection_round.pk})
    outsider = cast.user("entrepreneur").email

    response = client.post(add, {"email": outsider})
    assert response.status_code == 400
    html = response.content.decode()
    assert "no one with that email address is part of this round&#x27;s panel area" in html
    assert f'value="{outsider}"' in html and 'id="id_panel_email"' in html
    response = client.post(add, {"email": "not an address"})
    assert response.status_code == 400
    assert "Enter an email address" in response.content.decode()
    assert list(selection_round.panel_members.all()) == [cast.user("editor")]

    response = client.post(add, {"email": cast.user("peer").email})
    assert response.status_code == 302
    assert cast.user("peer") in selection_round.panel_members.all()
    html = client.get(selection_round.get_absolute_url()).content.decode()
    assert "added Priya Placeholder to the panel." in html

    response = client.post(remove, {"member": cast.user("editor").pk})
    assert response.status_code == 302
    assert cast.user("editor") in selection_round.panel_members.all()
    response = client.post(remove, {"member": "nobody"})
    assert response.status_code == 302
    response = client.post(remove, {"member": cast.user("peer").pk})
    assert response.status_code == 302
    assert list(selection_round.panel_members.all()) == [cast.user("editor")]


def test_the_rounds_page_lists_the_persons_rounds(cast, client_for):
    _round(cast, "organisation", title="Hub round")
    _round(cast, "network", title="Network round", status=SelectionRound.Status.CLOSED)
    assert "Hub round" in client_for("staff_a").get(reverse("stories:rounds")).content.decode()
    html = client_for("staff_b").get(reverse("stories:rounds")).content.decode()
    assert "Hub round" not in html and "Network round" in html
    html = client_for("entrepreneur").get(reverse("stories:rounds")).content.decode()
    assert "Hub round" not in html and "Network round" not in html
    assert "There are no open rounds" in html and "Start a round" not in html


# Bounded queries -------------------------------------------------------------------------------

# The page (session, user, site, its settings, navigation and footer: 6), the round through
# its access helper (the reader's standing: 2 for staff; the round, its convenor and whether
# the reader is on its panel: 1), the domains, the choices with their stories, themes and
# outcomes (4), the candidates with their themes and outcomes (3), the panel and the
# round's history (2).
ROUND_PAGE_QUERIES = 6 + 3 + 1 + 4 + 3 + 2


def _fill(cast, selection_round, count, *, members):
    """Stories to choose from, a choice, more people on the panel and a history."""
    manager = cast.user("manager_a")
    for _ in range(members):
        person = MembershipFactory(organisation=cast.hub_a).user
        round_panel_add(selection_round=selection_round, actor=manager, email=person.email)
    round_close(selection_round=selection_round, actor=manager)
    round_reopen(selection_round=selection_round, actor=manager, reason="One more look.")
    stories = [
        _story(cast, title=f"Story {n}", changed_on=selection_round.period_start)
        for n in range(count)
    ]
    for story in stories[::3]:
        story.elements.add(_element("6a"))
    round_select(
        selection_round=selection_round,
        actor=cast.user("staff_a"),
        domain=_domain("5a"),
        story=stories[0],
        reason="Yes.",
    )


@pytest.mark.usefixtures("no_page_cache")
def test_the_round_page_runs_the_same_queries_for_few_and_many_stories(
    cast, client_for, django_assert_num_queries
):
    few = _round(cast, title="Few", period_end=date(2026, 9, 30))
    many = _round(cast, title="Many", period_start=date(2026, 10, 1))
    _fill(cast, few, 2, members=1)
    _fill(cast, many, 40, members=6)
    for persona in ["staff_a", "manager_a"]:  # a panel member, and the convenor
        client = client_for(persona)
        client.get(few.get_absolute_url())  # the site's own lookups, cached after the first
        with django_assert_num_queries(ROUND_PAGE_QUERIES):
            response = client.get(few.get_absolute_url())
        html = response.content.decode()
        assert html.count('type="radio"') == 2 + 1
        assert html.count("One more look.") == 1
        with django_assert_num_queries(ROUND_PAGE_QUERIES):
            response = client.get(many.get_absolute_url())
        html = response.content.decode()
        assert html.count('type="radio"') == 40 + 14
        assert html.count("to the panel.") == 6


# The model's public element pages ------------------------------------------------------------


def _publish(page, user):
    with LogContext(user=user):
        page.get_latest_revision().publish(user=user)
    return CaseStudyPage.objects.get(pk=page.pk)


def _case_study(cast, *, title, element=None, publish=True):
    """A hub A story on the website (or only approved), showing a 5a outcome."""
    staff = cast.user("staff_a")
    story = capture_story(
        actor=staff,
        organisation=cast.hub_a,
        title=title,
        elements=[element or _element("5a")],
        approve_by=staff,
    )
    if publish:
        _publish(case_study_send(story=story, actor=staff), cast.user("editor"))
        story.refresh_from_db()
    return story


def _chosen(cast, story, *, reason, close=True, title="Hub round, autumn 2026"):
    selection_round = _round(cast, title=title, period_start=CHANGED_ON, period_end=CHANGED_ON)
    round_select(
        selection_round=selection_round,
        actor=cast.user("staff_a"),
        domain=_domain("5a"),
        story=story,
        reason=reason,
    )
    if close:
        round_close(selection_round=selection_round, actor=cast.user("manager_a"))
    return selection_round


def test_an_element_page_shows_closed_rounds_choices_that_are_case_studies(cast, client):
    element = _element("5a")
    public = _case_study(cast, title="The bread oven")
    _chosen(cast, public, reason="It shows the partners working together.")
    only_approved = _case_study(cast, title="The secret allotment", publish=False)
    _chosen(cast, only_approved, reason="A private reason about the allotment.")
    still_open = _case_study(cast, title="The open round's café")
    _chosen(
        cast, still_open, reason="Chosen while the round is open.", close=False, title="Open round"
    )

    html = client.get(element.get_absolute_url()).content.decode()

    assert "Most significant changes" in html
    assert "The bread oven" in html and "It shows the partners working together." in html
    assert "Hub round, autumn 2026" in html
    page = CaseStudyPage.objects.get(story=public)
    assert f'href="{page.url}"' in html
    for private in [
        "secret allotment",
        "private reason",
        "Chosen while the round is open",
        "Open round",
    ]:
        assert private not in html, private
    other = _element("5b")
    assert "Most significant changes" not in client.get(other.get_absolute_url()).content.decode()


def test_withdrawing_consent_removes_the_choice_and_its_trace_on_the_element_page(cast, client):
    element = _element("5a")
    story = _case_study(cast, title="The bread oven")
    _chosen(cast, story, reason="It shows the partners working together.")
    assert "The bread oven" in client.get(element.get_absolute_url()).content.decode()

    story_withdraw_consent(story=story, actor=cast.user("staff_a"), method=Consent.Method.WRITTEN)

    assert not Selection.objects.exists()
    html = client.get(element.get_absolute_url()).content.decode()
    assert "The bread oven" not in html and "partners working together" not in html
    assert "Most significant changes" not in html


# The element's page (the element, its examples, checklist, resources, its section's
# assumptions and foundation: 6), the site, its settings, navigation and footer (4), and the
# choices shown (1); when there are some, the view restrictions and the case study pages (2).
# Its live evidence (insights.panels, an outcome's): the reader's standing (2), the stories
# that speak to it (2), their counts (3), milestones (3) and wellbeing (1).
ELEMENT_PAGE_QUERIES = 6 + 4 + 1 + 11 + 1  # and the rules of its assumptions (1)


@pytest.mark.usefixtures("no_page_cache")
def test_the_element_page_runs_the_same_queries_for_one_choice_and_several(
    cast, client, django_assert_num_queries
):
    url = _element("5a").get_absolute_url()
    client.get(url)
    with django_assert_num_queries(ELEMENT_PAGE_QUERIES):
        client.get(url)
    _chosen(cast, _case_study(cast, title="Case 0"), reason="Yes.", title="Round 0")
    client.get(url)  # the site's root paths, for the case studies' links, are cached after
    with django_assert_num_queries(ELEMENT_PAGE_QUERIES + 2):
        client.get(url)
    for n in range(1, 4):
        _chosen(cast, _case_study(cast, title=f"Case {n}"), reason="Yes.", title=f"Round {n}")
    with django_assert_num_queries(ELEMENT_PAGE_QUERIES + 2):
        html = client.get(url).content.decode()
    assert html.count("Why the panel chose it") == 4


# The demo ----------------------------------------------------------------------------------


def test_the_demo_rounds_can_be_seeded_twice(cast):
    start, end = last_quarter(timezone.localdate())
    story = _story(
        cast, changed_on=start, status=Story.Status.PUBLISHED, consent=Consent.Level.PUBLIC
    )
    _story(cast, changed_on=end, organisation="b")  # hub B's: not for hub A's round

    users = {p: cast.user(p) for p in ["manager_a", "staff_a", "editor", "peer", "commissioner"]}
    seeded = seed_rounds(users=users)
    seed_rounds(users=users)
    seed_rounds()

    assert SelectionRound.objects.count() == 2
    closed, network = seeded["closed"], seeded["network"]
    assert closed.status == SelectionRound.Status.CLOSED and closed.organisation == cast.hub_a
    assert (closed.period_start, closed.period_end) == (start, end)
    assert network.status == SelectionRound.Status.OPEN and network.panel == "network"
    assert [(s.domain.number, s.story) for s in closed.selections.all()] == [("5a", story)]
    closed.refresh_from_db()
    network.refresh_from_db()
    assert closed.convenor == users["manager_a"]
    assert set(closed.panel_members.all()) == {users["manager_a"], users["staff_a"]}
    assert [(e.action, e.by) for e in closed.events.all()] == [
        (RoundEvent.Action.CLOSED, users["manager_a"])
    ]
    assert network.convenor == users["editor"]
    assert set(network.panel_members.all()) == {
        users["editor"],
        users["peer"],
        users["commissioner"],
    }
    # The convenor of the closed round may reopen it.
    assert get_round_to_convene(users["manager_a"], closed.pk) == closed


def test_the_rounds_part_keeps_its_addresses_and_names():
    from django.urls import resolve

    from stories.rounds import views

    pk = "00000000-0000-4000-8000-000000000000"
    pages = {
        "rounds": ("/stories/rounds/", {}, views.round_list),
        "round_new": ("/stories/rounds/new/", {}, views.round_new),
        "round": (f"/stories/rounds/{pk}/", {"pk": pk}, views.round_detail),
        "round_select": (f"/stories/rounds/{pk}/choose/", {"pk": pk}, views.round_select),
        "round_close": (f"/stories/rounds/{pk}/close/", {"pk": pk}, views.round_close),
        "round_reopen": (f"/stories/rounds/{pk}/reopen/", {"pk": pk}, views.round_reopen),
        "round_panel_add": (f"/stories/rounds/{pk}/panel/add/", {"pk": pk}, views.round_panel_add),
        "round_panel_remove": (
            f"/stories/rounds/{pk}/panel/remove/",
            {"pk": pk},
            views.round_panel_remove,
        ),
    }
    for name, (path, kwargs, view) in pages.items():
        assert reverse(f"stories:{name}", kwargs=kwargs) == path
        match = resolve(path)
        assert (match.view_name, match.func) == (f"stories:{name}", view)
