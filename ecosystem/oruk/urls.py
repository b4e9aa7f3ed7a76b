"""Mounted at /api/oruk/ (config/urls.py): the Open Referral UK 3.0 API and its OpenAPI document."""

from django.urls import URLPattern

from core.pagecache import public_cache

from .api import api
from .http import open_read_only

app_name = "oruk"

_patterns, _app, _namespace = api.urls


def _opened(pattern: URLPattern) -> URLPattern:
    return URLPattern(
        pattern.pattern,
        public_cache(open_read_only(pattern.callback)),
        pattern.default_args,
        pattern.name,
    )


# ninja adds a placeholder view at the root, shadowed by our own GET / (api_details).
urlpatterns = [_opened(p) for p in _patterns if p.name != "api-root"]
