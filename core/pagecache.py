"""Public pages served to anonymous visitors from the cache, emptied the moment content changes.

A view opts in with @public_cache. The middleware (high in MIDDLEWARE, before sessions and
sign-in) answers a visitor who has no session cookie from the cache when it holds the page, so
such a hit runs no view, no template and no query. A page is kept only when nothing in it belongs
to one visitor: an anonymous GET that answered 200, set no cookie and used no CSRF token.

Every entry is stamped with the content generation current when its request began. Publishing or
editing public content (an app names its models with invalidated_by) sets a new generation once
the change is committed, so every entry made before it stops matching at once; entries expire on
their own after PUBLIC_PAGE_CACHE_SECONDS. A request that read the old content keeps the old
stamp, so it can never store old content under the new generation.

What content does not decide, live figures drawn from journeys, sessions and referrals, is left to
that expiry: such figures on a public page can be up to PUBLIC_PAGE_CACHE_SECONDS old.

With Redis down (core.cache fails open) every request is a miss and pages are served uncached.
A change made while Redis is down cannot set a new generation: pages cached before the outage
can then be served until they expire. The local-memory cache of the embedded default is per
process: it suits one process (runserver), not several gunicorn workers.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

GENERATION_KEY = "pagecache:generation"
_ENTRY_PREFIX = "pagecache:page:"
_CONTENT_PREFIX = "pagecache:content:"
_MARK = "_public_cache"
# Longer query strings (odd searches, scanners) are served but not kept.
MAX_QUERY_STRING = 300
# What a response's own headers say, not the visitor's: kept with the page.
_NOT_KEPT = {"set-cookie", "x-page-cache"}


def public_cache(view):
    """Let the page cache keep this view's answers to anonymous visitors."""

    @wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        setattr(response, _MARK, True)
        return response

    return marked


def bump() -> None:
    """Make every cached page stale: the next request for each is rendered afresh."""
    cache.set(GENERATION_KEY, f"{time.time_ns():x}", None)


def bump_on_commit() -> None:
    """bump() now and again once the current transaction commits.

    The second is what makes it safe: until the commit a concurrent request still reads the old
    content and would keep it under the first new generation. The first makes the change show at
    once to this transaction's own later reads (and in tests, which never commit)."""
    bump()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        func is bump for _, func, _ in connection.run_on_commit
    ):
        transaction.on_commit(bump)


def content_cached(name: str, build, *, timeout: int = 3600):
    """What build() returns, kept in the cache until content next changes (or timeout seconds).

    For parts of every page that only content decides, such as the site's navigation and footer:
    one cache round trip instead of their queries, for signed-in people too. The value must be
    picklable and the same for everyone who asks under this name. PUBLIC_PAGE_CACHE_SECONDS = 0
    turns this off too: build() runs every time."""
    if not settings.PUBLIC_PAGE_CACHE_SECONDS:
        return build()
    key = _CONTENT_PREFIX + name
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY, "")
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    value = build()
    cache.set(key, (generation, value), timeout)
    return value


def _changed(sender, **kwargs):
    bump_on_commit()


def invalidated_by(*models) -> None:
    """Saving or deleting any of these models (or changing their many-to-many links) empties the
    page cache. Changes made with QuerySet.update() or bulk_create() send no signal: the service
    that makes them calls bump_on_commit() itself."""
    for model in models:
        uid = f"pagecache:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid + ":save", weak=False)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + ":delete", weak=False)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _changed, sender=field.remote_field.through, dispatch_uid=uid + field.name
            )


def _cookie_says_personal(request) -> bool:
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or getattr(settings, "MESSAGES_COOKIE_NAME", "messages") in request.COOKIES
    )


def _entry_key(request) -> str | None:
    if request.method not in ("GET", "HEAD") or _cookie_says_personal(request):
        return None
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY_STRING:
        return None
    # htmx asks for parts of pages at the same addresses.
    part = f"{request.headers.get('HX-Request', '')}|{request.headers.get('HX-Target', '')}"
    raw = f"{request.get_host()}|{request.path}|{query}|{part}"
    return _ENTRY_PREFIX + hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()


def _keepable(request, response) -> bool:
    return (
        getattr(response, _MARK, False)
        and request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")
        # Signed in during this request (a view that signs in), or anything else personal.
        and not getattr(getattr(request, "user", None), "is_authenticated", False)
    )


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _entry_key(request) if settings.PUBLIC_PAGE_CACHE_SECONDS else None
        if key is None:
            return self.get_response(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY, "")
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            _, status, headers, content = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            response.headers["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _keepable(request, response):
            headers = [(n, v) for n, v in response.items() if n.lower() not in _NOT_KEPT]
            cache.set(
                key,
                (generation, response.status_code, headers, response.content),
                settings.PUBLIC_PAGE_CACHE_SECONDS,
            )
            response.headers["X-Page-Cache"] = "miss"
        return response
