"""Importing the directory from CSV: a hub's services, or (for administrators) whole organisations.

Each row is one service, optionally at one location; a service offered at several
locations takes one row per location. All or nothing: every row is checked first,
and if any row is wrong nothing is saved. Importing the same file again updates
what the first import created (services are matched by organisation and slug or
name, locations by postcode and name), so it never makes duplicates.

A column left out of the file leaves that detail of existing records alone; a blank
cell in a column that is there clears it (or sets the default shown in the guide).
Nothing is ever deleted: services missing from the file stay as they are.
"""

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify

from core.access import Access, require_access

from .models import (
    BUSINESS_TYPES,
    SUPPORT_TYPES,
    Language,
    Location,
    Organisation,
    OrganisationIdentifier,
    Place,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from .services import location_place_from_postcode

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

SERVICES = "services"
DIRECTORY = "directory"
SCOPES = (SERVICES, DIRECTORY)


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
    """What an import did, or (on a dry run) would do."""

    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    organisations_created: int = 0
    organisations_updated: int = 0
    services_created: int = 0
    services_updated: int = 0
    locations_created: int = 0
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows_with_errors(self) -> int:
        return len({e.row for e in self.errors})

    def summary(self) -> list[str]:
        """The changes in plain words, for the confirmation page and the success message."""
        parts = []
        for count, one, many in [
            (self.organisations_created, "new organisation", "new organisations"),
            (self.organisations_updated, "organisation updated", "organisations updated"),
            (self.services_created, "new service", "new services"),
            (self.services_updated, "service updated", "services updated"),
            (self.locations_created, "new location", "new locations"),
        ]:
            if count:
                parts.append(f"{count} {one if count == 1 else many}")
        return parts


# The columns -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    help: str
    example: str = ""
    kind: str = "text"  # text, choice, yes-no, list, postcode, opening-times
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


ORGANISATION_COLUMNS = [
    Column(
        "organisation_name",
        "The organisation's name. Rows with the same name belong to the same organisation.",
        "Riverside Makers Co-operative",
        field="name",
        required=True,
    ),
    Column(
        "organisation_slug",
        "Optional: the short name used in web addresses. Give it to update an organisation whose name has changed.",
        "riverside-makers",
        field="slug",
    ),
    Column(
        "organisation_kind",
        "What kind of organisation it is.",
        "Specialist provider",
        kind="choice",
        field="kind",
        choices=Organisation.Kind,
        default=Organisation.Kind.HUB,
    ),
    Column(
        "legal_form",
        "Its legal form, if known.",
        "Co-operative society",
        kind="choice",
        field="legal_form",
        choices=Organisation.LegalForm,
    ),
    Column(
        "organisation_description",
        "What the organisation does, in a sentence or two.",
        "A workers' co-operative of makers sharing a workshop.",
        field="description",
    ),
    Column(
        "organisation_website",
        "Its website.",
        "https://riverside.example.org",
        field="website",
    ),
    Column(
        "organisation_email",
        "Its public email address (not a person's).",
        "hello@riverside.example.org",
        field="email",
    ),
    Column("organisation_phone", "Its public phone number.", "01632 960123", field="phone"),
    Column(
        "places",
        "The places it works in, by name; separate several with semicolons. Places of its locations are added anyway. Places are only ever added, never removed.",
        "Wigan",
        kind="list",
    ),
    Column(
        "is_catalyst_hub",
        "Whether it is a catalyst hub for its place: yes or no.",
        "no",
        kind="yes-no",
        field="is_catalyst_hub",
        default=False,
    ),
    Column(
        "registration_numbers",
        "Registration numbers as “register: number”; separate several with semicolons. Numbers are added or changed, never removed.",
        "Companies House: 01234567",
        kind="list",
    ),
    Column(
        "is_demo",
        "Whether it is invented demo data: yes or no.",
        "no",
        kind="yes-no",
        field="is_demo",
        default=False,
    ),
]

SERVICE_COLUMNS = [
    Column(
        "service_name",
        "The service's name. Required on every row that describes a service.",
        "Start-up coaching",
        field="name",
        required=True,
    ),
    Column(
        "service_slug",
        "Optional: the short name used in web addresses. Give it to update a service whose name has changed.",
        "start-up-coaching",
        field="slug",
    ),
    Column(
        "description",
        "What the service offers, in plain words. Required.",
        "Six one-to-one sessions with a coach to turn your idea into a plan.",
        field="description",
        required=True,
    ),
    Column(
        "status",
        "Whether it is running.",
        "Active",
        kind="choice",
        field="status",
        choices=Service.Status,
        default=Service.Status.ACTIVE,
    ),
    Column(
        "support_types",
        "The kinds of help it gives; separate several with semicolons.",
        "Coaching; Training",
        kind="list",
    ),
    Column(
        "business_types",
        "The kinds of business it is for; separate several with semicolons. Leave blank if it is for every kind.",
        "Co-operative; Social enterprise",
        kind="list",
    ),
    Column(
        "languages",
        "The languages it is offered in, by name or code; separate several with semicolons.",
        "English; Urdu",
        kind="list",
    ),
    Column(
        "eligibility",
        "Who it is for, in plain words.",
        "Anyone living in Wigan borough with a business idea.",
        field="eligibility",
    ),
    Column(
        "is_free",
        "Whether it is free: yes or no.",
        "yes",
        kind="yes-no",
        field="is_free",
        default=True,
    ),
    Column("fees_description", "What it costs, if anything.", "", field="fees_description"),
    Column(
        "delivery_mode",
        "How it is delivered.",
        "In person",
        kind="choice",
        field="delivery_mode",
        choices=Service.DeliveryMode,
        default=Service.DeliveryMode.IN_PERSON,
    ),
    Column(
        "capacity",
        "Whether it is taking new people.",
        "Open",
        kind="choice",
        field="capacity",
        choices=Service.Capacity,
        default=Service.Capacity.OPEN,
    ),
    Column(
        "in_kind_offer",
        "For offers of pro-bono time, space, equipment or materials. Leave blank otherwise.",
        "",
        kind="choice",
        field="in_kind_offer",
        choices=Service.InKindOffer,
    ),
    Column(
        "service_website",
        "A web page about the service.",
        "https://riverside.example.org/coaching",
        field="url",
    ),
    Column(
        "service_email",
        "A public email address for the service.",
        "coaching@riverside.example.org",
        field="email",
    ),
    Column("service_phone", "A public phone number for the service.", "", field="phone"),
    Column(
        "accessibility",
        "How accessible the service is: interpreters, large print, quiet rooms...",
        "",
        field="accessibility",
    ),
]

LOCATION_COLUMNS = [
    Column(
        "location_name",
        "Where it happens, such as the building's name. Leave the location columns blank for a service with no fixed place.",
        "Riverside Workshop",
        field="name",
    ),
    Column("address_1", "First line of the address.", "12 Example Street", field="address_1"),
    Column("address_2", "Second line of the address.", "", field="address_2"),
    Column("city", "Town or city.", "Wigan", field="city"),
    Column(
        "postcode",
        "A UK postcode. We check it and find the local authority from it.",
        "WN1 1AA",
        kind="postcode",
        field="postcode",
    ),
    Column(
        "location_accessibility",
        "Step-free access, hearing loops, accessible toilets, parking...",
        "Step-free entrance from the car park.",
        field="accessibility",
    ),
    Column(
        "opening_times",
        "When it is open each week, as day and times; separate several with semicolons.",
        "Mon-Fri 09:00-17:00; Sat 10:00-13:00",
        kind="opening-times",
    ),
]


def columns_for(scope: str) -> list[Column]:
    """The columns a file for this kind of import may have, in the template's order."""
    if scope == DIRECTORY:
        return [*ORGANISATION_COLUMNS, *SERVICE_COLUMNS, *LOCATION_COLUMNS]
    return [*SERVICE_COLUMNS, *LOCATION_COLUMNS]


def required_columns(scope: str) -> list[str]:
    if scope == DIRECTORY:
        return ["organisation_name"]
    return [c.key for c in SERVICE_COLUMNS if c.required]


def template_csv(scope: str) -> str:
    """A CSV with the column headings and one example row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = columns_for(scope)
    writer.writerow([c.key for c in columns])
    writer.writerow([c.example for c in columns])
    return out.getvalue()


def allowed_values(column: Column) -> list[str]:
    """What a column accepts, for the guide on the page and for error messages."""
    if column.choices is not None:
        return [str(label) for value, label in column.choices.choices if value != ""]
    if column.key == "support_types":
        return _term_names(SUPPORT_TYPES)
    if column.key == "business_types":
        return _term_names(BUSINESS_TYPES)
    if column.key == "languages":
        return [f"{lang.name} ({lang.code})" for lang in Language.objects.all()]
    if column.key == "places":
        return list(Place.objects.values_list("name", flat=True))
    if column.key == "registration_numbers":
        return [str(label) for label in OrganisationIdentifier.Scheme.labels]
    return []


def column_guide(scope: str) -> list[dict]:
    """Each column with what it is for and what it accepts, for the page."""
    required = set(required_columns(scope))
    if scope == DIRECTORY:
        required |= {"service_name", "description"}  # on rows that describe a service
    return [
        {
            "column": column,
            "required": column.key in required,
            "allowed": allowed_values(column),
            "default": column.default_label,
        }
        for column in columns_for(scope)
    ]


def _term_names(taxonomy_slug: str) -> list[str]:
    return list(
        TaxonomyTerm.objects.filter(taxonomy__slug=taxonomy_slug).values_list("name", flat=True)
    )


# Reading the file --------------------------------------------------------------------------------


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


SAVE_AS_CSV = (
    "In Excel choose File, Save a copy, and the type “CSV UTF-8 (Comma delimited)”; "
    "in LibreOffice or Google Sheets choose CSV with the character set UTF-8."
)


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


def read_table(text: str, scope: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The headings and the non-blank rows of a directory import file (see read_columns)."""

    def hint(unknown: list[str]) -> str:
        if scope == SERVICES and any(h in {c.key for c in ORGANISATION_COLUMNS} for h in unknown):
            return " Organisation columns belong in the whole-directory import, not this one."
        return ""

    return read_columns(text, columns_for(scope), required_columns(scope), unknown_hint=hint)


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
            row["__extra__"] = "yes"
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


def _split_list(value: str) -> list[str]:
    items = []
    for item in LIST_SEPARATOR.split(value):
        item = item.strip()
        if item and item not in items:
            items.append(item)
    return items


DAYS = {
    "mo": "MO",
    "mon": "MO",
    "monday": "MO",
    "tu": "TU",
    "tue": "TU",
    "tues": "TU",
    "tuesday": "TU",
    "we": "WE",
    "wed": "WE",
    "weds": "WE",
    "wednesday": "WE",
    "th": "TH",
    "thu": "TH",
    "thur": "TH",
    "thurs": "TH",
    "thursday": "TH",
    "fr": "FR",
    "fri": "FR",
    "friday": "FR",
    "sa": "SA",
    "sat": "SA",
    "saturday": "SA",
    "su": "SU",
    "sun": "SU",
    "sunday": "SU",
}
DAY_ORDER = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_SHORT = {
    "MO": "Mon",
    "TU": "Tue",
    "WE": "Wed",
    "TH": "Thu",
    "FR": "Fri",
    "SA": "Sat",
    "SU": "Sun",
}
_OPENING = re.compile(
    r"^(?P<days>[a-z]+(?:\s*(?:-|to)\s*[a-z]+)?)\s+"
    r"(?P<opens>\d{1,2}[:.]\d{2})\s*(?:-|to)\s*(?P<closes>\d{1,2}[:.]\d{2})$"
)
OPENING_TIMES_HELP = "Write them like “Mon-Fri 09:00-17:00; Sat 10:00-13:00”."


def _time(value: str) -> time:
    hours, minutes = (int(part) for part in re.split(r"[:.]", value))
    return time(hours, minutes)


def parse_opening_times(value: str) -> list[tuple[str, time, time]]:
    """'Mon-Fri 09:00-17:00; Sat 10:00-13:00' → [(day, opens, closes), ...]; ValueError if unclear."""
    entries = []
    for part in re.split(r"[;\n]", value):
        part = " ".join(part.replace("\u2013", "-").strip().lower().split())
        if not part:
            continue
        part = re.sub(r"^(weekdays|mon(?:day)?\s*-\s*fri(?:day)?)\b", "mon-fri", part)
        part = re.sub(r"^(daily|every day)\b", "mon-sun", part)
        match = _OPENING.match(part)
        if not match:
            raise ValueError(f"we cannot read “{part}”. {OPENING_TIMES_HELP}")
        day_names = re.split(r"\s*(?:-|to)\s*", match["days"])
        if any(d not in DAYS for d in day_names):
            raise ValueError(
                f"we do not know the day in “{part}”. Use Mon, Tue, Wed, Thu, Fri, Sat or Sun."
            )
        first, last = DAY_ORDER.index(DAYS[day_names[0]]), DAY_ORDER.index(DAYS[day_names[-1]])
        if last < first:
            raise ValueError(f"“{part}” runs backwards: put the earlier day first.")
        try:
            opens, closes = _time(match["opens"]), _time(match["closes"])
        except ValueError:
            raise ValueError(
                f"“{part}” has a time that does not exist. Use the 24-hour clock, like 09:00 or 17:30."
            ) from None
        if closes <= opens:
            raise ValueError(f"in “{part}” the closing time must be after the opening time.")
        entries.extend((day, opens, closes) for day in DAY_ORDER[first : last + 1])
    return entries


def format_opening_times(schedules: Iterable[Schedule]) -> str:
    """The inverse of parse_opening_times: 'Mon-Fri 09:00-17:00; Sat 10:00-13:00'."""
    by_hours: dict[tuple[time, time], list[int]] = {}
    for s in schedules:
        by_hours.setdefault((s.opens_at, s.closes_at), []).append(DAY_ORDER.index(s.byday))
    entries = []
    for (opens, closes), days in by_hours.items():
        days = sorted(set(days))
        runs = [[days[0]]]
        for day in days[1:]:
            if day == runs[-1][-1] + 1:
                runs[-1].append(day)
            else:
                runs.append([day])
        for run in runs:
            first, last = DAY_SHORT[DAY_ORDER[run[0]]], DAY_SHORT[DAY_ORDER[run[-1]]]
            label = first if len(run) == 1 else f"{first}-{last}"
            entries.append((run[0], opens, f"{label} {opens:%H:%M}-{closes:%H:%M}"))
    return "; ".join(text for *_, text in sorted(entries))


class _Reference:
    """The reference lists, read once per import and indexed by every name they may be given by."""

    def __init__(self):
        self.lists: dict[str, dict[str, Any]] = {
            "support_types": self._index(
                TaxonomyTerm.objects.filter(taxonomy__slug=SUPPORT_TYPES),
                lambda t: (t.code, t.name),
            ),
            "business_types": self._index(
                TaxonomyTerm.objects.filter(taxonomy__slug=BUSINESS_TYPES),
                lambda t: (t.code, t.name),
            ),
            "languages": self._index(Language.objects.all(), lambda lang: (lang.code, lang.name)),
            "places": self._index(Place.objects.all(), lambda p: (p.slug, p.name)),
        }
        self.schemes = choices_by_key(OrganisationIdentifier.Scheme)
        self.choices: dict[str, dict[str, str]] = {}
        self.postcodes: dict[str, Any] = {}

    @staticmethod
    def _index(objects, names: Callable) -> dict[str, Any]:
        index = {}
        for obj in objects:
            for name in names(obj):
                index.setdefault(match_key(name), obj)
        return index

    def choice_index(self, column: Column) -> dict[str, str]:
        if column.key not in self.choices:
            self.choices[column.key] = choices_by_key(column.choices)
        return self.choices[column.key]


_YES = {"yes", "y", "true", "1", "free"}
_NO = {"no", "n", "false", "0", "paid"}


@dataclass
class _Row:
    number: int
    organisation: dict[str, Any] = field(default_factory=dict)
    service: dict[str, Any] = field(default_factory=dict)
    location: dict[str, Any] | None = None


def _blank(value) -> bool:
    return value is None or value == "" or value == ()


class _RowChecker:
    """Turns one row's cells into clean values, noting each problem against its column."""

    def __init__(self, reference: _Reference, headings: list[str], errors: list[RowError]):
        self.reference = reference
        self.headings = set(headings)
        self.errors = errors

    def check(self, number: int, cells: dict[str, str], scope: str) -> _Row:
        self.number, self.cells = number, cells
        row = _Row(number)
        if cells.get("__extra__"):
            self.error("(no heading)", "this row has more cells than there are column headings.")
        if scope == DIRECTORY:
            row.organisation = self._group(ORGANISATION_COLUMNS, Organisation)
            if not row.organisation.get("organisation_name"):
                self.error("organisation_name", "enter the organisation's name.")
        service_given = any(cells.get(c.key) for c in SERVICE_COLUMNS + LOCATION_COLUMNS)
        if scope == SERVICES or service_given:
            row.service = self._group(SERVICE_COLUMNS, Service)
            if not row.service.get("service_name"):
                self.error("service_name", "enter the service's name.")
        if any(cells.get(c.key) for c in LOCATION_COLUMNS if c.key != "opening_times"):
            row.location = self._location()
        if row.service and "opening_times" in self.headings:
            row.service["opening_times"] = self._opening_times()
        return row

    def error(self, column: str, message: str):
        self.errors.append(RowError(self.number, column, message))

    def _group(self, columns: list[Column], model) -> dict[str, Any]:
        values = {}
        for column in columns:
            if column.key not in self.headings or column.kind in ("opening-times", "postcode"):
                continue
            values[column.key] = self._value(column, model)
        return values

    def _value(self, column: Column, model):
        raw = self.cells.get(column.key, "")
        if column.kind == "choice":
            return self._choice(column, raw)
        if column.kind == "yes-no":
            return self._yes_no(column, raw)
        if column.key == "registration_numbers":
            return self._registrations(raw)
        if column.kind == "list":
            return self._list(column, raw)
        return self._text(column, raw, model)

    def _text(self, column: Column, raw: str, model) -> str:
        if not raw:
            return ""
        if column.field == "slug":
            slug = slugify(raw)[:200]
            if not slug:
                self.error(column.key, "use letters, numbers and hyphens, like start-up-coaching.")
            return slug
        if column.field in ("url", "website") and not re.match(r"^[a-z][a-z0-9+.-]*://", raw, re.I):
            raw = f"https://{raw}"
        try:
            return model._meta.get_field(column.field).clean(raw, None)
        except ValidationError as error:
            self.error(column.key, " ".join(lower_first(m) for m in error.messages))
            return raw

    def _choice(self, column: Column, raw: str):
        if not raw:
            return None
        value = self.reference.choice_index(column).get(match_key(raw))
        if value is None:
            self.error(
                column.key,
                f"we do not know “{raw}”. Use one of: {quoted_list(allowed_values(column))}.",
            )
        return value

    def _yes_no(self, column: Column, raw: str):
        if not raw:
            return None
        if raw.lower() in _YES:
            return True
        if raw.lower() in _NO:
            return False
        self.error(column.key, f"write yes or no, not “{raw}”.")
        return None

    def _list(self, column: Column, raw: str) -> tuple:
        index = self.reference.lists[column.key]
        found, unknown = [], []
        for item in _split_list(raw):
            obj = index.get(match_key(item))
            if obj is None:
                unknown.append(item)
            elif obj not in found:
                found.append(obj)
        if unknown:
            self.error(
                column.key,
                f"we do not know {quoted_list(unknown)}. Use one or more of: "
                f"{quoted_list(allowed_values(column))}, separated by semicolons.",
            )
        return tuple(found)

    def _registrations(self, raw: str) -> tuple:
        found = []
        for item in (part.strip() for part in re.split(r"[;\n]", raw)):
            if not item:
                continue
            scheme_name, _, number = item.partition(":")
            scheme = self.reference.schemes.get(match_key(scheme_name))
            number = number.strip()
            if scheme is None or not number:
                self.error(
                    "registration_numbers",
                    f"write “register: number”, such as “Companies House: 01234567”; the registers are "
                    f"{quoted_list(OrganisationIdentifier.Scheme.labels)}. We cannot read “{item}”.",
                )
            elif len(number) > 40:
                self.error(
                    "registration_numbers", f"“{number}” is too long for a registration number."
                )
            elif scheme in dict(found):
                self.error(
                    "registration_numbers",
                    f"give one number for each register, not two for “{scheme_name.strip()}”.",
                )
            else:
                found.append((scheme, number))
        return tuple(found)

    def _location(self) -> dict[str, Any]:
        location = self._group(LOCATION_COLUMNS, Location)
        for key, what in [
            ("address_1", "the first line of the address"),
            ("city", "the town or city"),
            ("postcode", "the postcode"),
        ]:
            if not self.cells.get(key):
                self.error(key, f"enter {what}, or leave every location column blank.")
        if not location.get("location_name"):
            location["location_name"] = location.get("address_1", "")
        postcode = self.cells.get("postcode", "")
        if postcode:
            location.update(self._postcode(postcode))
        return location

    def _postcode(self, raw: str) -> dict[str, Any]:
        cache = self.reference.postcodes
        if raw not in cache:
            place = Location(postcode=raw)
            try:
                location_place_from_postcode(location=place)
            except ValidationError as error:
                cache[raw] = error.message_dict.get("postcode", error.messages)
            else:
                cache[raw] = {
                    "postcode": place.postcode,
                    "place": place.place,
                    "local_authority_code": place.local_authority_code,
                    "easting": place.easting,
                    "northing": place.northing,
                    "latitude": place.latitude,
                    "longitude": place.longitude,
                }
        found = cache[raw]
        if isinstance(found, list):
            self.error("postcode", " ".join(lower_first(m) for m in found))
            return {"postcode": raw}
        return found

    def _opening_times(self):
        raw = self.cells.get("opening_times", "")
        try:
            return tuple(parse_opening_times(raw))
        except ValueError as error:
            self.error("opening_times", str(error))
            return ()


def lower_first(message: str) -> str:
    """'Enter a valid URL.' → 'enter a valid URL.', to follow 'Row 7, website: '."""
    message = str(message)
    if message[:1].isupper() and message[1:2].islower():
        return message[0].lower() + message[1:]
    return message


# Grouping rows into organisations and services ---------------------------------------------------


@dataclass
class _Group:
    """One organisation or service described by one or more rows, its details merged."""

    first_row: int
    values: dict[str, Any]
    rows: list[_Row] = field(default_factory=list)
    existing: Any = None
    slug: str = ""


def _merge(group: _Group, row: _Row, values: dict[str, Any], what: str, errors: list[RowError]):
    for key, value in values.items():
        if _blank(value):
            continue
        current = group.values.get(key)
        if _blank(current):
            group.values[key] = value
        elif current != value:
            errors.append(
                RowError(
                    row.number,
                    key,
                    f"this differs from row {group.first_row}, which describes the same {what}. "
                    f"Give its details once, or the same on every row.",
                )
            )


def _organisation_groups(rows: list[_Row], errors: list[RowError]) -> dict[str, _Group]:
    by_slug = dict(Organisation.objects.values_list("slug", "pk"))
    by_name = {
        name.lower(): slug for slug, name in Organisation.objects.values_list("slug", "name")
    }
    groups: dict[str, _Group] = {}
    for row in rows:
        data = row.organisation
        slug = data.get("organisation_slug") or by_name.get(
            data.get("organisation_name", "").lower()
        )
        slug = slug or slugify(data.get("organisation_name", ""))[:200] or "organisation"
        if slug not in groups:
            groups[slug] = _Group(row.number, {}, slug=slug)
            if slug in by_slug:
                groups[slug].existing = Organisation.objects.get(pk=by_slug[slug])
        groups[slug].rows.append(row)
        _merge(groups[slug], row, data, "organisation", errors)
    return groups


def _service_groups(
    organisation: Organisation | None, rows: list[_Row], errors: list[RowError]
) -> dict[str, _Group]:
    existing = list(organisation.services.all()) if organisation else []
    by_slug = {s.slug: s for s in existing}
    by_name = {s.name.lower(): s for s in existing}
    groups: dict[str, _Group] = {}
    locations_seen: dict[tuple, int] = {}
    for row in rows:
        data = row.service
        if not data:
            continue
        name = data.get("service_name", "")
        match = by_slug.get(data.get("service_slug", "")) or (
            None if data.get("service_slug") else by_name.get(name.lower())
        )
        slug = data.get("service_slug") or (match.slug if match else slugify(name)[:200])
        slug = slug or "service"
        if slug not in groups:
            groups[slug] = _Group(row.number, {}, slug=slug, existing=by_slug.get(slug))
        group = groups[slug]
        group.rows.append(row)
        times = data.get("opening_times")
        _merge(
            group, row, {k: v for k, v in data.items() if k != "opening_times"}, "service", errors
        )
        data["opening_times"] = times
        place_key = _location_key(row.location)
        if (slug, place_key) in locations_seen:
            errors.append(
                RowError(
                    row.number,
                    "location_name" if row.location else "service_name",
                    f"row {locations_seen[(slug, place_key)]} already has this service at this location.",
                )
            )
        locations_seen[(slug, place_key)] = row.number
    for group in groups.values():
        # Later rows for the same service may leave its details blank, but one must describe it.
        if not group.values.get("description") and (
            group.existing is None or "description" in group.rows[0].service
        ):
            errors.append(
                RowError(group.first_row, "description", "enter a description of the service.")
            )
    return groups


def _location_key(location: dict | None) -> tuple:
    if not location:
        return ()
    return (location.get("postcode", ""), location.get("location_name", "").lower())


# Saving ------------------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


def _apply_fields(obj, columns: list[Column], values: dict[str, Any], present: set[str]):
    for column in columns:
        if not column.field or column.key not in present or column.kind == "postcode":
            continue
        if column.field == "slug":
            continue
        value = values.get(column.key)
        if _blank(value):
            value = column.default
        setattr(obj, column.field, value)


_FIELD_COLUMNS = {
    "organisation": {c.field: c.key for c in ORGANISATION_COLUMNS if c.field},
    "service": {c.field: c.key for c in SERVICE_COLUMNS if c.field},
    "location": {c.field: c.key for c in LOCATION_COLUMNS if c.field},
}


def _full_clean(obj, what: str, row: int, errors: list[RowError], exclude=None) -> bool:
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            column = _FIELD_COLUMNS[what].get(field_name, field_name)
            errors.extend(RowError(row, column, lower_first(m)) for m in messages)
        return False
    return True


class _Importer:
    def __init__(self, *, scope: str, organisation: Organisation | None, headings: list[str]):
        self.scope = scope
        self.organisation = organisation
        self.present = set(headings)
        self.result = ImportResult()
        self.errors = self.result.errors

    def save_organisation(self, group: _Group) -> Organisation:
        organisation = group.existing or Organisation(slug=group.slug)
        _apply_fields(organisation, ORGANISATION_COLUMNS, group.values, self.present)
        if _full_clean(
            organisation, "organisation", group.first_row, self.errors, exclude=["slug"]
        ):
            organisation.save()
            if group.existing:
                self.result.organisations_updated += 1
            else:
                self.result.organisations_created += 1
        else:
            return organisation
        organisation.places.add(*group.values.get("places", ()))
        if "registration_numbers" in self.present:
            for scheme, number in group.values.get("registration_numbers", ()):
                OrganisationIdentifier.objects.update_or_create(
                    organisation=organisation, scheme=scheme, defaults={"identifier": number}
                )
        return organisation

    def save_service(self, organisation: Organisation, group: _Group):
        service = group.existing
        updating = service is not None
        service = service or Service(organisation=organisation, slug=group.slug)
        _apply_fields(service, SERVICE_COLUMNS, group.values, self.present)
        if not _full_clean(
            service, "service", group.first_row, self.errors, exclude=["organisation"]
        ):
            return
        service.save()
        if updating:
            self.result.services_updated += 1
        else:
            self.result.services_created += 1
        for key in ("support_types", "business_types", "languages"):
            if key in self.present:
                getattr(service, key).set(group.values.get(key, ()))
        for row in group.rows:
            self.save_location(organisation, service, row)

    def save_location(self, organisation: Organisation, service: Service, row: _Row):
        times = row.service.get("opening_times")
        if row.location is None:
            if times is not None:
                Schedule.objects.filter(service=service, service_at_location__isnull=True).delete()
                self._schedules(service, None, times)
            return
        data = row.location
        location = (
            organisation.locations.filter(
                postcode=data["postcode"], name__iexact=data["location_name"]
            ).first()
            or organisation.locations.filter(
                postcode=data["postcode"], address_1__iexact=data.get("address_1", "")
            ).first()
        )
        created = location is None
        location = location or Location(organisation=organisation)
        _apply_fields(location, LOCATION_COLUMNS, data, self.present | {"location_name"})
        for name in (
            "postcode",
            "place",
            "local_authority_code",
            "easting",
            "northing",
            "latitude",
            "longitude",
        ):
            setattr(location, name, data.get(name))
        if not _full_clean(location, "location", row.number, self.errors, exclude=["organisation"]):
            return
        location.save()
        if created:
            self.result.locations_created += 1
        if location.place_id:
            organisation.places.add(location.place)
        at_location, _ = ServiceAtLocation.objects.get_or_create(service=service, location=location)
        if times is not None:
            at_location.schedules.all().delete()
            self._schedules(service, at_location, times)

    @staticmethod
    def _schedules(service, at_location, times):
        Schedule.objects.bulk_create(
            Schedule(
                service=service,
                service_at_location=at_location,
                byday=day,
                opens_at=opens,
                closes_at=closes,
            )
            for day, opens, closes in times
        )


def directory_import(
    *, text: str, scope: str, organisation: Organisation | None = None, dry_run: bool = True
) -> ImportResult:
    """Check a CSV file and, unless it is a dry run and if every row is right, save it in one transaction.

    scope is SERVICES (the services of `organisation`) or DIRECTORY (organisations and
    their services, for administrators). Raises ImportFileError when the file as a
    whole cannot be read; problems with rows come back in the result's errors.
    """
    if scope not in SCOPES or (scope == SERVICES) != (organisation is not None):
        raise ValueError("A services import needs an organisation; a directory import has none.")
    headings, table = read_table(text, scope)
    reference = _Reference()
    errors: list[RowError] = []
    checker = _RowChecker(reference, headings, errors)
    rows = [checker.check(number, cells, scope) for number, cells in table]

    importer = _Importer(scope=scope, organisation=organisation, headings=headings)
    result = importer.result
    result.rows, result.dry_run = len(rows), dry_run
    if scope == DIRECTORY:
        organisation_groups = _organisation_groups(rows, errors)
        plan = [
            (group, _service_groups(group.existing, group.rows, errors))
            for group in organisation_groups.values()
        ]
    else:
        plan = [(None, _service_groups(organisation, rows, errors))]
    if errors:
        result.errors = importer.errors = sorted(set(errors))
        return result

    try:
        with transaction.atomic():
            for organisation_group, service_groups in plan:
                target = (
                    importer.save_organisation(organisation_group)
                    if organisation_group
                    else organisation
                )
                if importer.errors:
                    continue
                for service_group in service_groups.values():
                    importer.save_service(target, service_group)
            if importer.errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    result.errors = sorted(set(importer.errors))
    return result


def services_import(*, organisation: Organisation, text: str, dry_run: bool = True) -> ImportResult:
    """Import an organisation's services (and their locations) from CSV; see directory_import."""
    return directory_import(text=text, scope=SERVICES, organisation=organisation, dry_run=dry_run)


def organisations_import(*, text: str, dry_run: bool = True) -> ImportResult:
    """Import organisations and their services for the whole directory; see directory_import."""
    return directory_import(text=text, scope=DIRECTORY, dry_run=dry_run)


def require_directory_import(user) -> None:
    """Only administrators import for the whole directory; anyone else gets 404, as for a missing page."""
    granted = Access.WRITE if user.is_authenticated and user.is_superuser else Access.NONE
    require_access(DIRECTORY, granted, write=True)
