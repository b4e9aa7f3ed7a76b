"""Anonymous visitors get public pages from the cache; a change to what they show empties it at once.

core.pagecache keeps a public page for visitors without a session cookie and serves the next such
request without running the view. These tests check both halves through the real views: a second
anonymous request runs no query, nothing personal is ever kept or served, and publishing a page,
changing a service through the manage form or withdrawing a story's consent shows on the very next
anonymous request.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from core.pagecache import GENERATION_KEY, bump
from demo.website import seed_website
from ecosystem.models import Service
from logicmodel.models import Element
from logicmodel.selectors import NATIONAL_MODEL_SLUG
from stories.publishing import case_study_send, ensure_case_study_index
from tests.ecosystem.factories import ServiceFactory
from tests.ecosystem.test_manage_views import _service_post
from tests.stories.test_publishing import _approved, _publish
from website.models import StandardPage

pytestmark = pytest.mark.django_db


def _get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def _public_urls(cast):
    seed_website()
    service = ServiceFactory(organisation=cast.hub_a, support_types=["coaching"])
    element = Element.objects.filter(logic_model__slug=NATIONAL_MODEL_SLUG, live=True).first()
    return {
        "home": "/",
        "model table": reverse("logicmodel:model", args=[NATIONAL_MODEL_SLUG]),
        "element": element.get_absolute_url(),
        "directory": reverse("directory:index"),
        "services": reverse("directory:services"),
        "service": service.get_absolute_url(),
        "case studies": ensure_case_study_index().url,
        "ORUK services": "/api/oruk/services",
    }


def test_the_second_anonymous_request_for_each_public_page_runs_no_query(cast):
    client = Client()
    for name, url in _public_urls(cast).items():
        first, _ = _get(client, url)
        assert first.status_code == 200, name
        assert first["X-Page-Cache"] == "miss", name
        second, queries = _get(client, url)
        assert second.status_code == 200, name
        assert second["X-Page-Cache"] == "hit", name
        assert queries == 0, name
        assert second.content == first.content, name
        # The headers the inner middleware wrote are kept with the page.
        for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Type"):
            assert second[header] == first[header], (name, header)
        assert "Set-Cookie" not in second.headers, name


def test_another_query_string_or_an_htmx_request_is_another_page(cast):
    client = Client()
    url = reverse("directory:services")
    assert _get(client, url)[0]["X-Page-Cache"] == "miss"
    assert _get(client, url + "?q=coaching")[0]["X-Page-Cache"] == "miss"
    assert _get(client, url, HX_Request="true")[0]["X-Page-Cache"] == "miss"
    assert _get(client, url + "?q=coaching")[0]["X-Page-Cache"] == "hit"


def test_signed_in_people_are_never_served_from_the_cache_and_their_pages_are_never_kept(
    cast, client_for
):
    url = reverse("logicmodel:model", args=[NATIONAL_MODEL_SLUG])
    commissioner = client_for("commissioner")
    for _ in range(2):
        response, queries = _get(commissioner, url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response.headers
        assert queries > 0
    # What the commissioner saw was not kept for visitors.
    assert _get(Client(), url)[0]["X-Page-Cache"] == "miss"
    # And what visitors see is not served to the commissioner.
    assert _get(Client(), url)[0]["X-Page-Cache"] == "hit"
    response, _ = _get(commissioner, url)
    assert "X-Page-Cache" not in response.headers
    assert "Sign out" in response.content.decode()


def test_a_visitor_with_a_session_cookie_is_not_served_from_the_cache(cast):
    url = reverse("directory:index")
    assert _get(Client(), url)[0]["X-Page-Cache"] == "miss"
    visitor = Client()
    visitor.cookies["sessionid"] = "not-a-session-we-know"
    response, _queries = _get(visitor, url)
    assert response.status_code == 200 and "X-Page-Cache" not in response.headers


def test_a_page_with_a_form_of_its_own_is_not_kept(cast):
    """A CSRF token belongs to one visitor: a password-protected page's form must not be shared."""
    seed_website()
    home = Page.objects.get(depth=2)
    private = home.add_child(instance=StandardPage(title="Partners only", slug="partners-only"))
    private.save_revision().publish()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="open-sesame"
    )
    client = Client()
    for _ in range(2):
        response, _ = _get(client, private.url)
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert "X-Page-Cache" not in response.headers


def test_publishing_a_page_shows_on_the_next_anonymous_request(cast):
    seed_website()
    home = Page.objects.get(depth=2)
    page = home.add_child(instance=StandardPage(title="Opening hours", slug="opening-hours"))
    page.save_revision().publish()
    client = Client()
    assert "Opening hours" in _get(client, page.url)[0].content.decode()
    assert _get(client, page.url)[0]["X-Page-Cache"] == "hit"

    page = StandardPage.objects.get(pk=page.pk)
    page.title = "Winter opening hours"
    page.save_revision().publish()

    response, _ = _get(client, page.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Winter opening hours" in response.content.decode()

    page.unpublish()
    assert _get(client, page.url)[0].status_code == 404


def test_changing_a_service_through_its_form_shows_on_the_next_anonymous_request(cast, client_for):
    seed_website()
    manager = client_for("manager_a")
    manager.post(reverse("ecosystem:service_create", args=[cast.hub_a.pk]), _service_post(cast))
    service = Service.objects.get(name="Food business clinic")
    visitor = Client()
    for url in (service.get_absolute_url(), reverse("directory:services")):
        assert "Food business clinic" in _get(visitor, url)[0].content.decode()
        assert _get(visitor, url)[0]["X-Page-Cache"] == "hit"

    response = manager.post(
        reverse("ecosystem:service_edit", args=[cast.hub_a.pk, service.pk]),
        _service_post(cast, name="Food business surgery"),
    )
    assert response.status_code == 302

    for url in (service.get_absolute_url(), reverse("directory:services")):
        html = _get(visitor, url)[0].content.decode()
        assert "Food business surgery" in html and "Food business clinic" not in html, url
    oruk = _get(visitor, f"/api/oruk/services/{service.pk}")[0].json()
    assert oruk["name"] == "Food business surgery"


def test_withdrawing_a_storys_consent_shows_on_the_next_anonymous_request(cast, client_for):
    seed_website()
    story = _approved(cast)
    page = _publish(case_study_send(story=story, actor=cast.user("staff_a")), cast.user("editor"))
    index_url = ensure_case_study_index().url
    visitor = Client()
    for url in (page.url, index_url):
        assert "From kitchen table" in _get(visitor, url)[0].content.decode()
        assert _get(visitor, url)[0]["X-Page-Cache"] == "hit"

    response = client_for("staff_a").post(
        reverse("stories:withdraw", args=[story.pk]), {"method": "verbal"}
    )
    assert response.status_code == 302

    assert _get(visitor, page.url)[0].status_code == 404
    assert "From kitchen table" not in _get(visitor, index_url)[0].content.decode()


def test_a_change_empties_the_cache_again_once_it_is_committed(
    cast, django_capture_on_commit_callbacks
):
    """Until the commit, a concurrent request still reads the old content and may keep it under
    the generation the change set first: the commit must set another."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        service = ServiceFactory(organisation=cast.hub_a, support_types=["coaching"])
        service.name = "Renamed"
        service.save()
        during = cache.get(GENERATION_KEY)
        service.description = "Changed twice in one transaction"
        service.save()
    # One more bump per transaction, however many saves.
    assert len([c for c in callbacks if c is bump]) == 1
    assert cache.get(GENERATION_KEY) != during


def test_the_page_cache_can_be_turned_off(cast, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client = Client()
    url = reverse("directory:index")
    for _ in range(2):
        response, queries = _get(client, url)
        assert "X-Page-Cache" not in response.headers and queries > 0
