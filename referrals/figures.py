"""Referral network figures for a place: counts per organisation, and the network's shape.

Figures hold no personal data: counts, rates and times only. The network is the
organisations serving a place and the referrals between them (and to and from
organisations elsewhere), as a directed graph weighted by the number of referrals.

`place_network` holds the raw figures; the page shows `place_figures`, where every count has
passed the small-number rule (core.suppression) for the person looking.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import median

from django.db.models import Q

from core.suppression import Cell, people, rate, series, suppress
from ecosystem.models import Organisation, Place
from ecosystem.selectors import member_organisation_ids

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


def _referral_rows(place: Place) -> tuple[list, list, list]:
    """The organisations serving a place, the referrals to or from them, and the organisations
    elsewhere at the other end (three queries)."""
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
    return local, outside, rows


def place_network(place: Place, *, size: int = 480) -> dict:
    """A place's referral figures and network, unsuppressed, in a fixed number of queries."""
    return _network(place, *_referral_rows(place), size=size)


def _network(place: Place, local: list, outside: list, rows: list, *, size: int) -> dict:
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


# The page: every figure through the small-number rule ----------------------------------------

ZERO = Cell(0, "0")
WITHHELD_FLOW_WIDTH = 1.0  # every withheld flow is drawn this thin, so its width says nothing


@dataclass(frozen=True)
class OrganisationLine:
    """One organisation's row of the page as the viewer may see it: no raw counts."""

    organisation: Organisation
    is_local: bool
    is_own: bool
    sent: Cell
    received: Cell
    acceptance_rate: Cell
    median_days_to_accept: Cell
    connections: int
    x: float
    y: float


@dataclass(frozen=True)
class FlowLine:
    """The referrals from one organisation to another: a number, or the rule's words."""

    source: OrganisationLine
    target: OrganisationLine
    referrals: Cell
    is_bridge: bool
    width: float  # line thickness in the picture

    @property
    def withheld(self) -> bool:
        return self.referrals.withheld


def _number(value) -> Cell:
    """A figure shown as it is (the viewer holds its records, or the rule let it through)."""
    if isinstance(value, float) and not value.is_integer():
        return Cell(value, f"{value:,.1f}")
    return Cell(value, f"{int(value):,}")


def _with_known(rest: Cell, known: int) -> Cell:
    """What the viewer holds the records of, added to the protected rest of a figure."""
    if not rest.withheld:
        return _number(rest.value + known)
    if not known:
        return rest
    return Cell(None, f"{known:,} + {rest.text}", rest.reason)


def _acceptance(accepted: Cell, answered: Cell) -> Cell:
    if answered.value == 0:
        return Cell(None, "none answered")
    return rate(accepted, answered)


def _flows_table(order: list, pairs: Counter) -> tuple[dict, dict, dict, Cell]:
    """The referrals between each pair as one table: a row per sender (its total is what it
    sent), a column per receiver (its total is what it received) and the grand total. Flows,
    sent, received and the total add up to each other, so they are protected together."""
    sending, receiving = {s for s, _ in pairs}, {t for _, t in pairs}
    senders = [pk for pk in order if pk in sending]
    receivers = [pk for pk in order if pk in receiving]
    if not senders:
        return {}, {}, {}, ZERO
    table = suppress([[pairs[s, t] for t in receivers] for s in senders])
    cells = {
        (s, t): table.rows[i].cells[j]
        for i, s in enumerate(senders)
        for j, t in enumerate(receivers)
    }
    sent = {s: table.rows[i].total for i, s in enumerate(senders)}
    received = {t: table.totals.cells[j] for j, t in enumerate(receivers)}
    return cells, sent, received, table.totals.total


def _answers_table(
    order: list, accepted: Counter, answered: Counter
) -> tuple[dict, dict, tuple[Cell, Cell]]:
    """Accepted and answered per receiver, with their totals: the two counts behind each
    acceptance rate (a rate shows only when both of its counts may)."""
    answering = [pk for pk in order if answered[pk]]
    if not answering:
        return {}, {}, (ZERO, ZERO)
    table = suppress(
        [[accepted[pk], answered[pk]] for pk in answering],
        columns=["Accepted", "Answered"],
        row_totals=False,
    )
    rows = {pk: table.rows[i].cells for i, pk in enumerate(answering)}
    return (
        {pk: cells[0] for pk, cells in rows.items()},
        {pk: cells[1] for pk, cells in rows.items()},
        tuple(table.totals.cells),
    )


def place_figures(place: Place, *, viewer, size: int = 480) -> dict:
    """A place's referral figures as this person may see them, in a fixed number of queries.

    Every count passes core.suppression. A viewer holds the records of each referral to or
    from an organisation they work for: those are shown in full, and the rule protects what
    is left when they are taken away (the referrals between other organisations), so taking
    their own from a total gives nothing away. Commissioners and administrators hold none.
    """
    own = set(member_organisation_ids(viewer))
    local, outside, rows = _referral_rows(place)
    network = _network(place, local, outside, rows, size=size)
    nodes = network["organisations"]
    order = [node.organisation.pk for node in nodes]
    local_ids = {o.pk for o in local}

    # The referrals the viewer does not hold: between two organisations they do not work for.
    pairs, sent, received = Counter(), Counter(), Counter()
    accepted, answered, outcomes = Counter(), Counter(), Counter()
    for source, target, status, outcome, *_ in rows:
        if source in own or target in own:
            continue
        pairs[source, target] += 1
        sent[source] += 1
        received[target] += 1
        if status in ANSWERED:
            answered[target] += 1
        if status in ACCEPTED:
            accepted[target] += 1
        if outcome:
            outcomes[outcome] += 1

    flow_cells, sent_cells, received_cells, total_cell = _flows_table(order, pairs)
    accepted_cells, answered_cells, (accepted_total, answered_total) = _answers_table(
        order, accepted, answered
    )

    def line(node: OrganisationFigures) -> OrganisationLine:
        pk = node.organisation.pk
        if pk in own:
            days = (
                _number(node.median_days_to_accept)
                if node.days_to_accept
                else Cell(None, "none yet")
            )
        else:
            days = people(node.median_days_to_accept, len(node.days_to_accept))
        return OrganisationLine(
            organisation=node.organisation,
            is_local=pk in local_ids,
            is_own=pk in own,
            sent=_with_known(sent_cells.get(pk, ZERO), node.sent - sent[pk]),
            received=_with_known(received_cells.get(pk, ZERO), node.received - received[pk]),
            acceptance_rate=_acceptance(
                _with_known(accepted_cells.get(pk, ZERO), node.accepted - accepted[pk]),
                _with_known(answered_cells.get(pk, ZERO), node.answered - answered[pk]),
            ),
            median_days_to_accept=days,
            connections=node.connections,
            x=node.x,
            y=node.y,
        )

    lines = {pk: line(node) for pk, node in zip(order, nodes, strict=True)}

    total = _with_known(total_cell, len(rows) - sum(pairs.values()))
    waits = [days for node in nodes for days in node.days_to_accept]
    totals = {
        "sent": total,
        "received": total,
        "acceptance_rate": _acceptance(
            _with_known(accepted_total, sum(n.accepted for n in nodes) - sum(accepted.values())),
            _with_known(answered_total, sum(n.answered for n in nodes) - sum(answered.values())),
        ),
        "median_days_to_accept": people(round(median(waits), 1) if waits else None, len(waits)),
    }

    choices = Referral.Outcome.choices
    outcome_table = series(
        [outcomes[value] for value, _ in choices], labels=[label for _, label in choices]
    )
    everyone = dict(network["outcomes"])
    shown_outcomes = [
        (label, _with_known(row.cells[0], everyone[label] - outcomes[value]))
        for (value, label), row in zip(choices, outcome_table.rows, strict=True)
    ]

    flows = []
    for flow in network["flows"]:
        s, t = flow.source.organisation.pk, flow.target.organisation.pk
        flows.append((flow, _with_known(flow_cells.get((s, t), ZERO), flow.count - pairs[s, t])))
    widest = max((cell.value for _, cell in flows if not cell.withheld), default=1)
    flow_lines = sorted(
        (
            FlowLine(
                lines[flow.source.organisation.pk],
                lines[flow.target.organisation.pk],
                cell,
                flow.is_bridge,
                WITHHELD_FLOW_WIDTH if cell.withheld else round(1 + 5 * cell.value / widest, 1),
            )
            for flow, cell in flows
        ),
        # Withheld flows last and by name: their order must not rank them by size.
        key=lambda f: (
            f.withheld,
            -(f.referrals.value or 0),
            f.source.organisation.name,
            f.target.organisation.name,
        ),
    )

    def pick(figures: list[OrganisationFigures]) -> list[OrganisationLine]:
        chosen = {node.organisation.pk for node in figures}
        return [lines[pk] for pk in order if pk in chosen]

    return {
        "place": place,
        "size": size,
        "organisations": list(lines.values()),
        "own": [lines[pk].organisation for pk in order if pk in own],
        "totals": totals,
        "total": total,
        "outcomes": shown_outcomes,
        "flows": flow_lines,
        "most_connected": pick(network["most_connected"]),
        "connectors": pick(network["connectors"]),
        "isolated": pick(network["isolated"]),
    }
