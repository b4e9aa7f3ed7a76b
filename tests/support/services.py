"""Real background services for tests: a private redis-server and a Celery worker process."""

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery_app import app as celery_app

BASE_DIR = Path(settings.BASE_DIR)


def spare_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, up: bool, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), 0.2):
                if up:
                    return
        except OSError:
            if not up:
                return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} did not come {'up' if up else 'down'}")


class PrivateRedis:
    """A redis-server of the test's own on a spare port; stopping it never touches the shared one."""

    def __init__(self):
        if not shutil.which("redis-server"):
            pytest.skip("redis-server is not installed here; CI installs it")
        self.port = spare_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(self.port, up=True)

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(10)
            self.process = None
        _wait_for_port(self.port, up=False)


@contextmanager
def private_redis():
    redis = PrivateRedis()
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


@contextmanager
def use_broker(url: str, queue: str):
    """Send this process's Celery tasks to a real broker instead of running them in-process."""
    saved = {
        k: celery_app.conf[k] for k in ("broker_url", "task_always_eager", "task_default_queue")
    }
    celery_app.conf.update(broker_url=url, task_always_eager=False, task_default_queue=queue)
    celery_app._after_fork()  # forget pooled connections to the old broker
    try:
        yield
    finally:
        celery_app.conf.update(saved)
        celery_app._after_fork()


def require_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "a worker process shares the test database only on PostgreSQL (make test uses it)"
        )


def _test_database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@contextmanager
def celery_worker(broker_url: str, queue: str, mail_dir: Path, **extra_env: str):
    """A real `celery worker` process on the test database, sending mail to files in mail_dir."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "OUTBOX_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        **extra_env,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config.celery_app",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--concurrency",
            "1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "WARNING",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_until(predicate, timeout: float = 30.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"gave up waiting after {timeout}s")


def read_sent_mail(mail_dir: Path) -> list:
    """The emails a file-based backend wrote, parsed, with their text decoded."""
    import email
    from email import policy

    messages = []
    for path in sorted(mail_dir.iterdir()):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                messages.append(email.message_from_bytes(raw.strip(), policy=policy.default))
    return messages


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()
