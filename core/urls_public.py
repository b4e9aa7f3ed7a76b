"""Mark third-party public views (Wagtail's page and document serving) as open to visitors.

LoginRequiredMiddleware closes every view by default; only views declared public
here or with @login_not_required are reachable without signing in.
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path, re_path
from wagtail import views as wagtail_views
from wagtail.coreutils import WAGTAIL_APPEND_SLASH
from wagtail.documents.views import serve as document_views

SERVE_PATTERN = r"^((?:[\w\-]+/)*)$" if WAGTAIL_APPEND_SLASH else r"^([\w\-/]*)$"

wagtail_document_urls: list[URLPattern] = [
    re_path(r"^(\d+)/(.*)$", login_not_required(document_views.serve), name="wagtaildocs_serve"),
    path(
        "authenticate_with_password/<int:restriction_id>/",
        login_not_required(document_views.authenticate_with_password),
        name="wagtaildocs_authenticate_with_password",
    ),
]

# Wagtail's own front-end login (_util/login/) is left out on purpose: private
# pages send visitors to the site's sign-in, which enforces two-factor rules.
wagtail_page_urls: list[URLPattern] = [
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        login_not_required(wagtail_views.authenticate_with_password),
        name="wagtailcore_authenticate_with_password",
    ),
    re_path(SERVE_PATTERN, login_not_required(wagtail_views.serve), name="wagtail_serve"),
]
