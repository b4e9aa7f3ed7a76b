"""Importing a hub's existing clients from CSV: checked row by row, all or nothing."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.tabular import ImportFileError, RowError
from journeys.data import importing
from journeys.data.importing import clients_import
from journeys.models import Client, Journey, JourneyChange
from tests.journeys.factories import ClientFactory, JourneyFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Amina Khan",
    "group_name": "",
    "email": "Amina@Example.org",
    "phone": "07700 900123",
    "contact_method": "phone call",
    "postcode": "wn11aa",
    "venture": "Community café",
    "business_type": "co-operative",
    "stage": "Planning",
    "lead_worker_email": "STAFF.A@demo.test",
    "started_on": "14/01/2025",
    "status": "active",
}


def csv_of(*rows: dict, headings: list[str] | None = None) -> str:
    headings = headings or list(dict.fromkeys(k for row in rows for k in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headings, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


# An earlier journey of the same person: closed, as a person has one open journey at a time.
EARLIER = {
    "venture": "Market stall",
    "status": "closed",
    "close_reason": "Moved on to other support",
    "closed_on": "01/02/2025",
}


def good_rows(n: int = 3) -> list[dict]:
    return [
        GOOD | {"name": f"Person {i}", "email": f"person{i}@example.org", "venture": f"Idea {i}"}
        for i in range(1, n + 1)
    ]


def run(cast, text: str, *, dry_run: bool = False):
    return clients_import(
        organisation=cast.hub_a, actor=cast.user("manager_a"), text=text, dry_run=dry_run
    )


# The happy path ----------------------------------------------------------------------------------


def test_it_imports_each_row_as_a_client_and_a_journey(cast):
    result = run(cast, csv_of(GOOD))

    assert result.ok, result.errors
    assert (result.rows, result.journeys_created, result.clients_created) == (1, 1, 1)
    journey = Journey.objects.get(organisation=cast.hub_a)
    client = journey.client
    assert (client.name, client.email, client.phone) == (
        "Amina Khan",
        "amina@example.org",
        "07700 900123",
    )
    assert (client.kind, client.contact_method) == ("person", "phone")
    assert (client.postcode, client.place) == ("WN1 1AA", cast.place_a)
    assert client.barriers == [] and client.sensitive_barriers == []
    assert journey.venture_name == "Community café"
    assert journey.business_type.code == "co-operative"
    assert (journey.stage, journey.status) == ("planning", "active")
    assert journey.lead_worker == cast.user("staff_a")
    assert journey.started_on == date(2025, 1, 14)
    change = JourneyChange.objects.get(journey=journey)
    assert (change.field, change.to_value, change.changed_by) == (
        "stage",
        "planning",
        cast.user("manager_a"),
    )


def test_headings_may_have_capitals_and_spaces_and_blank_cells_take_the_defaults(cast):
    text = "Name,Group name,Phone,Venture,Business type\r\nThe Growers,Riverside Growers,0161 496 0000,Veg boxes,Social Enterprise\r\n"

    result = run(cast, text)

    assert result.ok, result.errors
    journey = Journey.objects.get(organisation=cast.hub_a)
    assert (journey.client.kind, journey.client.group_name) == ("group", "Riverside Growers")
    assert journey.client.contact_method == "phone"  # no email address to write to
    assert journey.business_type.code == "social-enterprise"
    assert (journey.stage, journey.status, journey.lead_worker) == ("enquiry", "active", None)
    assert journey.started_on == timezone.localdate()


def test_a_dry_run_reports_what_it_would_do_and_saves_nothing(cast):
    result = run(cast, csv_of(*good_rows(3)), dry_run=True)

    assert result.ok and result.dry_run
    assert result.summary() == ["3 new journeys", "3 new clients"]
    assert not Journey.objects.filter(organisation=cast.hub_a).exists()
    assert not Client.objects.filter(organisation=cast.hub_a).exists()


def test_a_row_with_the_email_of_a_client_adds_a_journey_to_their_record(cast):
    existing = ClientFactory(organisation=cast.hub_a, name="Amina K.", email="amina@example.org")

    result = run(cast, csv_of(GOOD, GOOD | EARLIER))

    assert result.ok, result.errors
    assert (result.journeys_created, result.clients_created, result.clients_matched) == (2, 0, 2)
    assert "2 journeys for clients you already have" in result.summary()[1]
    assert set(Journey.objects.values_list("client", flat=True)) == {existing.pk}
    existing.refresh_from_db()
    assert existing.name == "Amina K."  # their details stay as they are


def test_two_rows_with_one_new_email_make_one_client(cast):
    result = run(cast, csv_of(GOOD, GOOD | EARLIER))

    assert result.ok, result.errors
    assert (result.journeys_created, result.clients_created) == (2, 1)
    assert Client.objects.filter(organisation=cast.hub_a).count() == 1


def test_a_client_of_another_hub_is_not_reused(cast):
    ClientFactory(organisation=cast.hub_b, email="amina@example.org")

    result = run(cast, csv_of(GOOD))

    assert result.clients_created == 1
    assert Journey.objects.get().client.organisation == cast.hub_a


def test_it_imports_paused_and_closed_journeys(cast):
    rows = [
        GOOD | {"email": "a@example.org", "status": "Paused"},
        GOOD
        | {
            "email": "b@example.org",
            "status": "closed",
            "close_reason": "Trading well without our support",
            "closed_on": "2025-06-30",
        },
    ]

    result = run(cast, csv_of(*rows))

    assert result.ok, result.errors
    paused = Journey.objects.get(client__email="a@example.org")
    closed = Journey.objects.get(client__email="b@example.org")
    assert (paused.status, paused.close_reason, paused.closed_on) == ("paused", "", None)
    assert (closed.status, closed.close_reason, closed.closed_on) == (
        "closed",
        "trading-well",
        date(2025, 6, 30),
    )
    change = closed.changes.get(field="status")
    assert (change.to_value, change.reason) == ("closed", "Trading well without our support")


def test_a_spreadsheets_escaped_cells_are_read_back(cast):
    result = run(cast, csv_of(GOOD | {"phone": "'+44 7700 900123"}))

    assert result.ok, result.errors
    assert Client.objects.get().phone == "+44 7700 900123"


# Problems ---------------------------------------------------------------------------------------


def test_it_lists_every_problem_by_row_and_column_and_saves_nothing(cast):
    rows = good_rows(7)
    rows[0] |= {"name": ""}
    rows[1] |= {"stage": "Flying"}
    rows[2] |= {"started_on": "31/02/2025"}
    rows[3] |= {"lead_worker_email": "stranger@example.org"}
    rows[4] |= {"postcode": "not a postcode"}
    rows[5] |= {"business_type": "Bakery"}

    result = run(cast, csv_of(*rows))

    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "name"),
        (3, "stage"),
        (4, "started_on"),
        (5, "lead_worker_email"),
        (6, "postcode"),
        (7, "business_type"),
    ]
    assert result.errors[0] == RowError(2, "name", "enter the person's name.")
    assert "we do not know “Flying”. Use one of: “Enquiry”" in result.errors[1].message
    assert "day/month/year" in result.errors[2].message
    assert "nobody on your team has the email address" in result.errors[3].message
    assert result.errors[4].message == "enter a UK postcode, like WN1 1AA."
    assert "“Co-operative”" in result.errors[5].message
    assert result.rows_with_errors == 6
    assert not Journey.objects.exists() and not Client.objects.exists()
    assert not JourneyChange.objects.exists()


@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        (
            {"email": "", "phone": "", "contact_method": ""},
            "email",
            "Enter an email address or a phone number",
        ),
        ({"email": "not-an-email"}, "email", "is not an email address"),
        ({"phone": "", "contact_method": "text"}, "phone", "enter a phone number"),
        ({"email": "", "contact_method": "email"}, "contact_method", "enter their email address"),
        ({"venture": ""}, "venture", "enter their idea or business"),
        ({"started_on": "01/01/2999"}, "started_on", "already happened"),
        ({"status": "closed"}, "close_reason", "Choose why the journey closed"),
        ({"close_reason": "moved-away"}, "close_reason", "Only a closed journey"),
        (
            {"status": "closed", "close_reason": "moved-away", "closed_on": "01/01/2020"},
            "closed_on",
            "on or after the day the journey started",
        ),
        ({"name": "x" * 130}, "name", "at most 120 characters"),
    ],
)
def test_it_explains_each_kind_of_bad_row(cast, change, column, words):
    result = run(cast, csv_of(good_rows(1)[0], GOOD | change))

    assert [e.row for e in result.errors] == [3]
    assert result.errors[0].column == column
    assert words.lower() in result.errors[0].message.lower()
    assert not Journey.objects.exists()


def test_the_same_journey_twice_in_a_file_is_refused(cast):
    result = run(
        cast, csv_of(GOOD, GOOD | {"email": "AMINA@example.org", "venture": "community CAFÉ"})
    )

    assert result.errors == [
        RowError(
            3, "venture", "row 2 already has this email address and venture. Keep one of them."
        )
    ]


def test_importing_the_same_file_twice_does_not_add_its_journeys_twice(cast):
    text = csv_of(*good_rows(2))
    assert run(cast, text).ok

    result = run(cast, text)

    assert [(e.row, e.column) for e in result.errors] == [(2, "venture"), (3, "venture")]
    assert "already has a journey for “Idea 1”" in result.errors[0].message
    assert Journey.objects.count() == 2


def test_it_checks_against_existing_journeys_of_its_own_hub_only(cast):
    JourneyFactory(
        organisation=cast.hub_b, client__email="amina@example.org", venture_name="Community café"
    )
    assert run(cast, csv_of(GOOD)).ok


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty"),
        ("name,venture\r\n", "column headings but no rows"),
        ("name,email\r\nA,a@example.org\r\n", "The file has no venture column"),
        ("name,venture,health\r\nA,B,x\r\n", "We do not know these columns: health"),
        ("name,venture,barriers\r\nA,B,x\r\n", "We do not know these columns: barriers"),
    ],
)
def test_a_file_it_cannot_read_as_a_whole_says_why(cast, text, message):
    with pytest.raises(ImportFileError) as refused:
        run(cast, text)
    assert message in refused.value.message


def test_a_file_with_far_too_many_columns_is_refused_before_its_headings_are_checked(cast):
    names = ",".join(["name", "venture"] * 50_000)  # each name 50,000 times
    with pytest.raises(ImportFileError) as refused:
        run(cast, f"{names}\r\nA,B\r\n")
    assert refused.value.message.startswith(
        "Row 1 has 100,000 column headings; the most we read is 100."
    )


# The pages --------------------------------------------------------------------------------------


def upload(text: str, name: str = "clients.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


@pytest.fixture
def url(cast):
    return reverse("journeys:import", kwargs={"org_pk": cast.hub_a.pk})


@pytest.fixture
def manager(client_for):
    return client_for("manager_a")


def test_the_page_shows_the_columns_the_team_and_a_template(cast, manager, url):
    html = manager.get(url).content.decode()

    assert 'enctype="multipart/form-data"' in html
    assert reverse("journeys:import_template", kwargs={"org_pk": cast.hub_a.pk}) in html
    for column in importing.COLUMNS:
        assert f"<code>{column.key}</code>" in html
    assert "staff.a@demo.test" in html  # who may lead a journey
    assert "Exploring an idea" in html and "Co-operative (co-operative)" in html
    assert "style=" not in html and "<script>" not in html


def test_it_checks_the_file_first_then_imports_it_when_confirmed(cast, manager, url):
    response = manager.post(url, {"file": upload(csv_of(*good_rows(3)))})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Your file is ready to import" in html
    assert "3 new journeys" in html and "3 new clients" in html
    assert "Import 3 rows" in html
    assert not Journey.objects.exists()

    token = response.context["confirm_form"].initial["token"]
    response = manager.post(url, {"token": token}, follow=True)

    dashboard = reverse("journeys:dashboard", kwargs={"org_pk": cast.hub_a.pk})
    assert response.redirect_chain == [(dashboard, 302)]
    assert (
        "Imported 3 rows from clients.csv: 3 new journeys, 3 new clients."
        in response.content.decode()
    )
    assert Journey.objects.filter(organisation=cast.hub_a).count() == 3


def test_confirming_twice_imports_once(cast, manager, url):
    response = manager.post(url, {"file": upload(csv_of(GOOD))})
    token = response.context["confirm_form"].initial["token"]
    manager.post(url, {"token": token})

    response = manager.post(url, {"token": token}, follow=True)

    assert "Upload it again" in response.content.decode()
    assert Journey.objects.count() == 1


def test_the_page_lists_bad_rows_with_their_numbers_and_imports_nothing(cast, manager, url):
    rows = good_rows(4)
    rows[2] |= {"postcode": "WN99 9ZZ!"}

    response = manager.post(url, {"file": upload(csv_of(*rows))})

    html = response.content.decode()
    assert "We found 1 problem in 1 row: nothing has been imported" in html
    assert '<th scope="row">4</th><td><code>postcode</code></td><td>Enter a UK postcode' in html
    assert response.context["confirm_form"] is None
    assert "<title>Error:" in html
    assert not Journey.objects.exists()


def test_a_file_it_cannot_read_is_shown_in_the_error_summary(manager, url):
    response = manager.post(url, {"file": upload("name,about\r\nA,B\r\n")})

    html = response.content.decode()
    assert "We could not read the file: nothing has been imported" in html
    assert 'href="#id_file"' in html
    assert "We do not know these columns: about" in html
    assert "<title>Error:" in html


def test_staff_who_do_not_manage_see_the_guide_but_cannot_import(cast, client_for, url):
    staff = client_for("staff_a")

    html = staff.get(url).content.decode()
    assert "Only managers can import" in html
    assert 'enctype="multipart/form-data"' not in html
    assert "<code>venture</code>" in html

    response = staff.post(url, {"file": upload(csv_of(GOOD))})
    assert response.status_code == 403
    assert staff.post(url, {"token": "0" * 64}).status_code == 403
    assert not Journey.objects.exists()


def test_the_template_is_a_csv_the_import_reads(cast, manager):
    response = manager.get(reverse("journeys:import_template", kwargs={"org_pk": cast.hub_a.pk}))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="clients-import-template.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].split(",") == [c.key for c in importing.COLUMNS]
    result = run(cast, text, dry_run=True)
    assert result.ok, result.errors


def test_the_dashboard_links_to_import_and_export(cast, client_for):
    html = (
        client_for("staff_a")
        .get(reverse("journeys:dashboard", kwargs={"org_pk": cast.hub_a.pk}))
        .content.decode()
    )
    assert reverse("journeys:import", kwargs={"org_pk": cast.hub_a.pk}) in html
    for fmt in ("csv", "xlsx"):
        assert reverse("journeys:export", kwargs={"org_pk": cast.hub_a.pk, "fmt": fmt}) in html


def test_started_on_yesterday_is_fine(cast):
    yesterday = timezone.localdate() - timedelta(days=1)
    assert run(cast, csv_of(GOOD | {"started_on": f"{yesterday:%d/%m/%Y}"})).ok
