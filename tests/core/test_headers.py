"""Every response tells browsers which powerful features the site refuses."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

REFUSED = ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"]


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("anonymous", "/"),
        ("anonymous", "/no-such-page/"),
        ("staff_a", "workspace:home"),
        ("editor", "/cms/"),
        ("admin", "/django-admin/"),
    ],
)
def test_it_refuses_powerful_browser_features_on_every_kind_of_page(client_for, persona, url):
    response = client_for(persona).get(url if url.startswith("/") else reverse(url))
    assert response.status_code in (200, 404)
    policy = [part.strip() for part in response["Permissions-Policy"].split(",")]
    for feature in REFUSED:
        assert feature in policy
    assert "browsing-topics=()" in policy
    assert not any(part.startswith("interest-cohort") for part in policy)  # long obsolete


def test_the_policy_comes_from_the_setting(client_for, settings):
    settings.PERMISSIONS_POLICY = {"camera": (), "fullscreen": ("self", "https://video.example")}
    response = client_for("anonymous").get("/")
    assert response["Permissions-Policy"] == 'camera=(), fullscreen=(self "https://video.example")'
