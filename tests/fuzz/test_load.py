"""A bounded load test on loopback: 50 simulated visitors against the live server.

Each visitor, in its own thread with its own cookies, goes round the main anonymous
flow (home, the directory, the services list, a service's page, the "ask for support"
form, and sends it with an email address of its own) until time is up. Not one answer
may be an error (5xx, an unexpected status, a refused or dropped connection), and every
request that was thanked for must be in the database afterwards.

It runs for LOAD_SECONDS; without it, 60 s with LOAD=1 and 8 s otherwise, so the suite
stays quick. The figures are printed for a note:

    LOAD=1 DATABASE_URL=... REDIS_URL=... .venv/bin/python -m pytest -n0 tests/fuzz/test_load.py
"""

import datetime as dt
import os
import random
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from http.client import HTTPException
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode, urlsplit
from urllib.request import HTTPCookieProcessor, build_opener

import pytest
from django.urls import reverse

from demo.directory import HUB_A, HUB_B
from ecosystem.directory.selectors import services_listed
from ecosystem.models import BUSINESS_TYPES, Organisation, Schedule
from ecosystem.selectors import terms_of
from journeys.models import SupportRequest
from tests.ecosystem.factories import ServiceAtLocationFactory, ServiceFactory
from tests.support.cast import restore_baseline
from tests.support.services import require_postgresql

pytestmark = [pytest.mark.services, pytest.mark.xdist_group("load")]

USERS = 50
TIMEOUT = 30  # seconds to wait for one answer before counting it as an error
THINK = (0.0, 0.2)
BACKLOG = 128  # seconds a visitor pauses between pages
EMAIL_PREFIX = "load-"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def load_seconds() -> float:
    default = 60 if os.environ.get("LOAD") == "1" else 8
    return float(os.environ.get("LOAD_SECONDS", default))


@dataclass
class Tally:
    """What every visitor saw, gathered under one lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    thanked: set[str] = field(default_factory=set)

    def record(self, elapsed: float, error: str | None = None) -> None:
        with self.lock:
            self.requests += 1
            self.seconds.append(elapsed)
            if error:
                self.errors.append(error)

    def fail(self, error: str) -> None:
        with self.lock:
            self.errors.append(error)


class Visitor:
    """One simulated visitor: a cookie jar, and the flow it repeats."""

    def __init__(self, number: int, base: str, pages: dict, tally: Tally):
        self.number, self.base, self.pages, self.tally = number, base, pages, tally
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()))
        self.sent = 0

    def fetch(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        """Status, final path and body of one page (a redirect after a post is followed,
        as a browser would, and counted with it)."""
        body = urlencode(data).encode() if data is not None else None
        started = time.monotonic()
        try:
            with self.opener.open(self.base + path, body, timeout=TIMEOUT) as response:
                html = response.read().decode()
                status, final = response.status, urlsplit(response.url).path
        except HTTPError as error:
            status, final, html = error.code, path, ""
        except (OSError, HTTPException) as error:  # refused, reset, timed out, cut short
            self.tally.record(time.monotonic() - started, f"{path}: {error!r}")
            return 0, path, ""
        problem = None if status == 200 else f"{path}: HTTP {status}"
        self.tally.record(time.monotonic() - started, problem)
        return status, final, html

    def ask_for_support(self) -> None:
        status, _, html = self.fetch(reverse("support:ask"))
        token = CSRF_FIELD.search(html)
        if status != 200 or token is None:
            return
        self.sent += 1
        email = f"{EMAIL_PREFIX}{self.number}-{self.sent}@example.test"
        answers = {**self.pages["answers"], "email": email, "csrfmiddlewaretoken": token[1]}
        status, final, _ = self.fetch(reverse("support:ask"), answers)
        if status == 200 and final == reverse("support:thanks"):
            with self.tally.lock:
                self.tally.thanked.add(email)
        elif status == 200:
            self.tally.fail(f"{email}: the form came back instead of the thank-you page")

    def run(self, deadline: float) -> None:
        steps = [
            lambda: self.fetch("/"),
            lambda: self.fetch(reverse("directory:index")),
            lambda: self.fetch(reverse("directory:services")),
            lambda: self.fetch(random.choice(self.pages["services"])),
            self.ask_for_support,
        ]
        # Each visitor starts at a different page, so even a short run sends some requests.
        first = self.number % len(steps)
        steps = steps[first:] + steps[:first]
        while time.monotonic() < deadline:
            for step in steps:
                if time.monotonic() >= deadline:
                    return
                step()
                time.sleep(random.uniform(*THINK))


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with what its flush removed put back, and the default Site pointed at it
    (as the browser tests do)."""
    from wagtail.models import Site

    require_postgresql()
    # Django's test server listens with a queue of 10 waiting connections, so 50 visitors
    # arriving at once would have theirs dropped and retried after 1, 3, 7, 15 s... (the
    # kernel's ListenOverflows). gunicorn, in production, queues 2048. Listening again on
    # the same socket (Linux) just lengthens the queue.
    live_server.thread.httpd.socket.listen(BACKLOG)
    restore_baseline()
    address = urlsplit(live_server.url)
    default = Site.objects.get(is_default_site=True)
    default.hostname, default.port = address.hostname, address.port
    default.save()
    return live_server.url


@pytest.fixture
def pages(site) -> dict:
    """The services a visitor opens (five, at the two hubs) and the answers each visitor sends."""
    hubs = [Organisation.objects.get(slug=HUB_A), Organisation.objects.get(slug=HUB_B)]
    for n in range(5):
        link = ServiceAtLocationFactory(
            service=ServiceFactory(organisation=hubs[n % 2], support_types=["coaching"])
        )
        Schedule.objects.create(
            service=link.service, byday="MO", opens_at=dt.time(9), closes_at=dt.time(17)
        )
    services = [
        reverse("directory:service", args=[s.organisation.slug, s.slug]) for s in services_listed()
    ]
    business_type = terms_of(BUSINESS_TYPES).first()
    answers = {
        "kind": "person",
        "name": "Lena Load",
        "contact_method": "email",
        "postcode": "WN1 1AA",
        "idea": "A bike repair co-op with a café, tried under load.",
        "business_type": str(business_type.pk),
        "stage": "exploring",
        "consent": "on",
    }
    return {"services": services, "answers": answers}


def test_it_serves_fifty_visitors_without_an_error(site, pages, capsys):
    seconds = load_seconds()
    tally = Tally()
    visitors = [Visitor(n, site, pages, tally) for n in range(USERS)]
    started = time.monotonic()
    deadline = started + seconds
    threads = [threading.Thread(target=v.run, args=(deadline,)) for v in visitors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + TIMEOUT * 6)
    elapsed = time.monotonic() - started
    kept = set(
        SupportRequest.objects.filter(email__startswith=EMAIL_PREFIX).values_list(
            "email", flat=True
        )
    )

    timings = sorted(tally.seconds)
    figures = (
        f"load test: {USERS} visitors for {seconds:g} s (ran {elapsed:.1f} s): "
        f"{tally.requests} requests, {len(tally.errors)} errors, "
        f"{len(tally.thanked)} support requests sent and {len(kept)} kept, "
        f"{tally.requests / elapsed:.1f} req/s, "
        f"median {statistics.median(timings) * 1000:.0f} ms, "
        f"95th percentile {timings[int(len(timings) * 0.95) - 1] * 1000:.0f} ms, "
        f"slowest {timings[-1] * 1000:.0f} ms"
    )
    with capsys.disabled():
        print(f"\n{figures}")
    assert not any(t.is_alive() for t in threads), "a visitor was still waiting at the end"
    assert not tally.errors, f"{figures}\nfirst errors: {tally.errors[:5]}"
    assert tally.thanked, "no support request was sent"
    assert kept == tally.thanked
