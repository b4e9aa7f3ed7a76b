"""Exporting a hub's journeys as CSV and Excel: its own data only, no formulas, nothing sensitive."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core import tabular
from ecosystem.models import TaxonomyTerm
from journeys.data.exporting import COLUMNS
from journeys.models import EqualityMonitoring, Journey, Milestone
from tests.journeys.factories import (
    ActionFactory,
    ClientFactory,
    JourneyFactory,
    MilestoneFactory,
    SessionFactory,
    SupportRequestFactory,
)

pytestmark = pytest.mark.django_db


def export(client, organisation, fmt="csv"):
    return client.get(reverse("journeys:export", kwargs={"org_pk": organisation.pk, "fmt": fmt}))


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], (v or "" for v in row), strict=True)) for row in rows[1:]]


@pytest.fixture
def journey(cast):
    """A journey with a bit of everything: a request, sessions, milestones, actions."""
    request = SupportRequestFactory(reference="EP-ABC234", organisation=cast.hub_a)
    journey = JourneyFactory(
        organisation=cast.hub_a,
        request=request,
        client__name="Amina Khan",
        client__group_name="Riverside Growers",
        client__kind="group",
        client__email="amina@example.org",
        client__phone="07700 900123",
        client__contact_method="text",
        client__postcode="WN1 1AA",
        client__place=cast.place_a,
        venture_name="Veg boxes",
        business_type=TaxonomyTerm.objects.get(
            taxonomy__slug="business-types", code="co-operative"
        ),
        stage="trading",
        lead_worker=cast.user("staff_a"),
        started_on=date(2025, 1, 14),
    )
    now = timezone.now()
    SessionFactory(organisation=cast.hub_a, starts_at=now - timedelta(days=30), journeys=[journey])
    SessionFactory(organisation=cast.hub_a, starts_at=now - timedelta(days=2), journeys=[journey])
    SessionFactory(organisation=cast.hub_a, starts_at=now + timedelta(days=5), journeys=[journey])
    MilestoneFactory(journey=journey, kind=Milestone.Kind.FIRST_SALE, achieved_on=date(2025, 3, 1))
    MilestoneFactory(
        journey=journey,
        kind=Milestone.Kind.FINANCE,
        achieved_on=date(2025, 4, 2),
        amount=Decimal("5000"),
    )
    ActionFactory(journey=journey, due_on=timezone.localdate() - timedelta(days=1))
    ActionFactory(journey=journey, due_on=timezone.localdate() + timedelta(days=7))
    ActionFactory(journey=journey, done_at=now)
    return journey


def test_it_exports_one_row_per_journey_with_what_the_hub_needs(cast, client_for, journey):
    response = export(client_for("staff_a"), cast.hub_a)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="{cast.hub_a.slug}-journeys-'
    )
    assert "no-store" in response["Cache-Control"]
    [row] = csv_rows(response)
    assert list(row) == COLUMNS
    staff = cast.user("staff_a")
    two_days_ago = timezone.localdate() - timedelta(days=2)
    assert row == {
        "journey_id": str(journey.pk),
        "client_id": str(journey.client.pk),
        "request_reference": "EP-ABC234",
        "name": "Amina Khan",
        "group_name": "Riverside Growers",
        "email": "amina@example.org",
        "phone": "07700 900123",
        "contact_method": "Text message",
        "postcode": "WN1 1AA",
        "place": cast.place_a.name,
        "venture": "Veg boxes",
        "business_type": "Co-operative",
        "stage": "Trading",
        "status": "Active",
        "close_reason": "",
        "lead_worker": staff.get_full_name() or staff.email,
        "lead_worker_email": "staff.a@demo.test",
        "started_on": "14/01/2025",
        "closed_on": "",
        "sessions": "2",  # the one booked for next week has not happened yet
        "last_session_on": f"{two_days_ago:%d/%m/%Y}",
        "milestones": "First sale (01/03/2025); Finance raised: £5,000.00 (02/04/2025)",
        "open_actions": "2",
        "overdue_actions": "1",
    }


def test_a_closed_journey_has_its_reason_and_date(cast, client_for):
    JourneyFactory(
        organisation=cast.hub_a,
        status=Journey.Status.CLOSED,
        close_reason=Journey.CloseReason.MOVED_AWAY,
        closed_on=date(2025, 5, 6),
    )

    [row] = csv_rows(export(client_for("manager_a"), cast.hub_a))

    assert (row["status"], row["close_reason"], row["closed_on"]) == (
        "Closed",
        "Moved away",
        "06/05/2025",
    )
    assert (row["sessions"], row["last_session_on"], row["milestones"]) == ("0", "", "")


def test_it_exports_only_the_hubs_own_journeys(cast, client_for, journey):
    JourneyFactory(organisation=cast.hub_b, venture_name="Someone else's")

    rows = csv_rows(export(client_for("manager_a"), cast.hub_a))

    assert [r["venture"] for r in rows] == ["Veg boxes"]


@pytest.fixture
def booby_trapped(cast):
    """A journey whose details a spreadsheet would run as formulas, if they were not escaped."""
    client = ClientFactory(
        organisation=cast.hub_a,
        name='=HYPERLINK("http://evil.example","Click")',
        group_name="+cmd|' /C calc'!A0",
        phone="+44 7700 900123",
        email="",
    )
    return JourneyFactory(organisation=cast.hub_a, client=client, venture_name="@SUM(1,2)")


def test_the_csv_export_escapes_formulas(cast, client_for, booby_trapped):
    [row] = csv_rows(export(client_for("manager_a"), cast.hub_a))

    assert row["name"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["group_name"] == "'+cmd|' /C calc'!A0"
    assert row["phone"] == "'+44 7700 900123"
    assert row["venture"] == "'@SUM(1,2)"


def test_the_xlsx_export_opens_and_holds_only_text(cast, client_for, journey, booby_trapped):
    response = export(client_for("staff_a"), cast.hub_a, "xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == tabular.FORMATS["xlsx"]
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet.title == "Journeys"
    assert [c.value for c in sheet[1]] == COLUMNS
    rows = {r["venture"]: r for r in xlsx_rows(response)}
    assert rows["Veg boxes"]["milestones"].startswith("First sale (01/03/2025)")
    assert rows["Veg boxes"]["sessions"] == "2"
    assert rows["'@SUM(1,2)"]["name"] == '\'=HYPERLINK("http://evil.example","Click")'
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type in ("s", "inlineStr", "n"), (cell.coordinate, cell.data_type)
            assert not str(cell.value or "").startswith(("=", "+", "-", "@"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_formula_behind_a_control_character_or_a_space_is_escaped(cast, client_for, fmt):
    client = ClientFactory(
        organisation=cast.hub_a, name="\x01=HYPERLINK(1)", group_name=" =1+1", email=""
    )
    JourneyFactory(organisation=cast.hub_a, client=client, venture_name="\x02@SUM(1,2)")
    response = export(client_for("manager_a"), cast.hub_a, fmt)

    [row] = csv_rows(response) if fmt == "csv" else xlsx_rows(response)

    assert (row["name"], row["group_name"], row["venture"]) == (
        "'=HYPERLINK(1)",
        "' =1+1",
        "'@SUM(1,2)",
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_never_exports_barriers_equality_answers_or_staff_notes(cast, client_for, fmt):
    request = SupportRequestFactory(
        organisation=cast.hub_a,
        barriers=["language", "childcare"],
        sensitive_barriers=["disability", "faith-finance"],
        sensitive_consent_at=timezone.now(),
    )
    EqualityMonitoring.objects.create(
        request=request,
        consented_at=timezone.now(),
        age_band="25-34",
        gender="woman",
        ethnic_group="mixed",
        disabled="yes",
    )
    journey = JourneyFactory(
        organisation=cast.hub_a,
        request=request,
        client__barriers=["language", "childcare"],
        client__sensitive_barriers=["disability", "faith-finance"],
        client__sensitive_consent_at=timezone.now(),
        venture_name="Tailoring",
    )
    SessionFactory(
        organisation=cast.hub_a, journeys=[journey], notes="Staff-only: talked about her health."
    )

    response = export(client_for("manager_a"), cast.hub_a, fmt)

    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert [r["venture"] for r in rows] == ["Tailoring"]
    text = " ".join(" ".join([*row.keys(), *row.values()]) for row in rows).lower()
    for word in (
        "barrier",
        "disab",
        "health",
        "faith",
        "language",
        "childcare",
        "equality",
        "gender",
        "woman",
        "ethnic",
        "mixed",
        "25-34",
        "25 to 34",
        "staff-only",
    ):
        assert word not in text, word


def _journeys_with_everything(cast, n: int) -> None:
    for _ in range(n):
        journey = JourneyFactory(
            organisation=cast.hub_a,
            client__place=cast.place_a,
            lead_worker=cast.user("staff_a"),
            business_type=TaxonomyTerm.objects.filter(taxonomy__slug="business-types").first(),
            request=SupportRequestFactory(organisation=cast.hub_a),
        )
        SessionFactory(organisation=cast.hub_a, journeys=[journey])
        MilestoneFactory(journey=journey)
        MilestoneFactory(journey=journey, kind=Milestone.Kind.VOLUNTEERS, volunteers=3)
        ActionFactory(journey=journey)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_number_of_queries_does_not_grow_with_the_number_of_journeys(cast, client_for, fmt):
    manager = client_for("manager_a")
    export(manager, cast.hub_a, fmt)  # warm up: the session, caches

    _journeys_with_everything(cast, 5)
    with CaptureQueriesContext(connection) as few:
        export(manager, cast.hub_a, fmt)
    _journeys_with_everything(cast, 25)
    with CaptureQueriesContext(connection) as many:
        export(manager, cast.hub_a, fmt)

    assert len(csv_rows(export(manager, cast.hub_a))) == 30
    assert len(few) == len(many), [q["sql"] for q in many.captured_queries]
    assert len(many) <= 10


def test_the_journeys_query_reads_nothing_sensitive(cast):
    from journeys.data.exporting import journeys_for_export

    sql = str(journeys_for_export(cast.hub_a).query)
    for column in ("barriers", "sensitive", "equality", "notes", "contact_times"):
        assert column not in sql, column
