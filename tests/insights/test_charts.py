"""The server-drawn charts: geometry worked out by hand, withheld cells, the template's labels and table."""

import re
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.test.html import parse_html

from core.suppression import Cell, Row, Table, series, suppress
from insights.charts import (
    Line,
    Rect,
    Text,
    bar_chart,
    columns_over_time,
    compare_chart,
    funnel_chart,
)

BLUE = "#0b5ed7"
GREY = "#495057"
INK = "#212529"


def _shown(value: int) -> Cell:
    return Cell(value, f"{value:,}")


FEWER = Cell(None, "fewer than 5", "small")
WITHHELD = Cell(None, "withheld", "secondary")


def _table(*rows: tuple[str, list[Cell]], columns=("",), totals: list[Cell] | None = None) -> Table:
    return Table(
        list(columns),
        [Row(label, cells) for label, cells in rows],
        Row("Total", totals, None, "total") if totals else None,
    )


def _render(chart) -> str:
    return render_to_string("insights/charts/chart.html", {"chart": chart})


class _Elements(HTMLParser):
    """Every start tag with its attributes, in document order."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def all(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.found if name == tag]


# Bar chart ------------------------------------------------------------------------------------


def test_it_draws_a_bar_per_row_in_proportion_with_its_figure_at_the_end():
    table = _table(("Advice", [_shown(10)]), ("Grants", [_shown(5)]), ("Loans", [FEWER]))

    chart = bar_chart(table, title="Sessions by kind", description="Sessions in the quarter.")

    # Bars start at x=136 and the largest is 200 long; each row is 44 high from y=8, a bar 26.
    assert chart.rects == [
        Rect(136, 17.0, 200.0, 26.0, BLUE),
        Rect(136, 61.0, 100.0, 26.0, BLUE),
    ]
    assert Text(342.0, 35.0, "10") in chart.texts
    assert Text(242.0, 79.0, "5") in chart.texts
    assert Text(128, 35.0, "Advice", "end") in chart.texts
    assert Line(136, 8, 136, 140) in chart.shapes
    assert (chart.width, chart.height, chart.view_box) == (400, 148, "0 0 400 148")
    assert chart.table is table


def test_it_draws_a_larger_figure_as_a_longer_bar():
    table = _table(("A", [_shown(20)]), ("B", [_shown(15)]), ("C", [_shown(5)]), ("D", [_shown(0)]))

    chart = bar_chart(table, title="T", description="D")

    assert [rect.width for rect in chart.rects] == [200.0, 150.0, 50.0]  # nothing for 0
    assert Text(142, 167.0, "0") in chart.texts  # the 0 is written at the start of its row


def test_it_draws_no_bar_for_a_withheld_cell_and_writes_its_words_where_the_bar_would_be():
    # 3 is fewer than 5; 6 is then withheld too, or the total would give the 3 away.
    table = series([12, 6, 3], labels=["Advice", "Grants", "Loans"])
    assert [row.cells[0].text for row in table.rows] == ["12", "withheld", "fewer than 5"]

    chart = bar_chart(table, title="T", description="D")

    assert chart.rects == [Rect(136, 17.0, 200.0, 26.0, BLUE)]
    assert Text(142, 79.0, "withheld") in chart.texts
    assert Text(142, 123.0, "fewer than 5") in chart.texts
    assert "21" not in [text.text for text in chart.texts]  # the total is in the table only


def test_it_wraps_a_long_label_onto_two_lines_and_ends_it_with_an_ellipsis():
    table = _table(("Business planning and financial forecasting workshops", [_shown(10)]))

    chart = bar_chart(table, title="T", description="D")

    assert [text for text in chart.texts if text.anchor == "end"] == [
        Text(128, 26.0, "Business", "end"),
        Text(128, 44.0, "planning and…", "end"),
    ]


def test_it_draws_a_sentence_not_a_chart_when_every_figure_is_nothing():
    table = series([0, 0, 0], labels=["Advice", "Grants", "Loans"])

    for chart in [
        bar_chart(table, title="T", description="D"),
        funnel_chart(table, title="T", description="D"),
        compare_chart(table, table, title="T", description="D"),
        columns_over_time(table, title="T", description="D"),
        bar_chart(Table([""], []), title="T", description="D"),
    ]:
        assert chart.empty
        assert chart.shapes == (Text(200, 36, "No figures for this period.", "middle"),)
        assert chart.view_box == "0 0 400 60"


# Compare chart --------------------------------------------------------------------------------


def test_it_pairs_this_period_with_the_previous_one_hatched_and_outlined():
    current = _table(("Advice", [_shown(10)]), ("Grants", [_shown(5)]), totals=[_shown(15)])
    previous = _table(("Advice", [_shown(5)]), ("Grants", [_shown(10)]), totals=[_shown(15)])

    chart = compare_chart(current, previous, title="Sessions", description="Against last quarter.")

    hatch = "url(#chart-sessions-diagonal)"
    assert chart.rects == [
        # the legend: a swatch each, the words beside it
        Rect(0, 10, 16, 16, BLUE),
        Rect(0, 34, 16, 16, hatch, GREY, 1),
        # bars from y=64, 56 a row: this period, then 4 below it the previous one
        Rect(136, 70.0, 200.0, 20.0, BLUE),
        Rect(136, 94.0, 100.0, 20.0, hatch, GREY, 1),
        Rect(136, 126.0, 100.0, 20.0, BLUE),
        Rect(136, 150.0, 200.0, 20.0, hatch, GREY, 1),
    ]
    assert Text(24, 23, "This period") in chart.texts
    assert Text(24, 47, "Previous period") in chart.texts
    assert [(p.id, p.kind, p.colour) for p in chart.patterns] == [
        ("chart-sessions-diagonal", "diagonal", GREY)
    ]
    assert chart.height == 184
    assert chart.table.columns == ["This period", "Previous period"]
    assert chart.table.records() == [
        ["", "This period", "Previous period"],
        ["Advice", "10", "5"],
        ["Grants", "5", "10"],
        ["Total", "15", "15"],
    ]


def test_it_names_the_periods_as_told_and_writes_withheld_words_for_either_period():
    current = _table(("Advice", [_shown(10)]), ("Grants", [FEWER]))
    previous = _table(("Advice", [WITHHELD]), ("Grants", [_shown(8)]))

    chart = compare_chart(
        current,
        previous,
        title="T",
        description="D",
        current_label="Apr to Jun 2026",
        previous_label="Jan to Mar 2026",
    )

    assert [rect.y for rect in chart.rects[2:]] == [70.0, 150.0]  # Advice now, Grants before
    assert Text(142, 109.0, "withheld") in chart.texts
    assert Text(142, 141.0, "fewer than 5") in chart.texts
    assert Text(24, 23, "Apr to Jun 2026") in chart.texts


def test_it_refuses_two_periods_with_different_rows():
    with pytest.raises(ValueError, match="same rows"):
        compare_chart(
            _table(("Advice", [_shown(10)])),
            _table(("Grants", [_shown(10)])),
            title="T",
            description="D",
        )


# Funnel ---------------------------------------------------------------------------------------


def test_it_prints_the_share_that_went_on_between_two_stages():
    table = _table(("Asked", [_shown(20)]), ("Triaged", [_shown(10)]), ("Started", [_shown(5)]))

    chart = funnel_chart(table, title="T", description="D")

    # 44 a stage, 28 between two stages where the conversion is printed
    assert chart.rects == [
        Rect(136, 17.0, 200.0, 26.0, BLUE),
        Rect(136, 89.0, 100.0, 26.0, BLUE),
        Rect(136, 161.0, 50.0, 26.0, BLUE),
    ]
    assert [text for text in chart.texts if text.text.startswith("↓")] == [
        Text(142, 71.0, "↓ Went on: 50%"),
        Text(142, 143.0, "↓ Went on: 50%"),
    ]
    assert chart.height == 204
    assert chart.table.records(row_heading="Stage") == [
        ["Stage", "Number", "Went on from the stage before"],
        ["Asked", "20", ""],
        ["Triaged", "10", "50%"],
        ["Started", "5", "50%"],
    ]


def test_it_withholds_the_conversion_on_either_side_of_a_withheld_stage():
    table = _table(
        ("Asked", [_shown(40)]),
        ("Triaged", [_shown(30)]),
        ("Started", [FEWER]),
        ("Milestone", [_shown(6)]),
    )

    chart = funnel_chart(table, title="T", description="D")

    assert [text.text for text in chart.texts if text.text.startswith("↓")] == [
        "↓ Went on: 75%",
        "↓ Went on: withheld",
        "↓ Went on: withheld",
    ]
    assert [rect.width for rect in chart.rects] == [200.0, 150.0, 30.0]
    assert Text(142, 179.0, "fewer than 5") in chart.texts
    assert [line[2] for line in chart.table.records()[1:]] == ["", "75%", "withheld", "withheld"]


# Columns over time ----------------------------------------------------------------------------


def test_it_draws_a_column_a_month_against_a_round_axis():
    table = _table(("Jan 2026", [_shown(10)]), ("Feb 2026", [_shown(20)]))

    chart = columns_over_time(table, title="T", description="D")

    # The axis runs 0 to 20 in steps of 5 over 180 units, from x=40; each month is 176 wide.
    assert chart.rects == [
        Rect(57.6, 98.0, 140.8, 90.0, BLUE),
        Rect(233.6, 8.0, 140.8, 180.0, BLUE),
    ]
    ticks = [text.text for text in chart.texts if text.anchor == "end"]
    assert ticks == ["0", "5", "10", "15", "20"]
    assert Line(40, 188.0, 392, 188.0) in chart.shapes  # the base line, in ink
    assert Text(128.0, 208, "Jan", "middle") in chart.texts
    assert Text(128.0, 226, "2026", "middle") in chart.texts
    assert Text(304.0, 208, "Feb", "middle") in chart.texts
    assert [t.text for t in chart.texts].count("2026") == 1  # the year once, where it starts
    assert chart.height == 234


def test_it_draws_nothing_for_a_withheld_month_and_tells_the_reader_where_to_look():
    table = _table(
        ("Jan 2026", [_shown(10), WITHHELD]),
        ("Feb 2026", [_shown(20), _shown(5)]),
        columns=("One to one", "Group"),
    )

    chart = columns_over_time(table, title="Sessions each month", description="D")

    hatch = "url(#chart-sessions-each-month-diagonal)"
    # below a legend of two lines the plot runs from y=72 to y=252; columns are 70.4 wide
    assert chart.rects[2:] == [
        Rect(57.6, 162.0, 70.4, 90.0, BLUE),
        Rect(233.6, 72.0, 70.4, 180.0, BLUE),
        Rect(304.0, 207.0, 70.4, 45.0, hatch, GREY, 1),
    ]
    assert chart.texts[-1] == Text(0, 311, "Some figures are withheld: see the table.")


def test_it_labels_only_every_other_month_when_a_year_of_months_is_too_narrow():
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    rows = [(f"{month} 2026", [_shown(10)]) for month in months]
    rows += [("Jan 2027", [_shown(10)]), ("Feb 2027", [_shown(10)])]

    chart = columns_over_time(_table(*rows), title="T", description="D")

    labels = [text.text for text in chart.texts if text.anchor == "middle"]
    assert labels == ["Jan", "2026", "Mar", "May", "Jul", "Sep", "Nov", "Jan", "2027"]
    assert len(chart.rects) == 14


# The template ---------------------------------------------------------------------------------


def test_it_labels_the_svg_with_its_own_title_and_description():
    chart = bar_chart(
        _table(("Advice", [_shown(10)])), title="People helped", description="By kind of help."
    )

    html = _render(chart)

    svg = _Elements(html).all("svg")[0]
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == "chart-people-helped-title chart-people-helped-desc"
    assert svg["viewbox"] == "0 0 400 60"
    assert svg["width"] == "100%"
    assert svg["focusable"] == "false"
    assert parse_html('<title id="chart-people-helped-title">People helped</title>') in parse_html(
        html
    )
    assert parse_html('<desc id="chart-people-helped-desc">By kind of help.</desc>') in parse_html(
        html
    )
    assert parse_html(
        '<rect x="136" y="17.0" width="200.0" height="26.0" fill="#0b5ed7"/>'
    ) in parse_html(html)
    assert parse_html(
        '<text x="342.0" y="35.0" font-size="15" fill="#212529">10</text>'
    ) in parse_html(html)


def test_it_gives_each_chart_the_id_it_is_given_so_two_on_a_page_differ():
    table = _table(("Advice", [_shown(10)]))
    first = bar_chart(table, title="Sessions", description="D")
    second = bar_chart(table, title="Sessions", description="D", chart_id="sessions-last-year")

    html = _render(first) + _render(second)

    ids = [attrs["id"] for _, attrs in _Elements(html).found if "id" in attrs]
    assert ids == [
        "chart-sessions",
        "chart-sessions-title",
        "chart-sessions-desc",
        "sessions-last-year",
        "sessions-last-year-title",
        "sessions-last-year-desc",
    ]


def test_it_writes_the_patterns_its_bars_are_filled_with():
    table = _table(("Advice", [_shown(10)]))

    html = _render(compare_chart(table, table, title="Sessions", description="D"))

    assert _Elements(html).all("pattern") == [
        {
            "id": "chart-sessions-diagonal",
            "width": "6",
            "height": "6",
            "patternunits": "userSpaceOnUse",
            "patterntransform": "rotate(45)",
        }
    ]
    fills = [attrs["fill"] for attrs in _Elements(html).all("rect")]
    assert fills.count("url(#chart-sessions-diagonal)") == 2  # legend and bar


def test_it_shows_the_figures_as_a_table_with_scoped_headings_and_the_total_row():
    table = series([12, 6, 3], labels=["Advice", "Grants", "Loans"])

    html = _render(bar_chart(table, title="Sessions by kind", description="D"))

    expected = """
    <div class="table-responsive" tabindex="0" role="region" aria-label="Sessions by kind">
      <table class="table table-sm caption-top" role="table">
        <caption>Sessions by kind</caption>
        <thead role="rowgroup"><tr role="row"><td role="cell"></td>
          <th scope="col" role="columnheader" class="text-end">Number</th></tr></thead>
        <tbody role="rowgroup">
          <tr role="row"><th scope="row" role="rowheader">Advice</th>
            <td role="cell" class="text-end" data-label="Number">12</td></tr>
          <tr role="row"><th scope="row" role="rowheader">Grants</th>
            <td role="cell" class="text-end" data-label="Number">withheld</td></tr>
          <tr role="row"><th scope="row" role="rowheader">Loans</th>
            <td role="cell" class="text-end" data-label="Number">fewer than 5</td></tr>
        </tbody>
        <tfoot role="rowgroup"><tr role="row" class="fw-semibold"><th scope="row" role="rowheader">Total</th>
          <td role="cell" class="text-end" data-label="Number">21</td></tr></tfoot>
      </table>
    </div>
    """
    assert parse_html(expected) in parse_html(html)


def test_it_shows_row_totals_and_names_the_first_column_when_told():
    table = suppress(
        [[10, 20], [30, 40]], rows=["Jan 2026", "Feb 2026"], columns=["Advice", "Grants"]
    )

    html = render_to_string(
        "insights/charts/table.html",
        {"table": table, "caption": "By month", "row_heading": "Month"},
    )

    expected = """
    <div class="table-responsive" tabindex="0" role="region" aria-label="By month">
      <table class="table table-sm caption-top" role="table">
        <caption>By month</caption>
        <thead role="rowgroup"><tr role="row">
          <th scope="col" role="columnheader">Month</th>
          <th scope="col" role="columnheader" class="text-end">Advice</th>
          <th scope="col" role="columnheader" class="text-end">Grants</th>
          <th scope="col" role="columnheader" class="text-end">Total</th>
        </tr></thead>
        <tbody role="rowgroup">
          <tr role="row"><th scope="row" role="rowheader">Jan 2026</th>
            <td role="cell" class="text-end" data-label="Advice">10</td>
            <td role="cell" class="text-end" data-label="Grants">20</td>
            <td role="cell" class="text-end" data-label="Total">30</td></tr>
          <tr role="row"><th scope="row" role="rowheader">Feb 2026</th>
            <td role="cell" class="text-end" data-label="Advice">30</td>
            <td role="cell" class="text-end" data-label="Grants">40</td>
            <td role="cell" class="text-end" data-label="Total">70</td></tr>
        </tbody>
        <tfoot role="rowgroup"><tr role="row" class="fw-semibold">
          <th scope="row" role="rowheader">Total</th>
          <td role="cell" class="text-end" data-label="Advice">40</td>
          <td role="cell" class="text-end" data-label="Grants">60</td>
          <td role="cell" class="text-end" data-label="Total">100</td>
        </tr></tfoot>
      </table>
    </div>
    """
    assert parse_html(html) == parse_html(expected)


def test_it_escapes_labels_and_titles():
    table = _table(("<script>", [_shown(10)]))

    html = _render(bar_chart(table, title="<b>Sessions</b>", description="A & B"))

    assert "<script>" not in html
    assert "<b>" not in html
    assert html.count("&lt;script&gt;") == 2  # the bar's label, the table's row heading
    assert "&lt;b&gt;Sessions&lt;/b&gt;" in html
    assert "A &amp; B" in html


def test_it_writes_coordinates_without_a_thousands_separator(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    rows = [(f"Row {i}", [_shown(1500 + i)]) for i in range(30)]

    html = _render(bar_chart(_table(*rows), title="T", description="D"))

    assert 'viewBox="0 0 400 1336"' in html
    assert '<rect x="136" y="1293.0"' in html  # the 30th bar, 29 rows of 44 below the first
    assert not re.search(r'(x|y|width|height)="[0-9]+,[0-9]', html)
    assert ">1,529<" in html  # the figures keep theirs


# Colours --------------------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast_with_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def test_every_colour_it_draws_with_passes_wcag_aa_on_white():
    table = _table(
        ("Jan 2026", [_shown(10), _shown(10), _shown(10), _shown(10)]),
        columns=("A", "B", "C", "D"),
    )
    chart = columns_over_time(table, title="T", description="D")

    colours = {p.colour for p in chart.patterns}
    colours |= {r.fill for r in chart.rects if not r.fill.startswith("url(")}
    text = {t.fill for t in chart.texts}

    assert len(colours) == 4
    assert all(_contrast_with_white(c) >= 3 for c in colours), colours
    assert text == {INK}
    assert _contrast_with_white(INK) >= 4.5
    assert [p.kind for p in chart.patterns] == ["diagonal", "cross", "horizontal"]
