"""Importing a hub's existing clients from CSV: one row is a person or group and one venture.

For a hub moving from a spreadsheet. The file is read and its rows checked by
core.tabular's RowImport, as for the directory's import, then every row goes through
journeys.services.journey_create: first as a dry run that is rolled back, so the
report shows every problem the real import would meet, then for real, all rows in
one transaction. If any row is wrong, nothing is saved.

A row whose email address matches one of the hub's clients adds a journey to that
client's record; the record's details stay as they are. A person has one open journey
at a hub at a time, so of the rows and journeys for one email address only one may be
active or paused (the others closed): journey_create refuses a second open one. A row
repeating a journey the hub already has (same email, same venture) is refused, so
importing a file twice never adds its journeys twice. The file has no columns for barriers or equality
answers: those are asked of the person, under their own consent.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower

from core.forms import UKDateField
from core.tabular import (
    WHOLE_ROW,
    Column,
    ImportResult,
    RowImport,
    Table,
    choice_labels,
    choices_by_key,
    match_key,
    quoted_list,
    refusal,
    table_csv,
)
from ecosystem.models import BUSINESS_TYPES, Membership, Organisation
from ecosystem.selectors import terms_of
from journeys.models import ApplicantKind, Client, ContactMethod, Journey, Stage
from journeys.services import ClientDetails, journey_create, phone_missing

COLUMNS = [
    Column(
        "name",
        "The person's name. For a group, the person you mostly deal with.",
        "Amina Khan",
        field="name",
        required=True,
    ),
    Column(
        "group_name",
        "For a group of people: the group's name. Leave blank for one person.",
        "",
        field="group_name",
    ),
    Column(
        "email",
        "Their email address. Give an email address, a phone number or both. A row with the "
        "email address of one of your clients adds the journey to that client's record. "
        "A person has one open journey at a time: other rows for them must be closed ones.",
        "amina@example.org",
        field="email",
    ),
    Column("phone", "Their phone number.", "07700 900123", field="phone"),
    Column(
        "contact_method",
        "How they like to be contacted. If blank: email, or phone call when there is no email address.",
        "Email",
        kind="choice",
        field="contact_method",
        choices=ContactMethod,
    ),
    Column(
        "postcode",
        "Their UK postcode. We check it and find their place from it.",
        "WN1 1AA",
        kind="postcode",
        field="postcode",
    ),
    Column(
        "venture",
        "Their idea or business, in a few words.",
        "Community café in the old library",
        field="venture_name",
        required=True,
    ),
    Column(
        "business_type",
        "The kind of business, by name or code. If blank: not known yet.",
        "Co-operative",
        kind="term",
        field="business_type",
    ),
    Column(
        "stage",
        "Where the venture is.",
        "Planning",
        kind="choice",
        field="stage",
        choices=Stage,
        default=Stage.ENQUIRY,
    ),
    Column(
        "lead_worker_email",
        "The email address of the person on your team who leads the journey. If blank: nobody yet.",
        "",
        kind="team",
        field="lead_worker",
    ),
    Column(
        "started_on",
        "When the journey started, as day/month/year. If blank: the day of the import.",
        "14/01/2025",
        kind="date",
        field="started_on",
    ),
    Column(
        "status",
        "Whether the journey is going on.",
        "Active",
        kind="choice",
        field="status",
        choices=Journey.Status,
        default=Journey.Status.ACTIVE,
    ),
    Column(
        "close_reason",
        "For a closed journey only: why it closed.",
        "",
        kind="choice",
        field="close_reason",
        choices=Journey.CloseReason,
    ),
    Column(
        "closed_on",
        "For a closed journey only: when it closed, as day/month/year. If blank: the day of the import.",
        "",
        kind="date",
        field="closed_on",
    ),
]
REQUIRED = [c.key for c in COLUMNS if c.required]
_COLUMN_OF_FIELD = {c.field: c.key for c in COLUMNS} | {"kind": "group_name"}


@dataclass
class ClientImportResult(ImportResult):
    """What an import of clients did, or (on a dry run) would do."""

    journeys_created: int = 0
    clients_created: int = 0
    clients_matched: int = 0  # rows adding a journey to a client the hub already had

    def changes(self) -> list[tuple[int, str, str]]:
        return [
            (self.journeys_created, "new journey", "new journeys"),
            (self.clients_created, "new client", "new clients"),
            (
                self.clients_matched,
                "journey for a client you already have (matched by email; their details stay as they are)",
                "journeys for clients you already have (matched by email; their details stay as they are)",
            ),
        ]


# The columns, for the page and the template ---------------------------------------------------


def template_csv() -> bytes:
    """A CSV with the column headings and one example row, for people to fill in."""
    return table_csv(Table("Clients", [c.key for c in COLUMNS], [[c.example for c in COLUMNS]]))


def column_guide(organisation: Organisation) -> list[dict]:
    """Each column with what it is for and what it accepts, for the import page."""
    team = sorted(_team(organisation))
    guide = []
    for column in COLUMNS:
        if column.kind == "term":
            allowed = [f"{t.name} ({t.code})" for t in terms_of(BUSINESS_TYPES)]
        elif column.kind == "team":
            allowed = team
        else:
            allowed = choice_labels(column)
        guide.append(
            {
                "column": column,
                "required": column.required,
                "allowed": allowed,
                "default": column.default_label,
            }
        )
    return guide


def _team(organisation: Organisation) -> dict[str, Any]:
    memberships = Membership.objects.filter(organisation=organisation).select_related("user")
    return {m.user.email.lower(): m.user for m in memberships if m.user.email}


# Checking each row -----------------------------------------------------------------------------


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _ClientImport(RowImport):
    """Turns each row's cells into journey_create's arguments, then makes each journey with it."""

    columns = COLUMNS
    required = REQUIRED
    # Rows with a problem of their own are left out; the others still go through the
    # service, so one report shows what is wrong throughout the file.
    save_despite_row_errors = True

    def __init__(self, *, organisation: Organisation, actor):
        super().__init__(ClientImportResult())
        self.organisation, self.actor = organisation, actor
        self.had: set = set()  # the hub's clients the file's email addresses match
        self.created: set = set()  # the clients its journeys made
        self.team = _team(organisation)
        self.business_types = {}
        for term in terms_of(BUSINESS_TYPES):
            for name in (term.code, term.name):
                self.business_types.setdefault(match_key(name), term)
        self.choices = {c.key: choices_by_key(c.choices) for c in COLUMNS if c.choices}
        # The hub's journeys by (email, venture), so a file imported twice is caught.
        self.existing = {
            (email.lower(), venture.lower())
            for email, venture in Journey.objects.filter(organisation=organisation)
            .exclude(client__email="")
            .values_list("client__email", "venture_name")
        }
        self.seen: dict[tuple[str, str], int] = {}

    def check(self, number: int, cells: dict[str, str]) -> dict[str, Any]:
        self.cells = cells
        name, venture = cells.get("name", ""), cells.get("venture", "")
        if not name:
            self.error("name", "enter the person's name.")
        if not venture:
            self.error("venture", "enter their idea or business, in a few words.")
        email = cells.get("email", "").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self.error("email", f"“{email}” is not an email address like name@example.org.")
        phone = cells.get("phone", "")
        contact_method = self._choice("contact_method") or (
            ContactMethod.EMAIL if email or not phone else ContactMethod.PHONE
        )
        if contact_method == ContactMethod.EMAIL and phone and not email:
            self.error("contact_method", "enter their email address, or choose phone or text.")
        if phone_missing(contact_method=contact_method, phone=phone):
            self.error("phone", "enter a phone number, so you can contact them that way.")
        group_name = cells.get("group_name", "")
        arguments = {
            "client": ClientDetails(
                name=name,
                kind=ApplicantKind.GROUP if group_name else ApplicantKind.PERSON,
                group_name=group_name,
                email=email,
                phone=phone,
                contact_method=contact_method,
                postcode=cells.get("postcode", ""),
            ),
            "venture_name": venture,
            "business_type": self._business_type(),
            "stage": self._choice("stage") or Stage.ENQUIRY,
            "lead_worker": self._lead_worker(),
            "started_on": self._date("started_on"),
            "status": self._choice("status") or Journey.Status.ACTIVE,
            "close_reason": self._choice("close_reason") or "",
            "closed_on": self._date("closed_on"),
        }
        if email and venture:
            self._once(email, venture)
        return arguments

    def _choice(self, key: str) -> str | None:
        raw = self.cells.get(key, "")
        if not raw:
            return None
        value = self.choices[key].get(match_key(raw))
        if value is None:
            column = next(c for c in COLUMNS if c.key == key)
            self.error(
                key, f"we do not know “{raw}”. Use one of: {quoted_list(choice_labels(column))}."
            )
        return value

    def _business_type(self):
        raw = self.cells.get("business_type", "")
        if not raw:
            return None
        term = self.business_types.get(match_key(raw))
        if term is None:
            names = [t.name for t in terms_of(BUSINESS_TYPES)]
            self.error(
                "business_type",
                f"we do not know “{raw}”. Use one of: {quoted_list(names)}, or leave it blank.",
            )
        return term

    def _lead_worker(self):
        raw = self.cells.get("lead_worker_email", "").lower()
        if not raw:
            return None
        user = self.team.get(raw)
        if user is None:
            self.error(
                "lead_worker_email",
                f"nobody on your team has the email address “{raw}”. Use a team member's "
                "address, invite them to the team first, or leave it blank.",
            )
        return user

    def _date(self, key: str) -> date | None:
        raw = self.cells.get(key, "")
        if not raw:
            return None
        try:
            if _ISO_DATE.match(raw):
                return date.fromisoformat(raw)
            return UKDateField(required=False).clean(raw)
        except (ValueError, ValidationError):
            self.error(
                key,
                f"we cannot read “{raw}” as a date. Write it as day/month/year, like 27/03/2025.",
            )
            return None

    def _once(self, email: str, venture: str) -> None:
        key = (email, venture.lower())
        if key in self.existing:
            self.error(
                "venture",
                f"your client with the email address {email} already has a journey for “{venture}”. "
                "Take this row out, so the journey is not there twice.",
            )
        elif key in self.seen:
            self.error(
                "venture",
                f"row {self.seen[key]} already has this email address and venture. Keep one of them.",
            )
        else:
            self.seen[key] = self.number

    # Making the journeys, inside the import's transaction -------------------------------------

    def plan(self, rows: list[tuple[int, dict[str, Any]]]) -> list[tuple[int, dict[str, Any]]]:
        emails = {arguments["client"].email for _, arguments in rows} - {""}
        self.had = set(
            Client.objects.filter(organisation=self.organisation)
            .annotate(lower_email=Lower("email"))
            .filter(lower_email__in=emails)
            .values_list("pk", flat=True)
        )
        return rows

    def save(self, plan: list[tuple[int, dict[str, Any]]]) -> None:
        result = self.result
        for number, arguments in plan:
            try:
                journey = journey_create(
                    organisation=self.organisation, actor=self.actor, **arguments
                )
            except ValidationError as error:
                self.errors.extend(refusal(number, error, _COLUMN_OF_FIELD, other=WHOLE_ROW))
                continue
            result.journeys_created += 1
            if journey.client_id in self.had:
                result.clients_matched += 1
            elif journey.client_id not in self.created:
                self.created.add(journey.client_id)

    def finish(self) -> None:
        result = self.result
        result.clients_created = len(self.created)
        if result.errors:
            result.journeys_created = result.clients_created = result.clients_matched = 0


# Importing -------------------------------------------------------------------------------------


def clients_import(
    *, organisation: Organisation, actor, text: str, dry_run: bool = True
) -> ClientImportResult:
    """Check a CSV of clients and, unless it is a dry run and if every row is right, save it.

    Each row becomes a journey (and a client, unless the email matches one already
    there) through journey_create, all in one transaction. Raises ImportFileError when
    the file as a whole cannot be read; problems with rows come back in the result.
    """
    return _ClientImport(organisation=organisation, actor=actor).run(text, dry_run=dry_run)
