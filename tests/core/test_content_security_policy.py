"""Public and staff pages carry a strict policy and contain no inline script or style."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I
)
STYLE_ATTRIBUTE = re.compile(r"\sstyle=", re.I)
STYLE_TAG = re.compile(r"<style[\s>]", re.I)


def _pages(cast):
    return [
        ("anonymous", "/"),
        ("anonymous", reverse("search") + "?q=support"),
        ("anonymous", reverse("account_login")),
        ("anonymous", reverse("account_signup")),
        ("anonymous", reverse("account_reset_password")),
        ("anonymous", reverse("account_request_login_code")),
        ("anonymous", "/no-such-page/"),
        ("staff_a", reverse("workspace:home")),
        ("manager_a", reverse("ecosystem:team", args=[cast.hub_a.pk])),
        ("entrepreneur", reverse("account_email")),
        ("entrepreneur", reverse("mfa_index")),
    ]


def test_every_page_has_a_strict_policy_and_no_inline_code(cast, client_for):
    for persona, url in _pages(cast):
        response = client_for(persona).get(url)
        assert response.status_code in (200, 404), url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy, url
        assert "style-src 'self'" in policy, url
        assert "unsafe-inline" not in policy, url
        assert "frame-ancestors 'none'" in policy, url
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), (url, INLINE_SCRIPT.search(html).group(0))
        assert not STYLE_ATTRIBUTE.search(html), url
        assert not STYLE_TAG.search(html), url


def test_the_cms_alone_allows_inline_code(client_for):
    response = client_for("editor").get("/cms/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in response["Content-Security-Policy"]


def test_the_cms_policy_is_valid_and_sends_nothing_to_gravatar(client_for):
    response = client_for("editor").get("/cms/")
    policy = response["Content-Security-Policy"]
    # A directive holding 'none' beside another source is invalid, and browsers complain.
    assert "frame-ancestors 'self'" in policy
    assert "'none' 'self'" not in policy and "'self' 'none'" not in policy
    assert "gravatar" not in response.content.decode()
