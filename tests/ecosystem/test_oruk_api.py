"""The Open Referral UK 3.0 API, checked against the standard's own files.

The standard (openapi.json and schema/*.json) is read from ../shared/standards/oruk-3.0
beside the project; tests that need it skip when it is not there. Each response is
validated with the schema openapi.json names for it, resolving every $ref by its
file name to schema/<name>.json, with format checking on.
"""

import json
import re
import uuid
from datetime import datetime, time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

from ecosystem.models import (
    Language,
    Location,
    Organisation,
    OrganisationIdentifier,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from ecosystem.services import location_place_from_postcode
from tests.ecosystem.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

STANDARD = Path(settings.BASE_DIR).parent / "shared" / "standards" / "oruk-3.0"
BASE = "/api/oruk"
MISSING = "00000000-0000-4000-8000-000000000000"


# The standard ------------------------------------------------------------------------


def _format_checker() -> FormatChecker:
    """Draft 2020-12's checkers, plus date-time and uri, which jsonschema checks only with extras."""
    checker = FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def _date_time(value):
        if not isinstance(value, str):
            return True
        if not re.fullmatch(
            r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", value
        ):
            raise ValueError(f"{value!r} is not an RFC 3339 date-time")
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        return True

    @checker.checks("uri", raises=ValueError)
    def _uri(value):
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parts.scheme) or re.search(r"\s", value):
            raise ValueError(f"{value!r} is not an absolute URI")
        if parts.scheme in ("http", "https") and not parts.netloc:
            raise ValueError(f"{value!r} has no host")
        return True

    return checker


FORMATS = _format_checker()


class Standard:
    def __init__(self, root: Path):
        self.root = root
        self.openapi = json.loads((root / "openapi.json").read_text())
        self.registry = Registry(retrieve=self._retrieve)

    def _retrieve(self, uri: str) -> Resource:
        # The schemas carry no $id and point at two public hosts: resolve by file name.
        path = self.root / "schema" / uri.rstrip("/").rsplit("/", 1)[-1]
        if not uri or not path.is_file():
            raise NoSuchResource(ref=uri)
        return Resource.from_contents(
            json.loads(path.read_text()), default_specification=DRAFT202012
        )

    def validator(self, ref: str):
        contents = self._retrieve(ref).contents
        dialect = self.openapi.get("jsonSchemaDialect")
        cls = validators.validator_for(
            contents,
            default=validators.validator_for({"$schema": dialect}, default=Draft202012Validator),
        )
        return cls({"$ref": ref}, registry=self.registry, format_checker=FORMATS)

    def response_ref(self, path: str) -> str:
        content = self.openapi["paths"][path]["get"]["responses"]["200"]["content"]
        return content["application/json"]["schema"]["$ref"]

    def validate(self, path: str, body):
        """Validate a response of the standard's ``path`` (like /services/{id}) with its schema."""
        self.validator(self.response_ref(path)).validate(body)

    def query_parameters(self, path: str) -> set[str]:
        operation = self.openapi["paths"][path]["get"]
        names = set()
        for parameter in operation.get("parameters", []):
            if "$ref" in parameter:
                parameter = self.openapi["components"]["parameters"][
                    parameter["$ref"].rsplit("/", 1)[-1]
                ]
            if parameter["in"] == "query":
                names.add(parameter["name"])
        return names

    @property
    def all_query_parameters(self) -> set[str]:
        return set().union(*(self.query_parameters(p) for p in self.openapi["paths"]))


@pytest.fixture(scope="session")
def standard() -> Standard:
    if not (STANDARD / "openapi.json").is_file():
        pytest.skip(f"The Open Referral UK 3.0 standard is not at {STANDARD}")
    return Standard(STANDARD)


# A realistic directory -----------------------------------------------------------------


def _located(organisation, name, postcode, **fields) -> Location:
    location = Location(
        organisation=organisation,
        name=name,
        address_1="1 Market Street",
        city="Town",
        postcode=postcode,
        **fields,
    )
    location_place_from_postcode(location=location)
    location.save()
    return location


@pytest.fixture
def directory(cast):
    """Two organisations, three services at Wigan and Bradford, and a child taxonomy term."""
    org = OrganisationFactory(
        name="Northway Community Hub",
        description="A community anchor in Wigan.",
        email="hello@northway.example",
        website="https://northway.example/",
        phone="01942 000000",
        legal_form=Organisation.LegalForm.CIC,
        places=[cast.place_a],
    )
    OrganisationIdentifier.objects.create(
        organisation=org,
        scheme=OrganisationIdentifier.Scheme.COMPANIES_HOUSE,
        identifier="12345678",
    )
    OrganisationIdentifier.objects.create(
        organisation=org, scheme=OrganisationIdentifier.Scheme.OTHER, identifier="X-1"
    )
    bare = OrganisationFactory(
        name="Bare Bones Network", description="", email="", website="", phone=""
    )
    wigan = _located(org, "Northway Centre", "WN1 1AA", accessibility="Step-free entrance.")
    bradford = _located(org, "Bradford Office", "BD1 1AA", address_2="Second floor")

    coaching = ServiceFactory(
        organisation=org,
        name="Start-up coaching",
        description="One-to-one coaching for people starting a business.",
        url="https://northway.example/coaching",
        email="coaching@northway.example",
        phone="01942 111111",
        eligibility="Anyone in Wigan thinking of starting a business.",
        support_types=["coaching", "peer-support"],
        business_types=["co-operative"],
    )
    coaching.languages.add(*Language.objects.filter(code__in=["en", "ur"]))
    coaching_wigan = ServiceAtLocation.objects.create(service=coaching, location=wigan)
    ServiceAtLocation.objects.create(service=coaching, location=bradford)
    Schedule.objects.create(service=coaching, byday="MO", opens_at=time(9), closes_at=time(17))
    Schedule.objects.create(
        service=coaching,
        service_at_location=coaching_wigan,
        byday="TH",
        opens_at=time(18),
        closes_at=time(20, 30),
        description="Evening drop-in",
    )
    finance = ServiceFactory(
        organisation=org,
        name="Community shares advice",
        description="Help to raise money through community shares.",
        status=Service.Status.TEMPORARILY_CLOSED,
        is_free=False,
        fees_description="£20 a session.",
        support_types=["finance"],
    )
    ServiceAtLocation.objects.create(service=finance, location=bradford)
    quiet = ServiceFactory(
        organisation=bare, name="Peer circle", description="A monthly peer group."
    )
    support_types = Taxonomy.objects.get(slug="support-types")
    parent = TaxonomyTerm.objects.get(taxonomy=support_types, code="practical-help")
    child = TaxonomyTerm.objects.create(
        taxonomy=support_types,
        code="volunteer-specialists",
        name="Volunteer specialists",
        description="A volunteer with the skills a business needs.",
        parent=parent,
        position=99,
    )
    return {
        "org": org,
        "bare": bare,
        "coaching": coaching,
        "finance": finance,
        "quiet": quiet,
        "wigan": wigan,
        "bradford": bradford,
        "link": coaching_wigan,
        "taxonomy": support_types,
        "parent": parent,
        "child": child,
    }


def _ids(directory) -> dict[str, str]:
    return {
        "/services/{id}": str(directory["coaching"].pk),
        "/organizations/{id}": str(directory["org"].pk),
        "/service_at_locations/{id}": str(directory["link"].pk),
        "/taxonomies/{id}": str(directory["taxonomy"].pk),
        "/taxonomy_terms/{id}": str(directory["child"].pk),
    }


def _url(path: str, ids: dict[str, str] | None = None) -> str:
    return BASE + path.replace("{id}", (ids or {}).get(path, MISSING))


def get(path: str, params=None, client=None):
    return (client or Client()).get(path, params or {})


# Every path of the standard, validated --------------------------------------------------


def test_it_serves_every_path_of_the_standard_and_each_answer_validates(standard, directory):
    ids = _ids(directory)
    for path in standard.openapi["paths"]:
        response = get(_url(path, ids))
        assert response.status_code == 200, (path, response.content)
        assert response["Content-Type"].startswith("application/json")
        standard.validate(path, response.json())


VARIANTS = [
    ("/services", {"full": "true"}),
    ("/services", {"minimal": "true"}),
    ("/services", {"per_page": "1", "page": "2"}),
    ("/services", {"search": "COACHING"}),
    ("/organizations", {"full": "true"}),
    ("/organizations", {"full_service": "true"}),
    ("/organizations/{id}", {"full_service": "true"}),
    ("/service_at_locations", {"full": "true"}),
    ("/service_at_locations", {"postcode": "WN1 1AA", "proximity": "100000"}),
    ("/taxonomy_terms", {"top_only": "true"}),
]


@pytest.mark.parametrize(
    ("path", "params"), VARIANTS, ids=[f"{p}?{'&'.join(q)}" for p, q in VARIANTS]
)
def test_each_variant_validates(standard, directory, path, params):
    response = get(_url(path, _ids(directory)), params)
    assert response.status_code == 200, response.content
    standard.validate(path, response.json())
    if path.endswith("s") and "contents" in response.json():
        assert response.json()["contents"], "a variant should be checked with something in it"


def test_every_list_validates_when_the_directory_is_empty(standard, cast):
    Organisation.objects.all().delete()
    Taxonomy.objects.all().delete()
    for path in standard.openapi["paths"]:
        response = get(_url(path))
        if "{id}" in path:
            assert response.status_code == 404, path
            continue
        assert response.status_code == 200, path
        body = response.json()
        standard.validate(path, body)
        if path != "/":
            assert body["contents"] == [] and body["total_items"] == 0 and body["empty"] is True
            assert body["first_page"] is True and body["last_page"] is True


def test_the_validator_checks_formats_and_required_fields(standard, directory):
    body = get(_url("/services/{id}", _ids(directory))).json()
    validator = standard.validator(standard.response_ref("/services/{id}"))
    validator.validate(body)
    for broken in (
        {**body, "id": "not-a-uuid"},
        {**body, "last_modified": "yesterday"},
        {**body, "url": "not a uri"},
        {**body, "status": "open"},
        {k: v for k, v in body.items() if k != "name"},
        {**body, "organization": {**body["organization"], "id": "123"}},
    ):
        with pytest.raises(ValidationError):
            validator.validate(broken)


# What a record says -----------------------------------------------------------------------


def test_a_service_is_fully_nested_with_stable_ids(directory):
    url = _url("/services/{id}", _ids(directory))
    body = get(url).json()
    coaching = directory["coaching"]
    assert body["id"] == str(coaching.pk)
    assert body["organization"]["organization_identifiers"][0]["identifier_scheme"] == "GB-COH"
    assert {a["taxonomy_term"]["code"] for a in body["attributes"]} == {
        "coaching",
        "peer-support",
        "co-operative",
    }
    assert {a["link_type"] for a in body["attributes"]} == {"support-types", "business-types"}
    assert all(a["link_id"] == str(coaching.pk) for a in body["attributes"])
    assert {language["code"] for language in body["languages"]} == {"en", "ur"}
    assert [s["byday"] for s in body["schedules"]] == ["MO", "TH"]
    assert body["schedules"][1]["service_at_location_id"] == str(directory["link"].pk)
    assert body["schedules"][1]["opens_at"] == "18:00"
    assert body["cost_options"][0]["amount"] == 0
    assert body["contacts"][0]["phones"][0]["number"] == "01942 111111"
    locations = {s["location"]["name"]: s["location"] for s in body["service_at_locations"]}
    assert locations["Northway Centre"]["addresses"][0]["postal_code"] == "WN1 1AA"
    assert locations["Northway Centre"]["accessibility"][0]["description"] == "Step-free entrance."
    assert locations["Bradford Office"]["latitude"] == pytest.approx(53.79, abs=0.01)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", body["last_modified"])
    # Derived ids are the same on every request, and unique.
    again = get(url).json()
    assert again == body
    derived = [a["id"] for a in body["attributes"]] + [
        language["id"] for language in body["languages"]
    ]
    assert len(set(derived)) == len(derived)
    assert all(uuid.UUID(i) for i in derived)


def test_every_service_status_is_one_the_standard_knows(standard):
    schema = json.loads((standard.root / "schema" / "service.json").read_text())
    assert set(Service.Status.values) <= set(schema["properties"]["status"]["enum"])


def test_blank_contact_details_are_left_out(directory):
    body = get(
        _url("/organizations/{id}", {"/organizations/{id}": str(directory["bare"].pk)})
    ).json()
    assert "email" not in body and "website" not in body
    assert body["description"] == ""
    assert body["contacts"] == []
    assert [s["name"] for s in body["services"]] == ["Peer circle"]


def test_a_paid_service_has_its_fees_and_its_status(directory):
    body = get(_url("/services/{id}", {"/services/{id}": str(directory["finance"].pk)})).json()
    assert body["status"] == "temporarily closed"
    assert body["cost_options"][0]["amount_description"] == "£20 a session."
    assert "amount" not in body["cost_options"][0]


def test_it_pages_the_standard_way(directory):
    body = get(f"{BASE}/services", {"per_page": "2", "page": "2"}).json()
    assert {k: v for k, v in body.items() if k != "contents"} == {
        "total_items": 3,
        "total_pages": 2,
        "page_number": 2,
        "size": 1,
        "first_page": False,
        "last_page": True,
        "empty": False,
    }
    beyond = get(f"{BASE}/services", {"page": "99"}).json()
    assert beyond["contents"] == [] and beyond["empty"] is True and beyond["last_page"] is True


def test_minimal_services_have_only_what_the_schema_requires(directory):
    body = get(f"{BASE}/services", {"minimal": "true"}).json()
    assert {tuple(sorted(s)) for s in body["contents"]} == {
        ("id", "last_modified", "name", "status")
    }


def test_services_are_filtered_as_asked(directory):
    def names(**params):
        return {s["name"] for s in get(f"{BASE}/services", params).json()["contents"]}

    coaching_term = TaxonomyTerm.objects.get(taxonomy__slug="support-types", code="coaching")
    business_types = Taxonomy.objects.get(slug="business-types")
    assert names(search="community SHARES") == {"Community shares advice"}
    assert names(search="monthly") == {"Peer circle"}
    assert names(taxonomy_term_id=str(coaching_term.pk)) == {"Start-up coaching"}
    assert names(taxonomy_id=str(business_types.pk)) == {"Start-up coaching"}
    assert names(taxonomy_id=str(directory["taxonomy"].pk)) == {
        "Start-up coaching",
        "Community shares advice",
    }
    assert names(organization_id=str(directory["bare"].pk)) == {"Peer circle"}
    assert names(organization_id=MISSING) == set()
    assert len(names(modified_after="2000-01-01")) == 3
    assert names(modified_after="2999-01-01T00:00:00+01:00") == set()


def test_service_at_locations_are_filtered_as_asked(directory):
    def pairs(**params):
        contents = get(f"{BASE}/service_at_locations", params).json()["contents"]
        return {(c["service"]["name"], c["location"]["name"]) for c in contents}

    assert len(pairs()) == 3
    assert pairs(search="bradford office") == {
        ("Start-up coaching", "Bradford Office"),
        ("Community shares advice", "Bradford Office"),
    }
    finance_term = TaxonomyTerm.objects.get(taxonomy__slug="support-types", code="finance")
    assert pairs(taxonomy_term_id=str(finance_term.pk)) == {
        ("Community shares advice", "Bradford Office")
    }
    assert pairs(organization_id=str(directory["bare"].pk)) == set()
    assert pairs(modified_after="2999-01-01") == set()


def test_taxonomy_terms_are_filtered_as_asked(directory):
    def codes(**params):
        return {
            t["code"]
            for t in get(f"{BASE}/taxonomy_terms", {"per_page": "1000", **params}).json()[
                "contents"
            ]
        }

    everything = codes()
    assert {"coaching", "co-operative", "volunteer-specialists"} <= everything
    assert codes(parent_id=str(directory["parent"].pk)) == {"volunteer-specialists"}
    assert "volunteer-specialists" not in codes(top_only="true")
    assert codes(taxonomy_id=str(Taxonomy.objects.get(slug="business-types").pk)) == {
        "co-operative",
        "community-business",
        "social-enterprise",
        "charity",
        "small-local-firm",
        "not-sure-yet",
    }
    child = get(_url("/taxonomy_terms/{id}", _ids(directory))).json()
    assert child["parent_id"] == str(directory["parent"].pk)
    assert child["taxonomy"] == "Support types"


def test_the_activities_of_the_logic_model_are_a_published_taxonomy(cast):
    names = [t["name"] for t in get(f"{BASE}/taxonomies").json()["contents"]]
    assert "Support types" in names and "Business types" in names
    assert any(name.startswith("Activities of") for name in names)


def test_it_publishes_nothing_about_people(directory, client_for):
    everything = "".join(
        get(BASE + path, params).content.decode()
        for path, params in [
            ("/services", {"full": "true"}),
            ("/organizations", {"full_service": "true"}),
            ("/service_at_locations", {"full": "true"}),
        ]
    )
    for user in get_user_model().objects.all():
        assert user.email not in everything
    assert "membership" not in everything.lower()


def test_api_details_point_at_our_openapi_document():
    body = get(f"{BASE}/").json()
    assert body == {
        "version": "3.0",
        "profile": "https://openreferraluk.org/specifications/3.0",
        "openapi_url": "http://testserver/api/oruk/openapi.json",
    }
    assert get(body["openapi_url"]).status_code == 200


# Parameters: exactly those of the standard, values we can honour ------------------------


def _valid_values(directory) -> dict[str, dict[str, str]]:
    """For each parameter, a value (and any companion) that the API must accept."""
    return {
        "search": {"search": "coaching"},
        "page": {"page": "1"},
        "per_page": {"per_page": "10"},
        "format": {"format": "json"},
        "taxonomy_id": {"taxonomy_id": str(directory["taxonomy"].pk)},
        "taxonomy_term_id": {"taxonomy_term_id": str(directory["parent"].pk)},
        "organization_id": {"organization_id": str(directory["org"].pk)},
        "modified_after": {"modified_after": "2020-01-01T00:00:00Z"},
        "minimal": {"minimal": "true"},
        "full": {"full": "true"},
        "full_service": {"full_service": "true"},
        "top_only": {"top_only": "true"},
        "parent_id": {"parent_id": str(directory["parent"].pk)},
        "postcode": {"postcode": "wn11aa"},
        "proximity": {"proximity": "5000", "postcode": "WN1 1AA"},
    }


def test_each_endpoint_accepts_exactly_the_parameters_the_standard_gives_it(standard, directory):
    valid = _valid_values(directory)
    assert set(valid) == standard.all_query_parameters
    ids = _ids(directory)
    for path in standard.openapi["paths"]:
        declared = standard.query_parameters(path)
        for name in sorted(standard.all_query_parameters | {"colour"}):
            if name in declared:
                response = get(_url(path, ids), valid[name])
                assert response.status_code == 200, (path, name, response.content)
                standard.validate(path, response.json())
            else:
                response = get(_url(path, ids), {name: valid.get(name, {name: "1"})[name]})
                assert response.status_code == 400, (path, name)
                assert f"'{name}'" in response.json()["detail"], (path, name)
                assert response["Access-Control-Allow-Origin"] == "*"


BAD_VALUES = [
    ("/services", "page", {"page": "0"}),
    ("/services", "page", {"page": "two"}),
    ("/services", "per_page", {"per_page": "0"}),
    ("/services", "per_page", {"per_page": "100001"}),
    ("/services", "format", {"format": "ndjson"}),
    ("/services", "taxonomy_id", {"taxonomy_id": "support-types"}),
    ("/services", "taxonomy_term_id", {"taxonomy_term_id": "12"}),
    ("/services", "organization_id", {"organization_id": ""}),
    ("/services", "modified_after", {"modified_after": "yesterday"}),
    ("/services", "modified_after", {"modified_after": "2024-13-45"}),
    ("/services", "modified_after", {"modified_after": "0001-01-01T00:00:00+01:00"}),
    ("/services", "minimal", {"minimal": "perhaps"}),
    ("/services", "full", {"full": "2"}),
    ("/services", "minimal", {"minimal": "true", "full": "true"}),
    ("/services", "search", {"search": "nul\x00byte"}),
    ("/services", "page", {"page": ["1", "2"]}),
    ("/organizations", "full_service", {"full_service": "everything"}),
    ("/organizations/{id}", "full_service", {"full_service": "x"}),
    ("/taxonomies", "per_page", {"per_page": "-1"}),
    ("/taxonomy_terms", "top_only", {"top_only": "maybe"}),
    ("/taxonomy_terms", "parent_id", {"parent_id": "root"}),
    ("/taxonomy_terms", "taxonomy_id", {"taxonomy_id": "x"}),
    ("/service_at_locations", "postcode", {"postcode": "NOT A POSTCODE"}),
    ("/service_at_locations", "postcode", {"postcode": "ZZ9 9ZZ"}),
    ("/service_at_locations", "postcode", {"postcode": ""}),
    ("/service_at_locations", "proximity", {"proximity": "5000"}),
    ("/service_at_locations", "proximity", {"postcode": "WN1 1AA", "proximity": "-5"}),
    ("/service_at_locations", "proximity", {"postcode": "WN1 1AA", "proximity": "far"}),
    ("/service_at_locations", "proximity", {"postcode": "WN1 1AA", "proximity": "nan"}),
]


@pytest.mark.parametrize(
    ("path", "name", "params"), BAD_VALUES, ids=[f"{p}-{json.dumps(q)}" for p, _, q in BAD_VALUES]
)
def test_a_value_it_cannot_honour_is_refused_naming_the_parameter(directory, path, name, params):
    response = get(_url(path, _ids(directory)), params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert f"'{name}'" in response.json()["detail"]
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "path",
    [
        "/services/{id}",
        "/organizations/{id}",
        "/service_at_locations/{id}",
        "/taxonomies/{id}",
        "/taxonomy_terms/{id}",
    ],
)
@pytest.mark.parametrize("missing", [MISSING, "not-a-uuid"])
def test_a_missing_id_is_a_json_404(cast, path, missing):
    response = get(BASE + path.replace("{id}", missing))
    assert response.status_code == 404
    assert missing in response.json()["detail"]
    assert response["Access-Control-Allow-Origin"] == "*"


# Open to everyone, read only --------------------------------------------------------------


@pytest.mark.parametrize("persona", ["anonymous", "entrepreneur", "staff_a", "admin"])
def test_anyone_may_read_it_signed_in_or_not(directory, client_for, persona):
    response = client_for(persona).get(f"{BASE}/services")
    assert response.status_code == 200
    assert response.json()["total_items"] == 3


def test_every_answer_carries_the_cors_header(standard, directory):
    ids = _ids(directory)
    for path in standard.openapi["paths"]:
        assert get(_url(path, ids))["Access-Control-Allow-Origin"] == "*", path
    assert get(f"{BASE}/openapi.json")["Access-Control-Allow-Origin"] == "*"


def test_it_answers_a_cors_preflight():
    response = Client().options(
        f"{BASE}/services",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "accept, x-requested-with",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert response["Access-Control-Allow-Headers"] == "accept, x-requested-with"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_refuses_to_write(directory, method):
    client = Client(enforce_csrf_checks=True)
    for url in (f"{BASE}/services", _url("/services/{id}", _ids(directory)), f"{BASE}/"):
        response = getattr(client, method)(url)
        assert response.status_code == 405, (url, response.status_code)
        assert response.json()["detail"]
        assert "GET" in response["Allow"]
        assert response["Access-Control-Allow-Origin"] == "*"
    assert Service.objects.count() == 3


def test_head_answers_like_get_without_a_body(directory):
    response = Client().head(f"{BASE}/services")
    assert response.status_code == 200
    assert response.content == b""
    assert response["Access-Control-Allow-Origin"] == "*"


# Our own OpenAPI document -------------------------------------------------------------------


def test_our_openapi_document_has_the_standards_paths_and_parameters(standard):
    response = get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    ours = response.json()
    assert ours["servers"] == [{"url": BASE}]
    assert set(ours["paths"]) == set(standard.openapi["paths"])
    for path, operations in ours["paths"].items():
        assert set(operations) == {"get"}, path
        names = {p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"}
        # The copy one folder up, and what the current document adds (test_oruk_parameters.py
        # checks the two together).
        assert names >= standard.query_parameters(path), path
        schema = operations["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        if path == "/":
            continue  # our own description of the API's details (test_oruk_document.py)
        # A published schema, or (for taxonomies and their terms, which have no published
        # page schema) a page whose records are the published schema.
        ref = schema.get("$ref") or schema["properties"]["contents"]["items"]["$ref"]
        name = ref.rsplit("/", 1)[-1]
        expected = standard.response_ref(path).rsplit("/", 1)[-1]
        assert name in (expected, expected.replace("_list", "")), path


def test_it_serves_no_docs_page_that_would_load_a_cdn():
    assert Client().get(f"{BASE}/docs", follow=True).status_code == 404
    assert "cdn" not in get(f"{BASE}/openapi.json").content.decode().lower()


# Fuzzing our own OpenAPI document (schemathesis-style, offline) ----------------------------


def _value_strategy(schema: dict):
    from hypothesis import strategies as st

    options = schema.get("anyOf", [schema])
    kinds = {o.get("type") for o in options} | {o.get("format") for o in options}
    text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
    typed = []
    if "integer" in kinds:
        typed.append(st.integers(-5, 10**20).map(str))
    if "number" in kinds:
        typed.append(st.floats(allow_nan=True, allow_infinity=True).map(str))
    if "boolean" in kinds:
        typed.append(st.sampled_from(["true", "false", "1", "0", "yes", "TRUE", ""]))
    if "uuid" in kinds:
        typed.append(st.uuids().map(str))
    if "date-time" in kinds:
        typed.append(st.datetimes().map(lambda d: d.isoformat()))
    if "const" in schema:
        typed.append(st.just(schema["const"]))
    return st.one_of(*typed, text) if typed else text


def test_fuzzing_every_operation_of_our_openapi_document_never_breaks_it(standard, directory):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    ours = get(f"{BASE}/openapi.json").json()
    ids = _ids(directory)
    operations = []
    for path, methods in ours["paths"].items():
        parameters = {
            p["name"]: _value_strategy(p["schema"])
            for p in methods["get"].get("parameters", [])
            if p["in"] == "query"
        }
        operations.append((path, parameters))

    @st.composite
    def requests(draw):
        path, parameters = draw(st.sampled_from(operations))
        names = (
            draw(st.lists(st.sampled_from(sorted(parameters)), unique=True)) if parameters else []
        )
        query = {name: draw(parameters[name]) for name in names}
        if draw(st.booleans()):
            path_id = ids.get(path, MISSING)
        else:
            path_id = draw(
                st.text(
                    st.characters(codec="ascii", categories=("L", "N")), min_size=1, max_size=40
                )
            )
        return path, path_id, query

    @settings(
        max_examples=300,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(requests())
    def check(request):
        path, path_id, query = request
        response = Client().get(BASE + path.replace("{id}", path_id), query)
        assert response["Access-Control-Allow-Origin"] == "*"
        body = response.json()
        if response.status_code == 200:
            standard.validate(path, body)
        elif response.status_code == 400:
            assert any(f"'{name}'" in body["detail"] for name in query), body
        else:
            assert response.status_code == 404 and "{id}" in path, (response.status_code, body)

    check()


def test_a_service_publishes_the_model_activities_it_delivers(directory):
    from ecosystem.models import TaxonomyTerm

    coaching = directory["coaching"]
    relational = TaxonomyTerm.objects.get(
        taxonomy__slug="empowering-places-activities", code="relational-approaches"
    )
    coaching.activities.add(relational)
    body = get(_url("/services/{id}", _ids(directory))).json()
    activities = [a for a in body["attributes"] if a["link_type"] == "empowering-places-activities"]
    assert [a["taxonomy_term_id"] for a in activities] == [str(relational.pk)]
    listed = get(f"/api/oruk/services?taxonomy_term_id={relational.pk}").json()
    assert [s["id"] for s in listed["contents"]] == [str(coaching.pk)]


def test_every_record_of_the_demo_directory_validates(standard, cast):
    """The demo content that `make run` loads, every record of every kind, full and nested."""
    from demo.directory import seed_directory
    from ecosystem.models import Service, ServiceAtLocation, TaxonomyTerm

    seed_directory()
    lists = {
        "/services": {"full": "true", "per_page": "1000"},
        "/organizations": {"full_service": "true", "per_page": "1000"},
        "/service_at_locations": {"full": "true", "per_page": "1000"},
        "/taxonomies": {"per_page": "1000"},
        "/taxonomy_terms": {"per_page": "1000"},
    }
    for path, params in lists.items():
        body = get(BASE + path, params).json()
        assert body["contents"], path
        standard.validate(path, body)
    records = {
        "/services/{id}": Service.objects.values_list("pk", flat=True),
        "/organizations/{id}": Organisation.objects.values_list("pk", flat=True),
        "/service_at_locations/{id}": ServiceAtLocation.objects.values_list("pk", flat=True),
        "/taxonomies/{id}": Taxonomy.objects.values_list("pk", flat=True),
        "/taxonomy_terms/{id}": TaxonomyTerm.objects.values_list("pk", flat=True),
    }
    for path, ids in records.items():
        for pk in ids:
            response = get(BASE + path.replace("{id}", str(pk)))
            assert response.status_code == 200, (path, pk)
            standard.validate(path, response.json())
