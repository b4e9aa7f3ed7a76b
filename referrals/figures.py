"""Referral network figures for a place: counts per organisation, and the network's shape.

Figures hold no personal data: counts, rates and times only. The network is the
organisations serving a place and the referrals between them (and to and from
organisations elsewhere), as a directed graph weighted by the number of referrals.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import median

from django.db.models import Q

from ecosystem.models import Organisation, Place

from .models import Referral

S = Referral.Status
ACCEPTED = (S.ACCEPTED, S.IN_PROGRESS, S.COMPLETED, S.CLOSED)
ANSWERED = (*ACCEPTED, S.DECLINED, S.EXPIRED)


@dataclass
class OrganisationFigures:
    organisation: Organisation
    sent: int = 0
    received: int = 0
    accepted: int = 0
    answered: int = 0
    days_to_accept: list[float] = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)
    neighbours: set = field(default_factory=set)
    x: float = 0.0
    y: float = 0.0

    @property
    def acceptance_rate(self) -> int | None:
        """Accepted as a percentage of the referrals it answered (or let expire)."""
        return round(100 * self.accepted / self.answered) if self.answered else None

    @property
    def median_days_to_accept(self) -> float | None:
        return round(median(self.days_to_accept), 1) if self.days_to_accept else None

    @property
    def connections(self) -> int:
        return len(self.neighbours)


@dataclass
class Flow:
    source: OrganisationFigures
    target: OrganisationFigures
    count: int
    is_bridge: bool = False
    width: float = 1.0  # line thickness in the picture


def _bridges_and_cut_points(nodes: list, edges: set[frozenset]) -> tuple[set, set]:
    """Edges whose loss would split the network, and organisations that hold groups together
    (Tarjan's algorithm on the undirected graph)."""
    adjacency = defaultdict(set)
    for edge in edges:
        a, b = tuple(edge)
        adjacency[a].add(b)
        adjacency[b].add(a)
    order, low, bridges, cut_points = {}, {}, set(), set()
    counter = [0]

    def visit(node, parent):
        order[node] = low[node] = counter[0]
        counter[0] += 1
        children = 0
        for other in adjacency[node]:
            if other not in order:
                children += 1
                visit(other, node)
                low[node] = min(low[node], low[other])
                if low[other] > order[node]:
                    bridges.add(frozenset((node, other)))
                if parent is not None and low[other] >= order[node]:
                    cut_points.add(node)
            elif other != parent:
                low[node] = min(low[node], order[other])
        if parent is None and children > 1:
            cut_points.add(node)

    for node in nodes:
        if node not in order:
            visit(node, None)
    return bridges, cut_points


def place_network(place: Place, *, size: int = 480) -> dict:
    """A place's referral figures and network, in a fixed number of queries."""
    local = list(
        Organisation.objects.filter(places=place)
        .exclude(kind=Organisation.Kind.COMMISSIONER)  # they commission, they do not refer
        .order_by("name")
    )
    local_ids = {o.pk for o in local}
    rows = list(
        Referral.objects.filter(
            Q(from_organisation_id__in=local_ids) | Q(to_organisation_id__in=local_ids)
        ).values_list(
            "from_organisation_id",
            "to_organisation_id",
            "status",
            "outcome",
            "created_at",
            "accepted_at",
        )
    )
    outside_ids = {f for f, *_ in rows} | {t for _, t, *_ in rows}
    outside_ids -= local_ids
    outside = list(Organisation.objects.filter(pk__in=outside_ids).order_by("name"))
    figures = {o.pk: OrganisationFigures(o) for o in [*local, *outside]}
    pairs: Counter = Counter()
    for source, target, status, outcome, created_at, accepted_at in rows:
        sender, receiver = figures[source], figures[target]
        sender.sent += 1
        receiver.received += 1
        if status in ANSWERED:
            receiver.answered += 1
        if status in ACCEPTED:
            receiver.accepted += 1
        if accepted_at:
            receiver.days_to_accept.append((accepted_at - created_at).total_seconds() / 86400)
        if outcome:
            receiver.outcomes[outcome] += 1
        sender.neighbours.add(target)
        receiver.neighbours.add(source)
        pairs[(source, target)] += 1

    edges = {frozenset(pair) for pair in pairs if pair[0] != pair[1]}
    bridges, cut_points = _bridges_and_cut_points(list(figures), edges)
    nodes = list(figures.values())
    centre, radius = size / 2, size / 2 - 60
    for i, node in enumerate(nodes):
        angle = 2 * math.pi * i / max(len(nodes), 1) - math.pi / 2
        node.x = round(centre + radius * math.cos(angle), 1)
        node.y = round(centre + radius * math.sin(angle), 1)
    flows = sorted(
        (
            Flow(figures[s], figures[t], n, frozenset((s, t)) in bridges)
            for (s, t), n in pairs.items()
        ),
        key=lambda f: (-f.count, f.source.organisation.name, f.target.organisation.name),
    )
    max_count = max((f.count for f in flows), default=1)
    for flow in flows:
        flow.width = round(1 + 5 * flow.count / max_count, 1)
    most = max((n.connections for n in nodes), default=0)
    outcome_totals = Counter()
    for node in nodes:
        outcome_totals.update(node.outcomes)
    return {
        "place": place,
        "organisations": nodes,
        "local": [figures[o.pk] for o in local],
        "flows": flows,
        "most_connected": [n for n in nodes if most and n.connections == most],
        "connectors": [figures[pk] for pk in cut_points],
        "isolated": [figures[o.pk] for o in local if not figures[o.pk].neighbours],
        "total": len(rows),
        "outcomes": [
            (label, outcome_totals.get(value, 0)) for value, label in Referral.Outcome.choices
        ],
        "size": size,
    }


def places_for_figures(user) -> list[Place]:
    """The places whose referral figures a person may see: where they work or commission."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(Place.objects.order_by("name"))
    return list(
        Place.objects.filter(
            Q(organisations__memberships__user=user) | Q(commissioner_scopes__user=user)
        )
        .distinct()
        .order_by("name")
    )
