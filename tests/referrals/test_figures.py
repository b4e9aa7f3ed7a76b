"""Referral network figures: counts, acceptance, time to accept, and the network's shape."""

import itertools
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from referrals.figures import _bridges_and_cut_points, place_figures, place_network
from referrals.models import Referral
from tests.ecosystem.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

S = Referral.Status


_numbers = itertools.count(1)


def _referral(source, target, *, status=S.SENT, days_to_accept=None, outcome=""):
    created = timezone.now() - timedelta(days=30)
    referral = Referral.objects.create(
        reference=f"RF-T{next(_numbers):05d}",
        from_organisation=source,
        to_organisation=target,
        need="Help.",
        status=status,
        outcome=outcome,
        accepted_at=created + timedelta(days=days_to_accept)
        if days_to_accept is not None
        else None,
    )
    Referral.objects.filter(pk=referral.pk).update(created_at=created)  # auto_now_add ignores it
    return referral


def test_bridges_and_connectors_are_found():
    # a - b - c, with c - d - e - c a triangle: a-b and b-c are bridges; b and c hold groups together.
    edges = {frozenset(p) for p in ["ab", "bc", "cd", "de", "ec"]}
    bridges, cut_points = _bridges_and_cut_points(list("abcdef"), edges)

    assert bridges == {frozenset("ab"), frozenset("bc")}
    assert cut_points == {"b", "c"}


def test_a_places_figures_per_organisation(cast):
    hub_a, hub_b = cast.hub_a, cast.hub_b
    advisers = OrganisationFactory(name="Advisers", places=[cast.place_a])
    OrganisationFactory(name="Lonely Trust", places=[cast.place_a])
    _referral(hub_a, hub_b, status=S.COMPLETED, days_to_accept=2, outcome="helped")
    _referral(hub_a, hub_b, status=S.ACCEPTED, days_to_accept=4)
    _referral(hub_a, hub_b, status=S.DECLINED)
    _referral(hub_a, hub_b, status=S.SENT)
    _referral(hub_a, advisers, status=S.COMPLETED, days_to_accept=1, outcome="partly")

    network = place_network(cast.place_a)

    by_name = {n.organisation.name: n for n in network["organisations"]}
    canal = by_name["Canal Side Enterprise Centre"]
    assert (canal.received, canal.accepted, canal.answered) == (4, 2, 3)
    assert canal.acceptance_rate == 67
    assert canal.median_days_to_accept == 3.0
    assert by_name["Northway Community Hub"].sent == 5
    assert [n.organisation.name for n in network["most_connected"]] == ["Northway Community Hub"]
    assert [n.organisation.name for n in network["connectors"]] == ["Northway Community Hub"]
    assert [n.organisation.name for n in network["isolated"]] == ["Lonely Trust"]
    assert network["total"] == 5
    assert dict(network["outcomes"]) == {"Helped": 1, "Partly helped": 1, "Did not help": 0}
    flows = {(f.source.organisation.name, f.target.organisation.name): f for f in network["flows"]}
    assert flows[("Northway Community Hub", "Canal Side Enterprise Centre")].count == 4
    assert flows[("Northway Community Hub", "Canal Side Enterprise Centre")].is_bridge


def test_the_figures_page_shows_a_picture_and_the_same_facts_in_tables(cast, client_for):
    _referral(cast.hub_a, cast.hub_b, status=S.COMPLETED, days_to_accept=2, outcome="helped")

    html = (
        client_for("commissioner")
        .get(reverse("referrals:figures", args=[cast.place_a.pk]))
        .content.decode()
    )

    assert 'role="img"' in html and '<title id="network-title">' in html
    assert "<caption" in html and "Canal Side Enterprise Centre" in html
    assert "Bridges between groups" in html


@pytest.mark.usefixtures("no_page_cache")
def test_the_figures_page_runs_the_same_queries_however_many_referrals(cast, client_for):
    client = client_for("staff_a")
    url = reverse("referrals:figures", args=[cast.place_a.pk])
    others = [OrganisationFactory(places=[cast.place_a]) for _ in range(3)]
    _referral(cast.hub_a, cast.hub_b)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(60):
        _referral(
            others[i % 3],
            cast.hub_b if i % 2 else others[(i + 1) % 3],
            status=S.ACCEPTED,
            days_to_accept=i % 5,
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.status_code == 200
    assert len(many) == len(few)


# The page through the small-number rule ------------------------------------------------------

FEWER, WITHHELD = "fewer than 5", "withheld"


@pytest.fixture
def wigan(cast):
    """Wigan Advisers received 3 referrals, all from Wigan Lenders; the other flows are larger."""
    advisers = OrganisationFactory(name="Wigan Advisers", places=[cast.place_a])
    lenders = OrganisationFactory(name="Wigan Lenders", places=[cast.place_a])
    bank = OrganisationFactory(name="Bolton Bank")  # elsewhere
    northway = cast.hub_a
    _referral(lenders, advisers, status=S.COMPLETED, days_to_accept=1, outcome="helped")
    _referral(lenders, advisers, status=S.ACCEPTED, days_to_accept=3)
    _referral(lenders, advisers, status=S.DECLINED)
    for i in range(10):
        _referral(
            lenders,
            northway,
            status=S.ACCEPTED if i < 6 else S.SENT,
            days_to_accept=2 if i < 6 else None,
        )
    for _ in range(6):
        _referral(northway, lenders)
    for _ in range(8):
        _referral(bank, northway)
    return {"advisers": advisers, "lenders": lenders, "bank": bank, "northway": northway}


def _page(client, place):
    response = client.get(reverse("referrals:figures", args=[place.pk]))
    assert response.status_code == 200
    return response


def _rows(response) -> dict:
    """Each organisation's figures as the page shows them (sent, received, accepted, days)."""
    return {
        line.organisation.name: (
            line.sent.text,
            line.received.text,
            line.acceptance_rate.text,
            line.median_days_to_accept.text,
        )
        for line in response.context["organisations"]
    }


def _flows(response) -> dict:
    return {
        (f.source.organisation.name, f.target.organisation.name): f.referrals.text
        for f in response.context["flows"]
    }


def _range(text: str, cap: int) -> range:
    """What a reader knows a figure could be from its words."""
    known, _, rest = text.rpartition(" + ")
    base = int(known.replace(",", "")) if known else 0
    if rest == FEWER:
        return range(base + 1, base + 5)
    if rest == WITHHELD:
        return range(base + 5, base + cap + 1)
    return range(base + int(rest.replace(",", "")), base + int(rest.replace(",", "")) + 1)


def _what_the_flow_could_be(response, pair, cap=40) -> set:
    """Every value the flow `pair` could take, given only the words on the page: each pair's
    words, each organisation's sent and received, and the total (worked out independently of
    the code under test, by trying every set of flows that fits)."""
    flows = _flows(response)
    pairs = list(flows)
    rows = _rows(response)
    total = _range(response.context["total"].text, cap)
    found = set()
    for values in itertools.product(*(_range(flows[p], cap) for p in pairs)):
        if sum(values) not in total:
            continue
        sent, received = {}, {}
        for (source, target), value in zip(pairs, values, strict=True):
            sent[source] = sent.get(source, 0) + value
            received[target] = received.get(target, 0) + value
        if all(
            sent.get(name, 0) in _range(words[0], cap)
            and received.get(name, 0) in _range(words[1], cap)
            for name, words in rows.items()
        ):
            found.add(values[pairs.index(pair)])
    return found


def test_it_shows_a_commissioner_fewer_than_5_and_totals_that_do_not_give_the_3_away(
    cast, client_for, wigan
):
    response = _page(client_for("commissioner"), cast.place_a)
    rows = _rows(response)

    assert rows["Wigan Advisers"] == ("0", FEWER, WITHHELD, "too few people")
    assert rows["Wigan Lenders"] == ("13", WITHHELD, "none answered", "too few people")
    assert rows["Northway Community Hub"] == (WITHHELD, "18", WITHHELD, "2")
    assert rows["Bolton Bank"] == (WITHHELD, "0", "none answered", "too few people")
    assert response.context["total"].text == "27"
    assert _flows(response) == {
        ("Bolton Bank", "Northway Community Hub"): WITHHELD,
        ("Wigan Lenders", "Northway Community Hub"): WITHHELD,
        ("Northway Community Hub", "Wigan Lenders"): WITHHELD,
        ("Wigan Lenders", "Wigan Advisers"): FEWER,
    }
    # Lenders sent 13 and Northway received 18, but the 10 between them is withheld with the
    # 8 from Bolton: 13 - 10 would give the 3. Adding and subtracting every figure shown
    # leaves it anywhere from 1 to 4.
    assert _what_the_flow_could_be(response, ("Wigan Lenders", "Wigan Advisers")) == {1, 2, 3, 4}
    html = response.content.decode()
    assert (
        '<tr><th scope="row">Wigan Advisers</th><td>0</td><td>fewer than 5</td>'
        "<td>withheld</td><td>too few people</td>"
    ) in html
    assert "<td>Wigan Lenders</td><td>Wigan Advisers</td><td>fewer than 5" in html
    assert "27 referrals to, from or between organisations serving Wigan." in html
    assert "Fewer than 5 helped, 0 partly helped, 0 did not help." in html


def test_it_shows_an_organisations_staff_their_own_3_in_full(cast, client_for, wigan):
    staff = MembershipFactory(organisation=wigan["advisers"]).user
    client = Client()
    client.force_login(staff)

    response = _page(client, cast.place_a)
    rows = _rows(response)

    # Their own: 3 received, 2 of 3 answered accepted, waits of 1 and 3 days.
    assert rows["Wigan Advisers"] == ("0", "3", "67%", "2")
    assert _flows(response)[("Wigan Lenders", "Wigan Advisers")] == "3"
    # The rest of the place, without their 3, has nothing small left in it.
    assert rows["Wigan Lenders"] == ("13", "6", "none answered", "too few people")
    assert rows["Northway Community Hub"] == ("6", "18", "100%", "2")
    assert response.context["total"].text == "27"
    html = response.content.decode()
    assert '<th scope="row">Wigan Advisers <small>(yours)</small></th><td>0</td><td>3</td>' in html
    assert "1 helped, 0 partly helped, 0 did not help." in html


def test_another_hubs_staff_do_not_see_the_3(cast, client_for, wigan):
    response = _page(client_for("staff_a"), cast.place_a)  # Northway Community Hub
    rows = _rows(response)

    assert rows["Wigan Advisers"] == ("0", FEWER, WITHHELD, "too few people")
    # Their own row in full; Lenders' 10 to them and 6 from them are theirs too.
    assert rows["Northway Community Hub"] == ("6", "18", "100%", "2")
    assert rows["Wigan Lenders"] == ("10 + fewer than 5", "6", "none answered", "too few people")
    assert response.context["total"].text == "24 + fewer than 5"
    assert _flows(response)[("Wigan Lenders", "Wigan Advisers")] == FEWER
    assert _what_the_flow_could_be(response, ("Wigan Lenders", "Wigan Advisers")) == {1, 2, 3, 4}
    assert "24 + fewer than 5 referrals" in response.content.decode()


def test_what_a_viewer_holds_is_taken_away_before_the_rest_is_protected(cast, client_for, wigan):
    # Northway also sent Advisers 2: Northway's staff know 2 of Advisers' 5. The other 3 must not
    # follow from Advisers' 5 take away their own 2.
    _referral(wigan["northway"], wigan["advisers"])
    _referral(wigan["northway"], wigan["advisers"])

    commissioner = _rows(_page(client_for("commissioner"), cast.place_a))
    staff_a = _rows(_page(client_for("staff_a"), cast.place_a))

    assert commissioner["Wigan Advisers"][1] == WITHHELD
    assert staff_a["Wigan Advisers"][1] == "2 + fewer than 5"
    assert staff_a["Northway Community Hub"][:2] == ("8", "18")
    response = _page(client_for("staff_a"), cast.place_a)
    assert _what_the_flow_could_be(response, ("Wigan Lenders", "Wigan Advisers")) == {1, 2, 3, 4}


def test_a_withheld_flow_is_a_thin_dashed_line_and_the_rest_are_drawn_to_scale(
    cast, client_for, wigan
):
    html = _page(client_for("commissioner"), cast.place_a).content.decode()
    lines = re.findall(r"<line [^>]*>", html)

    # Every flow is withheld from a commissioner here: four dashed lines, all 1 wide.
    assert len(lines) == 4
    assert all('stroke-width="1.0" stroke-dasharray="4 3"' in line for line in lines)

    staff = MembershipFactory(organisation=wigan["advisers"]).user
    client = Client()
    client.force_login(staff)
    html = _page(client, cast.place_a).content.decode()
    widths = sorted(
        re.findall(r'stroke-width="([\d.]+)"', " ".join(re.findall(r"<line [^>]*>", html)))
    )
    # Their own 3 and the others' 10, 8 and 6, scaled against the widest shown, 10.
    assert widths == ["2.5", "4.0", "5.0", "6.0"]
    assert "stroke-dasharray" not in " ".join(re.findall(r"<line [^>]*>", html))


@pytest.mark.usefixtures("no_page_cache")
def test_the_figures_cost_the_same_queries_for_few_referrals_or_many(
    cast, wigan, django_assert_num_queries
):
    # Their memberships, the place's organisations, the referrals, those elsewhere.
    staff_a = cast.user("staff_a")
    with django_assert_num_queries(4):
        place_figures(cast.place_a, viewer=staff_a)
    for i in range(60):
        _referral(
            wigan["lenders"] if i % 2 else wigan["bank"],
            wigan["advisers"],
            status=S.ACCEPTED,
            days_to_accept=i % 4,
        )
    staff_a = type(staff_a).objects.get(pk=staff_a.pk)  # as the next request would load them
    with django_assert_num_queries(4):
        figures = place_figures(cast.place_a, viewer=staff_a)
    assert figures["total"].text == "87"
