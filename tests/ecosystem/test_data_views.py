"""The import pages: upload, check (a dry run), confirm; clear messages for every bad file."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import tabular_views
from ecosystem.data import importing
from ecosystem.models import Organisation, OrganisationIdentifier, Service
from tests.ecosystem.test_data_importing import GOOD, csv_of, good_rows

pytestmark = pytest.mark.django_db


def upload(text: str | bytes, name: str = "services.csv") -> SimpleUploadedFile:
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def url(cast):
    return reverse("directorydata:import", kwargs={"pk": cast.hub_a.pk})


@pytest.fixture
def manager(client_for):
    return client_for("manager_a")


def test_it_shows_the_columns_and_a_template_to_download(manager, url):
    html = manager.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert reverse("directorydata:template", kwargs={"scope": "services"}) in html
    for column in importing.columns_for(importing.SERVICES):
        assert f"<code>{column.key}</code>" in html
    assert "Waiting list" in html  # the allowed values are listed
    assert "organisation_name" not in html
    assert "style=" not in html and "<script>" not in html


def test_it_checks_the_file_first_then_imports_it_when_confirmed(cast, manager, url):
    response = manager.post(url, {"file": upload(csv_of(*good_rows(3)))})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Your file is ready to import" in html
    assert "3 new services" in html
    assert "Import 3 rows" in html
    assert not cast.hub_a.services.exists()

    token = response.context["confirm_form"].initial["token"]
    response = manager.post(url, {"token": token}, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert (
        "Imported 3 rows from services.csv: 3 new services, 1 new location."
        in response.content.decode()
    )
    assert cast.hub_a.services.count() == 3


def test_confirming_twice_imports_once(cast, manager, url):
    response = manager.post(url, {"file": upload(csv_of(GOOD))})
    token = response.context["confirm_form"].initial["token"]
    manager.post(url, {"token": token})
    response = manager.post(url, {"token": token}, follow=True)
    assert "Upload it again" in response.content.decode()
    assert cast.hub_a.services.count() == 1


def test_a_made_up_token_imports_nothing(cast, manager, url):
    manager.post(url, {"file": upload(csv_of(GOOD))})
    response = manager.post(url, {"token": "0" * 64}, follow=True)
    assert "We no longer have the file you checked" in response.content.decode()
    assert not cast.hub_a.services.exists()


def test_it_lists_each_bad_row_with_its_number_and_column_and_imports_nothing(cast, manager, url):
    rows = good_rows(6)
    rows[5] |= {"postcode": "WN99 9ZZ"}
    rows[1] |= {"support_types": "Mentoring"}

    response = manager.post(url, {"file": upload(csv_of(*rows))})

    assert response.status_code == 200
    html = response.content.decode()
    assert "We found 2 problems in 2 rows: nothing has been imported" in html
    assert (
        '<th scope="row">7</th><td><code>postcode</code></td><td>We cannot find WN99 9ZZ.' in html
    )
    assert '<th scope="row">3</th><td><code>support_types</code></td>' in html
    assert "Import 6 rows" not in html
    assert response.context["confirm_form"] is None
    assert not cast.hub_a.services.exists()
    assert "<title>Error:" in html


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (lambda: upload(b"", "services.csv"), "The file is empty"),
        (
            lambda: upload(b"PK\x03\x04 workbook", "services.xlsx"),
            "spreadsheet workbook, not a CSV file",
        ),
        (
            lambda: upload(b"PK\x03\x04 workbook", "services.csv"),
            "spreadsheet workbook, not a CSV file",
        ),
        (lambda: upload(b"%PDF-1.4", "services.pdf"), "Choose a CSV file: its name ends in .csv"),
        (
            lambda: upload("service_name,description\nCafé,x\n".encode("cp1252")),
            "not saved as UTF-8",
        ),
        (lambda: upload("name,about\nA,B\n"), "We do not know these columns: name, about"),
        (lambda: upload("description\nA\n"), "The file has no service_name column"),
        (lambda: upload("service_name,description\n"), "column headings but no rows"),
        (lambda: upload('service_name,description\n"A,B\n'), "nothing closes it"),
    ],
)
def test_it_explains_a_file_it_cannot_read(cast, manager, url, file, message):
    response = manager.post(url, {"file": file()})
    assert response.status_code == 200
    html = response.content.decode()
    assert "We could not read the file: nothing has been imported" in html
    assert message in html
    assert not cast.hub_a.services.exists()


def test_it_asks_for_a_file_when_none_is_chosen(manager, url):
    response = manager.post(url, {})
    assert "Choose a CSV file to upload." in response.content.decode()


def test_it_refuses_a_file_over_the_size_limit(cast, manager, url, monkeypatch):
    monkeypatch.setattr(tabular_views, "MAX_BYTES", 200)
    response = manager.post(url, {"file": upload(csv_of(*good_rows(5)))})
    assert "The file is too big" in response.content.decode()
    assert not cast.hub_a.services.exists()


def test_the_template_downloads_with_every_column_and_an_example_that_imports(cast, client_for):
    for scope in importing.SCOPES:
        response = client_for("anonymous").get(
            reverse("directorydata:template", kwargs={"scope": scope})
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "attachment" in response["Content-Disposition"]
        text = response.content.decode("utf-8-sig")
        headings, _example = list(csv.reader(io.StringIO(text)))
        assert headings == [c.key for c in importing.columns_for(scope)]
        result = importing.directory_import(
            text=text, scope=scope, organisation=cast.hub_a if scope == "services" else None
        )
        assert result.ok, result.errors


# The whole-directory import ----------------------------------------------------------------------


DIRECTORY_ROWS = [
    {
        "organisation_name": "Riverside Makers Co-operative",
        "organisation_kind": "Specialist provider",
        "legal_form": "co-operative-society",
        "organisation_email": "hello@riverside.example.org",
        "places": "Wigan; bradford",
        "registration_numbers": "FCA mutuals: DEMO-1R; Companies House: DEMO0099",
        "is_demo": "yes",
        "service_name": "Makers' workshop",
        "description": "Tools and space.",
        "in_kind_offer": "Equipment",
        "postcode": "WN1 1AA",
        "address_1": "1 Example Street",
        "city": "Wigan",
    },
    {
        "organisation_name": "Riverside Makers Co-operative",
        "service_name": "Co-op clinic",
        "description": "Advice on co-op rules.",
        "support_types": "specialist-advice",
    },
    {
        "organisation_name": "Hilltop Funders",
        "organisation_kind": "funder",
    },
]


def test_an_administrator_imports_organisations_and_their_services(cast, client_for):
    admin = client_for("admin")
    url = reverse("directorydata:import_directory")
    response = admin.post(url, {"file": upload(csv_of(*DIRECTORY_ROWS), "directory.csv")})
    assert "2 new organisations" in response.content.decode()
    token = response.context["confirm_form"].initial["token"]
    admin.post(url, {"token": token})

    riverside = Organisation.objects.get(name="Riverside Makers Co-operative")
    assert riverside.slug == "riverside-makers-co-operative"
    assert (riverside.kind, riverside.legal_form, riverside.is_demo) == (
        "specialist",
        "co-operative-society",
        True,
    )
    assert set(riverside.places.values_list("slug", flat=True)) == {"wigan", "bradford"}
    assert dict(riverside.identifiers.values_list("scheme", "identifier")) == {
        OrganisationIdentifier.Scheme.FCA_MUTUALS: "DEMO-1R",
        OrganisationIdentifier.Scheme.COMPANIES_HOUSE: "DEMO0099",
    }
    assert set(riverside.services.values_list("name", "in_kind_offer")) == {
        ("Makers' workshop", "equipment"),
        ("Co-op clinic", ""),
    }
    hilltop = Organisation.objects.get(name="Hilltop Funders")
    assert hilltop.kind == "funder" and not hilltop.services.exists() and not hilltop.is_demo


def test_importing_the_directory_again_creates_no_duplicates(cast):
    text = csv_of(*DIRECTORY_ROWS)
    first = importing.organisations_import(text=text, dry_run=False)
    counts = (
        Organisation.objects.count(),
        Service.objects.count(),
        OrganisationIdentifier.objects.count(),
    )
    second = importing.organisations_import(text=text, dry_run=False)
    assert (first.organisations_created, second.organisations_created) == (2, 0)
    assert (second.organisations_updated, second.services_created, second.services_updated) == (
        2,
        0,
        2,
    )
    assert counts == (
        Organisation.objects.count(),
        Service.objects.count(),
        OrganisationIdentifier.objects.count(),
    )


def test_the_directory_import_matches_an_existing_organisation_by_name(cast):
    row = {
        "organisation_name": "northway community hub",
        "service_name": "Drop-in",
        "description": "Come along.",
    }
    result = importing.organisations_import(text=csv_of(row), dry_run=False)
    assert (result.organisations_created, result.organisations_updated) == (0, 1)
    assert cast.hub_a.services.filter(name="Drop-in").exists()


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"places": "Atlantis"}, "places", "we do not know “Atlantis”"),
        ({"organisation_kind": "club"}, "organisation_kind", "“Specialist provider”"),
        ({"registration_numbers": "DEMO123"}, "registration_numbers", "write “register: number”"),
        ({"organisation_email": "nobody"}, "organisation_email", "enter a valid email address"),
        ({"is_catalyst_hub": "sometimes"}, "is_catalyst_hub", "write yes or no"),
        ({"organisation_name": ""}, "organisation_name", "enter the organisation's name"),
    ],
)
def test_the_directory_import_reports_bad_organisation_details(cast, change, column, message):
    rows = [DIRECTORY_ROWS[2], DIRECTORY_ROWS[0] | change]
    result = importing.organisations_import(text=csv_of(*rows), dry_run=False)
    assert [(e.row, e.column) for e in result.errors] == [(3, column)], result.errors
    assert message in result.errors[0].message
    assert not Organisation.objects.filter(name="Hilltop Funders").exists()


def test_rows_that_disagree_about_one_organisation_are_reported(cast):
    rows = [DIRECTORY_ROWS[0], DIRECTORY_ROWS[1] | {"organisation_kind": "Funder"}]
    result = importing.organisations_import(text=csv_of(*rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, "organisation_kind")]
    assert "differs from row 2, which describes the same organisation" in result.errors[0].message


def test_the_directory_import_page_lists_the_organisation_columns(client_for):
    html = client_for("admin").get(reverse("directorydata:import_directory")).content.decode()
    assert "<code>organisation_name</code>" in html
    assert "<code>registration_numbers</code>" in html
    assert "Companies House company number" in html
