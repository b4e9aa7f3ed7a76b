"""The site's Redis cache, failing open: with Redis down, pages are served uncached, not as 500s.

Every page reads the cache on its way out (Wagtail's site root paths behind the base template,
allauth's and our rate limits, the counts of wrong passwords), so a cache that raises turns a
Redis outage into an outage of the whole site. Here a Redis error counts as a miss: reads give
the default, writes and deletes do nothing, incr and decr raise ValueError as for a missing key
(what every counter here already handles by letting the visitor through).

add() answers True, as if it had stored the value. allauth takes a lock with add() before every
rate-limited step (signing in, signing up, resetting a password) and refuses the visitor with 429
when it cannot get one within a second: answering False would turn everyone away. The price is
that while Redis is down, what add() is asked to remember is forgotten: allauth's record of used
authenticator codes among them, so a code could be used twice in the minute or so it is valid.

After a connection error, Redis is left alone for PAUSE_SECONDS in this process, so that a dead
Redis does not add its connect timeout to every cache call of every request.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Tests replace it to move time on without waiting.
_clock = time.monotonic


class _Breaker:
    """Whether to try one Redis server, and when we last said it was failing.

    Shared by every thread of the process (Django gives each thread its own cache object).
    Two threads racing here cost at most one extra attempt or one extra log line, so no lock.
    """

    def __init__(self):
        self.closed_at = 0.0  # Redis is skipped until then
        self.logged_at = None
        self.unlogged = 0  # failed or skipped calls since the last warning

    def allows_a_try(self) -> bool:
        if _clock() >= self.closed_at:
            return True
        self.unlogged += 1
        return False

    def failed(self, error: RedisError, *, pause: float, log_every: float) -> None:
        now = _clock()
        # Unreachable (or timing out) means every call would wait as long: stop trying for a
        # while. Redis refusing one command (out of memory, read-only) answers fast: keep asking.
        if isinstance(error, RedisConnectionError | RedisTimeoutError):
            self.closed_at = now + pause
        self.unlogged += 1
        if self.logged_at is None or now - self.logged_at >= log_every:
            logger.warning(
                "The cache is unavailable (%s: %s): pages are served without it. "
                "%d cache call(s) missed in this process since this was last logged.",
                type(error).__name__,
                error,
                self.unlogged,
            )
            self.logged_at = now
            self.unlogged = 0

    def succeeded(self) -> None:
        if self.logged_at is not None:
            logger.info("The cache answers again.")
            self.logged_at = None
            self.unlogged = 0


# One breaker per Redis location, so the process stops trying a dead server only once.
_breakers: dict[tuple[str, ...], _Breaker] = {}


def _missing(key):
    raise ValueError(f"Key {key!r} not found: the cache is unavailable.")


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache, with Redis errors answered as misses (see the module's docstring)."""

    PAUSE_SECONDS = 5
    LOG_EVERY_SECONDS = 60

    def __init__(self, server, params):
        super().__init__(server, params)
        self._breaker = _breakers.setdefault(tuple(self._servers), _Breaker())

    def _try(self, operation: str, *args, on_failure):
        """Call RedisCache's operation; on a Redis error (or while pausing) return on_failure()."""
        if not self._breaker.allows_a_try():
            return on_failure()
        try:
            result = getattr(super(), operation)(*args)
        except RedisError as error:
            self._breaker.failed(error, pause=self.PAUSE_SECONDS, log_every=self.LOG_EVERY_SECONDS)
            return on_failure()
        self._breaker.succeeded()
        return result

    # These are all the operations RedisCache sends to Redis. BaseCache builds the rest
    # (get_or_set, decr, incr_version, has_key's `in`, the async a* versions) on top of them.

    def get(self, key, default=None, version=None):
        return self._try("get", key, default, version, on_failure=lambda: default)

    def get_many(self, keys, version=None):
        return self._try("get_many", keys, version, on_failure=dict)

    def has_key(self, key, version=None):
        return self._try("has_key", key, version, on_failure=lambda: False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("add", key, value, timeout, version, on_failure=lambda: True)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._try("set", key, value, timeout, version, on_failure=lambda: None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # As Django documents it: the keys that could not be stored.
        return self._try("set_many", data, timeout, version, on_failure=lambda: list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("touch", key, timeout, version, on_failure=lambda: False)

    def incr(self, key, delta=1, version=None):
        return self._try("incr", key, delta, version, on_failure=lambda: _missing(key))

    def delete(self, key, version=None):
        return self._try("delete", key, version, on_failure=lambda: False)

    def delete_many(self, keys, version=None):
        self._try("delete_many", keys, version, on_failure=lambda: None)

    def clear(self):
        return self._try("clear", on_failure=lambda: False)
