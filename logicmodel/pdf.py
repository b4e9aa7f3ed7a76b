"""HTML to PDF with WeasyPrint, which needs the Pango library on the machine.

WeasyPrint fetches whatever a document points at (stylesheets, pictures, fonts) over any
protocol it knows. A PDF built from text people wrote must not make the server reach the
network or read its own files, so it may fetch only the site's static files and data: URLs.
"""

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils._os import safe_join


class PDFUnavailable(Exception):
    pass


class RefusedFetch(ValueError):
    """A document asked for something outside the site's static files."""


def html_to_pdf(html: str, *, base_url: str) -> bytes:
    try:
        from weasyprint import HTML
    except OSError as error:  # Pango is missing: say so instead of failing
        raise PDFUnavailable(str(error)) from error
    return HTML(string=html, base_url=base_url, url_fetcher=static_only_fetcher()).write_pdf()


def static_only_fetcher():
    """A WeasyPrint URL fetcher that serves the site's static files and data: URLs, nothing else.

    A static file is any address whose path starts with STATIC_URL (relative ones are resolved
    against the document's base URL first), read from the static files finders or STATIC_ROOT;
    anything else raises RefusedFetch, which WeasyPrint logs before leaving the resource out.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)  # urllib decodes it; nothing is fetched
            path = static_file_for(url)
            content_type, _ = mimetypes.guess_type(path.name)
            return URLFetcherResponse(
                url,
                path.read_bytes(),
                {"Content-Type": content_type or "application/octet-stream"},
            )

    # Only the data: handler is ever used: the others are refused before urllib sees them.
    return StaticOnlyFetcher(allowed_protocols=("data",), allow_redirects=False)


def static_file_for(url: str) -> Path:
    """The static file a URL names, or RefusedFetch if it names anything else."""
    parts = urlsplit(url)
    static = urlsplit(settings.STATIC_URL)
    if parts.scheme not in ("http", "https", "file"):
        raise RefusedFetch(f"Not fetched for a PDF: {url}")
    # An absolute STATIC_URL (a CDN) must match its host; a relative one ("/static/") is on
    # whatever host the document's base URL names, and file:/// when it has none.
    if static.netloc and (parts.scheme, parts.netloc) != (static.scheme, static.netloc):
        raise RefusedFetch(f"Not fetched for a PDF: {url}")
    if not parts.path.startswith(static.path):
        raise RefusedFetch(f"Not fetched for a PDF: {url}")
    name = posixpath.normpath(unquote(parts.path[len(static.path) :]))
    if name in (".", "") or name.startswith(("/", "..")) or "\0" in name:
        raise RefusedFetch(f"Not a static file: {url}")
    # The finders hold the files by their own names; STATIC_ROOT also holds the hashed names
    # {% static %} gives in production. Both keep the path inside their folders.
    found = finders.find(name)
    if not found and settings.STATIC_ROOT:
        candidate = Path(safe_join(settings.STATIC_ROOT, name))
        found = candidate if candidate.is_file() else None
    if not found:
        raise RefusedFetch(f"Not a static file: {url}")
    return Path(found)
