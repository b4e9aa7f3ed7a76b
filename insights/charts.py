"""Accessible charts drawn on the server: suppressed figures in, shapes for an inline SVG out.

Every builder takes a suppressed `core.suppression.Table` (never raw counts) and returns a
`Chart` whose shapes already carry their coordinates (rounded to one decimal place), colours
and words, so `templates/insights/charts/chart.html` only writes them out: no JavaScript,
no inline styles (the Content Security Policy forbids them), and the table of figures
always beside the picture. A withheld cell draws no bar; its words ("fewer than 5",
"withheld") stand where the bar would be.

The drawing is 400 units wide with text 15 units high, so on a 360px phone (about 336px of
content) the text is still over 12px. Colours pass WCAG 2.2 AA on white: text 4.5:1,
bars and outlines 3:1; the previous period (and each further series) also differs by its
pattern, never by colour alone.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from itertools import pairwise
from typing import ClassVar

from django.utils.text import slugify

from core.suppression import Cell, Row, Table, rate

WIDTH = 400
FONT = 15  # text height, in viewBox units
LINE = 18  # distance between two lines of one label
CHAR = 8.3  # rough width of one character at FONT, to wrap labels and make room for values
BASELINE = 5  # from a text's middle to its baseline at FONT

TEXT = "#212529"  # Bootstrap's body colour: 15.4:1 on white
CURRENT = "#0b5ed7"  # Bootstrap's darker primary blue: 5.2:1 on white
PREVIOUS = "#495057"  # Bootstrap grey 700: 8.2:1 on white
GREEN = "#146c43"  # Bootstrap green 700: 6.5:1 on white
PURPLE = "#59359a"  # Bootstrap indigo/purple 700: 8.6:1 on white
GRID = "#dee2e6"  # guide lines only: the figures are in the table
WHITE = "#ffffff"

EMPTY = "No figures for this period."
SOME_WITHHELD = "Some figures are withheld: see the table."
UP_TO_NEXT = "↓ Went on: {}"

# Horizontal bars (bar, compare and funnel charts)
LABEL_END = 128  # labels end here (right-aligned)
ORIGIN = 136  # bars start here
VALUE_SPACE = 64  # kept free after the longest bar for its figure
VALUE_GAP = 6  # between a bar's end and its figure
TOP = 8
BOTTOM = 8
ROW = 44  # one bar and its label
BAR = 26
PAIR_ROW = 56  # two bars (this period, previous period) and their label
PAIR_BAR = 20
FUNNEL_GAP = 28  # between two stages, where the conversion is printed
LABEL_CHARS = int(LABEL_END / CHAR)
LABEL_LINES = 2

# Legends
SWATCH = 16
LEGEND_ROW = 24
LEGEND_CHARS = int((WIDTH - SWATCH - 8) / CHAR)

# Vertical columns over time
PLOT_HEIGHT = 180
PLOT_RIGHT = WIDTH - 8
AXIS_GAP = 6
MIN_SLOT = 40  # narrowest month that still gets its own label
GROUP = 0.8  # share of a month's width its columns fill


# Shapes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rect:
    kind: ClassVar[str] = "rect"
    x: float
    y: float
    width: float
    height: float
    fill: str
    stroke: str = "none"
    stroke_width: float = 0


@dataclass(frozen=True)
class Text:
    kind: ClassVar[str] = "text"
    x: float
    y: float
    text: str
    anchor: str = "start"  # SVG text-anchor: start, middle or end
    weight: str = "normal"
    size: int = FONT
    fill: str = TEXT


@dataclass(frozen=True)
class Line:
    kind: ClassVar[str] = "line"
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = TEXT
    stroke_width: float = 1


Shape = Rect | Text | Line


@dataclass(frozen=True)
class Pattern:
    """A fill drawn in lines (`kind`: diagonal, cross or horizontal) so a series is not told by colour alone."""

    id: str
    kind: str
    colour: str


@dataclass(frozen=True)
class Style:
    """How one series is drawn: its fill, outline and the pattern (if any) behind the fill."""

    colour: str
    pattern: str = ""  # "", "diagonal", "cross" or "horizontal"

    def fill(self, chart_id: str) -> str:
        return f"url(#{chart_id}-{self.pattern})" if self.pattern else self.colour


# This period, then the previous period (or the first series, then the others).
STYLES = (
    Style(CURRENT),
    Style(PREVIOUS, "diagonal"),
    Style(GREEN, "cross"),
    Style(PURPLE, "horizontal"),
)


@dataclass(frozen=True)
class Chart:
    """What a template needs to draw one chart: words, viewBox size, shapes and the table shown beside it.

    `table` is the table the chart was drawn from, as it is shown: for `compare_chart` the two
    periods side by side, for `funnel_chart` with the conversion from the stage before added.
    """

    id: str
    title: str
    description: str
    width: int
    height: float
    shapes: tuple[Shape, ...]
    table: Table
    patterns: tuple[Pattern, ...] = ()
    row_heading: str = ""
    empty: bool = False

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {_number(self.height)}"

    @property
    def title_id(self) -> str:
        return f"{self.id}-title"

    @property
    def desc_id(self) -> str:
        return f"{self.id}-desc"

    @property
    def rects(self) -> list[Rect]:
        return [shape for shape in self.shapes if isinstance(shape, Rect)]

    @property
    def texts(self) -> list[Text]:
        return [shape for shape in self.shapes if isinstance(shape, Text)]


# Builders -------------------------------------------------------------------------------------


def bar_chart(
    table: Table,
    *,
    title: str,
    description: str,
    column: int = 0,
    row_heading: str = "",
    chart_id: str | None = None,
) -> Chart:
    """Horizontal bars, one per row of the table (not its total), for one column of figures."""
    cells = [row.cells[column] for row in table.rows]
    ident = _chart_id(chart_id, title)
    if _nothing_to_draw(cells):
        return _empty(ident, title, description, table, row_heading)
    value_space = _value_space(cells)
    scale = _scale(cells, WIDTH - ORIGIN - value_space)
    shapes: list[Shape] = []
    for i, (row, cell) in enumerate(zip(table.rows, cells, strict=True)):
        top = TOP + i * ROW
        shapes += _label(row.label, middle=top + ROW / 2)
        shapes += _bar(cell, y=top + (ROW - BAR) / 2, height=BAR, scale=scale, fill=CURRENT)
    bottom = TOP + len(cells) * ROW
    shapes.append(Line(ORIGIN, TOP, ORIGIN, bottom))
    return Chart(
        ident, title, description, WIDTH, bottom + BOTTOM, tuple(shapes), table, (), row_heading
    )


def compare_chart(
    current: Table,
    previous: Table,
    *,
    title: str,
    description: str,
    column: int = 0,
    current_label: str = "This period",
    previous_label: str = "Previous period",
    row_heading: str = "",
    chart_id: str | None = None,
) -> Chart:
    """Two bars per row: this period (solid blue) above the previous one (grey, hatched and outlined)."""
    if [row.label for row in current.rows] != [row.label for row in previous.rows]:
        raise ValueError("both periods must have the same rows in the same order")
    ident = _chart_id(chart_id, title)
    table = _side_by_side(current, previous, column, current_label, previous_label)
    pairs = [(row.cells[0], row.cells[1]) for row in table.rows]
    every = [cell for pair in pairs for cell in pair]
    if _nothing_to_draw(every):
        return _empty(ident, title, description, table, row_heading)
    styles = STYLES[:2]
    shapes: list[Shape] = _legend([current_label, previous_label], styles, ident)
    top_of_bars = TOP + 2 * LEGEND_ROW + 8
    scale = _scale(every, WIDTH - ORIGIN - _value_space(every))
    for i, (row, pair) in enumerate(zip(table.rows, pairs, strict=True)):
        top = top_of_bars + i * PAIR_ROW
        shapes += _label(row.label, middle=top + PAIR_ROW / 2)
        gap = (PAIR_ROW - 2 * PAIR_BAR - 4) / 2
        for j, (cell, style) in enumerate(zip(pair, styles, strict=True)):
            shapes += _bar(
                cell,
                y=top + gap + j * (PAIR_BAR + 4),
                height=PAIR_BAR,
                scale=scale,
                fill=style.fill(ident),
                stroke=style.colour if style.pattern else "none",
            )
    bottom = top_of_bars + len(pairs) * PAIR_ROW
    shapes.append(Line(ORIGIN, top_of_bars, ORIGIN, bottom))
    return Chart(
        ident,
        title,
        description,
        WIDTH,
        bottom + BOTTOM,
        tuple(shapes),
        table,
        _patterns(styles, ident),
        row_heading,
    )


def funnel_chart(
    table: Table,
    *,
    title: str,
    description: str,
    column: int = 0,
    row_heading: str = "Stage",
    chart_id: str | None = None,
) -> Chart:
    """Stages from top to bottom, each a bar, with the share that went on printed between two stages."""
    cells = [row.cells[column] for row in table.rows]
    rates = [None, *(rate(after, before) for before, after in pairwise(cells))]
    ident = _chart_id(chart_id, title)
    shown = Table(
        [table.columns[column] or "Number", "Went on from the stage before"],
        [
            Row(row.label, [cell, conversion or Cell(None, "")], None, row.key)
            for row, cell, conversion in zip(table.rows, cells, rates, strict=True)
        ],
        Row(table.totals.label, [table.totals.cells[column], Cell(None, "")], None, "total")
        if table.totals
        else None,
        table.withheld,
    )
    if _nothing_to_draw(cells):
        return _empty(ident, title, description, shown, row_heading)
    scale = _scale(cells, WIDTH - ORIGIN - _value_space(cells))
    shapes: list[Shape] = []
    for i, (row, cell, conversion) in enumerate(zip(table.rows, cells, rates, strict=True)):
        top = TOP + i * (ROW + FUNNEL_GAP)
        if conversion is not None:
            shapes.append(
                Text(ORIGIN + VALUE_GAP, _r(top - FUNNEL_GAP / 2 + BASELINE), _went_on(conversion))
            )
        shapes += _label(row.label, middle=top + ROW / 2)
        shapes += _bar(cell, y=top + (ROW - BAR) / 2, height=BAR, scale=scale, fill=CURRENT)
    bottom = TOP + len(cells) * (ROW + FUNNEL_GAP) - FUNNEL_GAP
    return Chart(
        ident, title, description, WIDTH, bottom + BOTTOM, tuple(shapes), shown, (), row_heading
    )


def columns_over_time(
    table: Table,
    *,
    title: str,
    description: str,
    row_heading: str = "Month",
    chart_id: str | None = None,
) -> Chart:
    """Months along the bottom (rows, labelled like "Jan 2026"), a column per series side by side."""
    ident = _chart_id(chart_id, title)
    every = [cell for row in table.rows for cell in row.cells]
    if _nothing_to_draw(every):
        return _empty(ident, title, description, table, row_heading)
    series = len(table.columns)
    styles = tuple(STYLES[j % len(STYLES)] for j in range(series))
    named = any(table.columns)
    shapes: list[Shape] = _legend(table.columns, styles, ident) if named else []
    plot_top = TOP + (series * LEGEND_ROW + 16 if named else 0)
    plot_bottom = plot_top + PLOT_HEIGHT
    step, top_value = _ticks(max((_value(c) for c in every if not c.withheld), default=0))
    axis = max(40, len(f"{top_value:,}") * CHAR + 2 * AXIS_GAP)
    for k in range(int(top_value // step) + 1):
        y = _r(plot_bottom - k * step / top_value * PLOT_HEIGHT)
        shapes.append(Line(_r(axis), y, PLOT_RIGHT, y, TEXT if k == 0 else GRID))
        shapes.append(Text(_r(axis - AXIS_GAP), _r(y + BASELINE), f"{k * step:,}", "end"))
    slot = (PLOT_RIGHT - axis) / len(table.rows)
    width = slot * GROUP / series
    every_nth = math.ceil(MIN_SLOT / slot)
    last_year = None
    for i, row in enumerate(table.rows):
        left = axis + i * slot + slot * (1 - GROUP) / 2
        for j, (cell, style) in enumerate(zip(row.cells, styles, strict=True)):
            height = _value(cell) / top_value * PLOT_HEIGHT if not cell.withheld else 0
            if height > 0:
                shapes.append(
                    Rect(
                        _r(left + j * width),
                        _r(plot_bottom - height),
                        _r(width),
                        _r(height),
                        style.fill(ident),
                        style.colour if style.pattern else "none",
                        1 if style.pattern else 0,
                    )
                )
        if i % every_nth == 0:
            month, _, year = row.label.rpartition(" ") if " " in row.label else (row.label, "", "")
            middle = _r(axis + (i + 0.5) * slot)
            chars = max(3, int(slot * every_nth / CHAR))
            shapes.append(Text(middle, plot_bottom + LINE + 2, _truncate(month, chars), "middle"))
            if year and year != last_year:
                shapes.append(Text(middle, plot_bottom + 2 * LINE + 2, year, "middle"))
                last_year = year
    height = plot_bottom + 2 * LINE + 2 + BOTTOM
    if any(cell.withheld for cell in every):
        shapes.append(Text(0, height + LINE - BASELINE, SOME_WITHHELD))
        height += LINE
    return Chart(
        ident,
        title,
        description,
        WIDTH,
        _r(height),
        tuple(shapes),
        table,
        _patterns(styles, ident),
        row_heading,
    )


# Pieces ---------------------------------------------------------------------------------------


def _number(number: float) -> str:
    """A coordinate as SVG reads it: a dot for decimals, no thousands separator, no needless .0."""
    return f"{number:.1f}".removesuffix(".0")


def _r(number: float) -> float:
    return round(float(number), 1)


def _chart_id(chart_id: str | None, title: str) -> str:
    return chart_id or f"chart-{slugify(title) or 'figures'}"


def _value(cell: Cell) -> float:
    return max(0.0, float(cell.value or 0))


def _nothing_to_draw(cells: list[Cell]) -> bool:
    """No rows, or every figure shown and nothing: a sentence, not a chart of empty space."""
    return not any(cell.withheld or _value(cell) for cell in cells)


def _value_space(cells: list[Cell]) -> float:
    longest = max((len(cell.text) for cell in cells if not cell.withheld), default=0)
    return max(VALUE_SPACE, longest * CHAR + 2 * VALUE_GAP)


def _scale(cells: list[Cell], length: float) -> float:
    """Viewbox units per unit of value, so the largest shown figure fills `length` (0 if all are 0)."""
    largest = max((_value(cell) for cell in cells if not cell.withheld), default=0)
    return length / largest if largest else 0


def _ticks(largest: float) -> tuple[int, int]:
    """A round step (1, 2 or 5 times a power of ten) and the top of the axis, about four steps up."""
    if largest <= 0:
        return 1, 1
    rough = largest / 4
    power = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    return step, step * math.ceil(largest / step)


def _truncate(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: max(1, chars - 1)].rstrip() + "…"


def _wrap(text: str, chars: int, lines: int) -> list[str]:
    """Up to `lines` lines of about `chars` characters; a longer label ends in an ellipsis."""
    wrapped = textwrap.wrap(text, chars) or [""]
    if len(wrapped) > lines:
        last = wrapped[lines - 1]
        if len(last) >= chars:
            last = last[: chars - 1].rstrip()
        wrapped = [*wrapped[: lines - 1], last + "…"]
    return wrapped


def _label(label: str, *, middle: float) -> list[Shape]:
    lines = _wrap(label, LABEL_CHARS, LABEL_LINES)
    first = middle - (len(lines) - 1) * LINE / 2
    return [
        Text(LABEL_END, _r(first + k * LINE + BASELINE), line, "end")
        for k, line in enumerate(lines)
    ]


def _bar(
    cell: Cell, *, y: float, height: float, scale: float, fill: str, stroke: str = "none"
) -> list[Shape]:
    """A bar and its figure at its end; a withheld cell only its words, where the bar would start."""
    text_y = _r(y + height / 2 + BASELINE)
    if cell.withheld:
        return [Text(ORIGIN + VALUE_GAP, text_y, cell.text)]
    length = _r(_value(cell) * scale)
    shapes: list[Shape] = []
    if length > 0:
        outline = 1 if stroke != "none" else 0
        shapes.append(Rect(ORIGIN, _r(y), length, _r(height), fill, stroke, outline))
    shapes.append(Text(_r(ORIGIN + length + VALUE_GAP), text_y, cell.text))
    return shapes


def _legend(labels: list[str], styles: tuple[Style, ...], chart_id: str) -> list[Shape]:
    """A swatch and its words per series, one to a line, at the top of the chart."""
    shapes: list[Shape] = []
    for k, (label, style) in enumerate(zip(labels, styles, strict=True)):
        top = TOP + k * LEGEND_ROW
        outline = 1 if style.pattern else 0
        stroke = style.colour if style.pattern else "none"
        shapes.append(Rect(0, top + 2, SWATCH, SWATCH, style.fill(chart_id), stroke, outline))
        shapes.append(
            Text(SWATCH + 8, top + 2 + SWATCH / 2 + BASELINE, _truncate(label, LEGEND_CHARS))
        )
    return shapes


def _patterns(styles: tuple[Style, ...], chart_id: str) -> tuple[Pattern, ...]:
    return tuple(
        Pattern(f"{chart_id}-{style.pattern}", style.pattern, style.colour)
        for style in dict.fromkeys(styles)
        if style.pattern
    )


def _went_on(conversion: Cell) -> str:
    return UP_TO_NEXT.format(conversion.text)


def _side_by_side(
    current: Table, previous: Table, column: int, current_label: str, previous_label: str
) -> Table:
    """One table of the two periods' figures (each suppressed on its own), a column per period."""
    rows = [
        Row(now.label, [now.cells[column], before.cells[column]], None, now.key)
        for now, before in zip(current.rows, previous.rows, strict=True)
    ]
    totals = None
    if current.totals and previous.totals:
        totals = Row(
            current.totals.label,
            [current.totals.cells[column], previous.totals.cells[column]],
            None,
            "total",
        )
    return Table(
        [current_label, previous_label], rows, totals, current.withheld + previous.withheld
    )


def _empty(ident: str, title: str, description: str, table: Table, row_heading: str) -> Chart:
    shapes = (Text(WIDTH / 2, 36, EMPTY, "middle"),)
    return Chart(ident, title, description, WIDTH, 60, shapes, table, (), row_heading, True)
