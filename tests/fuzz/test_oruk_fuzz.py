"""The ORUK API fed query parameters generated from the OpenAPI document it serves.

What schemathesis would do, with hypothesis alone: for every GET operation in
/api/oruk/openapi.json, each parameter's value is drawn from its schema (type, enum,
const, format, minimum, maximum) or is deliberately wrong for it, and the answer must
be JSON: 200 with the standard's page for a list, or 400/404/422 with a "detail" that
says why. Never a 5xx. Values that fit the schema (and none of the documented rules
between parameters) must give 200. The site's other JSON answers are fuzzed at the end.
"""

from datetime import UTC, date, time, timedelta
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st

from ecosystem.models import Schedule
from ecosystem.oruk.api import api
from insights.models import Report
from tests.ecosystem.factories import ServiceAtLocationFactory, ServiceFactory
from tests.fuzz import FUZZ, HOSTILE, nasty_words

pytestmark = pytest.mark.django_db

BASE = "/api/oruk"
ERRORS = (400, 404, 422)
# Parameters whose schema-valid values the API may still refuse, as its description says:
# proximity needs a postcode, a postcode must be one we know, and minimal and full exclude
# each other.
MAY_BE_REFUSED = {"postcode", "proximity"}
BOOLEAN_WORDS = ["true", "false", "True", "FALSE", "1", "0", "yes", "no", "on", "off"]
KNOWN_POSTCODES = ["WN1 1AA", "wn11aa", "BD1 1AA", "ZZ99 9ZZ"]


def _operations() -> list[tuple[str, dict]]:
    """Every GET operation the API declares (the same object serves the document)."""
    schema = api.get_openapi_schema()
    return [(path, item["get"]) for path, item in schema["paths"].items() if "get" in item]


OPERATIONS = _operations()


@pytest.fixture
def served(db) -> dict:
    """The OpenAPI document as the site serves it."""
    response = Client().get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def directory(cast):
    """Two services at locations with opening times, so pages and nested records are not empty."""
    for name in ("Bike repair coaching", "Café start-up clinic"):
        link = ServiceAtLocationFactory(
            service=ServiceFactory(name=name, support_types=["coaching"])
        )
        Schedule.objects.create(
            service=link.service, byday="MO", opens_at=time(9), closes_at=time(17)
        )


# Values from a parameter's schema ----------------------------------------------------------


def _fitting(schema: dict, ids: list[str]):
    """Values, as they are written in a query string, that the schema allows (NUL aside)."""
    if "anyOf" in schema:
        return st.one_of([_fitting(s, ids) for s in schema["anyOf"] if s.get("type") != "null"])
    if "const" in schema:
        return st.just(str(schema["const"]))
    if "enum" in schema:
        return st.sampled_from([str(v) for v in schema["enum"]])
    kind, form = schema.get("type"), schema.get("format")
    if kind == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        return st.integers(low, high if high is not None else 10**6).map(str)
    if kind == "number":
        return st.floats(
            min_value=schema.get("minimum", schema.get("exclusiveMinimum")),
            max_value=10**6,
            exclude_min="exclusiveMinimum" in schema,
            allow_nan=False,
            allow_infinity=False,
        ).map(str)
    if kind == "boolean":
        return st.sampled_from(BOOLEAN_WORDS)
    if form == "uuid":
        return st.one_of(st.sampled_from(ids), st.uuids().map(str)) if ids else st.uuids().map(str)
    if form == "date-time":
        moments = st.datetimes(timezones=st.sampled_from([None, UTC]))
        return moments.map(lambda d: d.isoformat())
    if form == "time":
        return st.times().map(lambda t: t.strftime("%H:%M:%S" if t.second else "%H:%M"))
    return st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"))


def _wrong(schema: dict):
    """Values a client might send that the schema does not allow (or text of any kind)."""
    bounds = [
        st.integers(max_value=int(schema["minimum"]) - 1).map(str)
        for s in [schema, *schema.get("anyOf", [])]
        if "minimum" in s and s.get("type") == "integer"
    ]
    return st.one_of(
        nasty_words,
        st.sampled_from(HOSTILE),
        st.integers(min_value=10**18).map(str),
        st.sampled_from(["1.5", "-0", "9" * 400, "nan", "inf", "-inf", "2026-13-45T25:61"]),
        *bounds,
    )


def _parameter_values(data, operation: dict, ids: list[str]) -> tuple[dict, bool]:
    """Some of the operation's query parameters with values; and whether all fit their schemas.

    Half the examples keep to the schemas; the others get wrong values, an unknown
    parameter or one given twice.
    """
    declared = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}
    names = st.sets(st.sampled_from(sorted(declared)), max_size=5) if declared else st.just(set())
    chosen = data.draw(names, label="parameters")
    spoil = data.draw(st.booleans(), label="spoil")
    values, fitting = {}, True
    for name in sorted(chosen):
        schema = declared[name]["schema"]
        if spoil and data.draw(st.booleans(), label=f"spoil {name}"):
            values[name] = data.draw(_wrong(schema), label=f"wrong {name}")
            fitting = False
        else:
            values[name] = data.draw(_fitting(schema, ids), label=name)
    if "postcode" in values and fitting:
        values["postcode"] = data.draw(st.sampled_from(KNOWN_POSTCODES), label="postcode")
    extra = (
        data.draw(st.sampled_from([None, "unknown", "repeated"]), label="extra") if spoil else None
    )
    if extra == "unknown":
        values[data.draw(st.sampled_from(["q", "limit", "sort", "PAGE"]), label="unknown")] = "1"
        fitting = False
    query = urlencode(values)
    if extra == "repeated" and values:
        name = sorted(values)[0]
        query += "&" + urlencode({name: values[name]})
        fitting = False
    return {"query": query, "values": values}, fitting


def _path_values(data, path: str, ids: list[str]) -> tuple[str, bool]:
    """The path with its {id} filled: a real record's id, an unknown uuid, or junk."""
    if "{id}" not in path:
        return path, True
    junk = nasty_words.filter(lambda s: s and "/" not in s and s not in (".", ".."))
    choice = data.draw(st.sampled_from(["real", "unknown", "junk"] if ids else ["unknown", "junk"]))
    if choice == "real":
        return path.replace("{id}", data.draw(st.sampled_from(ids), label="id")), True
    if choice == "unknown":
        return path.replace("{id}", str(data.draw(st.uuids(), label="id"))), False
    return path.replace("{id}", quote(data.draw(junk, label="junk id"), safe="")), False


def _records(client, listing: str) -> list[dict]:
    return client.get(f"{BASE}{listing}", {"per_page": 1000}).json()["contents"]


def _ids(client, path: str) -> tuple[list[str], list[str]]:
    """The ids of the records a detail path serves (read from its list), and the ids the
    filters take (organisations, taxonomies and their terms)."""
    own = []
    if "{id}" in path:
        own = [record["id"] for record in _records(client, path.removesuffix("/{id}"))]
    terms = _records(client, "/taxonomy_terms")
    services = _records(client, "/services")
    filters = [t["id"] for t in terms] + [t["taxonomy_id"] for t in terms if t.get("taxonomy_id")]
    filters += [s["organization"]["id"] for s in services if s.get("organization")]
    return own, filters


# The fuzz test ---------------------------------------------------------------------------


def test_it_fuzzes_every_get_operation_the_served_document_declares(served):
    declared = sorted(p for p, item in served["paths"].items() if "get" in item)

    assert declared == sorted(p for p, _ in OPERATIONS)
    assert len(declared) >= 10


def _refused_for_a_documented_rule(values: dict) -> bool:
    both = {values.get("minimal", "").lower(), values.get("full", "").lower()}
    return bool(MAY_BE_REFUSED & set(values)) or both <= {"true", "1", "yes", "on"}


@pytest.mark.parametrize(("path", "operation"), OPERATIONS, ids=[p for p, _ in OPERATIONS])
@FUZZ
@given(data=st.data())
def test_it_answers_json_to_any_query_of(directory, served, path, operation, data):
    client = Client()
    operation = served["paths"][path]["get"]  # the served document's own description of it
    own_ids, filter_ids = _ids(client, path)
    address, path_fits = _path_values(data, path, own_ids)
    query, fitting = _parameter_values(data, operation, filter_ids)

    response = client.get(f"{BASE}{address}?{query['query']}")
    event(f"answered {response.status_code}")

    assert response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    if response.status_code == 200:
        if "{id}" not in path and "contents" in body:
            _assert_a_page(body, query["values"])
        elif "{id}" in path:
            assert body["id"] == address.rsplit("/", 1)[-1]
    else:
        assert response.status_code in ERRORS
        assert isinstance(body.get("detail"), str)
        assert body["detail"]
        if path_fits and fitting:
            assert _refused_for_a_documented_rule(query["values"]), body["detail"]
    if not path_fits:
        assert response.status_code == 404 or (response.status_code == 400 and not fitting)


def _assert_a_page(body: dict, values: dict) -> None:
    assert body["size"] == len(body["contents"])
    assert body["page_number"] == int(values.get("page", 1))
    assert body["size"] <= int(values.get("per_page", 50))
    assert body["total_items"] >= body["size"]
    assert body["empty"] is (body["size"] == 0)


# The site's other JSON answers -----------------------------------------------------------

any_query = st.dictionaries(
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20),
    nasty_words,
    max_size=4,
)


@FUZZ
@given(query=any_query)
def test_it_answers_the_health_check_in_json_whatever_the_query(db, query):
    response = Client().get(reverse("healthz"), query)

    assert response.status_code == 200
    assert response.json()["status"] in ("ok", "degraded")
    assert response.json()["database"] == "ok"


@pytest.fixture
def report(cast):
    return Report.objects.create(
        place=cast.place_a,
        start=date(2026, 1, 1),
        end=date(2026, 1, 1) + timedelta(days=180),
        period_label="01/01/2026 to 30/06/2026",
        requested_by=cast.user("commissioner"),
    )


@FUZZ
@given(query=any_query, other=st.uuids())
def test_it_answers_a_report_status_in_json_whatever_the_query(client_for, report, query, other):
    client = client_for("commissioner")

    response = client.get(reverse("insights:report_status", args=[report.pk]), query)
    missing = client.get(reverse("insights:report_status", args=[other]), query)

    assert response.status_code == 200
    assert response.json()["status"] == Report.Status.WAITING
    assert missing.status_code == 404
