"""Counting requests per key in the cache, failing open: when Redis is down nothing is limited."""

import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    """The visitor's address, trusting only as many X-Forwarded-For hops as we have proxies."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def over_limit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one more use of key; True once it has been used more than limit times in the window."""
    cache_key = f"ratelimit:{key}"
    try:
        if cache.add(cache_key, 1, timeout=window_seconds):
            return limit < 1
        return cache.incr(cache_key) > limit
    except ValueError:  # the key expired between add and incr
        return False
    except Exception:  # the cache is down: never block anyone because of it
        logger.warning("Rate limit not checked: the cache is unavailable.")
        return False
