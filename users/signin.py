"""How people sign in: every way in goes through allauth, and a session that skipped a second
step its account has is refused.

Two rules live here:

- An account with an authenticator app must pass it in the session that uses it. allauth's
  login asks for the code, but any other call to django.contrib.auth.login (a library's
  own login page, a future shortcut) would not. So at login we note in the session whether the
  account had two-factor set up, and SecondFactorMiddleware ends any session that should have
  passed it and did not (allauth records each step in the session's authentication records).
- Repeated wrong passwords for one account do not lock its owner out (anyone could keep a named
  person out that way); instead, once an account has had PASSWORD_FAILURES_BEFORE_CODE failures
  in PASSWORD_FAILURE_WINDOW_SECONDS, a correct password is not enough: allauth also emails a
  sign-in code (AccountAdapter.is_login_by_code_required). The owner gets in; a guesser does not.
  The count lives in the cache and, like every limit here, fails open when the cache is down.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth import logout
from django.core.cache import cache

logger = logging.getLogger(__name__)

# Set at login: did the account have two-factor authentication then?
MFA_AT_LOGIN_SESSION_KEY = "users_mfa_at_login"


def _failures_key(email: str) -> str:
    # A hash, so the cache never holds people's email addresses.
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"signin:password-failures:{digest}"


def password_failure_record(*, email: str) -> int:
    """Count one more wrong password for this address; return the count in the current window."""
    if not email:
        return 0
    key = _failures_key(email)
    window = settings.PASSWORD_FAILURE_WINDOW_SECONDS
    try:
        if cache.add(key, 1, timeout=window):
            return 1
        return cache.incr(key)
    except ValueError:  # it expired between add and incr: this failure starts a new window
        cache.set(key, 1, timeout=window)
        return 1
    except Exception:
        logger.warning("Failed sign-ins not counted: the cache is unavailable.")
        return 0


def password_failures(*, email: str) -> int:
    """How many wrong passwords this address has had in the current window (0 if unknown)."""
    if not email:
        return 0
    try:
        return int(cache.get(_failures_key(email)) or 0)
    except Exception:
        return 0


def password_failures_clear(*, email: str) -> None:
    """Forget the failures once the account's owner has signed in."""
    if not email:
        return
    try:
        cache.delete(_failures_key(email))
    except Exception:
        logger.warning("Failed sign-ins not cleared: the cache is unavailable.")


def needs_code_after_failures(*, email: str) -> bool:
    """Whether this address has had enough wrong passwords that a password alone is not enough."""
    return password_failures(email=email) >= settings.PASSWORD_FAILURES_BEFORE_CODE


def _methods(request, user) -> list[str]:
    from allauth.account.authentication import get_authentication_records

    if request is None or user is None:
        return []
    return [r.get("method") for r in get_authentication_records(request, user)]


def signed_in_by_code(request, user) -> bool:
    """Whether this session proved the account's email address with a sign-in code."""
    return "code" in _methods(request, user)


def passed_second_factor(request, user) -> bool:
    """Whether this session proved the account's second factor (an allauth "mfa" record)."""
    return "mfa" in _methods(request, user)


def note_second_factor_at_login(request, user) -> None:
    """Remember in the session whether the account had two-factor authentication at login."""
    from allauth.mfa.utils import is_mfa_enabled

    if request is None or not hasattr(request, "session"):
        return
    request.session[MFA_AT_LOGIN_SESSION_KEY] = bool(is_mfa_enabled(user))


def session_skipped_second_factor(request) -> bool:
    """True when the signed-in account has two-factor authentication and this session never
    passed it."""
    user = request.user
    if not user.is_authenticated:
        return False
    if MFA_AT_LOGIN_SESSION_KEY not in request.session:
        # A session from before this rule: look once, then remember.
        note_second_factor_at_login(request, user)
    if not request.session[MFA_AT_LOGIN_SESSION_KEY]:
        return False
    return not passed_second_factor(request, user)


def end_session(request) -> None:
    """Sign the person out of a session that may not go on."""
    logger.warning(
        "Ended a session that skipped two-factor authentication (user %s).", request.user.pk
    )
    logout(request)


def recently_signed_in_by_code(request, user, *, within_seconds: int) -> bool:
    """Whether this session proved the account's email address with a code (at sign-in or on
    being asked again) within the last few minutes: for what only the person may do, such as
    downloading a copy of everything held about them."""
    import time

    from allauth.account.authentication import get_authentication_records

    if request is None or user is None or not user.is_authenticated:
        return False
    now = time.time()
    return any(
        r.get("method") == "code" and now - r.get("at", 0) < within_seconds
        for r in get_authentication_records(request, user)
    )
