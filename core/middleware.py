from csp.constants import HEADER, HEADER_REPORT_ONLY, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings


class SiteCSPMiddleware(CSPMiddleware):
    """A strict policy everywhere, relaxed only inside the CMS and Django admin.

    Wagtail's and Django's admin interfaces carry inline scripts and styles that
    we do not control; public and staff pages never need them.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.CSP_RELAXED_PATH_PREFIXES):
            # Replace, not update: an update appends, and "'none' 'self'" is invalid.
            parts.replace = {
                **(parts.replace or {}),
                "script-src": [SELF, UNSAFE_INLINE],
                "style-src": [SELF, UNSAFE_INLINE],
                "img-src": [SELF, "data:", "blob:"],
                "frame-ancestors": [SELF],
            }
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # django-csp writes report-to but not the header that says where that endpoint is.
        # A relative address is resolved against the page's own, so no Host header is needed.
        policies = (response.get(HEADER, ""), response.get(HEADER_REPORT_ONLY, ""))
        if any("report-to" in policy for policy in policies):
            response.headers.setdefault(
                "Reporting-Endpoints",
                f'{settings.CSP_REPORT_ENDPOINT_NAME}="{settings.CSP_REPORT_PATH}"',
            )
        return response


class PermissionsPolicyMiddleware:
    """Tell browsers the site uses no camera, microphone, location and the like.

    A page that never asks for them cannot be made to, even by script that gets in.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(_allowlist_item(item) for item in allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def _allowlist_item(item: str) -> str:
    # "self" and "*" are tokens; an origin is a quoted string.
    return item if item in ("self", "*") else f'"{item}"'
