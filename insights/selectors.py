"""A place's dashboard: the apps' raw figures, each passed through core.suppression.

Insights reads the other apps only through the figures selectors in their selectors.py. Every
table here is suppressed before it is drawn, downloaded or printed; a viewer who works for an
organisation serving the place also sees that organisation's own figures in full, beside the
place's (which are then protected for what the rest of the place holds).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from core import suppression
from core.figures import Count
from core.suppression import Cell, Row, Table
from journeys import selectors as journeys
from logicmodel.assessments import selectors as assessments
from referrals import selectors as referrals
from stories import selectors as stories

from .access import Viewer, place_organisation_ids
from .charts import Chart, bar_chart, columns_over_time, compare_chart, funnel_chart
from .periods import Period

PLACE = "This place"
OWN = "Your organisation"


@dataclass
class Panel:
    """One table of the dashboard, with its chart: downloadable on its own by its key."""

    key: str
    title: str
    table: Table
    chart: Chart | None = None
    row_heading: str = ""
    note: str = ""


@dataclass
class Section:
    key: str
    title: str
    intro: str
    panels: list[Panel] = field(default_factory=list)
    facts: list[tuple[str, Cell]] = field(default_factory=list)


@dataclass
class Dashboard:
    viewer: Viewer
    period: Period
    previous: Period
    sections: list[Section]
    computed_at: datetime = field(default_factory=timezone.now)

    def panel(self, key: str) -> Panel | None:
        return next((p for s in self.sections for p in s.panels if p.key == key), None)


def with_own(table: Table, own: list[int] | None, heading: str) -> Table:
    """The place's suppressed column with the viewer's own figures beside it, in full."""
    if own is None:
        return table
    rows = [
        Row(row.label, [*row.cells, suppression.shown(value)], row.total, row.key)
        for row, value in zip(table.rows, own, strict=True)
    ]
    totals = None
    if table.totals:
        totals = Row(
            table.totals.label,
            [*table.totals.cells, suppression.shown(sum(own))],
            table.totals.total,
            table.totals.key,
        )
    return Table([*table.columns, heading], rows, totals, table.withheld)


def _series(counts: list[Count], own: list[Count] | None, *, own_heading: str, total=True):
    values = [c.value for c in counts]
    own_values = [c.value for c in own] if own is not None else None
    table = suppression.series(
        values,
        labels=[c.label for c in counts],
        known=own_values,
        total=total,
        keys=[c.key for c in counts],
    )
    table.columns = [PLACE]
    return with_own(table, own_values, own_heading)


class _Builder:
    def __init__(self, viewer: Viewer, period: Period):
        self.viewer = viewer
        self.period = period
        self.previous = period.previous()
        self.ids = place_organisation_ids(viewer.place)
        self.own_ids = viewer.organisation_ids or None
        names = [o.name for o in viewer.organisations]
        self.own_heading = names[0] if len(names) == 1 else OWN + "s"

    def fetch(self, selector, *, previous=False, own=False, **kwargs):
        period = self.previous if previous else self.period
        ids = self.own_ids if own else self.ids
        return selector(organisation_ids=ids, start=period.start, end=period.end, **kwargs)

    def before(self, selector, **kwargs):
        """The place's figures for the period before and, for a viewer who holds records, theirs."""
        place = self.fetch(selector, previous=True, **kwargs)
        own = self.fetch(selector, previous=True, own=True, **kwargs) if self.own_ids else None
        return place, own

    def both(self, selector, **kwargs):
        """The place's figures and, for a viewer who holds records, their own."""
        place = self.fetch(selector, **kwargs)
        own = self.fetch(selector, own=True, **kwargs) if self.own_ids else None
        return place, own

    def series(
        self,
        key,
        title,
        counts,
        own_counts=None,
        *,
        description,
        row_heading="",
        chart="bar",
        previous=None,
        previous_own=None,
        note="",
    ):
        table = _series(counts, own_counts, own_heading=self.own_heading)
        labels = {"title": title, "description": description, "row_heading": row_heading}
        drawn = None
        if chart == "bar":
            drawn = bar_chart(table, chart_id=f"chart-{key}", **labels)
        elif chart == "compare":
            # Staff know their own figures for the period before too: protect against those.
            before = suppression.series(
                [c.value for c in previous],
                labels=[c.label for c in previous],
                known=[c.value for c in previous_own] if previous_own is not None else None,
                keys=[c.key for c in previous],
            )
            before.columns = [PLACE]
            drawn = compare_chart(
                table,
                before,
                chart_id=f"chart-{key}",
                current_label=f"{self.period.label}",
                previous_label=f"The period before ({self.previous.label})",
                **labels,
            )
            table = drawn.table
        return Panel(key, title, table, drawn, row_heading, note)


def place_dashboard(viewer: Viewer, period: Period) -> Dashboard:
    """Every section of a place's dashboard, for one period and the one before it."""
    b = _Builder(viewer, period)
    return Dashboard(
        viewer,
        period,
        b.previous,
        [
            _requests(b),
            _journeys(b),
            _sessions(b),
            _referrals(b),
            _outcomes(b),
            _wellbeing(b),
            _reach(b),
            _checklists(b),
            _stories(b),
        ],
    )


def dashboard_for(viewer: Viewer, period: Period) -> Dashboard:
    """place_dashboard, kept in the cache for INSIGHTS_CACHE_SECONDS per place, period and the
    viewer's own organisations, so that opening it again, changing tab or downloading one of
    its tables does not work every figure out again. The page says when they were worked out.
    0 seconds: always worked out afresh."""
    seconds = settings.INSIGHTS_CACHE_SECONDS
    if not seconds:
        return place_dashboard(viewer, period)
    own = ",".join(sorted(map(str, viewer.organisation_ids)))
    raw = f"{viewer.place.pk}|{own}|{period.start}|{period.end}|{period.label}"
    key = "insights:dashboard:" + hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()
    found = cache.get(key)
    if found is not None:
        sections, computed_at = found
        return Dashboard(viewer, period, period.previous(), sections, computed_at)
    dashboard = place_dashboard(viewer, period)
    cache.set(key, (dashboard.sections, dashboard.computed_at), seconds)
    return dashboard


def _requests(b: _Builder) -> Section:
    place, own = b.both(journeys.request_figures)
    before, own_before = b.before(journeys.request_figures)
    # Referrals that reached the place are counted in "The referral network" below.
    channels = place.new_journeys_by_channel
    return Section(
        "requests",
        "Requests and new journeys",
        "Requests for support made online that reached the hubs of the place, what became of "
        "them, and how new journeys began.",
        [
            b.series(
                "requests-by-outcome",
                "What became of requests",
                place.by_outcome,
                own.by_outcome if own else None,
                description="Requests for support in the period, by what happened to them, beside the period before.",
                row_heading="Outcome",
                chart="compare",
                previous=before.by_outcome,
                previous_own=own_before.by_outcome if own_before else None,
            ),
            b.series(
                "journeys-by-channel",
                "How new journeys began",
                channels,
                None,
                description="Journeys started in the period, by how the person came to the hub.",
                row_heading="How it began",
            ),
        ],
    )


def _journeys(b: _Builder) -> Section:
    place, own = b.both(journeys.journey_figures)
    own_reached = [c.value for c in own.reached] if own else None
    reached = suppression.funnel(
        [c.value for c in place.reached],
        labels=[c.label for c in place.reached],
        known=own_reached,
        keys=[c.key for c in place.reached],
    )
    reached.columns = [PLACE]
    reached = with_own(reached, own_reached, b.own_heading)
    title = "How far journeys had come"
    funnel = funnel_chart(
        reached,
        title=title,
        description="Journeys that had reached each stage or a later one by the end of the "
        "period, and the share that went on from the stage before.",
        row_heading="Stage",
        chart_id="chart-journeys-reached",
    )
    return Section(
        "journeys",
        "Journeys by stage",
        "Journeys open at any time in the period. The funnel counts each journey at every stage "
        "it had reached by the end of the period, and what share went on to the next stage.",
        [
            Panel("journeys-reached", title, funnel.table, funnel, "Stage"),
            b.series(
                "journeys-by-stage",
                "Where journeys stood at the end of the period",
                place.by_stage,
                own.by_stage if own else None,
                description="Open journeys by their stage on the last day of the period.",
                row_heading="Stage",
            ),
        ],
    )


def _sessions(b: _Builder) -> Section:
    place, own = b.both(journeys.session_figures)
    before, own_before = b.before(journeys.session_figures)
    kinds = [c.label for c in place.sessions]
    months = suppression.suppress(
        [[c.value for c in month.counts] for month in place.by_month],
        rows=[month.label for month in place.by_month],
        columns=kinds,
        row_totals=True,
        column_totals=True,
    )
    over_time = columns_over_time(
        months,
        title="Sessions by month",
        chart_id="chart-sessions-by-month",
        description="Sessions each month of the period, by type of session.",
    )
    people = _series(place.people, own.people if own else None, own_heading=b.own_heading)
    hours = [(amount.label, suppression.people(amount.value, amount.n)) for amount in place.hours]
    return Section(
        "sessions",
        "Support sessions",
        "Sessions held by the hubs of the place, by type. A group session counts once here, "
        "and once for each journey on that journey's page.",
        [
            b.series(
                "sessions-by-kind",
                "Sessions by type",
                place.sessions,
                own.sessions if own else None,
                row_heading="Type of session",
                chart="compare",
                previous=before.sessions,
                previous_own=own_before.sessions if own_before else None,
                description="Sessions in the period by type, beside the period before.",
            ),
            Panel("sessions-by-month", "Sessions by month", months, over_time, "Month"),
            Panel(
                "people-by-kind",
                "People reached by each type of session",
                people,
                bar_chart(
                    people,
                    title="People reached by each type of session",
                    description="Different people at each type of session in the period.",
                    row_heading="Type of session",
                    chart_id="chart-people-by-kind",
                ),
                "Type of session",
            ),
            Panel(
                "group-or-one-to-one",
                "Group and one-to-one sessions",
                suppression.suppress(
                    [
                        [g.value, o.value]
                        for g, o in zip(
                            place.group_sessions, place.one_to_one_sessions, strict=True
                        )
                    ],
                    rows=kinds,
                    columns=["Group", "One to one"],
                ),
                None,
                "Type of session",
            ),
        ],
        facts=[("Hours of support: " + label.lower(), cell) for label, cell in hours],
    )


def _referrals(b: _Builder) -> Section:
    figures = b.fetch(referrals.referral_figures)
    counts = [
        Count("sent", "Sent by the place's organisations", figures.sent),
        Count("received", "Received by the place's organisations", figures.received),
        Count("accepted", "Accepted", figures.accepted),
        Count("completed", "Completed", figures.completed),
        Count("declined", "Declined", figures.declined),
        Count("expired", "Not answered in time", figures.expired),
    ]
    steps = suppression.series(
        [c.value for c in counts],
        labels=[c.label for c in counts],
        total=False,
        keys=[c.key for c in counts],
    )
    steps.columns = [PLACE]
    return Section(
        "referrals",
        "The referral network",
        "Referrals made in the period between the organisations of the place, and with those "
        "elsewhere.",
        [
            b.series(
                "referral-flows",
                "Where referrals went",
                figures.flows,
                None,
                description="Referrals within the place, into it and out of it.",
                row_heading="Direction",
            ),
            Panel(
                "referral-steps",
                "Referrals and their answers",
                steps,
                bar_chart(
                    steps,
                    title="Referrals and their answers",
                    description="Referrals sent and received, and how they were answered.",
                    row_heading="Referrals",
                    chart_id="chart-referral-steps",
                ),
                "Referrals",
                note="A referral between two organisations of the place is both sent and received.",
            ),
            b.series(
                "referral-outcomes",
                "What referrals led to",
                figures.by_outcome,
                None,
                description="Referrals by the outcome the receiver recorded.",
                row_heading="Outcome",
            ),
        ],
        facts=[
            ("Median days to accept a referral", suppression.median(figures.days_to_accept)),
            (
                "Organisations connected by referrals",
                suppression.shown(figures.organisations_connected),
            ),
        ],
    )


def _outcomes(b: _Builder) -> Section:
    place, own = b.both(journeys.milestone_figures)
    before, own_before = b.before(journeys.milestone_figures)
    return Section(
        "outcomes",
        "Milestones",
        "What the ventures achieved in the period. Each journey counts once for each kind of "
        "milestone; sums need at least five journeys behind them.",
        [
            b.series(
                "milestones",
                "Milestones reached",
                place.by_kind,
                own.by_kind if own else None,
                row_heading="Milestone",
                chart="compare",
                previous=before.by_kind,
                previous_own=own_before.by_kind if own_before else None,
                description="Journeys reaching each milestone in the period, beside the period before.",
            ),
            b.series(
                "registered-by-legal-form",
                "Businesses registered, by legal form",
                place.registered_by_legal_form,
                own.registered_by_legal_form if own else None,
                row_heading="Legal form",
                description="Ventures registered in the period, by their legal form.",
            ),
        ],
        facts=[
            (
                "Jobs created (full-time equivalent)",
                suppression.people(place.jobs_fte.value, place.jobs_fte.n),
            ),
            ("Volunteers involved", suppression.people(place.volunteers.value, place.volunteers.n)),
            ("Finance raised (£)", suppression.people(place.finance.value, place.finance.n)),
        ],
    )


def _wellbeing(b: _Builder) -> Section:
    figures = b.fetch(journeys.wellbeing_figures)
    rows = []
    for q in figures.questions:
        rows.append(
            Row(
                q.label,
                [
                    suppression.people(_one(q.before), q.n),
                    suppression.people(_one(q.after), q.n),
                    suppression.people(_one(q.change), q.n),
                    suppression.count(q.n),
                ],
                key=q.key,
            )
        )
    table = Table(["At the start (mean)", "At follow-up (mean)", "Change", "People"], rows)
    return Section(
        "wellbeing",
        "Wellbeing and confidence",
        "The four national wellbeing questions and a confidence rating, each 0 to 10, for people "
        "with a check at the start and a follow-up in the period. For anxiety a fall is good. "
        "A mean needs at least five people.",
        [Panel("wellbeing", "Wellbeing before and after", table, None, "Question")],
    )


def _one(value):
    return None if value is None else round(value, 1)


def _reach(b: _Builder) -> Section:
    place, own = b.both(journeys.reach_figures)
    panels = [
        b.series(
            "reach-by-place",
            "Where people live",
            place.by_place,
            None,
            row_heading="Place of residence",
            description="People with a journey open in the period, by where they live.",
        ),
        b.series(
            "reach-by-kind",
            "People and groups",
            place.by_kind,
            own.by_kind if own else None,
            row_heading="Asking as",
            chart=None,
            description="",
        ),
    ]
    for group in place.equality:
        panels.append(
            b.series(
                f"equality-{group.key}",
                f"Equality answers: {group.label.lower()}",
                group.counts,
                None,
                row_heading=group.label,
                chart=None,
                description="",
            )
        )
    panels.append(_several(place.barriers, "barriers", "Barriers people named", "Barrier"))
    panels.append(
        _several(
            place.sensitive_barriers,
            "sensitive-barriers",
            "Health and faith barriers (named with explicit consent)",
            "Barrier",
        )
    )
    return Section(
        "reach",
        "Who the place reaches",
        "People and groups with a journey open in the period. Equality answers are optional, "
        "given under their own consent, and only ever shown as suppressed totals.",
        panels,
    )


def _several(counts: list[Count], key: str, title: str, row_heading: str) -> Panel:
    """Counts where one person or story can be in several rows, so they have no total."""
    table = suppression.series(
        [c.value for c in counts],
        labels=[c.label for c in counts],
        total=False,
        keys=[c.key for c in counts],
    )
    table.columns = [PLACE]
    return Panel(key, title, table, None, row_heading, note="One may be counted in several rows.")


def _checklists(b: _Builder) -> Section:
    figures = assessments.checklist_figures(organisation_ids=b.ids)
    bands = [band.label for band in figures.total.bands]
    table = suppression.suppress(
        [[band.value for band in column.bands] for column in figures.columns],
        rows=[column.title for column in figures.columns],
        columns=bands,
        row_totals=False,
        column_totals=False,
    )
    facts = [
        ("Organisations of the place", suppression.shown(figures.organisations)),
        ("Organisations with a completed self-assessment", suppression.shown(figures.assessed)),
        (
            "Mean change in the whole checklist since the assessment before",
            suppression.people(_one(figures.total.mean_change), figures.total.n),
        ),
    ]
    return Section(
        "checklists",
        "Checklist progress",
        "The latest completed self-assessment of each organisation of the place: how many "
        "organisations stand in each band of their score, column by column.",
        [Panel("checklists", "Organisations by checklist score", table, None, "Column")],
        facts=facts,
    )


def _stories(b: _Builder) -> Section:
    figures = b.fetch(stories.story_figures, public=False)
    return Section(
        "stories",
        "Stories of change",
        "Stories captured in the period that the partner network may read, by the outcome or "
        "impact of the model they speak to. A story can speak to several.",
        [
            _several(
                figures.by_element, "stories-by-outcome", "Stories by outcome", "Outcome or impact"
            )
        ],
        facts=[("Stories captured", suppression.count(figures.total))],
    )
