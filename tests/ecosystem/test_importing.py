"""The CSV import (ecosystem.importing): a hub's services, checked row by row, all or nothing."""

import csv
import io
from datetime import time

import pytest

from ecosystem import importing
from ecosystem.importing import ImportFileError, RowError, services_import
from ecosystem.models import Location, Schedule, Service, ServiceAtLocation
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
        importing.decode_upload(data)


def test_it_says_on_which_line_the_encoding_goes_wrong():
    data = "service_name,description\nCoaching,ok\nCafé,Très bien\n".encode("cp1252")
    with pytest.raises(ImportFileError, match="line 3"):
        importing.decode_upload(data)


def test_it_refuses_a_file_over_the_size_limit(monkeypatch):
    monkeypatch.setattr(importing, "MAX_BYTES", 100)
    with pytest.raises(ImportFileError, match="the largest we take is"):
        importing.decode_upload(b"service_name,description\n" + b"a,b\n" * 50)


def test_it_refuses_more_rows_than_the_limit(cast, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 5)
    with pytest.raises(ImportFileError, match="the most we take at once is 5"):
        services_import(organisation=cast.hub_a, text=csv_of(*good_rows(7)))


def test_trailing_empty_rows_do_not_count_towards_the_limit(cast, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 5)
    text = csv_of(*good_rows(2)) + ",,,,\r\n" * 50
    assert services_import(organisation=cast.hub_a, text=text).rows == 2


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


def test_a_header_of_a_hundred_thousand_names_is_refused_before_any_check_of_them(
    cast, monkeypatch
):
    def never(*args):
        raise AssertionError("the headings were checked one by one")

    monkeypatch.setattr(importing, "_heading", never)
    monkeypatch.setattr(importing, "Counter", never)
    names = ",".join(f"column_{n}" for n in range(100_000))

    with pytest.raises(ImportFileError) as refused:
        services_import(organisation=cast.hub_a, text=f"{names}\r\n" + "a,b\r\n")

    assert refused.value.message == (
        "Row 1 has 100,000 column headings; the most we read is 100. Keep only the columns in "
        "the template, with their headings in row 1."
    )


def test_a_row_of_a_hundred_thousand_cells_is_refused_with_its_row_number(cast):
    text = "service_name,description\r\nCoaching,Help\r\n" + ",x" * 100_000 + "\r\n"
    with pytest.raises(ImportFileError) as refused:
        services_import(organisation=cast.hub_a, text=text)
    assert refused.value.message.startswith("Row 3 has 100,001 cells; the most we read is 100.")


def test_trailing_blank_cells_do_not_count_towards_the_width(cast):
    text = "service_name,description" + "," * 5000 + "\r\nCoaching,Help" + "," * 5000 + "\r\n"
    assert services_import(organisation=cast.hub_a, text=text).ok


def test_a_file_exactly_as_wide_as_the_limit_is_read(cast, monkeypatch):
    monkeypatch.setattr(importing, "MAX_COLUMNS", 3)
    text = "service_name,description,eligibility\r\nCoaching,Help,Anyone\r\n"
    assert services_import(organisation=cast.hub_a, text=text).ok
    with pytest.raises(ImportFileError, match="Row 1 has 4 column headings"):
        services_import(organisation=cast.hub_a, text=text.replace("ity", "ity,is_free"))


def test_a_cell_longer_than_the_limit_is_refused_with_its_row_number(cast):
    text = "service_name,description\r\nCoaching,Help\r\nMentoring," + "x" * 60_000 + "\r\n"
    with pytest.raises(ImportFileError) as refused:
        services_import(organisation=cast.hub_a, text=text)
    assert refused.value.message == (
        "Row 3 has a cell of 60,000 characters; the most one cell may hold is 50,000. "
        "Shorten it and upload the file again."
    )


def test_a_hundred_and_fifty_duplicated_columns_are_each_named_once(cast, monkeypatch):
    monkeypatch.setattr(importing, "MAX_COLUMNS", 1000)
    names = [f"column_{n:03}" for n in range(150)]
    text = ",".join(names * 3) + "\r\n" + ",".join("x" * 450) + "\r\n"

    with pytest.raises(ImportFileError) as refused:
        services_import(organisation=cast.hub_a, text=text)

    assert refused.value.message == (
        "These columns appear more than once: " + ", ".join(names) + ". Keep one of each."
    )


def test_every_known_column_twice_is_refused_naming_each_once(cast):
    names = [c.key for c in importing.columns_for(importing.SERVICES)]
    text = ",".join(names + names) + "\r\n" + ",".join(["x"] * len(names) * 2) + "\r\n"
    with pytest.raises(ImportFileError) as refused:
        services_import(organisation=cast.hub_a, text=text)
    message = refused.value.message
    assert message.startswith("These columns appear more than once: ")
    assert all(message.count(f" {name},") + message.count(f" {name}.") == 1 for name in names)


def test_a_value_under_an_empty_heading_is_found_in_one_pass_over_the_cells(cast):
    text = "service_name,,description,,city\r\nCoaching,,Help,,\r\nMentoring,,Help,late,\r\n"
    with pytest.raises(ImportFileError, match="Column 4 has values but no heading"):
        services_import(organisation=cast.hub_a, text=text)


def test_a_value_beyond_the_last_heading_is_reported_on_its_row(cast):
    text = "service_name,description,,\r\nCoaching,Help,,\r\nMentoring,Help,,late\r\n"
    result = services_import(organisation=cast.hub_a, text=text)
    assert [(e.row, e.column) for e in result.errors] == [(3, "(no heading)")]


def test_it_accepts_headings_in_any_case_and_with_spaces(cast):
    text = "Service Name,DESCRIPTION,support-types\r\nCoaching,One to one.,coaching\r\n"
    assert services_import(organisation=cast.hub_a, text=text, dry_run=False).ok


def test_it_ignores_an_empty_column_without_a_heading(cast):
    text = "service_name,description,\r\nCoaching,One to one.,\r\n"
    assert services_import(organisation=cast.hub_a, text=text).ok


# Opening times -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon 09:00-17:00", [("MO", time(9), time(17))]),
        ("monday 9:30 \u2013 12:00", [("MO", time(9, 30), time(12))]),
        ("Sat-Sun 10.00-16.00", [("SA", time(10), time(16)), ("SU", time(10), time(16))]),
        ("Weekdays 08:00-09:00", [(d, time(8), time(9)) for d in ["MO", "TU", "WE", "TH", "FR"]]),
        (
            "Tue 10:00 to 12:00; Thu 14:00-15:00",
            [("TU", time(10), time(12)), ("TH", time(14), time(15))],
        ),
        ("", []),
    ],
)
def test_it_reads_opening_times_written_in_common_ways(text, expected):
    assert importing.parse_opening_times(text) == expected


def test_opening_times_written_out_read_back_the_same():
    schedules = [
        Schedule(byday=day, opens_at=time(9), closes_at=time(17))
        for day in ["MO", "TU", "WE", "FR"]
    ] + [Schedule(byday="SA", opens_at=time(10), closes_at=time(13))]
    text = importing.format_opening_times(schedules)
    assert text == "Mon-Wed 09:00-17:00; Fri 09:00-17:00; Sat 10:00-13:00"
    assert importing.parse_opening_times(text) == [
        (s.byday, s.opens_at, s.closes_at) for s in schedules
    ]


def test_a_row_error_reads_as_a_sentence():
    assert (
        str(RowError(7, "postcode", "we cannot find WN99 9ZZ."))
        == "Row 7, postcode: we cannot find WN99 9ZZ."
    )
