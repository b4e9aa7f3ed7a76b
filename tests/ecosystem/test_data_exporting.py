"""CSV and Excel exports of the directory: public details only, and never a formula (the escaping
itself is tested in tests/core/test_tabular.py)."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core import tabular
from demo.directory import seed_directory
from ecosystem.data import exporting, importing
from ecosystem.models import Location, Organisation, Schedule, Service, ServiceAtLocation
from tests.ecosystem.factories import ServiceAtLocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_a_formula_behind_a_space_or_a_control_character_exports_and_imports_again(cast):
    shown = {  # each name, and what it is once exported and imported (the import trims spaces)
        "\x01=HYPERLINK(1)": "=HYPERLINK(1)",
        " =1+1": "=1+1",
        "\t=2+2": "=2+2",
        "-Minus sign first": "-Minus sign first",
        "@handle": "@handle",
    }
    for n, name in enumerate(shown):
        ServiceFactory(organisation=cast.hub_b, name=name, slug=f"trap-{n}")

    def exported() -> str:
        table = exporting.organisation_services_table(cast.hub_b)
        return tabular.table_csv(table).decode("utf-8-sig")

    first = exported()
    result = importing.services_import(organisation=cast.hub_b, text=first, dry_run=False)
    assert result.ok, result.errors
    assert result.services_created == 0
    traps = cast.hub_b.services.filter(slug__startswith="trap-")
    assert dict(traps.values_list("slug", "name")) == {
        f"trap-{n}": name for n, name in enumerate(shown.values())
    }
    second = exported()
    assert importing.services_import(organisation=cast.hub_b, text=second, dry_run=False).ok
    assert exported() == second


@pytest.fixture
def booby_trapped(cast):
    """A service whose details a spreadsheet would run as formulas, if they were not escaped."""
    return ServiceFactory(
        organisation=cast.hub_a,
        name='=HYPERLINK("http://evil.example","Click")',
        slug="trap",
        description="+cmd|' /C calc'!A0",
        eligibility="-1+1",
        phone="+44 1632 960000",
        accessibility="@SUM(1,2)",
        fees_description="\t=1+1",
    )


def _csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_export_escapes_formulas(cast, client_for, booby_trapped):
    response = client_for("anonymous").get(
        reverse("directorydata:public_export", kwargs={"kind": "services", "fmt": "csv"})
    )
    row = next(r for r in _csv_rows(response) if r["service_slug"] == "trap")
    assert row["service_name"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["description"] == "'+cmd|' /C calc'!A0"
    assert row["eligibility"] == "'-1+1"
    assert row["service_phone"] == "'+44 1632 960000"
    assert row["accessibility"] == "'@SUM(1,2)"
    assert row["fees_description"] == "'\t=1+1"


def test_the_xlsx_export_escapes_formulas_and_holds_only_text(cast, client_for, booby_trapped):
    response = client_for("manager_a").get(
        reverse("directorydata:export", kwargs={"pk": cast.hub_a.pk, "fmt": "xlsx"})
    )
    assert response["Content-Type"] == tabular.FORMATS["xlsx"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    headings = [c.value for c in sheet[1]]
    trap = next(
        r for r in sheet.iter_rows(min_row=2) if r[headings.index("service_slug")].value == "trap"
    )
    cells = {headings[i]: cell for i, cell in enumerate(trap)}
    assert cells["service_name"].value == '\'=HYPERLINK("http://evil.example","Click")'
    assert cells["description"].value == "'+cmd|' /C calc'!A0"
    assert cells["service_phone"].value == "'+44 1632 960000"
    assert cells["accessibility"].value == "'@SUM(1,2)"
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type in ("s", "inlineStr", "n"), (cell.coordinate, cell.data_type)
            assert not str(cell.value or "").startswith(("=", "+", "-", "@"))


def test_the_xlsx_export_drops_characters_a_workbook_cannot_hold(cast, client_for):
    ServiceFactory(organisation=cast.hub_a, name="Bell\x07 ringing", slug="bell")
    response = client_for("anonymous").get(
        reverse("directorydata:public_export", kwargs={"kind": "services", "fmt": "xlsx"})
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "Bell ringing" in [c.value for c in next(sheet.iter_cols(min_col=13, max_col=13))]


@pytest.mark.parametrize("kind", ["services", "organisations"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_public_export_needs_no_sign_in(cast, client_for, kind, fmt):
    response = client_for("anonymous").get(
        reverse("directorydata:public_export", kwargs={"kind": kind, "fmt": fmt})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == tabular.FORMATS[fmt]
    assert response["Content-Disposition"].startswith(f'attachment; filename="directory-{kind}-')
    assert response["Content-Disposition"].endswith(f'.{fmt}"')


def test_the_public_exports_hold_no_personal_data(cast, client_for):
    seed_directory()
    anonymous = client_for("anonymous")
    text = "".join(
        anonymous.get(
            reverse("directorydata:public_export", kwargs={"kind": kind, "fmt": "csv"})
        ).content.decode("utf-8-sig")
        for kind in ("services", "organisations")
    )
    assert "Northway Community Hub" in text and "Seedcorn grants" in text
    for persona in (
        "manager.a@demo.test",
        "staff.a@demo.test",
        "commissioner@demo.test",
        "Morgan",
        "Amira",
    ):
        assert persona not in text


def test_the_organisations_export_lists_details_counts_and_registration_numbers(cast):
    seed_directory()
    table = exporting.directory_organisations_table()
    rows = [dict(zip(table.headings, row, strict=True)) for row in table.rows]
    northway = next(r for r in rows if r["organisation_slug"] == cast.hub_a.slug)
    assert northway["service_count"] == str(cast.hub_a.services.count())
    assert (
        northway["registration_numbers"]
        == "FCA Mutuals Public Register (society number): DEMO-7001R"
    )
    assert northway["is_demo"] == "yes"
    assert northway["location_postcodes"] == "WN1 1AA"
    assert len(rows) == Organisation.objects.count()


def test_an_organisation_export_holds_only_its_own_services(cast, client_for):
    ServiceFactory(organisation=cast.hub_a, name="Ours", slug="ours")
    ServiceFactory(organisation=cast.hub_b, name="Theirs", slug="theirs")
    response = client_for("staff_a").get(
        reverse("directorydata:export", kwargs={"pk": cast.hub_a.pk, "fmt": "csv"})
    )
    rows = _csv_rows(response)
    assert [r["service_name"] for r in rows] == ["Ours"]
    assert "organisation_name" not in rows[0]
    assert list(rows[0]) == [c.key for c in importing.columns_for(importing.SERVICES)]


def test_a_service_at_two_locations_takes_two_rows_with_their_opening_times(cast):
    at_market = ServiceAtLocationFactory(service__organisation=cast.hub_a, location__name="Market")
    at_library = ServiceAtLocationFactory(
        service=at_market.service, location__organisation=cast.hub_a, location__name="Library"
    )
    Schedule.objects.create(
        service=at_market.service,
        service_at_location=at_library,
        byday="FR",
        opens_at="10:00",
        closes_at="12:00",
    )
    table = exporting.organisation_services_table(cast.hub_a)
    rows = [dict(zip(table.headings, row, strict=True)) for row in table.rows]
    assert [(r["location_name"], r["opening_times"]) for r in rows] == [
        ("Library", "Fri 10:00-12:00"),
        ("Market", ""),
    ]
    Schedule.objects.create(
        service=at_market.service, byday="MO", opens_at="09:00", closes_at="17:00"
    )
    table = exporting.organisation_services_table(cast.hub_a)
    rows = [dict(zip(table.headings, row, strict=True)) for row in table.rows]
    assert [(r["location_name"], r["opening_times"]) for r in rows] == [
        ("Library", "Fri 10:00-12:00"),
        ("Market", ""),
        ("", "Mon 09:00-17:00"),
    ]


def _directory_counts():
    return (
        Organisation.objects.count(),
        Service.objects.count(),
        Location.objects.count(),
        ServiceAtLocation.objects.count(),
        Schedule.objects.count(),
    )


def test_an_organisations_export_imports_again_without_changing_anything(cast):
    seed_directory()
    before = _directory_counts()
    text = tabular.table_csv(exporting.organisation_services_table(cast.hub_b)).decode("utf-8-sig")
    result = importing.services_import(organisation=cast.hub_b, text=text, dry_run=False)
    assert result.ok, result.errors
    assert (result.services_created, result.locations_created) == (0, 0)
    assert result.services_updated == cast.hub_b.services.count()
    assert _directory_counts() == before
    again = tabular.table_csv(exporting.organisation_services_table(cast.hub_b)).decode("utf-8-sig")
    assert again == text


def test_the_directory_export_imports_again_without_changing_anything(cast):
    seed_directory()
    before = _directory_counts()
    table = exporting.directory_services_table()
    result = importing.organisations_import(
        text=tabular.table_csv(table).decode("utf-8-sig"), dry_run=False
    )
    assert result.ok, result.errors
    assert (result.organisations_created, result.services_created, result.locations_created) == (
        0,
        0,
        0,
    )
    assert _directory_counts() == before
    assert exporting.directory_services_table().rows == table.rows


def test_the_export_reads_the_database_a_fixed_number_of_times(cast):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            tabular.table_csv(exporting.directory_services_table())
        return len(captured)

    ServiceAtLocationFactory(service__organisation=cast.hub_a)
    few = queries()
    for _ in range(4):
        ServiceAtLocationFactory(
            service__organisation=cast.hub_b, service__support_types=["coaching"]
        )
    assert queries() == few


def test_a_services_age_range_exports_and_imports_again(cast):
    ServiceFactory(
        organisation=cast.hub_a, name="Youth", slug="youth", minimum_age=16, maximum_age=25
    )
    ServiceFactory(organisation=cast.hub_a, name="Anyone", slug="anyone")
    table = exporting.organisation_services_table(cast.hub_a)
    rows = {
        r["service_name"]: r
        for r in (dict(zip(table.headings, row, strict=True)) for row in table.rows)
    }
    assert (rows["Youth"]["minimum_age"], rows["Youth"]["maximum_age"]) == ("16", "25")
    assert (rows["Anyone"]["minimum_age"], rows["Anyone"]["maximum_age"]) == ("", "")
    Service.objects.filter(name="Youth").update(minimum_age=None, maximum_age=None)
    result = importing.services_import(
        organisation=cast.hub_a, text=tabular.table_csv(table).decode("utf-8-sig"), dry_run=False
    )
    assert result.ok, result.errors
    youth = Service.objects.get(name="Youth")
    assert (youth.minimum_age, youth.maximum_age) == (16, 25)
