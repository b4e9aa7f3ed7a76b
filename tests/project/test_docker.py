"""Docker cannot run here, so check that everything docker-compose.yml and the Dockerfile name exists."""

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands

from config.celery_app import app as celery_app

BASE = Path(settings.BASE_DIR)
COMPOSE = yaml.safe_load((BASE / "docker-compose.yml").read_text())
DOCKERFILE = (BASE / "Dockerfile").read_text()
CADDYFILE = BASE / "deploy" / "Caddyfile"


def _env_example_keys() -> set[str]:
    return {
        line.split("=", 1)[0]
        for line in (BASE / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    }


def test_it_has_the_production_services():
    assert set(COMPOSE["services"]) >= {"proxy", "web", "worker", "beat", "db", "redis"}
    assert COMPOSE["services"]["db"]["image"] == "postgres:16"
    assert COMPOSE["services"]["redis"]["image"] == "redis:7"


def test_every_service_has_a_health_check_or_is_a_one_off():
    for name, service in COMPOSE["services"].items():
        assert "healthcheck" in service or name in {"beat", "migrate"}, name


def test_the_web_service_runs_gunicorn_on_the_wsgi_app_and_checks_healthz():
    web = COMPOSE["services"]["web"]
    assert web["command"][0] == "gunicorn"
    module, app_name = web["command"][1].split(":")
    assert module == "config.wsgi" and (BASE / "config" / "wsgi.py").exists()
    assert app_name == "application"
    assert "/healthz" in " ".join(web["healthcheck"]["test"])
    from django.urls import resolve

    assert resolve("/healthz").url_name == "healthz"


def test_the_worker_and_beat_name_the_celery_app_and_its_schedule():
    for name in ("worker", "beat"):
        command = COMPOSE["services"][name]["command"]
        assert command[:3] == ["celery", "-A", "config.celery_app"]
        assert command[3] == name
    celery_app.loader.import_default_modules()  # what the worker does at start
    for entry in celery_app.conf.beat_schedule.values():
        assert entry["task"] in celery_app.tasks, entry["task"]


def test_the_migrate_service_runs_a_real_management_command():
    command = COMPOSE["services"]["migrate"]["command"]
    assert command[:2] == ["python", "manage.py"]
    assert command[2] in get_commands()


def test_every_service_reads_the_one_env_file_and_it_lists_what_settings_need():
    for name in ("web", "worker", "beat", "migrate", "db"):
        assert COMPOSE["services"][name]["env_file"] == ".env", name
    keys = _env_example_keys()
    assert {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"} <= keys
    healthcheck = " ".join(COMPOSE["services"]["db"]["healthcheck"]["test"])
    for variable in re.findall(r"\$\$\{(\w+)\}", healthcheck):
        assert variable in keys, variable


def test_every_file_the_dockerfile_copies_exists():
    for line in DOCKERFILE.splitlines():
        if line.startswith("COPY") and "--from" not in line:
            sources = line.split()[1:-1]
            for source in sources:
                if source != ".":
                    assert (BASE / source).exists(), source
    assert "uv sync --frozen" in DOCKERFILE
    assert "collectstatic" in DOCKERFILE
    assert "npm ci" in DOCKERFILE and "npm run build" in DOCKERFILE


def _env_example_value(key: str) -> str:
    for line in (BASE / ".env.example").read_text().splitlines():
        if line.startswith(f"{key}="):
            return line.split("=", 1)[1]
    raise AssertionError(f"{key} is not in .env.example")


def test_only_the_proxy_publishes_ports():
    published = {name for name, service in COMPOSE["services"].items() if "ports" in service}
    assert published == {"proxy"}
    proxy = COMPOSE["services"]["proxy"]
    assert proxy["image"] == "caddy:2"
    assert {port.split("/")[0] for port in proxy["ports"]} == {"80:80", "443:443"}


def test_gunicorn_is_reached_only_over_the_network_it_shares_with_the_proxy():
    web, proxy = COMPOSE["services"]["web"], COMPOSE["services"]["proxy"]
    assert web["expose"] == ["8000"]
    assert "0.0.0.0:8000" in web["command"]
    shared = set(web["networks"]) & set(proxy["networks"])
    assert shared == {"web-proxy"}
    assert COMPOSE["networks"]["web-proxy"]["internal"] is True
    # The proxy cannot reach the database or Redis.
    assert "default" not in proxy["networks"]
    for name in ("db", "redis"):
        assert "networks" not in COMPOSE["services"][name]


def test_the_caddyfile_serves_the_site_address_and_proxies_to_gunicorn():
    proxy = COMPOSE["services"]["proxy"]
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert CADDYFILE.exists()
    lines = [line.split("#")[0].strip() for line in CADDYFILE.read_text().splitlines()]
    directives = [line for line in lines if line]
    assert directives[0] == "{$SITE_ADDRESS} {"
    assert "reverse_proxy web:8000" in directives
    # No trusted_proxies: Caddy replaces a visitor's own X-Forwarded-For, as
    # TRUSTED_PROXY_COUNT=1 needs.
    assert not any("trusted_proxies" in line for line in directives)
    assert _env_example_value("TRUSTED_PROXY_COUNT") == "1"
    assert "SITE_ADDRESS" in proxy["environment"]
    assert _env_example_value("SITE_ADDRESS")


def test_the_proxy_keeps_its_certificates_in_a_volume():
    proxy = COMPOSE["services"]["proxy"]
    assert "caddy-data:/data" in proxy["volumes"]
    assert "caddy-data" in COMPOSE["volumes"]


@pytest.mark.django_db
def test_the_web_health_check_asks_as_an_allowed_host_and_gets_an_answer(
    tmp_path, client, settings
):
    # Run the health check's shell line with a stand-in curl that prints what it was given.
    (tmp_path / "curl").write_text("#!/bin/sh\nprintf '%s\\n' \"$@\"\n")
    (tmp_path / "curl").chmod(0o755)
    kind, line = COMPOSE["services"]["web"]["healthcheck"]["test"]
    assert kind == "CMD-SHELL"
    allowed_hosts = _env_example_value("DJANGO_ALLOWED_HOSTS")
    result = subprocess.run(
        ["/bin/sh", "-c", line.replace("$$", "$")],  # compose turns $$ into $
        env={"PATH": f"{tmp_path}:{os.environ['PATH']}", "DJANGO_ALLOWED_HOSTS": allowed_hosts},
        capture_output=True,
        text=True,
        check=True,
    )
    args = result.stdout.splitlines()
    assert "--fail" in args
    host = args[args.index("-H") + 1].removeprefix("Host: ")
    url = args[-1]
    assert url == "http://localhost:8000/healthz"
    assert "curl" in DOCKERFILE
    settings.ALLOWED_HOSTS = allowed_hosts.split(",")
    settings.REDIS_URL = ""
    assert client.get("/healthz", headers={"host": host}).status_code == 200
    # Without the Host header Django would refuse the check (and the proxy would never start).
    assert client.get("/healthz", headers={"host": "localhost:8000"}).status_code == 400
