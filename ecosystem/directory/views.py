"""The public directory: places, organisations and services, for anyone, with no sign-in.

Lists read a fixed number of queries whatever their size (tests hold them to it), and
every filter is a plain GET parameter, so a filtered page can be bookmarked and shared.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from core.forms import error_list
from core.pagecache import public_cache
from core.paging import page_of
from ecosystem.models import SUPPORT_TYPES, Place
from ecosystem.selectors import terms_of

from .filters import organisation_filter, service_filter
from .selectors import (
    organisation_public,
    organisation_services_listed,
    organisations_in_place,
    organisations_listed,
    place_support_types,
    places_listed,
    service_public,
    service_times,
    services_in_place,
    services_listed,
)

PER_PAGE = 20
PLACE_PREVIEW = 10


def _without_empty_parameters(request):
    """A redirect to the same list without empty parameters (?q=&place=), so its address stays short."""
    query = request.GET.copy()
    empty = [key for key, values in query.lists() if not any(v.strip() for v in values)]
    if not empty:
        return None
    for key in empty:
        del query[key]
    for key, values in query.lists():
        query.setlist(key, [v for v in values if v.strip()])
    return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)


@login_not_required
@public_cache
@require_GET
def index(request):
    """Where to start: search services, or browse places and types of support."""
    return render(
        request,
        "ecosystem/directory/index.html",
        {"places": places_listed(), "support_types": terms_of(SUPPORT_TYPES)},
    )


@login_not_required
@public_cache
@require_GET
def places(request):
    """Every place in the directory."""
    return render(request, "ecosystem/directory/places.html", {"places": places_listed()})


@login_not_required
@public_cache
@require_GET
def place(request, slug):
    """A place's ecosystem: the organisations that serve it, and the support on offer there."""
    place = get_object_or_404(Place, slug=slug)
    organisations = list(organisations_in_place(organisations_listed(), place))
    services = services_in_place(services_listed(), place)
    return render(
        request,
        "ecosystem/directory/place.html",
        {
            "place": place,
            "organisations": organisations,
            "services": list(services[:PLACE_PREVIEW]),
            "service_count": services.count(),
            "support_types": place_support_types(place),
        },
    )


@login_not_required
@public_cache
@require_GET
def organisations(request):
    """Every organisation in the directory, filtered by words, place and kind."""
    if response := _without_empty_parameters(request):
        return response
    filterset = organisation_filter(request.GET or None, organisations_listed())
    paged = page_of(request, filterset.qs, per_page=PER_PAGE)
    return render(
        request,
        "ecosystem/directory/organisations.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "errors": error_list(filterset.form) if filterset.is_bound else [],
            "page_obj": paged.page,
            "page_problem": paged.message,
            "query_string": paged.query_string,
            "is_filtered": any(k != "page" for k in request.GET),
        },
    )


@login_not_required
@public_cache
@require_GET
def organisation(request, slug):
    """An organisation's public page: what it is, where, its services and how to reach it."""
    organisation = organisation_public(slug)
    if organisation is None:
        raise Http404("No such organisation")
    return render(
        request,
        "ecosystem/directory/organisation.html",
        {
            "organisation": organisation,
            "services": list(organisation_services_listed(organisation)),
        },
    )


@login_not_required
@public_cache
@require_GET
def services(request):
    """Find support: services filtered by place, type of support, business, language and capacity."""
    if response := _without_empty_parameters(request):
        return response
    filterset = service_filter(request.GET or None, services_listed())
    paged = page_of(request, filterset.qs, per_page=PER_PAGE)
    return render(
        request,
        "ecosystem/directory/services.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "errors": error_list(filterset.form) if filterset.is_bound else [],
            "page_obj": paged.page,
            "page_problem": paged.message,
            "query_string": paged.query_string,
            "is_filtered": any(k != "page" for k in request.GET),
        },
    )


@login_not_required
@public_cache
@require_GET
def service(request, organisation_slug, slug):
    """A service's public page: what, who for, cost, delivery, where and when, and contact."""
    service = service_public(organisation_slug, slug)
    if service is None:
        raise Http404("No such service")
    return render(
        request,
        "ecosystem/directory/service.html",
        {"service": service, "organisation": service.organisation, "times": service_times(service)},
    )
