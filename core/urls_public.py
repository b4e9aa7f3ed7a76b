"""Mark third-party public views (Wagtail's page and document serving) as open to visitors.

LoginRequiredMiddleware closes every view by default; only views declared public
here or with @login_not_required are reachable without signing in.
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path, re_path
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail import views as wagtail_views
from wagtail.coreutils import WAGTAIL_APPEND_SLASH
from wagtail.documents.views import serve as document_views

from core.pagecache import public_cache


def _return_url_checked(view):
    """Wagtail's password forms redirect to the posted return_url with redirect(), which reads a
    bare word as a URL name (a 500 when none matches) and would follow another site's address:
    anything but a path on this site becomes the home page."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.method == "POST":
            url = request.POST.get("return_url", "")
            if not (
                url.startswith("/")
                and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})
            ):
                request.POST = request.POST.copy()
                request.POST["return_url"] = "/"
        return view(request, *args, **kwargs)

    return checked


SERVE_PATTERN = r"^((?:[\w\-]+/)*)$" if WAGTAIL_APPEND_SLASH else r"^([\w\-/]*)$"

wagtail_document_urls: list[URLPattern] = [
    re_path(r"^(\d+)/(.*)$", login_not_required(document_views.serve), name="wagtaildocs_serve"),
    path(
        "authenticate_with_password/<int:restriction_id>/",
        login_not_required(_return_url_checked(document_views.authenticate_with_password)),
        name="wagtaildocs_authenticate_with_password",
    ),
]

# Wagtail's own front-end login (_util/login/) is left out on purpose: private
# pages send visitors to the site's sign-in, which enforces two-factor rules.
wagtail_page_urls: list[URLPattern] = [
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        login_not_required(_return_url_checked(wagtail_views.authenticate_with_password)),
        name="wagtailcore_authenticate_with_password",
    ),
    re_path(
        SERVE_PATTERN, login_not_required(public_cache(wagtail_views.serve)), name="wagtail_serve"
    ),
]
