"""`make bench`: the site's key pages under load, each as a share of a minimal Django view.

One run: install wrk if it is missing; prepare a PostgreSQL database with the demo data
(ep_bench_<scale>, seeded once and reused); collect the static files into a folder of the
run's own; serve the site with gunicorn (2 sync workers) under the production settings, and
beside it the minimal project of tests/bench/minimal; sign the personas in; then, one page at
a time, warm up and run `wrk -t2 -c16 -d<duration>s --latency`. The minimal view runs first
and last, and the mean of the two is the baseline (their difference shows how much the
machine drifted). Queries are counted in this process with Django's test client against the
same database and settings. A table goes to the terminal and the figures to
.bench/results-<scale>-<timestamp>.json. docs/performance.md says how to read them.

Everything the run starts is stopped when it ends, fails or is interrupted.

    python scripts/bench.py [--scale small|medium|large] [--duration 10] [--quick]
    BENCH_SCALE=small BENCH_QUICK=1 make bench
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
LUA_REPORT = BASE_DIR / "scripts" / "bench_report.lua"
RESULTS_DIR = BASE_DIR / ".bench"
MINIMAL_WSGI = "tests.bench.minimal.wsgi:application"
MINIMAL_SETTINGS = "tests.bench.minimal.settings"
# The site's production settings, with STATIC_ROOT pointed at the run's own folder (the one
# setting production does not read from the environment). Written into the run's folder.
SITE_SETTINGS = "bench_production_settings"

SCALES = ("demo", "small", "medium", "large")  # demo: the normal demo data only
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/ep_bench_{scale}"
DEFAULT_REDIS = "redis://127.0.0.1:6379/9"  # a spare database number: it is flushed first
DURATION, QUICK_DURATION = 10, 3
WARM_UP, QUICK_WARM_UP = 2, 1
WORKERS = 2
WRK_THREADS, WRK_CONNECTIONS = 2, 16
RSS_TARGET_MB = 300
MARKER = "seeded by scripts/bench.py: "

ANONYMOUS = "anonymous"
PUBLIC, SIGNED_IN, DASHBOARD = "public", "signed-in", "dashboard"


@dataclass(frozen=True)
class Target:
    """What a page should reach: a share of the minimal view's requests a second, and at most
    so many queries (None: no limit)."""

    share: int
    max_queries: int | None = None

    def describe(self) -> str:
        text = f">={self.share}%"
        return text if self.max_queries is None else f"{text}, <={self.max_queries}q"


# From the issue: anonymous public pages half the minimal view's rate, signed-in pages a fifth
# in at most 12 queries, dashboards a twentieth.
TARGETS = {
    PUBLIC: Target(50),
    SIGNED_IN: Target(20, max_queries=12),
    DASHBOARD: Target(5),
}


@dataclass(frozen=True)
class Page:
    name: str
    persona: str  # ANONYMOUS or a key of demo.personas.PERSONAS
    kind: str  # PUBLIC, SIGNED_IN or DASHBOARD
    locate: str  # the function of LOCATORS that finds its address in the database


PAGES = [
    Page("home", ANONYMOUS, PUBLIC, "home"),
    Page("model table", ANONYMOUS, PUBLIC, "model_table"),
    Page("element page", ANONYMOUS, PUBLIC, "element"),
    Page("directory", ANONYMOUS, PUBLIC, "directory"),
    Page("service page", ANONYMOUS, PUBLIC, "service"),
    Page("case studies index", ANONYMOUS, PUBLIC, "case_studies"),
    Page("ORUK /services", ANONYMOUS, PUBLIC, "oruk_services"),
    Page("journey list", "staff_a", SIGNED_IN, "journey_list"),
    Page("journey page", "staff_a", SIGNED_IN, "journey"),
    Page("triage inbox", "staff_a", SIGNED_IN, "triage_inbox"),
    Page("referrals", "staff_a", SIGNED_IN, "referrals"),
    Page("my journey", "entrepreneur", SIGNED_IN, "my_journey"),
    Page("story list", "staff_a", SIGNED_IN, "story_list"),
    Page("hub dashboard", "manager_a", DASHBOARD, "hub_dashboard"),
    Page("place dashboard", "commissioner", DASHBOARD, "place_dashboard"),
]


class BenchError(Exception):
    """A reason the benchmark cannot go on, said plainly."""


# wrk's output ------------------------------------------------------------------------------


@dataclass
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int = 0
    socket_errors: int = 0


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", value).groups()
    return float(number) * _UNITS_MS[unit]


def parse_wrk(output: str) -> WrkResult:
    """Read req/s, p50 and p99 from wrk's --latency report and p95 from bench_report.lua's line."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    report = re.search(r"^bench-report (.+)$", output, re.M)
    if not (rate and p50 and p99 and report):
        raise ValueError("not a report of `wrk --latency -s bench_report.lua`:\n" + output)
    figures = dict(pair.split("=", 1) for pair in report.group(1).split())
    non_2xx = re.search(r"^\s*Non-2xx or 3xx responses:\s+(\d+)", output, re.M)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return WrkResult(
        requests_per_second=float(rate.group(1)),
        p50_ms=_ms(p50.group(1)),
        p95_ms=int(figures["p95_us"]) / 1000,
        p99_ms=_ms(p99.group(1)),
        requests=int(figures["requests"]),
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(map(int, socket_errors.groups())) if socket_errors else 0,
    )


# Processes ------------------------------------------------------------------------------


class Processes:
    """What the run started, each in its own process group, all stopped on the way out."""

    def __init__(self):
        self.started: list[subprocess.Popen] = []

    def start(self, command: list[str], *, env: dict, log: Path) -> subprocess.Popen:
        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603
                command,
                env=env,
                cwd=BASE_DIR,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.started:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.started.clear()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), 2):
            return True
    except OSError:
        return False


def fetch(port: int, path: str, cookie: str = "", timeout: float = 120) -> tuple[int, str]:
    """GET one address as wrk will (behind an HTTPS proxy); the status and any Location."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=_headers(cookie))
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location", "")
    finally:
        connection.close()


def _headers(cookie: str) -> dict:
    headers = {"X-Forwarded-Proto": "https"}
    if cookie:
        headers["Cookie"] = cookie
    return headers


def wait_until_serving(process: subprocess.Popen, port: int, path: str, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn stopped at start (see below).\n{_tail(log)}")
        try:
            status, _ = fetch(port, path, timeout=5)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise BenchError(f"gunicorn did not answer {path} on port {port} within 90 s.\n{_tail(log)}")


def drain(port: int, path: str) -> None:
    """Wait until requests that wrk left behind (a run ends with some in gunicorn's queue) are
    answered, so that they do not slow the next run: one request a worker, all at once, return
    only when the queue ahead of them is empty."""
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(lambda _: fetch(port, path, timeout=600), range(WORKERS)))


def _tail(log: Path, lines: int = 30) -> str:
    if not log.exists():
        return ""
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory (VmRSS) of each worker of a gunicorn master, in MB."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


# wrk ------------------------------------------------------------------------------------


def ensure_wrk() -> str:
    """wrk's path, installing it with apt-get if it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt and os.geteuid() == 0:
        print("wrk is missing: installing it (apt-get install -y wrk)...")
        for command in (
            [apt, "install", "-y", "wrk"],
            [apt, "update"],
            [apt, "install", "-y", "wrk"],
        ):
            subprocess.run(command, capture_output=True, check=False)  # noqa: S603
            if shutil.which("wrk"):
                return shutil.which("wrk")
    raise BenchError(
        "wrk is not installed and could not be installed here "
        + ("(apt-get needs root)." if apt else "(no apt-get).")
        + " Install it (apt-get install wrk, brew install wrk) and run again."
    )


def run_wrk(wrk: str, port: int, path: str, cookie: str, seconds: int) -> WrkResult:
    command = [
        wrk,
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
        # Waiting behind the other connections included: a slow page is measured, not
        # counted as an error (gunicorn's own limit is 30 s for each request).
        "--timeout",
        "120s",
        "-s",
        str(LUA_REPORT),
    ]
    for name, value in _headers(cookie).items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BenchError(f"wrk failed on {path}: {done.stderr or done.stdout}")
    return parse_wrk(done.stdout)


# The database ---------------------------------------------------------------------------


def _manage(env: dict, *args: str, capture: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=capture,
        text=True,
        check=False,
    )


def _checked(done: subprocess.CompletedProcess, what: str) -> subprocess.CompletedProcess:
    if done.returncode != 0:
        raise BenchError(f"{what} failed:\n{(done.stdout or '')[-3000:]}{done.stderr or ''}")
    return done


def _admin_connection(database_url: str):
    import psycopg

    url = urlparse(database_url)
    return psycopg.connect(
        host=url.hostname or "127.0.0.1",
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password,
        dbname="postgres",
        autocommit=True,
    )


def database_marker(database_url: str) -> dict | None:
    """Create the database if it is absent; return the mark a finished seeding left on it."""
    from psycopg import sql

    name = urlparse(database_url).path.lstrip("/")
    with _admin_connection(database_url) as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        if row is None:
            print(f"Creating the database {name}...")
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return None
    comment = row[0] or ""
    return json.loads(comment[len(MARKER) :]) if comment.startswith(MARKER) else None


def mark_database(database_url: str, marker: dict) -> None:
    from psycopg import sql

    name = urlparse(database_url).path.lstrip("/")
    with _admin_connection(database_url) as connection:
        connection.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(MARKER + json.dumps(marker))
            )
        )


def prepare_database(env: dict, database_url: str, scale: str, *, reseed: bool) -> dict:
    """Migrate, and seed unless an earlier run already did; return what the data holds."""
    marker = database_marker(database_url)
    print("Migrating...")
    _checked(_manage(env, "migrate", "--noinput"), "migrate")
    scale_supported = "--scale" in _checked(_manage(env, "seed_demo", "--help"), "seed_demo").stdout
    if scale != "demo" and not scale_supported:
        print(
            f"Note: seed_demo does not accept --scale yet, so this run measures the normal demo "
            f"data, not {scale}."
        )
    wants_scale = scale != "demo" and scale_supported
    if marker and marker["scale_applied"] and marker["scale"] != scale:
        raise BenchError(
            f"That database holds the {marker['scale']} data, not {scale}: "
            f"leave out --database-url (each scale has its own database) or name another."
        )
    if marker and not reseed and (marker["scale_applied"] or not wants_scale):
        print(f"Reusing the data seeded on {marker['at']} (pass --reseed to seed again).")
        return marker
    command = ["seed_demo", "--force"] + (["--scale", scale] if wants_scale else [])
    print(f"Seeding: manage.py {' '.join(command)} ...")
    started = time.monotonic()
    _checked(_manage(env, *command, capture=False), "seed_demo")
    marker = {
        "scale": scale,
        "scale_applied": wants_scale,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.monotonic() - started),
    }
    mark_database(database_url, marker)
    return marker


def flush_redis(redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url, socket_connect_timeout=2).flushdb()


# Inside Django (production settings, this process) --------------------------------------


def _hub_a():
    from demo.directory import HUB_A
    from ecosystem.models import Organisation

    return Organisation.objects.get(slug=HUB_A)


def _user(key: str):
    from django.contrib.auth import get_user_model

    from demo.personas import PERSONAS

    email = next(p.email for p in PERSONAS if p.key == key)
    return get_user_model().objects.get(email=email)


def _path(url: str) -> str:
    parsed = urlparse(url)
    return parsed.path + (f"?{parsed.query}" if parsed.query else "")


def _locate_home() -> str:
    return "/"


def _locate_model_table() -> str:
    from django.urls import reverse

    from logicmodel.selectors import NATIONAL_MODEL_SLUG

    return reverse("logicmodel:model", kwargs={"model_slug": NATIONAL_MODEL_SLUG})


def _locate_element() -> str:
    """The national model's live element with the longest checklist."""
    from django.db.models import Count

    from logicmodel.models import Element
    from logicmodel.selectors import NATIONAL_MODEL_SLUG

    element = (
        Element.objects.filter(logic_model__slug=NATIONAL_MODEL_SLUG, live=True)
        .annotate(items=Count("checklist_items"))
        .order_by("-items", "slug")
        .first()
    )
    return element.get_absolute_url()


def _locate_directory() -> str:
    from django.urls import reverse

    return reverse("directory:index")


def _locate_service() -> str:
    """Hub A's listed service with the most locations."""
    from django.db.models import Count

    from ecosystem.directory.selectors import LISTED_STATUSES
    from ecosystem.models import Service

    service = (
        Service.objects.filter(organisation=_hub_a(), status__in=LISTED_STATUSES)
        .annotate(places=Count("service_at_locations"))
        .order_by("-places", "slug")
        .select_related("organisation")
        .first()
    )
    return service.get_absolute_url()


def _locate_case_studies() -> str:
    from stories.pages import CaseStudyIndexPage

    return _path(CaseStudyIndexPage.objects.live().first().get_url())


def _locate_oruk_services() -> str:
    from django.urls import reverse

    return reverse("oruk:services")


def _locate_journey_list() -> str:
    from django.urls import reverse

    return reverse("journeys:list")


def _locate_journey() -> str:
    """The journey of hub A that staff A can open with the most sessions attended."""
    from django.db.models import Count
    from django.urls import reverse

    from journeys.selectors import journeys_visible_to

    journey = (
        journeys_visible_to(_user("staff_a"))
        .filter(organisation=_hub_a())
        .annotate(attended=Count("attendances"))
        .order_by("-attended", "pk")
        .first()
    )
    return reverse("journeys:detail", args=[journey.pk])


def _locate_triage_inbox() -> str:
    from django.urls import reverse

    return reverse("triage:inbox")


def _locate_referrals() -> str:
    from django.urls import reverse

    return reverse("referrals:list")


def _locate_my_journey() -> str:
    from django.urls import reverse

    return reverse("my:journey")


def _locate_story_list() -> str:
    from django.urls import reverse

    return reverse("stories:list")


def _locate_hub_dashboard() -> str:
    from django.urls import reverse

    return reverse("journeys:dashboard", args=[_hub_a().pk])


def _locate_place_dashboard() -> str:
    from django.urls import reverse

    from ecosystem.models import CommissionerScope

    scope = CommissionerScope.objects.filter(user=_user("commissioner")).select_related("place")
    return reverse("insights:place", kwargs={"slug": scope.order_by("place__name")[0].place.slug})


LOCATORS = {
    name.removeprefix("_locate_"): function
    for name, function in globals().items()
    if name.startswith("_locate_")
}


def setup_django(env: dict, run_dir: Path) -> None:
    os.environ.update(env)
    for folder in (str(BASE_DIR), str(run_dir)):
        if folder not in sys.path:
            sys.path.insert(0, folder)
    import django

    django.setup()


def _authenticator(user):
    """The account's authenticator app, set up (as allauth's own setup page does) if it has none."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    found = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return found or TOTP.activate(user, generate_totp_secret()).instance


def sign_in(user) -> str:
    """A session as allauth's sign-in leaves it: the password step, the authenticator app's code
    where the account has one or its role needs one (MFA_REQUIRED_FOR_ROLES), then login().

    The records are allauth's own, so users.middleware.SecondFactorMiddleware and
    ecosystem.middleware.RequireMFAMiddleware judge the session exactly as a real one."""
    from importlib import import_module

    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.base.internal.flows import post_authentication
    from allauth.mfa.utils import is_mfa_enabled
    from django.conf import settings
    from django.contrib.auth import login
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from ecosystem.selectors import user_requires_mfa

    request = RequestFactory().post("/accounts/login/", secure=True, HTTP_HOST="127.0.0.1")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request.user = AnonymousUser()
    record_authentication(request, user, "password", email=user.email)
    if is_mfa_enabled(user) or (settings.MFA_REQUIRED_FOR_ROLES and user_requires_mfa(user)):
        post_authentication(request, _authenticator(user))
    login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
    request.session.save()
    return request.session.session_key


def session_cookie(user) -> str:
    from django.conf import settings

    return f"{settings.SESSION_COOKIE_NAME}={sign_in(user)}"


@dataclass
class QueryCount:
    queries: int | None = None  # of a request after the warm-up: what the load measures
    first_queries: int | None = None  # of the warm-up, the page cache's miss for a public page
    status: int | None = None
    cache: str = ""  # the page cache's X-Page-Cache answer, if any
    error: str = ""


def count_queries(path: str, cookie: str) -> QueryCount:
    """Queries of one request after a warm-up, with the test client in this process (with the
    same session as wrk's, for a signed-in page)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", headers={"X-Forwarded-Proto": "https"})
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    try:
        with CaptureQueriesContext(connection) as first:
            client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
    except Exception as error:  # a 500 in the test client raises; report it with the page
        return QueryCount(error=f"{type(error).__name__}: {error}")
    return QueryCount(
        queries=len(captured),
        first_queries=len(first),
        status=response.status_code,
        cache=response.headers.get("X-Page-Cache", ""),
    )


# The run --------------------------------------------------------------------------------


@dataclass
class Row:
    page: str
    persona: str
    kind: str
    path: str
    target: str
    requests_per_second: float | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    requests: int | None = None
    non_2xx_3xx: int = 0
    socket_errors: int = 0
    queries: int | None = None
    first_queries: int | None = None
    cache: str = ""
    share_of_minimal: float | None = None
    met: bool | None = None
    error: str = ""
    notes: list[str] = field(default_factory=list)


def judge(row: Row, baseline: float) -> None:
    target = TARGETS[row.kind]
    if row.requests_per_second is None:
        return
    if not row.requests:
        row.met = False
        row.notes.append("no request finished within the run: run longer (--duration)")
    row.share_of_minimal = 100 * row.requests_per_second / baseline
    row.met = row.share_of_minimal >= target.share
    if target.max_queries is not None and (row.queries is None or row.queries > target.max_queries):
        row.met = False
    if row.non_2xx_3xx or row.socket_errors:
        row.met = False
        row.notes.append(f"{row.non_2xx_3xx} non-2xx/3xx, {row.socket_errors} socket errors")


def _figure(value, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def table(rows: list[Row]) -> str:
    header = (
        f"{'page':20} {'persona':13} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} "
        f"{'1st q':>6} {'% min':>7} {'target':>13} {'met':>4}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        queries = _figure(row.queries, "d") + ("*" if row.cache == "hit" else "")
        met = "-" if row.met is None else ("yes" if row.met else "NO")
        lines.append(
            f"{row.page:20} {row.persona:13} {_figure(row.requests_per_second, '8.1f')} "
            f"{_figure(row.p50_ms, '8.1f')} {_figure(row.p95_ms, '8.1f')} {queries:>8} "
            f"{_figure(row.first_queries, '6d')} {_figure(row.share_of_minimal, '6.1f')}% "
            f"{row.target:>13} {met:>4}"
        )
        for note in [row.error, *row.notes]:
            if note:
                lines.append(f"    {row.page}: {note}")
    return "\n".join(lines)


def _data_described(scale: str, marker: dict) -> str:
    if marker["scale_applied"]:
        return f"seed_demo --scale {scale}"
    if scale == "demo":
        return "the normal demo data"
    return "the normal demo data only: seed_demo has no --scale yet"


def _gunicorn_help() -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gunicorn", "--help"], capture_output=True, text=True, check=False
    )


def _git_revision() -> str:
    done = subprocess.run(
        ["git", "describe", "--always", "--dirty"],  # noqa: S607
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip()


def _random_secret_key() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(64))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale",
        choices=SCALES,
        default=os.environ.get("BENCH_SCALE") or "demo",
        help="the data: the normal demo data (demo) or seed_demo --scale on top (BENCH_SCALE)",
    )
    parser.add_argument(
        "--duration",
        type=int,
        default=int(os.environ.get("BENCH_DURATION") or 0) or None,
        help=f"seconds of load per page (BENCH_DURATION; {DURATION}, or {QUICK_DURATION} quick)",
    )
    parser.add_argument(
        "--quick", action="store_true", default=quick, help="shorter runs (BENCH_QUICK=1)"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL"),
        help="PostgreSQL database to use (BENCH_DATABASE_URL; default ep_bench_<scale> locally)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL") or DEFAULT_REDIS,
        help=f"Redis database for the cache and broker, flushed first ({DEFAULT_REDIS})",
    )
    parser.add_argument("--reseed", action="store_true", help="run seed_demo even if seeded")
    parser.add_argument("--only", nargs="*", metavar="PAGE", help="only these pages (by name)")
    args = parser.parse_args(argv)
    args.database_url = args.database_url or DEFAULT_DATABASE.format(scale=args.scale)
    args.duration = args.duration or (QUICK_DURATION if args.quick else DURATION)
    args.warm_up = QUICK_WARM_UP if args.quick else WARM_UP
    return args


def check_services(database_url: str, redis_url: str) -> None:
    missing = []
    for url, port in ((database_url, 5432), (redis_url, 6379)):
        parsed = urlparse(url)
        if not reachable(parsed.hostname or "127.0.0.1", parsed.port or port):
            missing.append(url)
    if missing:
        raise BenchError("Not reachable: " + ", ".join(missing) + ". Start them and run again.")
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise BenchError("The benchmark needs PostgreSQL (BENCH_DATABASE_URL=postgres://...).")


def run(args: argparse.Namespace, processes: Processes, run_dir: Path) -> int:
    check_services(args.database_url, args.redis_url)
    wrk = ensure_wrk()
    static_root = run_dir / "static"
    (run_dir / f"{SITE_SETTINGS}.py").write_text(
        "# Written by scripts/bench.py for one run: the production settings, with the static\n"
        "# files collected into the run's own folder.\n"
        "from config.settings.production import *  # noqa: F403\n\n"
        f"STATIC_ROOT = {str(static_root)!r}\n"
    )
    site_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SITE_SETTINGS,
        "PYTHONPATH": os.pathsep.join([str(run_dir), str(BASE_DIR)]),
        "DJANGO_SECRET_KEY": _random_secret_key(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        # As in production, whatever a local .env says: HTTPS only (wrk says it came through
        # the proxy as HTTPS) and two-factor authentication for the roles that need it.
        "DJANGO_SECURE_SSL_REDIRECT": "true",
        "MFA_REQUIRED_FOR_ROLES": "true",
        # Nothing is delivered: no worker runs, and no email may leave the machine.
        "OUTBOX_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    minimal_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": MINIMAL_SETTINGS,
        "PYTHONPATH": str(BASE_DIR),
        "DJANGO_SECRET_KEY": _random_secret_key(),
    }

    print(f"Database {args.database_url}, scale {args.scale}.")
    marker = prepare_database(site_env, args.database_url, args.scale, reseed=args.reseed)
    print("Collecting static files...")
    _checked(_manage(site_env, "collectstatic", "--noinput"), "collectstatic")
    flush_redis(args.redis_url)

    setup_django(site_env, run_dir)
    pages = [p for p in PAGES if not args.only or p.name in args.only]
    cookies = {ANONYMOUS: ""}
    for persona in sorted({p.persona for p in pages} - {ANONYMOUS}):
        cookies[persona] = session_cookie(_user(persona))
    rows = [
        Row(p.name, p.persona, p.kind, LOCATORS[p.locate](), TARGETS[p.kind].describe())
        for p in pages
    ]

    gunicorn = [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS)]
    gunicorn += ["--worker-class", "sync", "--timeout", "30"]
    if "--no-control-socket" in _checked(_gunicorn_help(), "gunicorn --help").stdout:
        # gunicorn 27 and later: two servers (and anyone else's) would share one socket.
        gunicorn.append("--no-control-socket")
    site_port, minimal_port = free_port(), free_port()
    # Kept after the run (the run's folder is not): what a page that failed under load logged.
    RESULTS_DIR.mkdir(exist_ok=True)
    site_log, minimal_log = RESULTS_DIR / "site.log", RESULTS_DIR / "minimal.log"
    site = processes.start(
        [*gunicorn, "--bind", f"127.0.0.1:{site_port}", "config.wsgi:application"],
        env=site_env,
        log=site_log,
    )
    minimal = processes.start(
        [*gunicorn, "--bind", f"127.0.0.1:{minimal_port}", MINIMAL_WSGI],
        env=minimal_env,
        log=minimal_log,
    )
    wait_until_serving(site, site_port, "/healthz", site_log)
    wait_until_serving(minimal, minimal_port, "/", minimal_log)

    print("Checking each page answers 200 for its persona...")
    for row in rows:
        status, location = fetch(site_port, row.path, cookies[row.persona])
        if status != 200:
            row.error = f"{row.path} answered {status}" + (f" -> {location}" if location else "")
            continue
        counted = count_queries(row.path, cookies[row.persona])
        row.queries, row.first_queries, row.cache = (
            counted.queries,
            counted.first_queries,
            counted.cache,
        )
        if counted.error or counted.status != 200:
            row.error = counted.error or f"the test client got {counted.status}"

    def measure(port: int, path: str, cookie: str) -> WrkResult:
        idle = "/healthz" if port == site_port else "/"
        run_wrk(wrk, port, path, cookie, args.warm_up)
        drain(port, idle)
        result = run_wrk(wrk, port, path, cookie, args.duration)
        drain(port, idle)
        return result

    print(f"Load: wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{args.duration}s per page.")
    first = measure(minimal_port, "/", "")
    print(f"  minimal view (start): {first.requests_per_second:.1f} req/s")
    for row in rows:
        if row.error:
            continue
        result = measure(site_port, row.path, cookies[row.persona])
        for name in ("requests_per_second", "p50_ms", "p95_ms", "p99_ms", "requests"):
            setattr(row, name, getattr(result, name))
        row.non_2xx_3xx, row.socket_errors = result.non_2xx_3xx, result.socket_errors
        status, location = fetch(site_port, row.path, cookies[row.persona])
        if status != 200:  # the session ended during the run, say
            row.error = f"after the run {row.path} answered {status} {location}".strip()
        print(f"  {row.page}: {result.requests_per_second:.1f} req/s")
    last = measure(minimal_port, "/", "")
    print(f"  minimal view (end): {last.requests_per_second:.1f} req/s")
    baseline = (first.requests_per_second + last.requests_per_second) / 2
    drift = 100 * (last.requests_per_second - first.requests_per_second) / baseline

    rss = {"site": worker_rss_mb(site.pid), "minimal": worker_rss_mb(minimal.pid)}
    for row in rows:
        judge(row, baseline)

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    print()
    print(
        f"Scale {args.scale} ({_data_described(args.scale, marker)}), "
        f"{WORKERS} sync workers each, wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} "
        f"-d{args.duration}s, revision {_git_revision()}"
    )
    print(
        f"Minimal view: {first.requests_per_second:.1f} req/s at the start, "
        f"{last.requests_per_second:.1f} at the end (drift {drift:+.1f}%); "
        f"baseline {baseline:.1f} req/s, p50 {(first.p50_ms + last.p50_ms) / 2:.1f} ms"
    )
    print()
    print(table(rows))
    print(
        "  * served from the public page cache (X-Page-Cache: hit); 1st q: the queries of the "
        "first request (the cache's miss)"
    )
    print()
    site_rss = ", ".join(f"{mb:.0f}" for mb in rss["site"])
    minimal_rss = ", ".join(f"{mb:.0f}" for mb in rss["minimal"])
    rss_met = bool(rss["site"]) and max(rss["site"]) < RSS_TARGET_MB
    print(
        f"Worker memory after the run (VmRSS, MB): site {site_rss} "
        f"(target < {RSS_TARGET_MB}: {'yes' if rss_met else 'NO'}); minimal {minimal_rss}"
    )

    results = RESULTS_DIR / f"results-{args.scale}-{stamp}.json"
    results.write_text(
        json.dumps(
            {
                "scale": args.scale,
                "scale_applied": marker["scale_applied"],
                "database": urlparse(args.database_url).path.lstrip("/"),
                "revision": _git_revision(),
                "at": stamp,
                "workers": WORKERS,
                "wrk": {
                    "threads": WRK_THREADS,
                    "connections": WRK_CONNECTIONS,
                    "duration_s": args.duration,
                    "warm_up_s": args.warm_up,
                },
                "minimal": {"start": asdict(first), "end": asdict(last)},
                "baseline_requests_per_second": baseline,
                "drift_percent": drift,
                "pages": [asdict(row) for row in rows],
                "worker_rss_mb": rss,
                "rss_target_mb": RSS_TARGET_MB,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"Figures written to {results.relative_to(BASE_DIR)}")
    return 1 if any(row.error for row in rows) else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Ctrl+C, a closed terminal or a kill: each stops what the run started (even when the
    # shell that started the run had told it to ignore Ctrl+C, as a background job is).
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)
    processes = Processes()
    run_dir = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        return run(args, processes, run_dir)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    finally:
        processes.stop_all()
        shutil.rmtree(run_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
