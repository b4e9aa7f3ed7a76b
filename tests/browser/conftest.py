"""Browser tests: Debian's Chromium, driven by Playwright's sync API, against pytest-django's live server.

One browser per pytest worker; every test gets a fresh context (cookies, storage) and page.
The browser can reach only the live server: any other request fails, and fails the test.
"""

import os
import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect, sync_playwright

from tests.support.cast import restore_baseline

# Playwright's sync API runs an event loop in this thread; Django would otherwise
# refuse ORM calls made from the test while it runs.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

# Auto-waiting assertions give up after this long (the default is 5s).
expect.set_options(timeout=10_000)

_axe = Axe()


def axe_results(page: Page) -> dict:
    """Run axe-core on the page as it is now, checking the WCAG 2.0/2.1/2.2 A and AA rules."""
    return _axe.run(page, options=AXE_OPTIONS).response


def axe_violations(page: Page) -> list[dict]:
    return axe_results(page)["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(
                f"    at {target}: {node.get('failureSummary', '').strip().replace(chr(10), ' ')}"
            )
    return "\n".join(lines)


def assert_no_axe_violations(page: Page) -> None:
    """Fail, listing each violation's rule, help text and offending nodes, unless axe finds none."""
    violations = axe_violations(page)
    assert not violations, (
        f"{len(violations)} accessibility violation(s) on {page.url} "
        f"at {page.viewport_size['width']}x{page.viewport_size['height']}:\n{format_violations(violations)}"
    )


def assert_no_axe_violations_at_each_viewport(page: Page) -> None:
    """Check the page as it is now at desktop and at phone size, then restore the viewport."""
    original = page.viewport_size
    try:
        for size in VIEWPORTS.values():
            page.set_viewport_size(size)
            assert_no_axe_violations(page)
    finally:
        page.set_viewport_size(original)


@pytest.fixture(scope="session")
def browser():
    """One Chromium per pytest worker, shared by every browser test it runs."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _baseline_on_live_server(live_server, transactional_db):
    """Put back what the live server's flush removed, and point the default Site at the live server.

    live_server makes each test transactional and flushes the database afterwards, so the
    Wagtail root and home page, the Site, the Site editors group and the cast go with it.
    """
    from wagtail.models import Site

    restore_baseline()
    address = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = address.hostname, address.port
    site.save()  # also clears Wagtail's cached site root paths
    return live_server


@pytest.fixture
def server_url(live_server) -> str:
    return live_server.url


def field(scope, label: str):
    """The form field labelled exactly `label` (ignoring the spacing and required-field asterisk around it)."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\W*$"))


def emails_to(address: str) -> list:
    """The emails delivered to one address so far, oldest first, after they went through the outbox."""
    from django.core import mail

    from core.models import OutboxMessage

    sent = [m for m in mail.outbox if address in m.to]
    relayed = OutboxMessage.objects.filter(
        kind=OutboxMessage.Kind.EMAIL, delivered_at__isnull=False
    )
    assert len([m for m in relayed if address in m.payload["to"]]) == len(sent), (
        "an email bypassed the outbox"
    )
    return sent


# Every request for anywhere but the live server goes to a proxy that is not there, so it
# fails at once without a DNS lookup; the loopback addresses the live server uses bypass it.
# (A proxy, unlike page.route(), adds no cost to the requests that are allowed.)
NO_INTERNET = {"server": "http://127.0.0.1:9", "bypass": "localhost,127.0.0.1"}


class BrowserProblems:
    """What went wrong in the browser behind the test's back: uncaught errors, CSP refusals and
    other console errors, assets that failed to load, and requests for anywhere but the live server."""

    def __init__(self, origin: str):
        self.origin = origin
        self.items: list[str] = []

    def _is_outside(self, url: str) -> bool:
        return urlsplit(url).scheme in ("http", "https", "ws", "wss") and not (
            url == self.origin or url.startswith(self.origin + "/")
        )

    def on_console(self, message):
        # A page answered with an error status is the test's business; anything else is not.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.items.append(f"console error: {message.text}")

    def on_web_error(self, web_error):
        self.items.append(f"uncaught error: {web_error.error}")

    def on_response(self, response):
        if response.request.resource_type != "document" and response.status >= 400:
            self.items.append(
                f"{response.status} for {response.request.resource_type} {response.url}"
            )

    def on_request_failed(self, request):
        if self._is_outside(request.url):
            self.items.append(f"request outside the live server blocked: {request.url}")


@pytest.fixture
def context(browser, server_url):
    """A fresh browser context (no cookies or storage) that can reach only the live server."""
    origin = server_url.rstrip("/")
    problems = BrowserProblems(origin)
    context = browser.new_context(
        base_url=origin, viewport=DESKTOP, locale="en-GB", proxy=NO_INTERNET
    )
    context.set_default_timeout(10_000)
    context.on("console", problems.on_console)
    context.on("weberror", problems.on_web_error)
    context.on("response", problems.on_response)
    context.on("requestfailed", problems.on_request_failed)
    context.problems = problems
    yield context
    context.close()
    assert not problems.items, "The browser reported problems:\n" + "\n".join(problems.items)


@pytest.fixture
def page(context) -> Page:
    return context.new_page()
