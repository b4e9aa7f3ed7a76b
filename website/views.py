from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.models import Page

from core.paging import page_of


@login_not_required
@require_GET
def search(request):
    """Search the site's published pages."""
    # PostgreSQL text cannot hold a NUL character: it is dropped, not sent to the search.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
    paged = page_of(request, results, per_page=10)
    return render(
        request,
        "website/search.html",
        {"query": query, "results": paged.page, "query_string": paged.query_string},
    )


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request):
    return render(request, "500.html", status=500)
