"""core.tabular: reading an uploaded CSV within its bounds, checking every row, all or nothing,
and writing CSV and Excel with every formula escaped."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from core import tabular
from core.tabular import (
    Column,
    ImportFileError,
    ImportResult,
    RowError,
    RowImport,
    Table,
    read_columns,
    refusal,
)

# An import of its own, saving Django's auth groups: every row names one group.
COLUMNS = [
    Column("service_name", "The group's name.", required=True),
    Column("description", "What it is for."),
    Column("eligibility", "Who may join."),
    Column("is_free", "yes or no."),
    Column("city", "Where it meets."),
    Column("support_types", "Several, separated by semicolons."),
]


class GroupImport(RowImport):
    columns = COLUMNS
    required = ["service_name"]

    def __init__(self, *, save_despite_row_errors: bool = False):
        super().__init__(ImportResult())
        self.save_despite_row_errors = save_despite_row_errors
        self.saved: list[int] = []

    def check(self, number, cells):
        if cells.get("description") == "bad":
            self.error("description", "this description is bad.")
        return cells["service_name"]

    def save(self, plan):
        for number, name in plan:
            self.saved.append(number)
            if name == "Taken":
                self.errors.extend(
                    refusal(number, ValidationError({"name": "That name is taken."}), {})
                )
                continue
            Group.objects.create(name=name)


def run(text: str, *, dry_run: bool = True, **options) -> ImportResult:
    return GroupImport(**options).run(text, dry_run=dry_run)


def saved_groups() -> set[str]:
    """The groups these tests make (the site has groups of its own)."""
    names = {"Readers", "Walkers", "Cooks", "Taken"}
    return set(Group.objects.filter(name__in=names).values_list("name", flat=True))


def table(*rows: str, headings: str = "service_name,description") -> str:
    return "\r\n".join([headings, *rows]) + "\r\n"


# Reading the upload ------------------------------------------------------------------------------


BAD_FILES = [
    (b"", "The file is empty"),
    (b"  \r\n \n", "The file is empty"),
    (b"PK\x03\x04\x14\x00\x06\x00 workbook", "spreadsheet workbook, not a CSV file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "spreadsheet workbook, not a CSV file"),
    ("service_name,description\r\n".encode("utf-16"), "UTF-16"),
    (b"%PDF-1.7 binary", "This is not a CSV file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a CSV file"),
    ("service_name,description\nCafé,Très bien\n".encode("latin-1"), "not saved as UTF-8"),
]


@pytest.mark.parametrize(("data", "message"), BAD_FILES)
def test_it_explains_a_file_it_cannot_read(data, message):
    with pytest.raises(ImportFileError, match=message):
        tabular.decode_upload(data)


def test_it_says_on_which_line_the_encoding_goes_wrong():
    data = "service_name,description\nCoaching,ok\nCafé,Très bien\n".encode("cp1252")
    with pytest.raises(ImportFileError, match="line 3"):
        tabular.decode_upload(data)


def test_it_refuses_a_file_over_the_size_limit(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_BYTES", 100)
    with pytest.raises(ImportFileError, match="the largest we take is"):
        tabular.decode_upload(b"service_name,description\n" + b"a,b\n" * 50)


def test_a_row_error_reads_as_a_sentence():
    assert (
        str(RowError(7, "postcode", "we cannot find WN99 9ZZ."))
        == "Row 7, postcode: we cannot find WN99 9ZZ."
    )


def test_it_reads_headings_in_any_case_and_takes_off_the_apostrophe_an_export_put_there():
    text = "\ufeffService Name;DESCRIPTION;support-types\r\n'=1+1;' spaced;'+44 1632\r\n"
    headings, rows = read_columns(text, COLUMNS, ["service_name"])
    assert headings == ["service_name", "description", "support_types"]
    assert rows == [
        (2, {"service_name": "=1+1", "description": "' spaced", "support_types": "+44 1632"})
    ]


# The file's bounds -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_refuses_more_rows_than_the_limit(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_ROWS", 5)
    with pytest.raises(ImportFileError, match="the most we take at once is 5"):
        run(table(*(f"Group {n},Help" for n in range(7))))


@pytest.mark.django_db
def test_trailing_empty_rows_do_not_count_towards_the_limit(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_ROWS", 5)
    assert run(table("A,Help", "B,Help") + ",,,,\r\n" * 50).rows == 2


def test_a_header_of_a_hundred_thousand_names_is_refused_before_any_check_of_them(monkeypatch):
    def never(*args):
        raise AssertionError("the headings were checked one by one")

    monkeypatch.setattr(tabular, "_heading", never)
    monkeypatch.setattr(tabular, "Counter", never)
    names = ",".join(f"column_{n}" for n in range(100_000))

    with pytest.raises(ImportFileError) as refused:
        run(f"{names}\r\n" + "a,b\r\n")

    assert refused.value.message == (
        "Row 1 has 100,000 column headings; the most we read is 100. Keep only the columns in "
        "the template, with their headings in row 1."
    )


def test_a_row_of_a_hundred_thousand_cells_is_refused_with_its_row_number():
    text = "service_name,description\r\nCoaching,Help\r\n" + ",x" * 100_000 + "\r\n"
    with pytest.raises(ImportFileError) as refused:
        run(text)
    assert refused.value.message.startswith("Row 3 has 100,001 cells; the most we read is 100.")


@pytest.mark.django_db
def test_trailing_blank_cells_do_not_count_towards_the_width():
    text = "service_name,description" + "," * 5000 + "\r\nCoaching,Help" + "," * 5000 + "\r\n"
    assert run(text).ok


@pytest.mark.django_db
def test_a_file_exactly_as_wide_as_the_limit_is_read(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_COLUMNS", 3)
    text = "service_name,description,eligibility\r\nCoaching,Help,Anyone\r\n"
    assert run(text).ok
    with pytest.raises(ImportFileError, match="Row 1 has 4 column headings"):
        run(text.replace("ity", "ity,is_free"))


def test_a_cell_longer_than_the_limit_is_refused_with_its_row_number():
    text = "service_name,description\r\nCoaching,Help\r\nMentoring," + "x" * 60_000 + "\r\n"
    with pytest.raises(ImportFileError) as refused:
        run(text)
    assert refused.value.message == (
        "Row 3 has a cell of 60,000 characters; the most one cell may hold is 50,000. "
        "Shorten it and upload the file again."
    )


def test_a_hundred_and_fifty_duplicated_columns_are_each_named_once(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_COLUMNS", 1000)
    names = [f"column_{n:03}" for n in range(150)]
    text = ",".join(names * 3) + "\r\n" + ",".join("x" * 450) + "\r\n"

    with pytest.raises(ImportFileError) as refused:
        run(text)

    assert refused.value.message == (
        "These columns appear more than once: " + ", ".join(names) + ". Keep one of each."
    )


def test_a_value_under_an_empty_heading_is_found_in_one_pass_over_the_cells():
    text = "service_name,,description,,city\r\nCoaching,,Help,,\r\nMentoring,,Help,late,\r\n"
    with pytest.raises(ImportFileError, match="Column 4 has values but no heading"):
        run(text)


@pytest.mark.django_db
def test_it_ignores_an_empty_column_without_a_heading():
    assert run("service_name,description,\r\nCoaching,One to one.,\r\n").ok


@pytest.mark.django_db
def test_a_value_beyond_the_last_heading_is_reported_on_its_row():
    result = run("service_name,description,,\r\nCoaching,Help,,\r\nMentoring,Help,,late\r\n")
    assert result.errors == [
        RowError(3, "(no heading)", "this row has more cells than there are column headings.")
    ]


# Checking every row, then saving all or none -----------------------------------------------------


@pytest.mark.django_db
def test_it_saves_every_row_when_every_row_is_right():
    result = run(table("Readers,Help", "Walkers,Help"), dry_run=False)
    assert (result.ok, result.rows, result.dry_run) == (True, 2, False)
    assert saved_groups() == {"Readers", "Walkers"}


@pytest.mark.django_db
def test_a_dry_run_goes_through_saving_and_keeps_nothing():
    importer = GroupImport()
    result = importer.run(table("Readers,Help", "Walkers,Help"), dry_run=True)
    assert result.ok and result.dry_run
    assert importer.saved == [2, 3]
    assert not saved_groups()


@pytest.mark.django_db
def test_one_bad_row_stops_the_import_before_anything_is_saved():
    importer = GroupImport()
    result = importer.run(table("Readers,Help", "Walkers,bad", "Cooks,Help"), dry_run=False)
    assert result.errors == [RowError(3, "description", "this description is bad.")]
    assert result.rows_with_errors == 1
    assert importer.saved == []
    assert not saved_groups()


@pytest.mark.django_db
def test_an_import_may_still_try_its_good_rows_to_report_every_problem_and_keep_none():
    importer = GroupImport(save_despite_row_errors=True)
    text = table("Taken,Help", "Walkers,bad", "Cooks,Help", "Taken,bad")
    result = importer.run(text, dry_run=False)

    assert importer.saved == [2, 4]  # the rows with problems of their own are left out
    assert result.errors == [
        RowError(2, "name", "that name is taken."),
        RowError(3, "description", "this description is bad."),
        RowError(5, "description", "this description is bad."),
    ]
    assert not saved_groups()


@pytest.mark.django_db
def test_a_refusal_while_saving_rolls_back_the_rows_saved_before_it():
    result = run(table("Readers,Help", "Walkers,Help", "Taken,Help"), dry_run=False)
    assert result.errors == [RowError(4, "name", "that name is taken.")]
    assert not saved_groups()


def test_a_refusal_names_the_column_of_each_field_or_the_whole_row():
    error = ValidationError({"name": ["Too long."], "kind": ["Choose one."]})
    assert refusal(2, error, {"name": "group_name"}) == [
        RowError(2, "group_name", "too long."),
        RowError(2, "kind", "choose one."),
    ]
    assert refusal(2, error, {}, other="(whole row)")[1] == RowError(
        2, "(whole row)", "choose one."
    )
    assert refusal(3, ValidationError("Not now."), {}) == [RowError(3, "(whole row)", "not now.")]


def test_a_result_sums_up_its_changes_in_words():
    class Counted(ImportResult):
        def changes(self):
            return [(1, "new group", "new groups"), (0, "change", "changes"), (3, "x", "xs")]

    assert Counted().summary() == ["1 new group", "3 xs"]


# Writing tables, and never a formula -------------------------------------------------------------

FORMULAS = [
    "=1+1",
    "+44 1632 960000",
    "-2+3",
    "@SUM(A1:A9)",
    "\tcmd",
    "\rcmd",
    '=HYPERLINK("http://x")',
]
HARMLESS = ["hello", "", "a=b", "Mon 09:00-17:00", "'already quoted", "01632 960000"]


@pytest.mark.parametrize("value", FORMULAS)
def test_it_puts_an_apostrophe_before_anything_a_spreadsheet_would_run(value):
    assert tabular.escape_cell(value) == "'" + value


@pytest.mark.parametrize("value", HARMLESS)
def test_it_leaves_other_values_alone(value):
    assert tabular.escape_cell(value) == value


def test_it_writes_none_as_an_empty_cell():
    assert tabular.escape_cell(None) == ""


# A control character or a space before a formula: the control character goes first, then the
# formula is escaped, in the CSV and in the workbook alike.
HIDDEN_FORMULAS = [
    (
        '\x01=HYPERLINK("http://evil.example","Click")',
        '\'=HYPERLINK("http://evil.example","Click")',
    ),
    ("\x00=1+1", "'=1+1"),
    ("\x1f\x7f\x85@SUM(1,2)", "'@SUM(1,2)"),
    (" =1+1", "' =1+1"),
    ("\u00a0\u200b-1+1", "'\u00a0\u200b-1+1"),
    ("\t=1", "'\t=1"),
    ("\x01\t=1", "'\t=1"),
]


# A workbook's XML reads a carriage return back as a line feed, so this one is checked here only.
@pytest.mark.parametrize(("value", "escaped"), [*HIDDEN_FORMULAS, ("\r\n=1", "'\r\n=1")])
def test_it_removes_control_characters_before_looking_for_a_formula(value, escaped):
    assert tabular.escape_cell(value) == escaped


@pytest.mark.parametrize("value", ["Bell\x07 ringing", "Line one\nline two", "Tea\tand cake"])
def test_it_keeps_line_breaks_and_tabs_inside_a_cell_and_drops_other_controls(value):
    assert tabular.escape_cell(value) == value.replace("\x07", "")


def test_it_removes_every_character_a_workbook_cannot_hold():
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    illegal = [chr(c) for c in range(0x100) if ILLEGAL_CHARACTERS_RE.match(chr(c))]
    assert illegal and tabular.escape_cell("a" + "".join(illegal) + "b") == "ab"


def _hidden_table():
    names = [value for value, _ in HIDDEN_FORMULAS] + ["Start-up coaching", "Café Ünal"]
    return Table("Services", ["service_name"], [[name] for name in names])


def test_the_csv_and_the_workbook_escape_a_formula_behind_a_control_character():
    expected = [escaped for _, escaped in HIDDEN_FORMULAS] + ["Start-up coaching", "Café Ünal"]
    table = _hidden_table()

    in_csv = list(csv.reader(io.StringIO(tabular.table_csv(table).decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(tabular.table_xlsx(table))).active
    in_xlsx = [cell.value for (cell,) in sheet.iter_rows(min_row=2)]

    assert [row[0] for row in in_csv[1:]] == expected
    assert in_xlsx == expected
    assert all(cell.data_type == "s" for (cell,) in sheet.iter_rows(min_row=2))


def test_a_table_is_written_in_the_format_asked_for_and_no_other():
    table = Table("Groups", ["name"], [["Readers"]])
    assert tabular.table_file(table, "csv") == "\ufeffname\r\nReaders\r\n".encode()
    assert load_workbook(io.BytesIO(tabular.table_file(table, "xlsx"))).active.title == "Groups"
    with pytest.raises(ValueError, match="Unknown format: pdf"):
        tabular.table_file(table, "pdf")
