"""The fail-open Redis cache, against a redis-server of each test's own that is then stopped."""

import asyncio
import logging
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis as redis_py
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory

from core import cache as fail_open
from core.cache import FailOpenRedisCache
from core.ratelimit import over_limit
from tests.support.services import private_redis
from users import signin

pytestmark = [pytest.mark.services, pytest.mark.xdist_group("private-redis")]

OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}


def _params() -> dict:
    return {"OPTIONS": OPTIONS, "KEY_PREFIX": f"test-cache-{uuid.uuid4().hex}"}


@pytest.fixture
def clock(monkeypatch):
    """The cache's clock, moved on by hand: `clock.now = 5` is five seconds later."""

    class Clock:
        now = 1000.0

    monkeypatch.setattr(fail_open, "_clock", lambda: Clock.now)
    return Clock


@pytest.fixture
def redis_server():
    with private_redis() as server:
        yield server


@pytest.fixture
def stopped(redis_server):
    """A fail-open cache that worked, on a Redis that has since stopped."""
    cache = FailOpenRedisCache(redis_server.url, _params())
    cache.set("kept", "before")
    assert cache.get("kept") == "before"
    redis_server.stop()
    return cache


def test_it_is_djangos_redis_cache_while_redis_answers(redis_server):
    cache = FailOpenRedisCache(redis_server.url, _params())
    assert cache.add("count", 1) is True
    assert cache.add("count", 1) is False
    assert cache.incr("count") == 2
    assert cache.decr("count") == 1
    cache.set("name", {"a": 1})
    assert cache.get("name") == {"a": 1}
    assert cache.set_many({"x": 1, "y": 2}) == []
    assert cache.get_many(["x", "y", "z"]) == {"x": 1, "y": 2}
    assert cache.has_key("x") and "y" in cache
    assert cache.touch("x", 60) is True
    assert cache.delete("x") is True
    cache.delete_many(["y"])
    assert cache.get_or_set("made", lambda: "fresh") == "fresh"
    assert cache.get("made") == "fresh"
    assert cache.clear() is True
    assert cache.get("name", "gone") == "gone"


def test_it_overrides_every_operation_djangos_redis_cache_sends_to_redis():
    # BaseCache builds the rest on these; a new one in a later Django would be missed.
    sent_to_redis = {
        name
        for name, member in vars(RedisCache).items()
        if callable(member) and not name.startswith("_") and name != "get_backend_timeout"
    }
    assert sent_to_redis <= set(vars(FailOpenRedisCache))


def test_with_redis_stopped_reads_miss_and_writes_do_nothing(stopped):
    cache = stopped
    assert cache.get("kept") is None
    assert cache.get("kept", "default") == "default"
    assert cache.get_many(["kept", "other"]) == {}
    assert cache.has_key("kept") is False
    assert "kept" not in cache
    assert cache.get_or_set("kept", lambda: "computed") == "computed"
    # In a thread of its own: a browser test earlier in this worker may leave an event loop
    # running in this one, where async_to_sync refuses to run.
    with ThreadPoolExecutor(max_workers=1) as pool:
        came_back = pool.submit(asyncio.run, cache.aget("kept", "async default")).result()
    assert came_back == "async default"
    assert cache.set("kept", "after") is None
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]  # the keys that were not stored
    assert cache.touch("kept", 60) is False
    assert cache.delete("kept") is False
    assert cache.delete_many(["a", "b"]) is None
    assert cache.clear() is False


def test_with_redis_stopped_add_answers_stored_and_counters_are_missing(stopped):
    # add() says True: allauth refuses everyone when its add() lock fails (see core.cache).
    assert stopped.add("lock", True) is True
    for count in (stopped.incr, stopped.decr, stopped.incr_version):
        with pytest.raises(ValueError):
            count("kept")


def _written_by_another_process(cache: FailOpenRedisCache, key: str, value) -> None:
    RedisCache(cache._servers[0], {"OPTIONS": OPTIONS, "KEY_PREFIX": cache.key_prefix}).set(
        key, value
    )


def test_after_a_connection_error_it_leaves_redis_alone_for_five_seconds(
    redis_server, stopped, clock
):
    assert stopped.get("kept") is None  # tries Redis and fails: pauses
    redis_server.start()  # the same port
    _written_by_another_process(stopped, "kept", "again")

    # Redis is back, but this process does not ask it until the pause is over.
    clock.now += 4.9
    assert stopped.get("kept") is None
    clock.now += 0.1
    assert stopped.get("kept") == "again"


def test_the_pause_holds_for_every_cache_object_of_the_process(redis_server, stopped, clock):
    # Django gives each thread its own cache object: a dead Redis costs one try, not one a thread.
    assert stopped.get("kept") is None
    redis_server.start()
    _written_by_another_process(stopped, "kept", "again")
    another_thread = FailOpenRedisCache(
        stopped._servers[0], {**_params(), "KEY_PREFIX": stopped.key_prefix}
    )
    assert another_thread.get("kept") is None
    clock.now += 5
    assert another_thread.get("kept") == "again"


def test_it_warns_once_a_minute_not_on_every_call(stopped, clock, caplog):
    caplog.set_level(logging.WARNING, logger="core.cache")
    for _ in range(12):  # one try every pause, each failing, for a minute
        stopped.get("kept")
        stopped.get("kept")  # skipped: the pause is on
        clock.now += 5
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "The cache is unavailable (ConnectionError" in warnings[0].getMessage()

    stopped.get("kept")  # a minute on
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert "24 cache call(s) missed" in warnings[1].getMessage()


def test_redis_refusing_a_command_is_a_miss_but_no_pause(redis_server, clock):
    cache = FailOpenRedisCache(redis_server.url, _params())
    cache.set("kept", "before")
    redis_py.Redis.from_url(redis_server.url).config_set("maxmemory", 1)  # now refuses writes
    cache.set("new", "value")  # OutOfMemoryError: nothing stored, nothing raised
    assert cache.get("new") is None
    assert cache.get("kept") == "before"  # reads still go to Redis at once


def test_the_sites_limits_let_everyone_through_while_redis_is_down(stopped, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": stopped._servers[0],
            **_params(),
        }
    }
    for _ in range(3):  # more than the limit allows, and not one counted against
        assert over_limit("ask:ip:192.0.2.1", limit=1, window_seconds=60) is False
    assert signin.password_failure_record(email="someone@example.test") <= 1
    assert signin.needs_code_after_failures(email="someone@example.test") is False

    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="192.0.2.1")
    started = time.monotonic()
    for _ in range(5):  # more than the limit allows, and not one refused
        assert allauth_ratelimit.consume(
            request, app="allauth.account", action="login", config={"login": "1/m/ip"}
        )
    assert time.monotonic() - started < 1  # no waiting for a lock that cannot be had
