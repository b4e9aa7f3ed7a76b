"""The CSV import (ecosystem.data.importing): a hub's services, checked row by row, all or nothing."""

import csv
import io
from datetime import time

import pytest
from django.utils.text import slugify

from core.tabular import ImportFileError
from ecosystem.data import importing
from ecosystem.data.importing import services_import
from ecosystem.models import Location, Organisation, Schedule, Service, ServiceAtLocation
from tests.ecosystem.factories import ServiceFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "service_name": "Start-up coaching",
    "description": "Six conversations with a coach.",
    "support_types": "Coaching; peer-support",
    "business_types": "co-operative; Social Enterprise",
    "languages": "English; ur; POLISH",
    "capacity": "Waiting list",
    "delivery_mode": "mixed",
    "in_kind_offer": "",
    "is_free": "no",
    "fees_description": "£10 a session.",
    "location_name": "Market Hall",
    "address_1": "1 Example Street",
    "city": "Wigan",
    "postcode": "wn11aa",
    "opening_times": "Mon-Wed 09:00-17:00; Sat 10:00-13:00",
}


def csv_of(*rows: dict, headings: list[str] | None = None) -> str:
    headings = headings or list(dict.fromkeys(k for row in rows for k in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headings, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def good_rows(n: int = 3) -> list[dict]:
    return [GOOD | {"service_name": f"Service {i}"} for i in range(1, n + 1)]


def counts():
    return (
        Service.objects.count(),
        Location.objects.count(),
        ServiceAtLocation.objects.count(),
        Schedule.objects.count(),
    )


# The happy path ----------------------------------------------------------------------------------


def test_it_imports_services_with_their_locations_and_opening_times(cast):
    result = services_import(organisation=cast.hub_a, text=csv_of(GOOD), dry_run=False)

    assert result.ok, result.errors
    assert (result.rows, result.services_created, result.locations_created) == (1, 1, 1)
    service = cast.hub_a.services.get(slug="start-up-coaching")
    assert service.name == "Start-up coaching"
    assert service.capacity == Service.Capacity.WAITING_LIST
    assert service.delivery_mode == Service.DeliveryMode.MIXED
    assert service.is_free is False
    assert service.fees_description == "£10 a session."
    assert {t.code for t in service.support_types.all()} == {"coaching", "peer-support"}
    assert {t.code for t in service.business_types.all()} == {"co-operative", "social-enterprise"}
    assert {lang.code for lang in service.languages.all()} == {"en", "ur", "pl"}
    location = service.locations.get()
    assert location.postcode == "WN1 1AA"
    assert location.place == cast.place_a
    assert location.local_authority_code == "E08000010"
    assert location.latitude and location.longitude
    times = Schedule.objects.filter(service_at_location__location=location)
    assert sorted((s.byday, s.opens_at, s.closes_at) for s in times) == sorted(
        [
            ("MO", time(9), time(17)),
            ("TU", time(9), time(17)),
            ("WE", time(9), time(17)),
            ("SA", time(10), time(13)),
        ]
    )


def test_it_accepts_labels_or_values_for_capacity_and_delivery_mode(cast):
    rows = [
        GOOD | {"service_name": "A", "capacity": "open", "delivery_mode": "By telephone"},
        GOOD | {"service_name": "B", "capacity": "Closed to new people", "delivery_mode": "online"},
        GOOD | {"service_name": "C", "capacity": "LIMITED", "delivery_mode": "in-person"},
        GOOD
        | {
            "service_name": "D",
            "capacity": "waiting-list",
            "delivery_mode": "In person and online",
        },
    ]
    assert services_import(organisation=cast.hub_a, text=csv_of(*rows), dry_run=False).ok
    got = dict(cast.hub_a.services.values_list("name", "capacity"))
    assert got == {"A": "open", "B": "closed", "C": "limited", "D": "waiting-list"}
    modes = dict(cast.hub_a.services.values_list("name", "delivery_mode"))
    assert modes == {"A": "telephone", "B": "online", "C": "in-person", "D": "mixed"}


def test_it_records_in_kind_offers_by_label_or_value(cast):
    rows = [
        GOOD | {"service_name": "Desk space", "in_kind_offer": "space"},
        GOOD | {"service_name": "Accountancy", "in_kind_offer": "Pro-bono time or expertise"},
    ]
    assert services_import(organisation=cast.hub_a, text=csv_of(*rows), dry_run=False).ok
    assert dict(cast.hub_a.services.values_list("name", "in_kind_offer")) == {
        "Desk space": "space",
        "Accountancy": "time",
    }


def test_it_needs_only_the_name_and_description(cast):
    text = csv_of({"service_name": "Advice line", "description": "Ring us."})
    result = services_import(organisation=cast.hub_a, text=text, dry_run=False)
    assert result.ok
    service = cast.hub_a.services.get(name="Advice line")
    assert (service.capacity, service.delivery_mode, service.is_free) == ("open", "in-person", True)
    assert not service.locations.exists()


def test_a_dry_run_counts_the_changes_and_saves_nothing(cast):
    before = counts()
    result = services_import(organisation=cast.hub_a, text=csv_of(*good_rows(3)), dry_run=True)
    assert result.ok and result.dry_run
    assert (result.rows, result.services_created, result.locations_created) == (3, 3, 1)
    assert counts() == before


def test_it_adds_the_place_of_a_location_to_the_organisation(cast):
    row = GOOD | {"postcode": "BD1 1AA", "city": "Bradford"}
    assert services_import(organisation=cast.hub_a, text=csv_of(row), dry_run=False).ok
    assert cast.place_b in cast.hub_a.places.all()


def test_it_puts_a_service_at_several_locations_from_several_rows(cast):
    rows = [
        GOOD,
        {
            "service_name": "Start-up coaching",
            "location_name": "Library",
            "address_1": "2 Book Row",
            "city": "Wigan",
            "postcode": "WN1 1BB",
            "opening_times": "Fri 10:00-12:00",
        },
    ]
    result = services_import(organisation=cast.hub_a, text=csv_of(*rows), dry_run=False)
    assert result.ok, result.errors
    service = cast.hub_a.services.get()
    assert set(service.locations.values_list("name", flat=True)) == {"Market Hall", "Library"}
    library = ServiceAtLocation.objects.get(service=service, location__name="Library")
    assert [s.byday for s in library.schedules.all()] == ["FR"]


def test_it_removes_the_apostrophe_an_export_puts_before_a_formula_character(cast):
    row = GOOD | {"service_phone": "'+44 1632 960000"}
    assert services_import(organisation=cast.hub_a, text=csv_of(row), dry_run=False).ok
    assert cast.hub_a.services.get().phone == "+44 1632 960000"


def test_it_reads_semicolon_separated_files_and_a_byte_order_mark(cast):
    text = (
        "\ufeffservice_name;description;support_types\r\nCoaching;One to one.;coaching,training\r\n"
    )
    assert services_import(organisation=cast.hub_a, text=text, dry_run=False).ok
    assert {t.code for t in cast.hub_a.services.get().support_types.all()} == {
        "coaching",
        "training",
    }


def test_it_skips_blank_rows_but_keeps_spreadsheet_row_numbers(cast):
    text = csv_of(GOOD, {}, {}, GOOD | {"service_name": "Second", "postcode": "WN99 9ZZ"})
    result = services_import(organisation=cast.hub_a, text=text)
    assert result.rows == 2
    assert [(e.row, e.column) for e in result.errors] == [(5, "postcode")]


# Bad rows: reported with row number and column, and nothing saved ------------------------------


BAD_VALUES = [
    ("postcode", "WN99 9ZZ", "we cannot find WN99 9ZZ"),
    ("postcode", "not a postcode", "enter a UK postcode"),
    (
        "support_types",
        "Coaching; mentoring",
        "we do not know “mentoring”. Use one or more of: “Coaching”",
    ),
    ("business_types", "plc", "“Social enterprise”"),
    ("languages", "Klingon", "“British Sign Language (bfi)”"),
    (
        "capacity",
        "maybe",
        "Use one of: “Open: taking new people”, “Limited places”, “Waiting list”",
    ),
    ("delivery_mode", "carrier pigeon", "“By telephone”"),
    ("in_kind_offer", "money", "“Equipment”"),
    ("status", "sleeping", "“Temporarily closed”"),
    ("is_free", "perhaps", "write yes or no"),
    ("service_email", "not-an-email", "enter a valid email address"),
    ("service_website", "http://", "enter a valid URL"),
    ("service_name", "x" * 201, "at most 200 characters"),
    ("service_name", "", "enter the service's name"),
    ("description", "", "enter a description of the service"),
    ("opening_times", "Mon 17:00-09:00", "closing time must be after the opening time"),
    ("opening_times", "Funday 09:00-17:00", "we do not know the day"),
    ("opening_times", "mornings", "we cannot read “mornings”"),
    ("opening_times", "Mon 25:00-26:00", "24-hour clock"),
    ("address_1", "", "enter the first line of the address"),
    ("city", "", "enter the town or city"),
]


@pytest.mark.parametrize(
    ("column", "value", "message"), BAD_VALUES, ids=[f"{c}={v[:20]!r}" for c, v, _ in BAD_VALUES]
)
def test_it_reports_a_bad_value_with_its_row_and_column_and_saves_nothing(
    cast, column, value, message
):
    rows = good_rows(4)
    rows[2] = rows[2] | {column: value}  # spreadsheet row 4: headings are row 1
    before = counts()

    dry = services_import(organisation=cast.hub_a, text=csv_of(*rows), dry_run=True)
    result = services_import(organisation=cast.hub_a, text=csv_of(*rows), dry_run=False)

    for outcome in (dry, result):
        assert not outcome.ok
        assert [(e.row, e.column) for e in outcome.errors] == [(4, column)], outcome.errors
        assert message in outcome.errors[0].message
    assert counts() == before


def test_it_words_an_unknown_postcode_as_the_page_shows_it(cast):
    rows = [*good_rows(6), GOOD | {"service_name": "Late", "postcode": "WN99 9ZZ"}]
    result = services_import(organisation=cast.hub_a, text=csv_of(*rows))
    assert str(result.errors[0]).startswith("Row 8, postcode: we cannot find WN99 9ZZ")


def test_it_reports_every_bad_row_not_only_the_first(cast):
    rows = good_rows(5)
    rows[0] |= {"capacity": "maybe"}
    rows[3] |= {"postcode": "WN99 9ZZ", "languages": "Elvish"}
    result = services_import(organisation=cast.hub_a, text=csv_of(*rows), dry_run=False)
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "capacity"),
        (5, "languages"),
        (5, "postcode"),
    ]
    assert result.rows_with_errors == 2
    assert Service.objects.filter(organisation=cast.hub_a).count() == 0


def test_two_rows_that_disagree_about_one_service_are_reported(cast):
    rows = [GOOD, GOOD | {"capacity": "Open", "postcode": "WN1 1BB", "location_name": "Library"}]
    result = services_import(organisation=cast.hub_a, text=csv_of(*rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, "capacity")]
    assert "differs from row 2" in result.errors[0].message


def test_the_same_service_at_the_same_location_twice_is_reported(cast):
    result = services_import(organisation=cast.hub_a, text=csv_of(GOOD, GOOD))
    assert [(e.row, e.column) for e in result.errors] == [(3, "location_name")]
    assert "row 2 already has this service at this location" in result.errors[0].message


def test_a_row_with_more_cells_than_headings_is_reported(cast):
    text = "service_name,description\r\nCoaching,One to one.,surprise\r\n"
    result = services_import(organisation=cast.hub_a, text=text)
    assert [(e.row, e.column) for e in result.errors] == [(2, "(no heading)")]


def test_a_failure_while_saving_rolls_back_every_row(cast, monkeypatch):
    calls = []
    real = ServiceAtLocation.objects.get_or_create

    def fail_on_the_third(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(ServiceAtLocation.objects, "get_or_create", fail_on_the_third)
    before = counts()
    with pytest.raises(RuntimeError):
        services_import(organisation=cast.hub_a, text=csv_of(*good_rows(4)), dry_run=False)
    assert counts() == before


# Importing again ---------------------------------------------------------------------------------


def test_importing_the_same_file_again_creates_no_duplicates(cast):
    text = csv_of(*good_rows(3))
    first = services_import(organisation=cast.hub_a, text=text, dry_run=False)
    after_first = counts()
    second = services_import(organisation=cast.hub_a, text=text, dry_run=False)

    assert (first.services_created, first.locations_created) == (3, 1)
    assert (second.services_created, second.services_updated, second.locations_created) == (0, 3, 0)
    assert counts() == after_first


def test_importing_again_updates_what_changed(cast):
    services_import(organisation=cast.hub_a, text=csv_of(GOOD), dry_run=False)
    changed = GOOD | {
        "capacity": "Closed to new people",
        "support_types": "Training",
        "opening_times": "Thu 12:00-14:00",
    }
    result = services_import(organisation=cast.hub_a, text=csv_of(changed), dry_run=False)
    assert result.ok and result.services_updated == 1
    service = cast.hub_a.services.get()
    assert service.capacity == "closed"
    assert [t.code for t in service.support_types.all()] == ["training"]
    assert [s.byday for s in Schedule.objects.filter(service=service)] == ["TH"]


def test_it_matches_an_existing_service_by_name_in_any_case(cast):
    existing = ServiceFactory(
        organisation=cast.hub_a, name="Start-Up Coaching", slug="coaching-2019"
    )
    result = services_import(organisation=cast.hub_a, text=csv_of(GOOD), dry_run=False)
    assert (result.services_created, result.services_updated) == (0, 1)
    existing.refresh_from_db()
    assert existing.name == "Start-up coaching"
    assert existing.slug == "coaching-2019"


def test_it_matches_by_slug_so_a_service_can_be_renamed(cast):
    existing = ServiceFactory(organisation=cast.hub_a, name="Old name", slug="coaching")
    row = GOOD | {"service_slug": "coaching", "service_name": "New name"}
    assert services_import(organisation=cast.hub_a, text=csv_of(row), dry_run=False).ok
    existing.refresh_from_db()
    assert existing.name == "New name"
    assert cast.hub_a.services.count() == 1


def test_it_leaves_alone_the_details_whose_column_is_not_in_the_file(cast):
    services_import(organisation=cast.hub_a, text=csv_of(GOOD), dry_run=False)
    services_import(
        organisation=cast.hub_a,
        text=csv_of({"service_name": "Start-up coaching", "description": "Shorter."}),
        dry_run=False,
    )
    service = cast.hub_a.services.get()
    assert service.description == "Shorter."
    assert service.capacity == "waiting-list"
    assert service.support_types.count() == 2


def test_it_never_touches_another_organisations_services(cast):
    theirs = ServiceFactory(
        organisation=cast.hub_b, name="Start-up coaching", slug="start-up-coaching"
    )
    services_import(organisation=cast.hub_a, text=csv_of(GOOD), dry_run=False)
    theirs.refresh_from_db()
    assert theirs.description == "A service made up for a test."
    assert cast.hub_a.services.count() == 1


# Files we cannot read ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("service_name,description\r\n", "column headings but no rows"),
        ("description,postcode\r\nHelp,WN1 1AA\r\n", "The file has no service_name column"),
        ("name,about\r\nCoaching,Help\r\n", "We do not know these columns: name, about"),
        (
            "service_name,description,postocde\r\nA,B,WN1 1AA\r\n",
            "We do not know these columns: postocde",
        ),
        ("service_name,description,organisation_name\r\nA,B,C\r\n", "whole-directory import"),
        (
            "service_name,description,Service Name\r\nA,B,C\r\n",
            "appear more than once: service_name",
        ),
        ("service_name,,description\r\nA,oops,B\r\n", "Column 2 has values but no heading"),
        ('service_name,description\r\n"unclosed,B\r\n', "nothing closes it"),
        ('service_name,description\r\n"A"B,C\r\n', "more text after its closing quotation mark"),
    ],
)
def test_it_explains_a_file_whose_columns_are_wrong(cast, text, message):
    with pytest.raises(ImportFileError, match=message):
        services_import(organisation=cast.hub_a, text=text)


def test_every_known_column_twice_is_refused_naming_each_once(cast):
    names = [c.key for c in importing.columns_for(importing.SERVICES)]
    text = ",".join(names + names) + "\r\n" + ",".join(["x"] * len(names) * 2) + "\r\n"
    with pytest.raises(ImportFileError) as refused:
        services_import(organisation=cast.hub_a, text=text)
    message = refused.value.message
    assert message.startswith("These columns appear more than once: ")
    assert all(message.count(f" {name},") + message.count(f" {name}.") == 1 for name in names)


def test_it_accepts_headings_in_any_case_and_with_spaces(cast):
    text = "Service Name,DESCRIPTION,support-types\r\nCoaching,One to one.,coaching\r\n"
    assert services_import(organisation=cast.hub_a, text=text, dry_run=False).ok


# Saved through ecosystem.services: a history record for each change, and the service's slug rule


def test_an_imported_service_has_a_history_record_of_who_imported_it(cast):
    manager = cast.user("manager_a")
    services_import(organisation=cast.hub_a, actor=manager, text=csv_of(GOOD), dry_run=False)

    (record,) = cast.hub_a.services.get().history.all()
    assert (record.history_type, record.history_user) == ("+", manager)
    assert record.history_change_reason == "Imported from a file"


def test_a_change_of_opening_times_alone_is_in_the_services_history(cast):
    manager = cast.user("manager_a")
    services_import(organisation=cast.hub_a, actor=manager, text=csv_of(GOOD), dry_run=False)
    changed = GOOD | {"opening_times": "Fri 10:00-12:00"}
    services_import(organisation=cast.hub_a, actor=manager, text=csv_of(changed), dry_run=False)

    latest = cast.hub_a.services.get().history.order_by("-history_date").first()
    assert (latest.history_type, latest.history_user) == ("~", manager)
    assert latest.history_change_reason == "Imported from a file. Also changed: opening times"


def test_importing_a_file_that_changes_nothing_adds_no_history(cast):
    text = csv_of(*good_rows(2))
    services_import(organisation=cast.hub_a, text=text, dry_run=False)
    before = [s.history.count() for s in cast.hub_a.services.all()]
    again = services_import(organisation=cast.hub_a, text=text, dry_run=False)
    assert again.ok and again.services_updated == 2
    assert [s.history.count() for s in cast.hub_a.services.all()] == before


def test_the_places_of_imported_locations_are_in_the_organisations_history(cast):
    row = GOOD | {"postcode": "BD1 1AA", "city": "Bradford"}
    manager = cast.user("manager_a")
    services_import(organisation=cast.hub_a, actor=manager, text=csv_of(row), dry_run=False)

    latest = cast.hub_a.history.order_by("-history_date").first()
    assert latest.history_user == manager
    assert latest.history_change_reason == "Imported from a file. Also changed: places served"


def test_a_new_service_gets_its_slug_by_the_services_rule(cast):
    """A name whose slug another service has is a new service with a slug of its own (not a
    rename of that one); a long name's slug is cut to the rule's length."""
    mentoring = ServiceFactory(organisation=cast.hub_a, name="Mentoring", slug="mentoring")
    long_name = "Coaching" + " for founders" * 14
    rows = [
        {"service_name": "Mentoring!", "description": "A new one."},
        {"service_name": long_name, "description": "Long."},
    ]
    result = services_import(organisation=cast.hub_a, text=csv_of(*rows), dry_run=False)

    assert (result.services_created, result.services_updated) == (2, 0), result.errors
    mentoring.refresh_from_db()
    assert mentoring.name == "Mentoring"
    assert cast.hub_a.services.get(name="Mentoring!").slug == "mentoring-2"
    slug = cast.hub_a.services.get(name=long_name).slug
    assert len(slug) <= 180 and slug == slugify(long_name)[:180]


def test_an_imported_organisation_has_a_history_record_and_a_slug_of_its_own(cast):
    admin = cast.user("admin")
    row = {"organisation_name": "Northway Community-Hub!", "organisation_kind": "funder"}
    result = importing.organisations_import(text=csv_of(row), actor=admin, dry_run=False)

    assert result.organisations_created == 1, result.errors
    cast.hub_a.refresh_from_db()
    assert cast.hub_a.name == "Northway Community Hub"  # the slug it would have is taken
    created = Organisation.objects.get(name="Northway Community-Hub!")
    assert created.slug == f"{cast.hub_a.slug}-2"
    (record,) = created.history.all()
    assert (record.history_user, record.history_change_reason) == (admin, "Imported from a file")


# Ages -----------------------------------------------------------------------------------------


def test_it_imports_an_age_range_and_leaves_a_blank_one_open(cast):
    rows = [GOOD | {"minimum_age": "16", "maximum_age": "25"}, GOOD | {"service_name": "Open"}]
    rows[1] |= {"minimum_age": "", "maximum_age": ""}
    result = services_import(organisation=cast.hub_a, text=csv_of(*rows), dry_run=False)
    assert result.ok, result.errors
    aged = Service.objects.get(name="Start-up coaching")
    assert (aged.minimum_age, aged.maximum_age) == (16, 25)
    assert Service.objects.get(name="Open").minimum_age is None


def test_an_age_that_is_not_a_number_is_reported_and_nothing_is_saved(cast):
    rows = good_rows(2)
    rows[1] |= {"minimum_age": "sixteen"}
    before = counts()
    result = services_import(organisation=cast.hub_a, text=csv_of(*rows), dry_run=False)
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "minimum_age")]
    assert counts() == before
