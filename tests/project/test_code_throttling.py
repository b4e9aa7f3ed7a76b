"""Everything that emails a code or a link is limited per visitor and per address, failing open.

The test settings turn allauth's limits off (the personas sign in many times); each test here
puts back the site's own (config.settings.base), and posts from an address of its own.
"""

import time
import types
import uuid

import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.support.services import private_redis
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts. Try again later."


@pytest.fixture
def limits_on(settings):
    from config.settings import base

    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS  # the test settings turn them off


@pytest.fixture
def clock(monkeypatch):
    """allauth's clock for its limits, moved on by hand: `clock.now += 61` is a minute later."""

    class Clock:
        now = time.time()

    monkeypatch.setattr(
        allauth_ratelimit,
        "time",
        types.SimpleNamespace(time=lambda: Clock.now, monotonic=time.monotonic, sleep=time.sleep),
    )
    return Clock


def _visitor() -> Client:
    return Client(REMOTE_ADDR=f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7")


def _address() -> str:
    return f"someone-{uuid.uuid4().hex[:8]}@example.test"


def _reset(client: Client, email: str) -> int:
    return client.post(reverse("account_reset_password"), {"email": email}).status_code


def _ask_for_code(client: Client, email: str, capture) -> bool:
    """Whether asking for a sign-in code got one sent (True) or was refused (False)."""
    mail.outbox.clear()
    with capture(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": email})
    if response.status_code == 302:
        assert response.url == reverse("account_confirm_login_code")
        assert [m.to for m in mail.outbox] == [[email]]
        return True
    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert mail.outbox == []
    return False


def test_each_emailing_step_is_limited_per_visitor_and_per_address(limits_on):
    from allauth.account import app_settings

    for action in ("request_login_code", "confirm_email", "reset_password"):
        rates = allauth_ratelimit.get_rates(app="allauth.account", action=action)
        assert {rate.per for rate in rates} == {"ip", "key"}, action
    # Following a reset link carries no address to count by: per visitor only.
    rates = allauth_ratelimit.get_rates(app="allauth.account", action="reset_password_from_key")
    assert {rate.per for rate in rates} == {"ip"}
    assert app_settings.LOGIN_BY_CODE_MAX_ATTEMPTS == 3


# Password resets ------------------------------------------------------------------------


def test_the_reset_form_answers_429_past_the_limit_for_one_address(cast, limits_on):
    email = _address()
    visitor = _visitor()

    assert [_reset(visitor, email) for _ in range(6)] == [302] * 5 + [429]
    # The address is what is counted: another visitor asking for it is refused too...
    assert _reset(_visitor(), email) == 429
    # ...and the same visitor may still ask for another address.
    assert _reset(visitor, _address()) == 302


def test_the_reset_form_limits_one_visitor_asking_for_many_addresses(cast, limits_on):
    visitor = _visitor()

    answers = [_reset(visitor, _address()) for _ in range(21)]

    assert answers == [302] * 20 + [429]
    assert _reset(_visitor(), _address()) == 302


def test_one_address_gets_at_most_ten_reset_links_an_hour(cast, limits_on, clock):
    email = _address()
    answers = []
    for _ in range(3):  # five a minute is allowed; the hourly cap stops the third minute
        answers += [_reset(_visitor(), email) for _ in range(5)]
        clock.now += 61

    assert answers == [302] * 10 + [429] * 5
    clock.now += 60 * 60
    assert _reset(_visitor(), email) == 302


def test_reset_links_are_limited_per_visitor(cast, limits_on):
    visitor = _visitor()
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "made-up"})

    answers = [visitor.post(url, {}).status_code for _ in range(21)]

    assert answers[:20] == [200] * 20  # the "bad link" page
    assert answers[20] == 429
    assert _visitor().post(url, {}).status_code == 200


# Sign-in codes ----------------------------------------------------------------------------


def test_one_address_gets_three_sign_in_codes_a_minute(
    cast, limits_on, django_capture_on_commit_callbacks
):
    member = UserFactory(email=_address())  # counts are kept per address: one of its own
    answers = [
        _ask_for_code(_visitor(), member.email, django_capture_on_commit_callbacks)
        for _ in range(4)
    ]

    assert answers == [True, True, True, False]


def test_one_address_gets_at_most_ten_sign_in_codes_an_hour(
    cast, limits_on, clock, django_capture_on_commit_callbacks
):
    email = _address()
    answers = []
    for _ in range(4):
        answers += [
            _ask_for_code(_visitor(), email, django_capture_on_commit_callbacks) for _ in range(3)
        ]
        clock.now += 61

    assert answers == [True] * 10 + [False] * 2


# Confirmation emails ------------------------------------------------------------------------


def test_signing_up_again_with_a_taken_address_sends_no_second_email_for_a_while(
    cast, limits_on, clock, django_capture_on_commit_callbacks
):
    taken = UserFactory(email=_address()).email

    def sign_up() -> list:
        mail.outbox.clear()
        password = f"Correct-Horse-{uuid.uuid4().hex[:6]}"
        with django_capture_on_commit_callbacks(execute=True):
            response = _visitor().post(
                reverse("account_signup"),
                {"email": taken, "password1": password, "password2": password},
            )
        # The visitor sees "check your email" each time, whether or not one was sent.
        assert response.url == reverse("account_email_verification_sent")
        return [m.to for m in mail.outbox]

    assert sign_up() == [[taken]]
    assert sign_up() == []
    clock.now += 3 * 60 + 1
    assert sign_up() == [[taken]]


# With the cache down ----------------------------------------------------------------------


@pytest.fixture
def cache_down(settings):
    """The site's cache, configured as in production, on a Redis that has just stopped."""
    with private_redis() as redis:
        settings.CACHES = {
            "default": {
                "BACKEND": "core.cache.FailOpenRedisCache",
                "LOCATION": redis.url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
                "KEY_PREFIX": f"throttling-{uuid.uuid4().hex}",
            }
        }
        cache.set("warm", "yes")
        assert cache.get("warm") == "yes"  # the limits' cache really was this Redis
        redis.stop()
        yield


@pytest.mark.services
@pytest.mark.xdist_group("private-redis")
def test_nobody_is_refused_while_the_cache_is_down(
    cast, limits_on, cache_down, django_capture_on_commit_callbacks
):
    email = _address()
    visitor = _visitor()

    assert [_reset(visitor, email) for _ in range(7)] == [302] * 7
    # (A session waiting for its code is sent no second one: each ask is a new visitor.)
    assert [
        _ask_for_code(_visitor(), email, django_capture_on_commit_callbacks) for _ in range(5)
    ] == [True] * 5
