"""The Open Referral UK API (/api/oruk/): public and read only, the same for everyone."""

from tests.access.matrix_base import Route, everyone


def _service(cast):
    from tests.ecosystem.factories import ServiceFactory

    return {"id": str(ServiceFactory(organisation=cast.hub_a).pk)}


def _organisation(cast):
    return {"id": str(cast.hub_a.pk)}


def _service_at_location(cast):
    from tests.ecosystem.factories import ServiceAtLocationFactory, ServiceFactory

    link = ServiceAtLocationFactory(service=ServiceFactory(organisation=cast.hub_a))
    return {"id": str(link.pk)}


def _taxonomy(cast):
    from ecosystem.reference import taxonomy_id

    return {"id": str(taxonomy_id("support-types"))}


def _taxonomy_term(cast):
    from ecosystem.reference import term_id

    return {"id": str(term_id("support-types", "coaching"))}


ROUTES = [
    Route("oruk:api_details", everyone(200), public=True),
    Route("oruk:openapi-json", everyone(200), public=True),
    Route("oruk:services", everyone(200), public=True),
    Route("oruk:service", everyone(200), args=_service, public=True),
    Route("oruk:organizations", everyone(200), public=True),
    Route("oruk:organization", everyone(200), args=_organisation, public=True),
    Route("oruk:service_at_locations", everyone(200), public=True),
    Route("oruk:service_at_location", everyone(200), args=_service_at_location, public=True),
    Route("oruk:taxonomies", everyone(200), public=True),
    Route("oruk:taxonomy", everyone(200), args=_taxonomy, public=True),
    Route("oruk:taxonomy_terms", everyone(200), public=True),
    Route("oruk:taxonomy_term", everyone(200), args=_taxonomy_term, public=True),
]
