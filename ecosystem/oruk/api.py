"""The Open Referral UK 3.0 API: the directory's services, organisations and taxonomies, for anyone.

Paths and query parameters are exactly those of the standard's openapi.json; each
response validates against the standard's JSON Schema of the same name. Reads
only: ``http.open_read_only`` (applied in ``urls.py``) answers other methods,
CORS preflight and sign-in.
"""

import inspect
import typing
from datetime import UTC
from functools import wraps
from math import ceil
from uuid import UUID

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Query
from ninja.errors import HttpError, ValidationError

from ecosystem.postcodes import lookup_postcode

from . import records, selectors
from .params import (
    FilteredListParams,
    ListParams,
    OrganizationListParams,
    OrganizationParams,
    ServiceAtLocationListParams,
    ServiceListParams,
    TaxonomyTermListParams,
)

VERSION = "3.0"
PROFILE = "https://openreferraluk.org/specifications/3.0"
# Where the standard publishes its schemas: the HSDS-UK schemata on its own site, and the
# uk-profile's compiled (fully nested) schemas that the validator checks responses against.
SCHEMATA = "https://openreferraluk.org/specifications/3.0/schemata/"
COMPILED = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/compiled/"
COMPILED_SCHEMAS = {
    "organization",
    "organization_list",
    "service",
    "service_list",
    "service_at_location",
    "service_at_location_list",
}
PAGE = {
    "type": "object",
    "description": "A page of records and where it sits among the others.",
    "properties": {
        "total_items": {"type": "integer", "description": "How many records there are."},
        "total_pages": {"type": "integer", "description": "How many pages there are."},
        "page_number": {"type": "integer", "description": "The number of this page."},
        "size": {"type": "integer", "description": "How many records this page holds."},
        "first_page": {"type": "boolean", "description": "Whether this is the first page."},
        "last_page": {"type": "boolean", "description": "Whether this is the last page."},
        "empty": {"type": "boolean", "description": "Whether this page holds no records."},
        "contents": {"type": "array", "items": {}},
    },
    "required": ["total_items", "total_pages", "page_number", "size", "contents"],
}
API_DETAILS = {
    "type": "object",
    "properties": {
        "version": {"type": "string", "description": "The HSDS version of this API."},
        "profile": {"type": "string", "format": "uri", "description": "The HSDS profile."},
        "openapi_url": {
            "type": "string",
            "format": "uri",
            "description": "The address of this API's OpenAPI document.",
        },
    },
    "required": ["version"],
}


def response_schema(name: str) -> dict:
    """The 200 response's schema: a published schema where the standard has one, else ours
    (the API's details, and the pages of taxonomies and terms, made of published records)."""
    if name in COMPILED_SCHEMAS:
        return {"$ref": f"{COMPILED}{name}.json"}
    if name == "api_details":
        return API_DETAILS
    if name.endswith("_list"):
        record = name.removesuffix("_list")
        page = {
            **PAGE["properties"],
            "contents": {"type": "array", "items": {"$ref": f"{SCHEMATA}{record}.json"}},
        }
        return {**PAGE, "properties": page}
    return {"$ref": f"{SCHEMATA}{name}.json"}


class OrukAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        # Paths as the standard writes them (/services), under a server at our mount point.
        schema = super().get_openapi_schema(path_prefix="", path_params=path_params)
        schema["servers"] = [{"url": reverse("oruk:api_details").rstrip("/")}]
        return schema


api = OrukAPI(
    title="Open Referral UK 3.0",
    version=VERSION,
    description=(
        "The business support services in this directory, published to the Open Referral UK "
        f"3.0 standard ({PROFILE}). Read only and open to everyone."
    ),
    urls_namespace="oruk",
    openapi_url="/openapi.json",
    # ninja's docs page loads Swagger UI from a CDN; the JSON document is enough.
    docs_url=None,
)


# Errors: a clear JSON answer naming what was wrong -----------------------------------


def _problem(request, detail: str, status: int):
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(ValidationError)
def _invalid_parameter(request, exc: ValidationError):
    problems = []
    for error in exc.errors:
        name = ".".join(str(part) for part in error["loc"][1:]) or "request"
        problems.append(f"Query parameter '{name}': {error['msg']}.")
    return _problem(request, " ".join(problems), 400)


def refuse_unknown_parameters(view):
    """Answer 400 to a query parameter this endpoint does not declare, or one given twice."""
    accepted = set()
    for hint in typing.get_type_hints(view, include_extras=True).values():
        if typing.get_origin(hint) is typing.Annotated:
            model = typing.get_args(hint)[0]
            if inspect.isclass(model) and hasattr(model, "model_fields"):
                accepted.update(model.model_fields)

    @wraps(view)
    def checked(request, *args, **kwargs):
        unknown = sorted(set(request.GET) - accepted)
        if unknown:
            offered = ", ".join(sorted(accepted)) or "none"
            raise HttpError(
                400,
                f"Unknown query parameter '{unknown[0]}'. This endpoint accepts: {offered}.",
            )
        for name in request.GET:
            if len(request.GET.getlist(name)) > 1:
                raise HttpError(400, f"Query parameter '{name}' is given more than once.")
        return view(request, *args, **kwargs)

    return checked


api.add_decorator(refuse_unknown_parameters)


def _get_or_404(queryset: QuerySet, pk: str, what: str) -> Model:
    try:
        return queryset.get(pk=UUID(pk))
    except (ValueError, queryset.model.DoesNotExist):
        raise HttpError(404, f"There is no {what} with id {pk}.") from None


def _utc(params, name: str):
    value = getattr(params, name)
    if value is None:
        return None
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise HttpError(400, f"Query parameter '{name}': the date is out of range.") from None


def _eligibility_and_openings(params: FilteredListParams) -> dict:
    """The ages and opening-time filters the current 3.0 document adds to both service lists."""
    return {
        "minimum_age": params.minimum_age,
        "maximum_age": params.maximum_age,
        "day": params.day,
        "start_time": params.start_time,
        "end_time": params.end_time,
    }


def _page(queryset: QuerySet, params: ListParams, record) -> dict:
    """The standard's pagination wrapper around one page, read with a count and a slice."""
    total = queryset.count()
    offset = (params.page - 1) * params.per_page
    items = list(queryset[offset : offset + params.per_page]) if offset < total else []
    contents = [record(item) for item in items]
    total_pages = ceil(total / params.per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": params.page,
        "size": len(contents),
        "first_page": params.page == 1,
        "last_page": params.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _documented(schema: str, *, summary: str, operation_id: str, detail: bool = False) -> dict:
    """The operation's OpenAPI details: the standard's schema for 200, our errors for 400/404."""
    problem = {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"type": "string"}},
                "required": ["detail"],
            }
        }
    }
    responses = {
        200: {
            "description": "OK",
            "content": {"application/json": {"schema": response_schema(schema)}},
        },
        400: {
            "description": "A query parameter is unknown or its value cannot be used.",
            "content": problem,
        },
    }
    if detail:
        responses[404] = {"description": "No record has this id.", "content": problem}
    return {
        "summary": summary,
        "operation_id": operation_id,
        "openapi_extra": {"responses": responses},
    }


# Endpoints -----------------------------------------------------------------------------


@api.get(
    "/",
    url_name="api_details",
    **_documented(
        "api_details",
        summary="Information about this API and its relationship with HSDS.",
        operation_id="getAPIMetaInformation",
    ),
)
def api_details(request):
    return {
        "version": VERSION,
        "profile": PROFILE,
        "openapi_url": request.build_absolute_uri(reverse("oruk:openapi-json")),
    }


@api.get(
    "/services",
    url_name="services",
    **_documented(
        "service_list",
        summary="A page of services; fully nested with full=true.",
        operation_id="getPaginatedListOfServices",
    ),
)
def services(request, params: Query[ServiceListParams]):
    if params.minimal and params.full:
        raise HttpError(400, "Query parameters 'minimal' and 'full' cannot both be true.")
    queryset = selectors.services_published(
        search=params.search,
        taxonomy_term_id=params.taxonomy_term_id,
        taxonomy_id=params.taxonomy_id,
        organization_id=params.organization_id,
        modified_after=_utc(params, "modified_after"),
        **_eligibility_and_openings(params),
        full=params.full,
        minimal=params.minimal,
    )
    return _page(
        queryset,
        params,
        lambda service: records.service_record(service, full=params.full, minimal=params.minimal),
    )


@api.get(
    "/services/{id}",
    url_name="service",
    **_documented(
        "service",
        summary="A service, fully nested.",
        operation_id="getFullyNestedServiceById",
        detail=True,
    ),
)
def service(request, id: str):
    found = _get_or_404(selectors.services_published(full=True), id, "service")
    return records.service_record(found, full=True)


@api.get(
    "/organizations",
    url_name="organizations",
    **_documented(
        "organization_list",
        summary="A page of organisations; with their services when full or full_service is true.",
        operation_id="getPaginatedListOfOrganizations",
    ),
)
def organizations(request, params: Query[OrganizationListParams]):
    queryset = selectors.organizations_published(
        search=params.search, full=params.full, full_service=params.full_service
    )
    nested = params.full or params.full_service
    return _page(
        queryset,
        params,
        lambda organisation: _organization(
            organisation, nested=nested, full_service=params.full_service
        ),
    )


@api.get(
    "/organizations/{id}",
    url_name="organization",
    **_documented(
        "organization",
        summary="An organisation, fully nested, with its services (fully nested with full_service=true).",
        operation_id="getOrganizationById",
        detail=True,
    ),
)
def organization(request, id: str, params: Query[OrganizationParams]):
    queryset = selectors.organizations_published(full=True, full_service=params.full_service)
    found = _get_or_404(queryset, id, "organization")
    return _organization(found, nested=True, full_service=params.full_service)


def _organization(organisation, *, nested: bool, full_service: bool) -> dict:
    if not nested:
        return records.organization_record(organisation)
    services = [
        records.service_record(s, full=full_service, with_organization=False)
        for s in organisation.services.all()
    ]
    return records.organization_record(organisation, full=True, services=services)


@api.get(
    "/service_at_locations",
    url_name="service_at_locations",
    **_documented(
        "service_at_location_list",
        summary="A page of services at their locations; nearest first when a postcode is given.",
        operation_id="getPaginatedListOfServiceAtLocation",
    ),
)
def service_at_locations(request, params: Query[ServiceAtLocationListParams]):
    near = None
    if params.postcode is not None:
        near = lookup_postcode(params.postcode)
        if near is None:
            raise HttpError(
                400,
                f"Query parameter 'postcode': {params.postcode!r} is not a UK postcode we know.",
            )
    elif params.proximity is not None:
        raise HttpError(400, "Query parameter 'proximity' needs a 'postcode' to measure from.")
    queryset = selectors.service_at_locations_published(
        search=params.search,
        taxonomy_term_id=params.taxonomy_term_id,
        taxonomy_id=params.taxonomy_id,
        organization_id=params.organization_id,
        modified_after=_utc(params, "modified_after"),
        **_eligibility_and_openings(params),
        near=near,
        proximity=params.proximity,
        full=params.full,
    )
    return _page(
        queryset, params, lambda link: records.service_at_location_record(link, full=params.full)
    )


@api.get(
    "/service_at_locations/{id}",
    url_name="service_at_location",
    **_documented(
        "service_at_location",
        summary="A service at a location, fully nested.",
        operation_id="getServiceAtLocationWithNestedDataById",
        detail=True,
    ),
)
def service_at_location(request, id: str):
    queryset = selectors.service_at_locations_published(full=True)
    found = _get_or_404(queryset, id, "service at location")
    return records.service_at_location_record(found, full=True)


@api.get(
    "/taxonomies",
    url_name="taxonomies",
    **_documented(
        "taxonomy_list",
        summary="A page of taxonomies.",
        operation_id="getPaginatedListOfTaxonomies",
    ),
)
def taxonomies(request, params: Query[ListParams]):
    queryset = selectors.taxonomies_published(search=params.search)
    return _page(queryset, params, records.taxonomy_record)


@api.get(
    "/taxonomies/{id}",
    url_name="taxonomy",
    **_documented(
        "taxonomy",
        summary="A taxonomy with its terms.",
        operation_id="getTaxonomyById",
        detail=True,
    ),
)
def taxonomy(request, id: str):
    found = _get_or_404(selectors.taxonomies_published(), id, "taxonomy")
    terms = selectors.taxonomy_terms_published(taxonomy_id=found.pk)
    return records.taxonomy_record(found, terms=list(terms))


@api.get(
    "/taxonomy_terms",
    url_name="taxonomy_terms",
    **_documented(
        "taxonomy_term_list",
        summary="A page of taxonomy terms.",
        operation_id="getPaginatedListOfTaxonomyTerms",
    ),
)
def taxonomy_terms(request, params: Query[TaxonomyTermListParams]):
    queryset = selectors.taxonomy_terms_published(
        search=params.search,
        taxonomy_id=params.taxonomy_id,
        top_only=params.top_only,
        parent_id=params.parent_id,
    )
    return _page(queryset, params, records.taxonomy_term_record)


@api.get(
    "/taxonomy_terms/{id}",
    url_name="taxonomy_term",
    **_documented(
        "taxonomy_term",
        summary="A taxonomy term.",
        operation_id="getTaxonomyTermById",
        detail=True,
    ),
)
def taxonomy_term(request, id: str):
    return records.taxonomy_term_record(
        _get_or_404(selectors.taxonomy_terms_published(), id, "taxonomy term")
    )
