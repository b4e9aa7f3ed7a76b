"""One page of a list, as every list page shows it (templates/components/pagination.html)."""

from dataclasses import dataclass

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator


@dataclass(frozen=True)
class Paged:
    page: Page
    # The request's query string without "page", for the links to other pages.
    query_string: str
    # Set when the page asked for does not exist and another is shown instead.
    message: str | None = None


def page_of(request, items, *, per_page: int) -> Paged:
    """The page of items the request asks for (the first for a non-number, the last beyond the
    end, as Paginator.get_page), with the links' query string and a note when it substituted."""
    paginator = Paginator(items, per_page)
    asked = request.GET.get("page", "1")
    message = None
    try:
        page = paginator.page(asked)
    except PageNotAnInteger:
        page = paginator.page(1)
        message = f"“{asked[:20]}” is not a page number, so here is the first page."
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
        message = f"There is no page {asked[:20]}, so here is page {paginator.num_pages}."
    query = request.GET.copy()
    query.pop("page", None)
    return Paged(page, query.urlencode(), message)
