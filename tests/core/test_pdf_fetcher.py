"""PDFs (logicmodel.pdf) fetch only the site's static files and data: URLs, never the network.

(The PDF tool is the logic model's; its tests sit here with the other hardening tests.)
"""

import contextlib
import re
import socket
import urllib.request
import zlib

import pytest

from logicmodel.pdf import RefusedFetch, html_to_pdf, static_file_for

# A 1 by 1 pixel PNG.
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture
def static_dir(tmp_path, settings):
    """A static files folder of the test's own, holding a stylesheet that sets the page size."""
    folder = tmp_path / "static"
    (folder / "print").mkdir(parents=True)
    (folder / "print" / "page.css").write_text("@page { size: 100mm 50mm; margin: 0 }")
    settings.STATICFILES_DIRS = [folder]
    settings.STATIC_ROOT = tmp_path / "collected"
    return folder


@pytest.fixture
def opened(monkeypatch):
    """Every URL that reaches urllib (which would open http, https, ftp and file URLs).

    Looking a host up fails too, so that even a broken fetcher never reaches the internet.
    """

    def no_network(*args, **kwargs):
        raise OSError("no network in tests")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    urls = []
    real_open = urllib.request.OpenerDirector.open

    def spy(self, url, *args, **kwargs):
        urls.append(url.full_url if isinstance(url, urllib.request.Request) else url)
        return real_open(self, url, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", spy)
    return urls


def _page_width_points(pdf: bytes) -> float:
    """The first page's width, from its MediaBox (which may sit in a compressed stream)."""
    text = pdf
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            text += zlib.decompress(match.group(1))
    box = re.search(rb"/MediaBox ?\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", text)
    assert box, "no MediaBox in the PDF"
    return float(box.group(1))


MM = 72 / 25.4


def test_it_renders_without_fetching_network_or_local_files(static_dir, opened, caplog):
    html = (
        '<link rel="stylesheet" href="http://example.invalid/print.css">'
        '<img src="http://example.invalid/x.png" alt="">'
        '<img src="https://example.invalid/y.png" alt="">'
        '<img src="file:///etc/passwd" alt="">'
        '<link rel="stylesheet" href="file:///etc/ssl/openssl.cnf">'
        f'<img src="{PIXEL}" alt="">'
        "<p>A checklist.</p>"
    )

    pdf = html_to_pdf(html, base_url="http://testserver/")

    assert pdf.startswith(b"%PDF")
    # Only the data: URL reached urllib; nothing else was opened at all.
    assert opened == [PIXEL]
    refused = " ".join(r.getMessage() for r in caplog.records if "RefusedFetch" in r.getMessage())
    for url in ("http://example.invalid/x.png", "https://example.invalid/y.png", "/etc/passwd"):
        assert url in refused


def test_a_static_stylesheet_still_applies(static_dir, opened):
    html = '<link rel="stylesheet" href="/static/print/page.css"><p>A checklist.</p>'

    for base_url in ("http://testserver/", "file:///"):  # the checklist's and the report's
        pdf = html_to_pdf(html, base_url=base_url)
        assert _page_width_points(pdf) == pytest.approx(100 * MM, abs=0.1)
    assert opened == []  # read from the folder, not opened through urllib


def test_without_the_stylesheet_the_page_is_a4(static_dir):
    # The check above means something: the default page is not 100 mm wide.
    pdf = html_to_pdf("<p>A checklist.</p>", base_url="http://testserver/")
    assert _page_width_points(pdf) == pytest.approx(210 * MM, abs=0.1)


def test_it_finds_collected_files_by_their_hashed_names(static_dir, settings):
    collected = settings.STATIC_ROOT / "print"
    collected.mkdir(parents=True)
    (collected / "page.0123abcd.css").write_text("@page { size: 100mm 50mm }")

    assert static_file_for("http://testserver/static/print/page.0123abcd.css") == (
        collected / "page.0123abcd.css"
    )
    assert static_file_for("file:///static/print/page.css") == static_dir / "print" / "page.css"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.invalid/x.png",
        "ftp://example.invalid/static/print/page.css",
        "file:///etc/passwd",
        "file:///static/../../etc/passwd",
        "http://testserver/static/%2e%2e/%2e%2e/etc/passwd",
        "http://testserver/static/",
        "http://testserver/static/print/missing.css",
        "http://testserver/stat/print/page.css",
    ],
)
def test_it_refuses_anything_but_a_static_file(static_dir, url):
    with pytest.raises(RefusedFetch):
        static_file_for(url)
