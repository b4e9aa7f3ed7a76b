"""Importing the directory from CSV: a hub's services, or (for administrators) whole organisations.

Each row is one service, optionally at one location; a service offered at several
locations takes one row per location. All or nothing: every row is checked first,
and if any row is wrong nothing is saved. Importing the same file again updates
what the first import created (services are matched by organisation and slug or
name, locations by postcode and name), so it never makes duplicates.

A column left out of the file leaves that detail of existing records alone; a blank
cell in a column that is there clears it (or sets the default shown in the guide).
Nothing is ever deleted: services missing from the file stay as they are.

Reading the file and the all-or-nothing run are core.tabular's; every change is saved
by ecosystem.services (organisation_import, location_import, service_import), so each
has its history record and a new service gets its slug by the service's rule.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from core.tabular import (
    Column,
    ImportResult,
    RowError,
    RowImport,
    Table,
    choice_labels,
    choices_by_key,
    lower_first,
    match_key,
    quoted_list,
    refusal,
    split_list,
    table_csv,
)
from ecosystem.models import (
    BUSINESS_TYPES,
    SUPPORT_TYPES,
    Language,
    Location,
    Organisation,
    OrganisationIdentifier,
    Place,
    Service,
    TaxonomyTerm,
)
from ecosystem.opening_times import parse_opening_times
from ecosystem.services import (
    Identifier,
    OfferedAt,
    location_import,
    location_place_from_postcode,
    organisation_import,
    service_import,
)

SERVICES = "services"
DIRECTORY = "directory"
SCOPES = (SERVICES, DIRECTORY)


@dataclass
class DirectoryImportResult(ImportResult):
    """What an import of the directory did, or (on a dry run) would do."""

    organisations_created: int = 0
    organisations_updated: int = 0
    services_created: int = 0
    services_updated: int = 0
    locations_created: int = 0

    def changes(self) -> list[tuple[int, str, str]]:
        return [
            (self.organisations_created, "new organisation", "new organisations"),
            (self.organisations_updated, "organisation updated", "organisations updated"),
            (self.services_created, "new service", "new services"),
            (self.services_updated, "service updated", "services updated"),
            (self.locations_created, "new location", "new locations"),
        ]


# The columns -------------------------------------------------------------------------------------


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
        "minimum_age",
        "The youngest age it is for, in years. Leave blank if there is no lower limit.",
        "16",
        field="minimum_age",
        default=None,
    ),
    Column(
        "maximum_age",
        "The oldest age it is for, in years. Leave blank if there is no upper limit.",
        "",
        field="maximum_age",
        default=None,
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


def template_csv(scope: str) -> bytes:
    """A CSV with the column headings and one example row."""
    columns = columns_for(scope)
    return table_csv(Table("Services", [c.key for c in columns], [[c.example for c in columns]]))


def allowed_values(column: Column) -> list[str]:
    """What a column accepts, for the guide on the page and for error messages."""
    if column.choices is not None:
        return choice_labels(column)
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


# Checking each row -------------------------------------------------------------------------------


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
        for item in split_list(raw):
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


# Grouping rows into organisations and services ---------------------------------------------------


@dataclass
class _Group:
    """One organisation or service described by one or more rows, its details merged."""

    first_row: int
    values: dict[str, Any]
    rows: list[_Row] = field(default_factory=list)
    existing: Any = None
    slug: str = ""  # the slug the file gives, if any: a new one without gets the service's rule


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
        given = data.get("organisation_slug", "")
        known = given or by_name.get(data.get("organisation_name", "").lower(), "")
        # Rows are grouped by the slug their name would have, but only a slug the file gives,
        # or a name the directory knows, finds an organisation that is there already.
        key = known or slugify(data.get("organisation_name", ""))[:200] or "organisation"
        group = groups.setdefault(key, _Group(row.number, {}))
        group.slug = group.slug or given
        if group.existing is None and known in by_slug:
            group.existing = Organisation.objects.get(pk=by_slug[known])
        group.rows.append(row)
        _merge(group, row, data, "organisation", errors)
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
        name, given = data.get("service_name", ""), data.get("service_slug", "")
        match = by_slug.get(given) if given else by_name.get(name.lower())
        # As for organisations: the slug a name would have groups rows, but finds nothing.
        slug = given or (match.slug if match else slugify(name)[:200]) or "service"
        group = groups.setdefault(slug, _Group(row.number, {}))
        group.slug = group.slug or given
        group.existing = group.existing or match
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


def _fields(columns: list[Column], values: dict[str, Any], present: set[str]) -> dict[str, Any]:
    """The model fields the file's columns fill: a blank cell gives the column's default."""
    fields = {}
    for column in columns:
        if not column.field or column.key not in present or column.kind == "postcode":
            continue
        if column.field == "slug":
            continue
        value = values.get(column.key)
        fields[column.field] = column.default if _blank(value) else value
    return fields


_FIELD_COLUMNS = {
    "organisation": {c.field: c.key for c in ORGANISATION_COLUMNS if c.field}
    | {
        "places": "places",
        "identifiers": "registration_numbers",
        "identifier": "registration_numbers",
    },
    "service": {c.field: c.key for c in SERVICE_COLUMNS if c.field},
    "location": {c.field: c.key for c in LOCATION_COLUMNS if c.field},
}


def _location_places(rows: list[_Row]) -> list[Place]:
    return [row.location["place"] for row in rows if row.location and row.location.get("place")]


class _DirectoryImport(RowImport):
    """Checks every row, groups them into organisations and services, and saves them through ecosystem.services."""

    def __init__(self, *, scope: str, organisation: Organisation | None, actor):
        super().__init__(DirectoryImportResult())
        self.scope, self.organisation, self.actor = scope, organisation, actor
        self.columns, self.required = columns_for(scope), required_columns(scope)

    def unknown_hint(self, unknown: list[str]) -> str:
        if self.scope == SERVICES and any(
            h in {c.key for c in ORGANISATION_COLUMNS} for h in unknown
        ):
            return " Organisation columns belong in the whole-directory import, not this one."
        return ""

    def start(self, headings: list[str]) -> None:
        self.present = set(headings)
        self.checker = _RowChecker(_Reference(), headings, self.errors)

    def check(self, number: int, cells: dict[str, str]) -> _Row:
        return self.checker.check(number, cells, self.scope)

    def plan(self, rows: list[tuple[int, _Row]]) -> list[tuple[_Group | None, dict]]:
        checked = [row for _number, row in rows]
        if self.scope == DIRECTORY:
            return [
                (group, _service_groups(group.existing, group.rows, self.errors))
                for group in _organisation_groups(checked, self.errors).values()
            ]
        return [(None, _service_groups(self.organisation, checked, self.errors))]

    def save(self, plan: list[tuple[_Group | None, dict]]) -> None:
        for organisation_group, service_groups in plan:
            if organisation_group is None:
                organisation = self.organisation
            else:
                organisation = self._save_organisation(organisation_group)
            if self.errors:
                continue
            for service_group in service_groups.values():
                self._save_service(organisation, service_group)
            if organisation_group is None:
                self._add_places(organisation, service_groups)

    def _add_places(self, organisation: Organisation, service_groups: dict) -> None:
        """A manager's import changes no detail of the organisation, but the places of its
        locations become places it serves."""
        rows = [row for group in service_groups.values() for row in group.rows]
        places = _location_places(rows)
        if places:
            self._refused(
                rows[0].number,
                "organisation",
                organisation_import,
                organisation=organisation,
                actor=self.actor,
                fields={},
                places=places,
            )

    def _refused(self, number: int, what: str, write: Callable, /, **arguments):
        """What the service function returns, or None with its refusal noted against the row's columns."""
        try:
            return write(**arguments)
        except ValidationError as error:
            self.errors.extend(refusal(number, error, _FIELD_COLUMNS[what]))
            return None

    def _save_organisation(self, group: _Group) -> Organisation | None:
        values = group.values
        identifiers = []
        if "registration_numbers" in self.present:
            identifiers = [Identifier(s, n) for s, n in values.get("registration_numbers", ())]
        organisation = self._refused(
            group.first_row,
            "organisation",
            organisation_import,
            organisation=group.existing,
            actor=self.actor,
            fields=_fields(ORGANISATION_COLUMNS, values, self.present),
            slug=group.slug,
            places=[*values.get("places", ()), *_location_places(group.rows)],
            identifiers=identifiers,
        )
        if organisation is not None:
            if group.existing:
                self.result.organisations_updated += 1
            else:
                self.result.organisations_created += 1
        return organisation

    def _save_service(self, organisation: Organisation, group: _Group) -> None:
        offered_at = []
        for row in group.rows:
            times = row.service.get("opening_times")
            if row.location is None:
                if times is not None:
                    offered_at.append(OfferedAt(None, times))
                continue
            location = self._save_location(organisation, row)
            if location is not None:
                offered_at.append(OfferedAt(location, times))
        lists = {
            key: group.values.get(key, ()) if key in self.present else None
            for key in ("support_types", "business_types", "languages")
        }
        service = self._refused(
            group.first_row,
            "service",
            service_import,
            organisation=organisation,
            service=group.existing,
            actor=self.actor,
            fields=_fields(SERVICE_COLUMNS, group.values, self.present),
            slug=group.slug,
            offered_at=offered_at,
            **lists,
        )
        if service is not None:
            if group.existing:
                self.result.services_updated += 1
            else:
                self.result.services_created += 1

    def _save_location(self, organisation: Organisation, row: _Row) -> Location | None:
        fields = _fields(LOCATION_COLUMNS, row.location, self.present | {"location_name"})
        fields["postcode"] = row.location["postcode"]
        saved = self._refused(
            row.number,
            "location",
            location_import,
            organisation=organisation,
            actor=self.actor,
            fields=fields,
        )
        if saved is None:
            return None
        location, created = saved
        if created:
            self.result.locations_created += 1
        return location


def directory_import(
    *,
    text: str,
    scope: str,
    organisation: Organisation | None = None,
    actor=None,
    dry_run: bool = True,
) -> DirectoryImportResult:
    """Check a CSV file and, unless it is a dry run and if every row is right, save it in one transaction.

    scope is SERVICES (the services of `organisation`) or DIRECTORY (organisations and
    their services, for administrators). Raises ImportFileError when the file as a
    whole cannot be read; problems with rows come back in the result's errors.
    """
    if scope not in SCOPES or (scope == SERVICES) != (organisation is not None):
        raise ValueError("A services import needs an organisation; a directory import has none.")
    return _DirectoryImport(scope=scope, organisation=organisation, actor=actor).run(
        text, dry_run=dry_run
    )


def services_import(
    *, organisation: Organisation, text: str, actor=None, dry_run: bool = True
) -> DirectoryImportResult:
    """Import an organisation's services (and their locations) from CSV; see directory_import."""
    return directory_import(
        text=text, scope=SERVICES, organisation=organisation, actor=actor, dry_run=dry_run
    )


def organisations_import(*, text: str, actor=None, dry_run: bool = True) -> DirectoryImportResult:
    """Import organisations and their services for the whole directory; see directory_import."""
    return directory_import(text=text, scope=DIRECTORY, actor=actor, dry_run=dry_run)
