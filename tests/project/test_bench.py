"""scripts/bench.py's pieces, without any load: the minimal project, wrk's report, the pages
and their targets, and `make bench` itself. (The benchmark's timings never go in the suite.)"""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "bench.py"

# Captured from `wrk -t2 -c16 -d3s --latency --timeout 30s -s scripts/bench_report.lua
# -H "X-Forwarded-Proto: https" http://127.0.0.1:8123/` against the minimal project.
WRK_OUTPUT = """\
Running 3s test @ http://127.0.0.1:8123/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     9.12ms    3.10ms  71.07ms   81.09%
    Req/Sec     0.88k   153.96     1.17k    70.00%
  Latency Distribution
     50%    8.86ms
     75%   10.07ms
     90%   12.21ms
     99%   18.66ms
  5269 requests in 3.01s, 3.85MB read
Requests/sec:   1753.06
Transfer/sec:      1.28MB
bench-report requests=5269 duration_us=3005609 p50_us=8858 p95_us=14396 p99_us=18655 max_us=71073 status_errors=0 socket_errors=0
"""

# Captured the same way against an address the minimal project does not have (404), with the
# server stopped halfway through.
WRK_OUTPUT_WITH_ERRORS = """\
Running 3s test @ http://127.0.0.1:8123/missing/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.30ms    1.72ms  31.51ms   94.27%
    Req/Sec     1.41k   439.67     2.00k    71.88%
  Latency Distribution
     50%    5.28ms
     75%    5.53ms
     90%    5.83ms
     99%   12.51ms
  4508 requests in 3.01s, 1.91MB read
  Socket errors: connect 0, read 16, write 142737, timeout 0
  Non-2xx or 3xx responses: 4508
Requests/sec:   1497.06
Transfer/sec:    649.12KB
bench-report requests=4508 duration_us=3011229 p50_us=5277 p95_us=6374 p99_us=12509 max_us=31509 status_errors=4508 socket_errors=142753
"""

# The pages issue 15 names.
ISSUE_PAGES = {
    "home",
    "model table",
    "element page",
    "directory",
    "service page",
    "case studies index",
    "ORUK /services",
    "journey list",
    "journey page",
    "triage inbox",
    "referrals",
    "my journey",
    "hub dashboard",
    "place dashboard",
    "story list",
}


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_it_renders_the_minimal_page():
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "response = Client().get('/')\n"
        "print(response.status_code)\n"
        "print(response.content.decode())\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.bench.minimal.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    status, page = done.stdout.split("\n", 1)
    assert status == "200"
    assert "<title>Minimal page</title>" in page
    assert "5. See the model (21)" in page  # the loop ran
    assert "Hello, Someone. There are 5 things to do here." in page


def test_it_keeps_the_minimal_project_small_and_without_debug():
    code = (
        "from django.conf import settings; import django; django.setup()\n"
        "print(settings.DEBUG, settings.DATABASES, settings.INSTALLED_APPS)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.bench.minimal.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "False {} []", done.stderr


def test_it_reads_wrks_report(bench):
    result = bench.parse_wrk(WRK_OUTPUT)
    assert result.requests_per_second == 1753.06
    assert result.p50_ms == pytest.approx(8.86)
    assert result.p95_ms == pytest.approx(14.396)  # from bench_report.lua's line
    assert result.p99_ms == pytest.approx(18.66)
    assert result.requests == 5269
    assert (result.non_2xx_3xx, result.socket_errors) == (0, 0)


def test_it_reads_the_errors_wrk_reports(bench):
    result = bench.parse_wrk(WRK_OUTPUT_WITH_ERRORS)
    assert result.requests_per_second == 1497.06
    assert result.non_2xx_3xx == 4508
    assert result.socket_errors == 16 + 142737


def test_it_reads_wrks_units(bench):
    assert bench._ms("812.00us") == pytest.approx(0.812)
    assert bench._ms("8.86ms") == pytest.approx(8.86)
    assert bench._ms("2.10s") == pytest.approx(2100)
    assert bench._ms("1.02m") == pytest.approx(61_200)


def test_it_refuses_output_that_is_not_a_report(bench):
    with pytest.raises(ValueError):
        bench.parse_wrk("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_it_asks_wrk_for_the_95th_percentile():
    lua = (ROOT / "scripts" / "bench_report.lua").read_text()
    assert "done = function(summary, latency, requests)" in lua
    assert "latency:percentile(95)" in lua


def test_the_pages_are_the_issues_fifteen(bench):
    assert {page.name for page in bench.PAGES} == ISSUE_PAGES
    assert len(bench.PAGES) == 15


def test_each_page_has_a_locator_a_target_and_a_persona(bench):
    from demo.personas import PERSONAS

    personas = {p.key for p in PERSONAS} | {bench.ANONYMOUS}
    for page in bench.PAGES:
        assert page.locate in bench.LOCATORS, page.name
        assert page.kind in bench.TARGETS, page.name
        assert page.persona in personas, page.name
        assert (page.persona == bench.ANONYMOUS) == (page.kind == bench.PUBLIC), page.name


def test_it_judges_each_kind_of_page_by_its_target(bench):
    def row(kind, rate, queries):
        made = bench.Row("p", "x", kind, "/", "")
        made.requests_per_second, made.requests, made.queries = rate, 100, queries
        bench.judge(made, baseline=1000)
        return made

    assert row(bench.PUBLIC, 500, 30).met
    assert not row(bench.PUBLIC, 499, 0).met
    assert row(bench.SIGNED_IN, 200, 12).met
    assert not row(bench.SIGNED_IN, 900, 13).met  # fast, but too many queries
    assert row(bench.DASHBOARD, 50, 60).met
    assert not row(bench.DASHBOARD, 49, 5).met
    assert row(bench.DASHBOARD, 50, 60).share_of_minimal == 5


def test_a_run_where_no_request_finished_is_not_met(bench):
    made = bench.Row("p", "x", bench.DASHBOARD, "/", "")
    made.requests_per_second, made.requests = 0.0, 0
    bench.judge(made, baseline=1000)
    assert made.met is False
    assert "no request finished" in made.notes[0]


def test_it_reads_its_flags_from_the_environment(bench, monkeypatch):
    monkeypatch.setenv("BENCH_QUICK", "1")
    monkeypatch.setenv("BENCH_SCALE", "small")
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    monkeypatch.delenv("BENCH_DURATION", raising=False)
    args = bench.parse_args([])
    assert args.scale == "small"
    assert args.duration == bench.QUICK_DURATION
    assert args.database_url == "postgres://postgres@127.0.0.1:5432/ep_bench_small"
    assert bench.parse_args(["--duration", "20", "--scale", "large"]).duration == 20


def test_make_bench_runs_the_script():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nbench:", 1)[1].split("\n\n", 1)[0]
    assert "scripts/bench.py" in recipe
    assert "pytest" not in recipe
