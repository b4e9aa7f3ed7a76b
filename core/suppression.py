"""Small-number suppression: the one rule every figure passes before it leaves the organisation
that holds the records (pages, exports, reports, the public model).

- A count from 1 to 4 is shown as "fewer than 5" (primary suppression).
- Secondary suppression withholds further cells, or a total, until no withheld value can be
  worked out by adding and subtracting the figures that are shown: every row, column and total
  is checked the way a reader with a calculator would, and every withheld figure must keep at
  least two possible values. A 0 is never withheld: "withheld" always means 5 or more. Where
  even that is not enough (four small figures whose small total says they are 1 each), the
  figures of that line are "not shown", which says nothing of their size.
- A viewer who already knows part of each figure (hub staff seeing their own organisation beside
  the place) gets the place's figures protected for the rest of the place: a cell is withheld
  when the rest of the place's count is from 1 to 4, so subtracting their own gives nothing away.
- Means, medians and sums of amounts need at least 5 people; a rate is withheld when either of
  its counts is.

docs/suppression.md explains the rule for readers; tests/core/test_suppression.py tries to
recover withheld values from what is shown.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

THRESHOLD = 5
FEWER = f"fewer than {THRESHOLD}"
WITHHELD = "withheld"
NOT_SHOWN = "not shown"
TOO_FEW_PEOPLE = "too few people"

PRIMARY = "small"  # the figure itself (or the rest of the place's part of it) is 1 to 4
SECONDARY = "secondary"  # withheld so that a small one cannot be worked out
FEW_PEOPLE = "few-people"  # a mean, median or sum from fewer than THRESHOLD people


@dataclass(frozen=True)
class Cell:
    """A figure as it may be shown: its value, or None when withheld, and the words to show."""

    value: int | float | Decimal | None
    text: str
    reason: str = ""

    @property
    def withheld(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return self.text


@dataclass
class Row:
    label: str
    cells: list[Cell]
    total: Cell | None = None
    key: str = ""


@dataclass
class Table:
    """A suppressed table: its rows, the column labels, and the totals row (if totals are shown)."""

    columns: list[str]
    rows: list[Row]
    totals: Row | None = None
    withheld: int = field(default=0)

    def records(self, *, row_heading: str = "", total_heading: str = "Total") -> list[list[str]]:
        """Heading row then one row per line, as text: for CSV and XLSX downloads."""
        has_row_totals = any(row.total is not None for row in self.rows)
        header = [row_heading, *self.columns] + ([total_heading] if has_row_totals else [])
        lines = [header]
        for row in [*self.rows, *([self.totals] if self.totals else [])]:
            line = [row.label, *(cell.text for cell in row.cells)]
            if has_row_totals:
                line.append(row.total.text if row.total else "")
            lines.append(line)
        return lines


def shown(value) -> Cell:
    """A figure shown as it is: the viewer's own, or one the rule has let through."""
    if isinstance(value, float | Decimal) and value != int(value):
        return Cell(value, f"{value:,.1f}")
    return Cell(value, f"{int(value):,}")


def _small(value) -> bool:
    return 0 < value < THRESHOLD


def count(value: int, *, known: int = 0) -> Cell:
    """One count on its own, with nothing beside it to subtract from."""
    table = suppress([[value]], known=[[known]], row_totals=False, column_totals=False)
    return table.rows[0].cells[0]


def series(
    values: Sequence[int],
    *,
    labels: Sequence[str],
    known: Sequence[int] | None = None,
    total: bool = True,
    keys: Sequence[str] | None = None,
) -> Table:
    """A list of counts (one per label) with their total, suppressed together."""
    return suppress(
        [[v] for v in values],
        rows=labels,
        columns=[""],
        known=[[k] for k in known] if known is not None else None,
        row_totals=False,
        column_totals=total,
        keys=keys,
    )


def suppress(
    values: Sequence[Sequence[int]],
    *,
    rows: Sequence[str] | None = None,
    columns: Sequence[str] | None = None,
    known: Sequence[Sequence[int]] | None = None,
    row_totals: bool = True,
    column_totals: bool = True,
    keys: Sequence[str] | None = None,
) -> Table:
    """Suppress a table of counts with (optionally) its row totals, column totals and grand total.

    `known` is what the viewer already knows of each cell (their own organisation's counts): the
    cells are then protected for what remains (value - known).
    """
    height = len(values)
    width = len(values[0]) if height else len(columns or [])
    rows = list(rows) if rows is not None else [""] * height
    columns = list(columns) if columns is not None else [""] * width
    known = known or [[0] * width for _ in range(height)]
    if len(rows) != height or len(columns) != width or any(len(r) != width for r in values):
        raise ValueError("values must have one row per row label and one value per column label")

    T = "T"
    grid: dict[tuple, int] = {}
    rest: dict[tuple, int] = {}
    for i in range(height):
        for j in range(width):
            grid[i, j] = values[i][j]
            rest[i, j] = values[i][j] - known[i][j]
            if rest[i, j] < 0:
                raise ValueError("a viewer cannot know more of a figure than the figure")
    lines: list[tuple[list[tuple], tuple]] = []
    if row_totals:
        for i in range(height):
            grid[i, T] = sum(grid[i, j] for j in range(width))
            rest[i, T] = sum(rest[i, j] for j in range(width))
            lines.append(([(i, j) for j in range(width)], (i, T)))
    if column_totals:
        for j in range(width):
            grid[T, j] = sum(grid[i, j] for i in range(height))
            rest[T, j] = sum(rest[i, j] for i in range(height))
            lines.append(([(i, j) for i in range(height)], (T, j)))
    if row_totals and column_totals:
        grid[T, T] = sum(grid[T, j] for j in range(width))
        rest[T, T] = sum(rest[T, j] for j in range(width))
        lines.append(([(T, j) for j in range(width)], (T, T)))
        lines.append(([(i, T) for i in range(height)], (T, T)))

    protected = _protect(grid, rest, lines)

    def cell(key) -> Cell:
        return _words(key, grid, *protected)

    keys = list(keys) if keys is not None else [""] * height
    table_rows = [
        Row(
            rows[i],
            [cell((i, j)) for j in range(width)],
            cell((i, T)) if row_totals else None,
            keys[i],
        )
        for i in range(height)
    ]
    totals = None
    if column_totals:
        totals = Row(
            "Total",
            [cell((T, j)) for j in range(width)],
            cell((T, T)) if row_totals else None,
            "total",
        )
    return Table(columns, table_rows, totals, len(protected[1]))


def _protect(grid: dict, rest: dict, lines: list, hidden: frozenset = frozenset()):
    """The figures to withhold: the small ones, then more until none can be worked out.

    `lines` are the sums a reader can check: (members, total) with sum(members) == total.
    `hidden` figures are never shown but are parts of what is (the journeys that stopped at
    each stage of a funnel, say): a small one must not be worked out either.
    """
    small = {key for key in grid if key not in hidden and (_small(grid[key]) or _small(rest[key]))}
    withheld = small | hidden
    blank: set = set()  # withheld without even saying whether they are small
    while True:
        exposed = [
            key
            for key in _exposed(lines, grid, rest, withheld, hidden | blank)
            if key not in hidden or _small(rest[key])
        ]
        if not exposed:
            break
        more = _next_to_withhold(exposed, lines, rest, withheld)
        if more is not None:
            withheld.add(more)
            continue
        # Everything around them is withheld and they can still be worked out (four small
        # figures adding up to a small total can only be 1 each): say nothing of their size.
        around = {
            key
            for members, total in lines
            if any(e in members or e == total for e in exposed)
            for key in [*members, total]
            if key not in hidden and key not in blank
        }
        if not around:
            break
        blank |= around
        withheld |= around
    return small, withheld - hidden, blank


def funnel(
    reached: Sequence[int],
    *,
    labels: Sequence[str],
    known: Sequence[int] | None = None,
    keys: Sequence[str] | None = None,
) -> Table:
    """Counts that reached each stage or a later one (each no more than the one before).

    The difference between two neighbouring stages is how many stopped at the first: those are
    protected too, so a stage and the next are never both shown when the difference is small.
    """
    known = list(known) if known is not None else [0] * len(reached)
    if any(later > earlier for earlier, later in itertools.pairwise(reached)):
        raise ValueError("a funnel cannot grow from one stage to the next")
    grid, rest, lines = {}, {}, []
    last = len(reached) - 1
    for k, value in enumerate(reached):
        grid["reached", k] = value
        rest["reached", k] = value - known[k]
        after = reached[k + 1] if k < last else 0
        grid["stopped", k] = value - after
        rest["stopped", k] = rest["reached", k] - (
            (reached[k + 1] - known[k + 1]) if k < last else 0
        )
        if rest["reached", k] < 0 or rest["stopped", k] < 0:
            raise ValueError("a viewer cannot know more of a figure than the figure")
        members = [("stopped", k)] + ([("reached", k + 1)] if k < last else [])
        lines.append((members, ("reached", k)))
    hidden = frozenset(("stopped", k) for k in range(len(reached)))
    protected = _protect(grid, rest, lines, hidden)

    def cell(key) -> Cell:
        return _words(key, grid, *protected)

    keys = list(keys) if keys is not None else [""] * len(reached)
    rows = [Row(labels[k], [cell(("reached", k))], None, keys[k]) for k in range(len(reached))]
    return Table([""], rows, None, len(protected[1]))


def _words(key, grid, small, withheld, blank) -> Cell:
    """A figure as the rule lets it be shown."""
    if key not in withheld:
        return shown(grid[key])
    if key in blank:
        return Cell(None, NOT_SHOWN, SECONDARY)
    if _small(grid[key]):
        return Cell(None, FEWER, PRIMARY)
    return Cell(None, WITHHELD, PRIMARY if key in small else SECONDARY)


def _bounds(key, grid, rest, withheld, hidden=frozenset()) -> tuple[float, float]:
    """What a reader knows of the rest-of-place part of a cell from the words shown for it."""
    if key in hidden:  # never shown: only that it is not negative
        return 0, math.inf
    if key not in withheld:
        return rest[key], rest[key]
    mine = grid[key] - rest[key]
    if _small(grid[key]):  # "fewer than 5": the figure is 1 to 4
        return max(0, 1 - mine), THRESHOLD - 1 - mine
    # "withheld": the figure is 5 or more (smaller ones say so), and the rest is not nothing
    return max(1, THRESHOLD - mine), math.inf


def _exposed(lines, grid, rest, withheld, hidden=frozenset()) -> list[tuple]:
    """Withheld cells a reader can narrow down further than the rule allows, by arithmetic on
    every row, column and total (repeated until nothing narrows: it finds what chains of
    subtractions across rows and columns find)."""
    if not withheld:
        return []
    lo, hi = {}, {}
    for key in grid:
        lo[key], hi[key] = _bounds(key, grid, rest, withheld, hidden)
    for _ in range(4 * len(grid) + 4):
        changed = False
        for members, total in lines:
            everyone = [*members, total]
            if not any(key in withheld for key in everyone):
                continue
            sum_lo = sum(lo[m] for m in members)
            sum_hi = sum(hi[m] for m in members)  # inf if any member is unbounded
            if sum_lo > lo[total]:
                lo[total], changed = sum_lo, True
            if sum_hi < hi[total]:
                hi[total], changed = sum_hi, True
            for m in members:
                others_hi = sum(hi[o] for o in members if o != m)  # inf if any is unbounded
                new_lo = lo[total] - others_hi
                new_hi = hi[total] - (sum_lo - lo[m])
                if new_lo > lo[m]:
                    lo[m], changed = new_lo, True
                if new_hi < hi[m]:
                    hi[m], changed = new_hi, True
        if not changed:
            break
    exposed = [key for key in withheld if hi[key] - lo[key] < 1]  # only one value fits
    return sorted(exposed, key=str)


def _next_to_withhold(exposed, lines, rest, withheld) -> tuple | None:
    """A shown figure beside an exposed one (in its row, column or totals), or failing that the
    total of its line: one that closes a loop with figures already withheld, else the smallest."""
    around = [
        (members, total)
        for members, total in lines
        if any(key in members or key == total for key in exposed)
    ]
    # Lines where a figure is the only one withheld give it away first: mend those.
    alone = [
        (members, total)
        for members, total in around
        if sum(1 for o in [*members, total] if o in withheld) == 1
    ]
    candidates, totals = [], []
    for members, total in alone or around:
        for other in [*members, total]:
            if other not in withheld and rest[other] > 0:
                (totals if other == total else candidates).append(other)
    pool = candidates or totals
    if not pool:  # everything beside it is nothing or withheld: any other figure that is not 0
        pool = [
            k
            for members, total in lines
            for k in [*members, total]
            if k not in withheld and rest[k] > 0
        ]

    def joins_others(key) -> int:  # lines through it that already hold a withheld figure
        return sum(
            1
            for members, total in lines
            if key in members or key == total
            if any(o in withheld for o in [*members, total])
        )

    # Prefer a figure that closes a loop with ones already withheld, then the smallest.
    return min(pool, key=lambda k: (-joins_others(k), rest[k], str(k))) if pool else None


def people(value, n: int) -> Cell:
    """A mean, median or sum worked out from n people: shown only when n is at least 5."""
    if value is None or n < THRESHOLD:
        return Cell(None, TOO_FEW_PEOPLE, FEW_PEOPLE)
    return shown(value)


def mean(values: Iterable[float]) -> Cell:
    values = list(values)
    return people(round(statistics.fmean(values), 1) if values else None, len(values))


def median(values: Iterable[float]) -> Cell:
    values = list(values)
    return people(round(statistics.median(values), 1) if values else None, len(values))


def rate(numerator: Cell, denominator: Cell) -> Cell:
    """A percentage of two shown counts: withheld when either is (the rate would give it away)."""
    if numerator.withheld or denominator.withheld:
        return Cell(None, WITHHELD, SECONDARY)
    if not denominator.value:
        return Cell(None, "none", "")
    percent = round(100 * numerator.value / denominator.value)
    return Cell(percent, f"{percent}%")
