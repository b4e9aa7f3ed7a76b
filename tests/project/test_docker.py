"""Docker cannot run here, so check that everything docker-compose.yml and the Dockerfile name exists."""

import re
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import get_commands

from config.celery_app import app as celery_app

BASE = Path(settings.BASE_DIR)
COMPOSE = yaml.safe_load((BASE / "docker-compose.yml").read_text())
DOCKERFILE = (BASE / "Dockerfile").read_text()


def _env_example_keys() -> set[str]:
    return {
        line.split("=", 1)[0]
        for line in (BASE / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    }


def test_it_has_the_production_services():
    assert set(COMPOSE["services"]) >= {"web", "worker", "beat", "db", "redis"}
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
