"""Every way in goes through allauth's sign-in, with its second step and its limits.

The faults these tests pin down were found by probing the production settings: the CMS's own
login page signed a manager with an authenticator app in with a password alone, and was never
throttled; behind one proxy, allauth counted every visitor as the proxy; and five wrong passwords
locked a named person out.
"""

import uuid

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.users.factories import authenticator_code, give_authenticator_app
from users import signin

pytestmark = pytest.mark.django_db

MANAGER = "manager.a@demo.test"
WORK = "/work/"


@pytest.fixture
def manager_secret(cast):
    return give_authenticator_app(cast.user("manager_a"))


def _signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def _a_visitor() -> str:
    """An address nobody else in this test run uses (rate limits count per address)."""
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}"


# The CMS and the Django admin ------------------------------------------------------------


def test_it_sends_the_cms_login_page_to_the_sites_sign_in(client):
    response = client.get("/cms/login/?next=/cms/pages/")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/cms/pages/"


def test_it_never_signs_anyone_in_with_a_password_posted_to_the_cms_login(
    client, manager_secret, persona_password
):
    client.get("/cms/login/")
    response = client.post("/cms/login/", {"username": MANAGER, "password": persona_password})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not _signed_in(client)
    assert client.get(WORK).url.startswith(reverse("account_login"))


def test_it_keeps_a_dangerous_next_address_off_the_cms_redirect(client):
    response = client.get("/cms/login/?next=https://evil.example/")
    assert response.url == reverse("account_login") + "?next=/cms/"


def test_it_never_signs_anyone_in_with_a_password_posted_to_the_django_admin_login(
    client, persona_password
):
    response = client.post(
        "/django-admin/login/", {"username": "admin@demo.test", "password": persona_password}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not _signed_in(client)


def test_the_cms_has_no_password_reset_of_its_own(client_for):
    assert client_for("editor").get("/cms/password_reset/").status_code == 404


# Two-factor authentication ---------------------------------------------------------------


def test_a_manager_with_an_authenticator_app_is_asked_for_its_code(
    client, manager_secret, persona_password
):
    response = client.post(
        reverse("account_login"), {"login": MANAGER, "password": persona_password}
    )
    assert response.url == reverse("mfa_authenticate")
    assert not _signed_in(client)
    assert client.get(WORK).url.startswith(reverse("account_login"))

    response = client.post(
        reverse("mfa_authenticate"), {"code": authenticator_code(manager_secret)}
    )
    assert response.status_code == 302
    assert _signed_in(client)
    assert client.get(WORK).status_code == 200
    assert client.get("/cms/").status_code == 302  # managers are not site editors


def test_a_session_that_skipped_the_code_is_signed_out_on_its_next_request(cast, manager_secret):
    # Any login() that is not allauth's (as the CMS's own page was) leaves no record of the code.
    client = Client()
    client.force_login(cast.user("manager_a"))
    response = client.get(WORK)
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/work/"
    assert not _signed_in(client)


def test_it_signs_out_such_a_session_on_public_and_account_pages_too(cast, manager_secret):
    for path in ("/", reverse("account_email"), reverse("mfa_deactivate_totp")):
        client = Client()
        client.force_login(cast.user("manager_a"))
        response = client.get(path)
        assert response.status_code == 302, path
        assert not _signed_in(client), path


def test_people_without_an_authenticator_app_are_not_affected(client_for):
    assert client_for("staff_a").get(WORK).status_code == 200


def test_a_session_from_before_the_rule_is_checked_once(cast, manager_secret):
    client = Client()
    client.force_login(cast.user("manager_a"))
    session = client.session
    del session[signin.MFA_AT_LOGIN_SESSION_KEY]
    session.save()
    assert client.get(WORK).status_code == 302
    assert not _signed_in(client)


@pytest.mark.parametrize("persona", ["editor", "admin"])
def test_site_editors_and_everyone_who_can_open_the_cms_must_set_up_two_factor(
    persona, settings, client_for
):
    settings.MFA_REQUIRED_FOR_ROLES = True
    response = client_for(persona).get("/cms/")
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


# Limits behind a load balancer -----------------------------------------------------------


@pytest.fixture
def limits_on(settings):
    from config.settings import base

    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS  # the test settings turn them off
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def _log_in(client, email, password, address):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        HTTP_X_FORWARDED_FOR=address,
        REMOTE_ADDR="10.255.255.254",  # the load balancer
    )


def test_wrong_passwords_from_many_visitors_do_not_lock_out_another(limits_on, persona_password):
    client = Client()
    for n in range(11):
        response = _log_in(client, f"made-up-{n}@example.test", "wrong-password", _a_visitor())
        assert response.status_code == 200
    response = _log_in(client, "staff.a@demo.test", persona_password, _a_visitor())
    assert response.status_code == 302
    assert response.url == WORK


def test_one_visitor_is_still_limited(limits_on, persona_password):
    client = Client()
    visitor = _a_visitor()
    for n in range(10):
        _log_in(client, f"made-up-{n}@example.test", "wrong-password", visitor)
    response = _log_in(client, "staff.a@demo.test", persona_password, visitor)
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()


def test_production_settings_give_allauth_the_same_number_of_proxies():
    from tests.project.test_settings import _env_example, _run

    code = (
        "from django.conf import settings as s;"
        "print(s.TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_PROXY_COUNT)"
    )
    result = _run({**_env_example(), "TRUSTED_PROXY_COUNT": "2"}, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["2", "2"]


# Wrong passwords for one account -----------------------------------------------------------


@pytest.fixture
def code_after_five(settings, limits_on):
    settings.PASSWORD_FAILURES_BEFORE_CODE = 5
    yield
    signin.password_failures_clear(email="staff.a@demo.test")


def test_after_repeated_wrong_passwords_the_owner_signs_in_with_an_emailed_code(
    code_after_five, persona_password, django_capture_on_commit_callbacks
):
    attacker = Client()
    for _ in range(6):
        response = _log_in(attacker, "staff.a@demo.test", "wrong-password", _a_visitor())
        assert "The email address and/or password you specified are not correct" in (
            response.content.decode()
        )
    mail.outbox.clear()

    owner = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = _log_in(owner, "staff.a@demo.test", persona_password, _a_visitor())
    assert response.status_code == 302
    assert response.url == reverse("account_confirm_login_code")
    assert not _signed_in(owner)
    [email] = mail.outbox
    assert email.to == ["staff.a@demo.test"]
    code = next(line.strip() for line in email.body.splitlines() if line.strip().isupper())

    response = owner.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert _signed_in(owner)
    # Signing in clears the count: the next sign-in needs only the password again.
    assert signin.password_failures(email="staff.a@demo.test") == 0


def test_the_owner_can_still_sign_in_by_code_alone(
    code_after_five, django_capture_on_commit_callbacks
):
    attacker = Client()
    for _ in range(6):
        _log_in(attacker, "staff.a@demo.test", "wrong-password", _a_visitor())
    owner = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post(reverse("account_request_login_code"), {"email": "staff.a@demo.test"})
    assert response.url == reverse("account_confirm_login_code")
    [email] = [m for m in mail.outbox if "code" in m.subject.lower()]
    code = next(line.strip() for line in email.body.splitlines() if line.strip().isupper())
    response = owner.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert _signed_in(owner)


def test_below_the_threshold_a_password_is_enough(code_after_five, persona_password):
    client = Client()
    for _ in range(4):
        _log_in(client, "staff.a@demo.test", "wrong-password", _a_visitor())
    response = _log_in(client, "staff.a@demo.test", persona_password, _a_visitor())
    assert response.url == WORK


def test_a_signed_in_person_without_cms_access_is_sent_to_their_work_not_round_in_circles(
    client_for,
):
    client = client_for("manager_a")
    response = client.get("/cms/")
    assert response.status_code == 302
    assert response.url == reverse("workspace:home")
    assert "does not give you access to the CMS" in client.get(response.url).content.decode()
