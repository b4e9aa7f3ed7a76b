"""Tables in and out: reading an uploaded CSV, checking its rows, and writing CSV or Excel.

Any import uses these with its own columns. read_columns checks a file as a whole, and
ImportFileError says plainly what is wrong with one that cannot be read. RowImport.run
checks every row, then saves them in one transaction that is rolled back on a dry run
or if any row is wrong, so an import is all or nothing and its report lists every problem.

Every cell written goes through escape_cell, which removes control characters and then
puts an apostrophe before anything a spreadsheet would run as a formula (starting =, +,
-, @, a tab or a carriage return, even after spaces), so an export can never carry a
formula to the person who opens it. Reading a file takes that apostrophe off again.
"""

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
# The whole-directory import knows 36 columns and the clients import 14: 100 leaves room for a
# few spare columns of notes, and keeps every check of the headings cheap.
MAX_COLUMNS = 100
# Far more than any description needs (some 8,000 words), and under csv's own limit of 131,072,
# which we leave alone because it is shared by every reader in the process.
MAX_CELL = 50_000
LIST_SEPARATOR = re.compile(r"[;,\n|]")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Spaces, and characters that show as nothing, that may stand before a formula's first character:
# some spreadsheets trim them when they open a CSV and then run what is left.
LEADING_BLANKS = re.compile(r"^[\s\u200b-\u200d\u2060\ufeff]+")
# The control characters no workbook can hold (openpyxl's ILLEGAL_CHARACTERS_RE: XML allows no
# C0 control but tab, line feed and carriage return), and DEL and the C1 controls, which show
# as nothing. Removing them must come before looking for a formula: "\x01=1+1" is "=1+1" once
# a spreadsheet (or openpyxl) drops the \x01. Tab, line feed and carriage return stay, as the
# gaps and line breaks of a description; a leading one can start a formula in some
# spreadsheets, so it is in FORMULA_PREFIXES and gets the apostrophe instead.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

SAVE_AS_CSV = (
    "In Excel choose File, Save a copy, and the type “CSV UTF-8 (Comma delimited)”; "
    "in LibreOffice or Google Sheets choose CSV with the character set UTF-8."
)

# The column a row error names when it is about no one column.
NO_HEADING = "(no heading)"
WHOLE_ROW = "(whole row)"
# The key read_columns gives a row with cells beyond the last heading.
EXTRA_CELLS = "__extra__"

CSV = "csv"
XLSX = "xlsx"
FORMATS = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong type, wrong encoding, empty, missing columns..."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, order=True)
class RowError:
    """One thing wrong with one row, in the words shown on the page."""

    row: int
    column: str
    message: str

    def __str__(self):
        return f"Row {self.row}, {self.column}: {self.message}"


@dataclass
class ImportResult:
    """What an import did, or (on a dry run) would do; each import counts its own changes."""

    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows_with_errors(self) -> int:
        return len({e.row for e in self.errors})

    def changes(self) -> list[tuple[int, str, str]]:
        """Each kind of change: how many, and its words for one and for several."""
        return []

    def summary(self) -> list[str]:
        """The changes in plain words, for the confirmation page and the success message."""
        return [
            f"{count} {one if count == 1 else many}" for count, one, many in self.changes() if count
        ]


@dataclass(frozen=True)
class Column:
    key: str
    help: str
    example: str = ""
    kind: str = "text"  # each import's own: text, choice, yes-no, list, postcode, date...
    field: str = ""  # the model field it fills
    choices: type[models.Choices] | None = None
    default: Any = ""
    required: bool = False  # the heading must be in the file

    @property
    def default_label(self) -> str:
        if self.kind == "yes-no":
            return "yes" if self.default else "no"
        if self.choices is not None and self.default:
            return str(self.choices(self.default).label)
        return ""


def choice_labels(column: Column) -> list[str]:
    """The labels a choice column accepts, for the guide on the page and for error messages."""
    if column.choices is None:
        return []
    return [str(label) for value, label in column.choices.choices if value != ""]


# Reading the file --------------------------------------------------------------------------------


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def decode_upload(data: bytes) -> str:
    """The text of an uploaded CSV file, or ImportFileError saying plainly what is wrong with it."""
    if not data.strip():
        raise ImportFileError("The file is empty. Choose the CSV file with your rows in it.")
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            f"The file is {_size(len(data))}; the largest we take is {_size(MAX_BYTES)} "
            f"(up to {MAX_ROWS:,} rows). Split it into smaller files and import each one."
        )
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ImportFileError(
            f"This is a spreadsheet workbook, not a CSV file. {SAVE_AS_CSV} Then upload that file."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            f"The file is saved as UTF-16 (“Unicode text”), which we cannot read. {SAVE_AS_CSV}"
        )
    if b"\x00" in data or data.startswith(b"%PDF"):
        raise ImportFileError(f"This is not a CSV file. {SAVE_AS_CSV}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            f"The file is not saved as UTF-8, so some letters cannot be read (the first on line {line}). "
            f"{SAVE_AS_CSV}"
        ) from None


def _heading(value: str) -> str:
    return re.sub(r"[\s\-]+", "_", value.strip().strip("\ufeff").lower())


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet might run the text as a formula, with or without the blanks before it.

    A leading tab or carriage return is itself in FORMULA_PREFIXES, so it is tested before
    the blanks are trimmed.
    """
    return text.startswith(FORMULA_PREFIXES) or LEADING_BLANKS.sub("", text).startswith(
        FORMULA_PREFIXES
    )


def _cell(value: str) -> str:
    value = value.strip()
    # Our exports put an apostrophe before anything a spreadsheet would run as a formula.
    if value.startswith("'") and value[1:2] and looks_like_formula(value[1:]):
        return value[1:].strip()
    return value


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_columns(
    text: str,
    columns: Iterable[Column],
    required: Iterable[str],
    *,
    unknown_hint: Callable[[list[str]], str] | None = None,
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The headings and the non-blank rows, numbered as a spreadsheet shows them (headings on row 1).

    Any import may use it with its own columns; ImportFileError says plainly what is
    wrong with a file that cannot be read as a whole.
    """
    columns = list(columns)
    if not text.strip():
        raise ImportFileError("The file is empty. Choose the CSV file with your rows in it.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        records = _limited(reader)
    except csv.Error as error:
        raise ImportFileError(
            f"We cannot read the file as CSV: {_csv_problem(error)} (around line {reader.line_num}). "
            f"{SAVE_AS_CSV}"
        ) from None
    headings = [_heading(h) for h in records[0]]
    allowed = {c.key for c in columns}
    body = records[1:]

    # Each check below is one pass over the headings or the cells, never one pass per column.
    keep = [index for index, heading in enumerate(headings) if heading]  # the columns we read
    if len(keep) < len(headings):
        filled = {i for record in body for i, cell in enumerate(record) if cell.strip()}
        unnamed = [i for i, heading in enumerate(headings) if not heading and i in filled]
        if unnamed:
            raise ImportFileError(
                f"Column {unnamed[0] + 1} has values but no heading. "
                "Put the column's name in row 1."
            )
    named = [headings[i] for i in keep]
    duplicates = sorted(h for h, count in Counter(named).items() if count > 1)
    if duplicates:
        raise ImportFileError(
            "These columns appear more than once: " + ", ".join(duplicates) + ". Keep one of each."
        )
    unknown = [h for h in named if h not in allowed]
    if unknown:
        hint = unknown_hint(unknown) if unknown_hint else ""
        raise ImportFileError(
            "We do not know these columns: "
            + ", ".join(unknown)
            + f".{hint} The columns we read are: "
            + ", ".join(c.key for c in columns)
            + "."
        )
    present = set(named)
    missing = [c for c in required if c not in present]
    if missing:
        raise ImportFileError(
            "The file has no "
            + " or ".join(missing)
            + " column. Row 1 must hold the column headings, as in the template."
        )

    rows = []
    for position, record in enumerate(body, start=2):
        if not any(cell.strip() for cell in record):
            continue
        row = {headings[i]: _cell(record[i]) if i < len(record) else "" for i in keep}
        if any(cell.strip() for cell in record[len(headings) :]):
            row[EXTRA_CELLS] = "yes"
        rows.append((position, row))
    if not rows:
        raise ImportFileError("The file has column headings but no rows to import.")
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            f"The file has {len(rows):,} rows; the most we take at once is {MAX_ROWS:,}. "
            "Split it into smaller files and import each one."
        )
    return named, rows


def _csv_problem(error: csv.Error) -> str:
    message = str(error)
    if "unexpected end of data" in message:
        return "a quotation mark opens a cell but nothing closes it"
    if "expected after" in message:
        return "a quoted cell has more text after its closing quotation mark"
    if "field larger than field limit" in message:
        return "one cell is far too long"
    return message


def _limited(reader) -> list[list[str]]:
    """The records without their trailing blank cells, stopping early at a file too long or
    too wide (spreadsheets often end in thousands of empty rows, or columns)."""
    records, filled = [], 0
    for number, record in enumerate(reader, start=1):
        while record and not record[-1].strip():
            record.pop()
        if len(record) > MAX_COLUMNS:
            # Before any other check: each of them looks at every column.
            what = "column headings" if number == 1 else "cells"
            raise ImportFileError(
                f"Row {number} has {len(record):,} {what}; the most we read is {MAX_COLUMNS}. "
                "Keep only the columns in the template, with their headings in row 1."
            )
        longest = max(map(len, record), default=0)
        if longest > MAX_CELL:
            raise ImportFileError(
                f"Row {number} has a cell of {longest:,} characters; the most one cell may hold "
                f"is {MAX_CELL:,}. Shorten it and upload the file again."
            )
        if record:
            filled += 1
            if filled > MAX_ROWS + 1:
                raise ImportFileError(
                    f"The file has more than {MAX_ROWS:,} rows; the most we take at once is "
                    f"{MAX_ROWS:,}. Split it into smaller files and import each one."
                )
        records.append(record)
    return records


# Checking each value -----------------------------------------------------------------------------


def match_key(value: str) -> str:
    """Letters and digits only, lower case: 'Co-operative', 'cooperative' and 'CO OPERATIVE' match."""
    return re.sub(r"[^a-z0-9]+", "", value.lower())


def quoted_list(values: Iterable[str]) -> str:
    """'“a”, “b”': values named in a message."""
    return ", ".join(f"“{v}”" for v in values)


def choices_by_key(choices: type[models.Choices]) -> dict[str, str]:
    """Each choice's value, found by its value or its label (before any colon), as match_key has them."""
    index = {}
    for value, label in choices.choices:
        for name in (value, str(label), str(label).split(":")[0]):
            if match_key(name):
                index.setdefault(match_key(name), value)
    return index


def split_list(value: str) -> list[str]:
    """The items of a cell holding several, separated by semicolons (or commas, bars, new lines)."""
    items = []
    for item in LIST_SEPARATOR.split(value):
        item = item.strip()
        if item and item not in items:
            items.append(item)
    return items


def lower_first(message: str) -> str:
    """'Enter a valid URL.' → 'enter a valid URL.', to follow 'Row 7, website: '."""
    message = str(message)
    if message[:1].isupper() and message[1:2].islower():
        return message[0].lower() + message[1:]
    return message


def refusal(
    number: int, error: ValidationError, columns: Mapping[str, str], *, other: str | None = None
) -> list[RowError]:
    """A refused save of one row, each message against the column of the field it is about.

    A field with no column is named by `other`, or else by its own name.
    """
    by_field = (
        error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    )
    errors = []
    for name, messages in by_field.items():
        column = columns.get(name) or other or (WHOLE_ROW if name == NON_FIELD_ERRORS else name)
        errors.extend(RowError(number, column, lower_first(message)) for message in messages)
    return errors


# Checking every row, then saving them all or none ------------------------------------------------


class _Rollback(Exception):
    pass


class RowImport:
    """One kind of import: its columns, how one row is checked, and how the checked rows are saved.

    run() reads the file, checks every row, and saves them inside one transaction that
    is rolled back on a dry run or if any row is wrong. Subclasses give check() and
    save(), and note each problem with error() against the row being checked (or, while
    saving, with refusal()).
    """

    columns: Sequence[Column] = ()
    required: Sequence[str] = ()
    # Whether the rows that passed their own checks still go through save() (rolled back
    # after) when others failed, so one report shows every problem the real import would
    # meet. If not, a row's problem stops the import before anything is tried.
    save_despite_row_errors = False

    def __init__(self, result: ImportResult):
        self.result = result
        self.errors = result.errors
        self.number = 0

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def unknown_hint(self, unknown: list[str]) -> str:
        """A sentence added to the message naming columns the import does not know."""
        return ""

    def start(self, headings: list[str]) -> None:
        """Prepare for checking, once the file's headings are known."""

    def check(self, number: int, cells: dict[str, str]) -> Any:
        """One row's cells as the values save() needs, noting each problem with error()."""
        raise NotImplementedError

    def plan(self, rows: list[tuple[int, Any]]) -> Any:
        """What save() is given: the checked rows, or what they add up to (noting any problem)."""
        return rows

    def save(self, plan: Any) -> None:
        """Save the plan, inside the import's transaction, noting each refusal as a row error."""
        raise NotImplementedError

    def finish(self) -> None:
        """Complete the result once the transaction is over (committed or rolled back)."""

    def run(self, text: str, *, dry_run: bool = True) -> ImportResult:
        """Check every row of a CSV file's text and, unless it is a dry run and if every row is right, save them.

        Raises ImportFileError when the file as a whole cannot be read; problems with
        rows come back in the result's errors, sorted by row.
        """
        headings, table = read_columns(
            text, self.columns, self.required, unknown_hint=self.unknown_hint
        )
        self.result.rows, self.result.dry_run = len(table), dry_run
        self.start(headings)
        rows = []
        for number, cells in table:
            self.number, errors_before = number, len(self.errors)
            if cells.get(EXTRA_CELLS):
                self.error(NO_HEADING, "this row has more cells than there are column headings.")
            checked = self.check(number, cells)
            if len(self.errors) == errors_before or not self.save_despite_row_errors:
                rows.append((number, checked))
        plan = self.plan(rows)
        if not self.errors or self.save_despite_row_errors:
            try:
                with transaction.atomic():
                    self.save(plan)
                    if self.errors or dry_run:
                        raise _Rollback
            except _Rollback:
                pass
        self.errors[:] = sorted(set(self.errors))
        self.finish()
        return self.result


# Writing tables ----------------------------------------------------------------------------------


def escape_cell(value) -> str:
    """The cell's text without control characters, with an apostrophe in front if a spreadsheet
    might then treat it as a formula."""
    text = "" if value is None else CONTROL_CHARACTERS.sub("", str(value))
    if looks_like_formula(text):
        return "'" + text
    return text


@dataclass
class Table:
    title: str
    headings: list[str]
    rows: list[list[str]]


def table_csv(table: Table) -> bytes:
    """The table as CSV in UTF-8 with a byte order mark, so Excel reads accented letters."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in table.headings])
    for row in table.rows:
        writer.writerow([escape_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def table_xlsx(table: Table) -> bytes:
    """The table as an Excel workbook, every cell text (never a formula)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title[:31]
    sheet.append([escape_cell(h) for h in table.headings])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([escape_cell(v) for v in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for index, heading in enumerate(table.headings, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(
            12, min(40, len(heading) + 2)
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def table_file(table: Table, fmt: str) -> bytes:
    """The table in the format asked for: csv or xlsx."""
    if fmt == CSV:
        return table_csv(table)
    if fmt == XLSX:
        return table_xlsx(table)
    raise ValueError(f"Unknown format: {fmt}")


def export_filename(stem: str, fmt: str) -> str:
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{fmt}"
