import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

pytestmark = pytest.mark.django_db

WORK = "/work/"


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_ROLES = True


@pytest.mark.parametrize(
    "persona", ["staff_a", "manager_a", "staff_b", "commissioner", "editor", "admin"]
)
def test_it_sends_roles_that_need_mfa_to_set_it_up_first(persona, mfa_required, client_for):
    response = client_for(persona).get(WORK)
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


@pytest.mark.parametrize("persona", ["entrepreneur", "entrepreneur2", "peer"])
def test_it_lets_other_people_reach_their_pages_without_mfa(persona, mfa_required, client_for):
    assert client_for(persona).get(WORK).status_code == 200


def _signed_in_through_the_form(persona_email, password):
    from django.test import Client

    client = Client()
    response = client.post(reverse("account_login"), {"login": persona_email, "password": password})
    assert response.status_code == 302
    return client


def test_it_keeps_public_pages_and_account_pages_open(mfa_required, persona_password):
    client = _signed_in_through_the_form("staff.a@demo.test", persona_password)
    assert client.get("/").status_code == 200
    assert client.get(reverse("account_email")).status_code == 200
    # Setting up an authenticator asks for the password again first (allauth's default).
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.url.startswith(reverse("account_reauthenticate"))


def test_it_does_not_enforce_when_the_setting_is_off(settings, client_for):
    settings.MFA_REQUIRED_FOR_ROLES = False
    assert client_for("staff_a").get(WORK).status_code == 200


def test_it_blocks_the_organisation_pages_too(mfa_required, client_for, cast):
    response = client_for("manager_a").get(reverse("ecosystem:team", args=[cast.hub_a.pk]))
    assert response.url == reverse("mfa_activate_totp")


def test_once_an_authenticator_app_is_set_up_the_work_opens(mfa_required, persona_password, cast):
    client = _signed_in_through_the_form("staff.a@demo.test", persona_password)
    assert client.get(WORK).url == reverse("mfa_activate_totp")
    reauthenticated = client.post(
        reverse("account_reauthenticate") + "?next=" + reverse("mfa_activate_totp"),
        {"password": persona_password},
    )
    assert reauthenticated.url == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    counters = list(yield_hotp_counters_from_time())
    now = counters[len(counters) // 2]
    response = client.post(
        reverse("mfa_activate_totp"), {"code": format_hotp_value(hotp_value(secret, now))}
    )
    assert response.status_code == 302
    assert Authenticator.objects.filter(
        user=cast.user("staff_a"), type=Authenticator.Type.TOTP
    ).exists()
    assert client.get(WORK).status_code == 200
