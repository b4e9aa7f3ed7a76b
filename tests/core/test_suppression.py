"""The small-number rule, and attempts to get round it by arithmetic on what is shown.

The attacker here is independent of the code under test: it takes only the words of a
suppressed table, and lists every table of whole numbers that would show those same words
("fewer than 5" means 1 to 4, "withheld" means 5 or more, every shown figure and total as
shown). A withheld figure is recovered when only one value fits.
"""

import contextlib
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.suppression import (
    FEWER,
    NOT_SHOWN,
    TOO_FEW_PEOPLE,
    WITHHELD,
    count,
    funnel,
    mean,
    median,
    people,
    rate,
    series,
    suppress,
)

F, W = FEWER, WITHHELD


def shown(table):
    """The table as a reader sees it: rows of words, then the totals row."""
    lines = [
        [c.text for c in row.cells] + ([row.total.text] if row.total else []) for row in table.rows
    ]
    if table.totals:
        lines.append(
            [c.text for c in table.totals.cells]
            + ([table.totals.total.text] if table.totals.total else [])
        )
    return lines


# What is shown ---------------------------------------------------------------------------------


def test_one_to_four_is_fewer_than_five_and_nought_and_five_are_shown():
    assert [count(n).text for n in (0, 1, 2, 3, 4, 5, 1234)] == [
        "0",
        F,
        F,
        F,
        F,
        "5",
        "1,234",
    ]
    assert count(3).value is None and count(3).withheld
    assert count(5).value == 5


def test_a_lone_small_number_in_a_list_takes_its_smallest_neighbour_with_it():
    table = series([3, 10, 12, 0], labels=["A", "B", "C", "D"])
    assert shown(table) == [[F], [W], ["12"], ["0"], ["25"]]
    assert table.withheld == 2


def test_two_small_numbers_protect_each_other_unless_the_total_gives_them_away():
    # 2 + 3 with a total of 25 and 20 shown: the pair sums to 5, so each could be 1 to 4.
    assert shown(series([2, 3, 20], labels=["A", "B", "C"])) == [[F], [F], ["20"], ["25"]]
    # 4 + 4 = 8 would pin both at 4 (and 1 + 1 = 2 both at 1): something larger goes too.
    assert shown(series([4, 4, 20, 30], labels=list("ABCD"))) == [[F], [F], [W], ["30"], ["58"]]
    assert shown(series([1, 1, 20, 30], labels=list("ABCD"))) == [[F], [F], [W], ["30"], ["52"]]


def test_when_nothing_else_can_go_a_small_total_says_so():
    assert shown(series([3, 0, 0], labels=list("ABC"))) == [[F], ["0"], ["0"], [F]]
    # 3 + 7 = 10: the 3 could be 1 to 4 with the other 6 to 9, so the total can stay.
    assert shown(series([3, 7], labels=list("AB"))) == [[F], [W], ["10"]]


def test_a_table_withholds_a_loop_of_cells_so_rows_and_columns_give_nothing_away():
    table = suppress(
        [[3, 20, 30], [40, 50, 60], [70, 80, 90]],
        rows=["North", "Centre", "South"],
        columns=["2024", "2025", "2026"],
    )
    assert shown(table) == [
        [F, W, "30", "53"],
        [W, W, "60", "150"],
        ["70", "80", "90", "240"],
        ["113", "150", "180", "443"],
    ]
    assert [row.label for row in table.rows] == ["North", "Centre", "South"]
    assert table.records(row_heading="Area") == [
        ["Area", "2024", "2025", "2026", "Total"],
        ["North", F, W, "30", "53"],
        ["Centre", W, W, "60", "150"],
        ["South", "70", "80", "90", "240"],
        ["Total", "113", "150", "180", "443"],
    ]


def test_nothing_is_withheld_when_nothing_is_small():
    table = suppress([[10, 20], [0, 5]])
    assert shown(table) == [["10", "20", "30"], ["0", "5", "5"], ["10", "25", "35"]]
    assert table.withheld == 0


def test_what_the_viewer_knows_is_subtracted_before_the_rule_is_applied():
    # Hub staff know their own 3 of the place's 9: the other hubs' 6 may be shown...
    assert shown(series([9, 30], labels=["A", "B"], known=[3, 10])) == [["9"], ["30"], ["39"]]
    # ...but not when the other hubs' part is 1 to 4 (9 - 6 = 3), even though 9 is not small;
    # and B goes with it, or 39 - 30 would give the 9 back. The total can stay: the other
    # hubs' 23 could be split in many ways.
    assert shown(series([9, 30], labels=["A", "B"], known=[6, 10])) == [[W], [W], ["39"]]
    # The place equal to their own count tells them nothing new: the rest is 0.
    assert shown(series([7, 30], labels=["A", "B"], known=[7, 10])) == [["7"], ["30"], ["37"]]


def test_small_figures_whose_small_total_pins_them_are_not_shown_at_all():
    # Four figures of "fewer than 5" adding up to "fewer than 5" could only be 1 each.
    assert shown(series([1, 1, 1, 1], labels=list("ABCD"))) == [[NOT_SHOWN]] * 5
    assert shown(series([1, 1, 1, 1, 20], labels=list("ABCDE"))) == [[F]] * 4 + [[W], ["24"]]


def test_a_viewer_cannot_know_more_than_the_figure():
    with pytest.raises(ValueError):
        series([3], labels=["A"], known=[4])


def test_means_medians_and_sums_need_five_people():
    assert mean([1, 2, 3, 4]).text == TOO_FEW_PEOPLE
    assert mean([1, 2, 3, 4, 5]).text == "3"
    assert mean([1, 2, 3, 4, 6]).text == "3.2"
    assert median([1, 2, 3, 4, 10]).text == "3"
    assert median([]).text == TOO_FEW_PEOPLE
    assert people(Decimal("12500.50"), 4).withheld
    assert people(Decimal("12500.50"), 5).text == "12,500.5"


def test_a_rate_is_withheld_with_either_of_its_counts():
    assert rate(count(10), count(20)).text == "50%"
    assert rate(count(3), count(20)).text == W
    assert rate(count(10), count(3)).text == W
    assert rate(count(0), count(0)).text == "none"


# Trying to recover what is withheld ------------------------------------------------------------


def _possible_values(table, truth, *, row_totals, column_totals, cap):
    """Every value each withheld figure could take, given only the words shown."""
    words = shown(table)
    height = len(table.rows)
    width = len(table.columns)
    keys = [(i, j) for i in range(height) for j in range(width)]
    if row_totals:
        keys += [(i, "T") for i in range(height)]
    if column_totals:
        keys += [("T", j) for j in range(width)]
    if row_totals and column_totals:
        keys.append(("T", "T"))

    def word(key):
        i, j = key
        row = words[height if i == "T" else i]
        return row[width if j == "T" else j]

    def domain(key):
        text = word(key)
        if text == F:
            return range(1, 5)
        if text == W:
            return range(5, cap + 1)
        if text == NOT_SHOWN:
            return range(0, cap + 1)
        return [int(text.replace(",", ""))]

    domains = {key: domain(key) for key in keys}
    lines = []
    if row_totals:
        lines += [([(i, j) for j in range(width)], (i, "T")) for i in range(height)]
    if column_totals:
        lines += [([(i, j) for i in range(height)], ("T", j)) for j in range(width)]
    if row_totals and column_totals:
        lines.append(([("T", j) for j in range(width)], ("T", "T")))
        lines.append(([(i, "T") for i in range(height)], ("T", "T")))

    # Totals follow from the cells, so only the cells are searched; the last cell of a row
    # with a shown total follows from the others. The table as it really is fits, so the
    # search stops as soon as every withheld figure has a second value that fits too.
    cells = [(i, j) for i in range(height) for j in range(width)]
    possible = {key: {truth[key]} for key in keys if len(domains[key]) > 1}
    assignment = {
        key: domains[key][0] for key in keys if key not in cells and len(domains[key]) == 1
    }

    class Enough(Exception):
        pass

    def consistent_so_far():
        for members, total in lines:
            fixed = [assignment[m] for m in members if m in assignment]
            if len(fixed) == len(members):
                if total in assignment:
                    if assignment[total] != sum(fixed):
                        return False
                elif sum(fixed) not in domains[total]:
                    return False
            elif total in assignment and sum(fixed) > assignment[total]:
                return False
        return True

    def search(index):
        if index == len(cells):
            complete = dict(assignment)
            for members, total in lines:
                complete[total] = sum(complete[m] for m in members)
            for key in possible:
                possible[key].add(complete[key])
            if all(len(values) >= 2 for values in possible.values()):
                raise Enough
            return
        key = cells[index]
        i, j = key
        if row_totals and j == width - 1 and (i, "T") in assignment:
            choices = [assignment[i, "T"] - sum(assignment[i, k] for k in range(width - 1))]
            choices = [v for v in choices if v in domains[key]]
        else:
            choices = domains[key]
        for value in choices:
            assignment[key] = value
            if consistent_so_far():
                search(index + 1)
            del assignment[key]

    if possible:
        with contextlib.suppress(Enough):
            search(0)
    return possible


def _assert_nothing_recovered(table, values, *, row_totals, column_totals):
    grand = sum(sum(row) for row in values)
    truth = {(i, j): v for i, row in enumerate(values) for j, v in enumerate(row)}
    for i, row in enumerate(values):
        truth[i, "T"] = sum(row)
    for j in range(len(values[0])):
        truth["T", j] = sum(row[j] for row in values)
    truth["T", "T"] = grand
    possible = _possible_values(
        table, truth, row_totals=row_totals, column_totals=column_totals, cap=max(grand, 5) + 5
    )
    for key, values_left in possible.items():
        assert len(values_left) >= 2, f"{key} can be worked out: only {values_left} fit"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=6))
def test_no_withheld_figure_in_a_list_can_be_worked_out_from_its_total(values):
    table = series(values, labels=[str(i) for i in range(len(values))])
    _assert_nothing_recovered(table, [[v] for v in values], row_totals=False, column_totals=True)
    assert all(
        c.text != str(v)
        for c, v in zip((r.cells[0] for r in table.rows), values, strict=True)
        if 0 < v < 5
    )


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=2, max_value=3).flatmap(
        lambda width: st.lists(
            st.lists(st.integers(min_value=0, max_value=9), min_size=width, max_size=width),
            min_size=2,
            max_size=3,
        )
    )
)
def test_no_withheld_figure_in_a_table_can_be_worked_out_from_rows_columns_and_totals(values):
    table = suppress(values)
    _assert_nothing_recovered(table, values, row_totals=True, column_totals=True)
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            if 0 < value < 5:
                # "not shown" where even "fewer than 5" would give it away: [[1, 1], [1, 1]]
                # has a total under 5, which says every figure is 1.
                assert table.rows[i].cells[j].text in (F, "not shown")


def test_four_small_figures_with_a_small_total_are_not_shown_at_all():
    table = suppress([[1, 1], [1, 1]])
    assert {cell.text for row in table.rows for cell in row.cells} == {"not shown"}


def test_the_three_people_at_one_stage_cannot_be_found_from_the_funnel_total():
    # The place of the test: 3 people at "planning", the rest larger.
    table = series(
        [12, 9, 3, 15, 0, 0],
        labels=["enquiry", "exploring", "planning", "starting", "trading", "growing"],
    )
    words = shown(table)
    assert words[2] == [F]
    _assert_nothing_recovered(
        table, [[12], [9], [3], [15], [0], [0]], row_totals=False, column_totals=True
    )


# Funnels ---------------------------------------------------------------------------------------


def _funnel_words(table):
    return [row.cells[0].text for row in table.rows]


def test_a_funnel_hides_a_stage_when_the_next_would_give_away_how_many_stopped():
    # 12 reached the first stage and 9 the second: showing both says 3 stopped at the first.
    assert _funnel_words(funnel([12, 9, 3, 0], labels=list("abcd"))) == ["12", W, F, "0"]
    assert _funnel_words(funnel([40, 30, 20, 10, 5, 0], labels=list("abcdef"))) == [
        "40",
        "30",
        "20",
        "10",
        "5",
        "0",
    ]


def test_a_funnel_cannot_grow():
    with pytest.raises(ValueError):
        funnel([3, 5], labels=["a", "b"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=25), min_size=2, max_size=6))
def test_no_stage_of_a_funnel_nor_how_many_stopped_there_can_be_worked_out(values):
    reached = sorted(values, reverse=True)
    words = _funnel_words(funnel(reached, labels=[str(i) for i in range(len(reached))]))
    cap = reached[0] + 10

    def domain(text):
        if text == F:
            return range(1, 5)
        if text == W:
            return range(5, cap + 1)
        if text == NOT_SHOWN:
            return range(0, cap + 1)
        return [int(text)]

    fits = []

    def search(prefix):
        if len(prefix) == len(reached):
            fits.append(list(prefix))
            return
        for value in domain(words[len(prefix)]):
            if not prefix or value <= prefix[-1]:
                search([*prefix, value])

    search([])
    for k, text in enumerate(words):
        if text in (F, W, NOT_SHOWN):
            assert len({fit[k] for fit in fits}) >= 2, f"stage {k} of {reached} is given away"
    for k in range(len(reached)):
        stopped = reached[k] - (reached[k + 1] if k + 1 < len(reached) else 0)
        if 0 < stopped < 5:
            found = {fit[k] - (fit[k + 1] if k + 1 < len(fit) else 0) for fit in fits}
            assert len(found) >= 2, f"how many stopped at stage {k} of {reached} is given away"
