"""Referral network figures: counts, acceptance, time to accept, and the network's shape."""

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from referrals.figures import _bridges_and_cut_points, place_network
from referrals.models import Referral
from tests.ecosystem.factories import OrganisationFactory

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
