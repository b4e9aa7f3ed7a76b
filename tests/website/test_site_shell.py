import pytest
from wagtail.models import Site

from website.models import FooterLink, HomePage, NavigationLink, SiteSettings, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def about_page():
    home = HomePage.objects.get()
    page = StandardPage(title="About the hubs", slug="about", introduction="Who runs the hubs.")
    home.add_child(instance=page)
    return page


def test_every_database_has_a_home_page_at_the_root_of_the_default_site():
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage


def test_navigation_and_footer_come_from_the_cms(client, about_page):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    NavigationLink.objects.create(settings=site_settings, label="Our hubs", link_page=about_page)
    FooterLink.objects.create(settings=site_settings, label="Cookies", link_url="/cookies/")
    site_settings.site_name = "Hubs Together"
    site_settings.save()
    html = client.get("/").content.decode()
    assert '<a class="nav-link" href="/about/">Our hubs</a>' in html
    assert '<a href="/cookies/">Cookies</a>' in html
    assert "Hubs Together" in html


def test_the_current_page_is_marked_in_the_navigation(client, about_page):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    NavigationLink.objects.create(settings=site_settings, label="Our hubs", link_page=about_page)
    assert 'href="/about/" aria-current="page"' in client.get("/about/").content.decode()


def test_the_base_template_has_a_skip_link_and_landmarks(client):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main-content">' in html
    assert '<main id="main-content"' in html
    assert "<header" in html and "<footer" in html
    assert 'lang="en-GB"' in html


def test_search_finds_published_pages(client, about_page):
    response = client.get("/search/", {"q": "hubs"})
    assert response.status_code == 200
    assert "About the hubs" in response.content.decode()


def test_search_with_nothing_typed_shows_the_form_only(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "result" not in response.content.decode().lower().split("<main")[1].split("</form>")[1]


def test_a_missing_page_gets_a_helpful_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_pages_render_in_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, about_page
):
    client.get("/about/")  # warm the site root cache
    with django_assert_max_num_queries(12):
        client.get("/about/")
