"""Fails when a route of the project has no entry in the access matrix."""

from django.urls import URLPattern, URLResolver, get_resolver

from tests.access.matrix import ANON, LOGIN, ROUTES, THIRD_PARTY_PREFIXES


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern):
            yield route, f"{namespace}{pattern.name}" if pattern.name else None


def _is_third_party(route: str) -> bool:
    return any(route.lstrip("^").startswith(prefix) for prefix in THIRD_PARTY_PREFIXES)


def test_it_has_an_access_entry_for_every_route():
    covered = {r.name for r in ROUTES}
    missing = []
    for route, name in _walk(get_resolver().url_patterns):
        if _is_third_party(route) or route.lstrip("^").startswith("static/"):
            continue
        if name is None or name not in covered:
            missing.append(f"{route} ({name})")
    assert not missing, "Routes with no access test in tests/access/matrix.py: " + ", ".join(
        missing
    )


def test_it_covers_each_third_party_area():
    covered = {r.name for r in ROUTES}
    for prefix, representative in THIRD_PARTY_PREFIXES.items():
        assert representative in covered, prefix


def test_each_route_is_allowed_for_someone_and_denied_for_someone_unless_public():
    for route in ROUTES:
        answers = set(route.expect.values())
        allowed = {a for a in answers if a in (200, 204, 302)}
        denied = {a for a in answers if a in (LOGIN, 403, 404)}
        assert allowed, f"{route.id}: nobody may use it"
        if route.public:
            assert route.expect[ANON] in (200, 204, 302), (
                f"{route.id} is public but anonymous is refused"
            )
        else:
            assert denied, f"{route.id}: nobody is refused; declare it public=True if it is"
