from django.test import RequestFactory

from core.paging import page_of

ITEMS = list(range(45))


def _paged(query: str):
    return page_of(RequestFactory().get(f"/list/?{query}"), ITEMS, per_page=20)


def test_it_gives_the_page_asked_for_and_the_query_without_the_page():
    paged = _paged("q=coaching&page=2&place=wigan")
    assert list(paged.page.object_list) == list(range(20, 40))
    assert paged.query_string == "q=coaching&place=wigan"
    assert paged.message is None


def test_it_gives_the_first_page_for_a_non_number_and_says_so():
    paged = _paged("page=abc")
    assert paged.page.number == 1
    assert paged.message == "“abc” is not a page number, so here is the first page."


def test_it_gives_the_last_page_beyond_the_end_and_says_so():
    paged = _paged("page=9")
    assert paged.page.number == 3
    assert paged.message == "There is no page 9, so here is page 3."


def test_an_empty_list_has_one_empty_page():
    paged = page_of(RequestFactory().get("/list/"), [], per_page=20)
    assert paged.page.number == 1
    assert list(paged.page.object_list) == []
