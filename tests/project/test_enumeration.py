"""Resetting a password and signing up answer the same whether or not an address has an account.

Only the address's owner learns which it was, from the email they get.
"""

import re
import uuid

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

KNOWN = "staff.a@demo.test"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _unknown() -> str:
    return f"nobody-{uuid.uuid4().hex[:8]}@example.test"


def _page(response, email: str) -> str:
    # The page repeats the address typed; beyond that it must not differ.
    return CSRF.sub("", response.content.decode()).replace(email, "ADDRESS")


def _answer(client: Client, url: str, data: dict, capture) -> tuple:
    """What a visitor sees after posting: the redirect, the page it leads to, the emails sent."""
    mail.outbox.clear()
    with capture(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    landing = client.get(response.url)
    page = _page(landing, data["email"])
    return response.url, landing.status_code, page, [m.to for m in mail.outbox]


def test_enumeration_is_prevented_by_setting():
    assert settings.ACCOUNT_PREVENT_ENUMERATION is True


def test_the_reset_page_answers_the_same_for_a_known_and_an_unknown_address(
    cast, django_capture_on_commit_callbacks
):
    url = reverse("account_reset_password")
    unknown = _unknown()

    known_answer = _answer(Client(), url, {"email": KNOWN}, django_capture_on_commit_callbacks)
    unknown_answer = _answer(Client(), url, {"email": unknown}, django_capture_on_commit_callbacks)

    assert known_answer[0] == unknown_answer[0] == reverse("account_reset_password_done")
    assert known_answer[1:3] == unknown_answer[1:3]
    # Each address gets one email: a reset link, or word that it has no account here.
    assert known_answer[3] == [[KNOWN]]
    assert unknown_answer[3] == [[unknown]]


def test_sign_up_with_a_taken_address_looks_like_sign_up_with_a_new_one(
    cast, django_capture_on_commit_callbacks
):
    url = reverse("account_signup")
    password = f"Correct-Horse-{uuid.uuid4().hex[:6]}"
    new = _unknown()
    users = get_user_model().objects.count()

    taken_answer = _answer(
        Client(),
        url,
        {"email": KNOWN, "password1": password, "password2": password},
        django_capture_on_commit_callbacks,
    )
    new_answer = _answer(
        Client(),
        url,
        {"email": new, "password1": password, "password2": password},
        django_capture_on_commit_callbacks,
    )

    assert taken_answer[0] == new_answer[0] == reverse("account_email_verification_sent")
    assert taken_answer[1:3] == new_answer[1:3]
    assert "already" not in taken_answer[2].lower()
    # The owner of the taken address is told by email; no second account is made.
    assert taken_answer[3] == [[KNOWN]]
    assert new_answer[3] == [[new]]
    assert get_user_model().objects.count() == users + 1
    assert get_user_model().objects.filter(email__iexact=KNOWN).count() == 1


def test_asking_for_a_sign_in_code_answers_the_same_for_a_known_and_an_unknown_address(
    cast, django_capture_on_commit_callbacks
):
    url = reverse("account_request_login_code")

    known_answer = _answer(Client(), url, {"email": KNOWN}, django_capture_on_commit_callbacks)
    unknown_answer = _answer(
        Client(), url, {"email": _unknown()}, django_capture_on_commit_callbacks
    )

    assert known_answer[0] == unknown_answer[0] == reverse("account_confirm_login_code")
    assert known_answer[1:3] == unknown_answer[1:3]
