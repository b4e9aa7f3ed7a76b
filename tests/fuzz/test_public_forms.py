"""Every form a visitor can use without signing in, fed generated text in every field.

Whatever is typed, the answer is never an error page: a valid form redirects (and what it
keeps is there afterwards), an invalid one comes back with its mistakes shown and saves
nothing. Each example starts from answers that are valid, then spoils up to three fields
with hostile text (NUL, control characters, emoji, markup, SQL, very long strings) or
leaves them out; an example with nothing spoilt must be accepted.
"""

from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import MAX_URL_REDIRECT_LENGTH
from hypothesis import assume, event, given
from hypothesis import strategies as st
from wagtail.models import Page, PageViewRestriction

from core.models import OutboxMessage
from demo.personas import PERSONAS
from ecosystem.models import BUSINESS_TYPES, SUPPORT_TYPES, Language, Organisation, Place, Service
from ecosystem.selectors import terms_of
from journeys.models import (
    ORDINARY_BARRIERS,
    SENSITIVE_BARRIERS,
    ContactMethod,
    EqualityMonitoring,
    SupportRequest,
)
from journeys.support.forms import VENTURE_STAGES
from logicmodel.selectors import NATIONAL_MODEL_SLUG
from tests.fuzz import FUZZ, HOSTILE, fair_text, nasty_text, nasty_words
from tests.support.cast import PERSONA_PASSWORD

pytestmark = pytest.mark.django_db

LEFT_OUT = object()
POSTCODES = ["WN1 1AA", "wn11aa", " bd1  1aa ", "SW1A 1AA", "M1 1AE"]
STRONG_PASSWORDS = ["correct horse 🐴 battery", "Zebra-Quartz-4417-ünïcode", "ǝʌıʇ ʎǝʞ 9 staple"]


# Drawing the answers ---------------------------------------------------------------------


def _spoilt(nasty):
    """What replaces a field's answer: hostile text, a list of it, or nothing at all."""
    return st.one_of(nasty, st.lists(nasty, min_size=1, max_size=3), st.just(LEFT_OUT))


def _draw_answers(data, valid: dict, nasty=nasty_text) -> tuple[dict, bool]:
    """Valid answers with up to three fields spoilt; and whether none was."""
    answers = {name: data.draw(strategy, label=name) for name, strategy in valid.items()}
    spoilt = data.draw(st.sets(st.sampled_from(sorted(valid)), max_size=3), label="spoilt")
    for name in spoilt:
        answers[name] = data.draw(_spoilt(nasty), label=f"spoilt {name}")
    return {k: v for k, v in answers.items() if v is not LEFT_OUT}, not spoilt


def _draw_parameters(data, valid: dict) -> tuple[dict, bool]:
    """As _draw_answers, for a query string: no longer than Django will redirect to (16 KB)."""
    answers, untouched = _draw_answers(data, valid, nasty_words)
    assume(len(urlencode(answers, doseq=True)) <= MAX_URL_REDIRECT_LENGTH - 100)
    return answers, untouched


def _post(client, url, data, answers):
    """Post the answers as a browser would: multipart or urlencoded, chosen by the example."""
    if data.draw(st.booleans(), label="urlencoded"):
        body = urlencode(answers, doseq=True)
        response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    else:
        response = client.post(url, answers)
    event(f"answered {response.status_code}")  # shown by --hypothesis-show-statistics
    return response


def _one(answers, name) -> str:
    """The value the server reads for a field (the last of several, as QueryDict.get does)."""
    value = answers.get(name, "")
    return value[-1] if isinstance(value, list) and value else ("" if value == [] else value)


# Checking the answer ---------------------------------------------------------------------


def _counts(*models) -> dict:
    return {model.__name__: model.objects.count() for model in models}


def assert_mistakes_shown(response) -> None:
    """The form came back (200) with its errors, each shown on the page."""
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    assert form.errors, "an invalid form came back without saying what was wrong"
    html = response.content.decode()
    for messages in form.errors.values():
        for message in messages:
            assert escape(message) in html, f"the error {message!r} is not on the page"


def _answered(client, url, data, answers, *, models):
    """Post inside a savepoint rolled back afterwards, so examples do not see each other's rows.

    Returns the response and the counts of the given models before and after.
    """
    with transaction.atomic():
        before = _counts(*models)
        response = _post(client, url, data, answers)
        after = _counts(*models)
        transaction.set_rollback(True)
    return response, before, after


# The "ask for support" form ---------------------------------------------------------------


def _support_answers():
    business_types = [str(t.pk) for t in terms_of(BUSINESS_TYPES)]
    support_types = [str(t.pk) for t in terms_of(SUPPORT_TYPES)]
    return {
        "kind": st.sampled_from(["person", "group"]),
        "name": fair_text(120),
        "group_name": fair_text(200),
        "email": st.uuids().map(lambda u: f"fuzz-{u.hex[:12]}@example.test"),
        "phone": fair_text(30),
        "contact_method": st.sampled_from(ContactMethod.values),
        "contact_times": st.one_of(st.just(""), fair_text(200)),
        "postcode": st.sampled_from(POSTCODES),
        "idea": fair_text(4000),
        "business_type": st.sampled_from(business_types),
        "stage": st.sampled_from([value for value, _ in VENTURE_STAGES]),
        "help_wanted": st.lists(st.sampled_from(support_types), unique=True, max_size=3),
        "help_details": st.one_of(st.just(""), fair_text(2000)),
        "barriers": st.lists(
            st.sampled_from([b.value for b in ORDINARY_BARRIERS]), unique=True, max_size=2
        ),
        "sensitive_barriers": st.lists(
            st.sampled_from([b.value for b in SENSITIVE_BARRIERS]), unique=True, max_size=2
        ),
        "sensitive_consent": st.just("on"),
        "consent": st.just("on"),
        "website_address": st.just(""),
    }


SUPPORT_MODELS = (SupportRequest, EqualityMonitoring, get_user_model(), EmailAddress, OutboxMessage)


@FUZZ
@given(data=st.data())
def test_it_answers_anything_typed_into_the_ask_for_support_form(cast, data):
    url = reverse("support:ask")
    answers, untouched = _draw_answers(data, _support_answers())
    trapped = bool(_one(answers, "website_address").strip())

    with transaction.atomic():
        before = _counts(*SUPPORT_MODELS)
        kept_before = set(SupportRequest.objects.values_list("pk", flat=True))
        response = _post(Client(), url, data, answers)
        after = _counts(*SUPPORT_MODELS)
        new = list(SupportRequest.objects.exclude(pk__in=kept_before))
        transaction.set_rollback(True)

    if trapped:  # only a bot fills the hidden field: thanked, and nothing kept
        assert response.status_code == 302
        assert response.url == reverse("support:thanks")
        assert after == before
    elif response.status_code == 302:
        assert response.url == reverse("support:thanks")
        assert len(new) == 1
        assert after["SupportRequest"] == before["SupportRequest"] + 1
        assert new[0].name == _one(answers, "name").strip()
        assert new[0].email == _one(answers, "email").strip().lower()
        assert new[0].idea == _one(answers, "idea").strip()
    else:
        assert not untouched, "valid answers were refused"
        assert_mistakes_shown(response)
        assert after == before
        assert not new


# Sign-up, sign-in, password reset and sign-in by emailed code (allauth) --------------------

ACCOUNT_MODELS = (get_user_model(), EmailAddress, OutboxMessage)


def _persona_email():
    return st.sampled_from([p.email for p in PERSONAS])


@FUZZ
@given(data=st.data())
def test_it_answers_anything_typed_into_the_sign_up_form(cast, data):
    password = data.draw(st.sampled_from(STRONG_PASSWORDS), label="password")
    valid = {
        "email": st.uuids().map(lambda u: f"fuzz-{u.hex[:12]}@example.test"),
        "password1": st.just(password),
        "password2": st.just(password),
    }
    answers, untouched = _draw_answers(data, valid)

    response, before, after = _answered(
        Client(), reverse("account_signup"), data, answers, models=ACCOUNT_MODELS
    )

    if response.status_code == 302:
        assert response.url == reverse("account_email_verification_sent")
        assert after["User"] == before["User"] + 1
        assert after["EmailAddress"] == before["EmailAddress"] + 1
    else:
        assert not untouched, "valid answers were refused"
        assert_mistakes_shown(response)
        assert after == before


@FUZZ
@given(data=st.data())
def test_it_answers_anything_typed_into_the_sign_in_form(cast, data):
    valid = {
        "login": _persona_email(),
        "password": st.just(PERSONA_PASSWORD),
        "remember": st.sampled_from(["", "on"]),
    }
    answers, untouched = _draw_answers(data, valid)
    client = Client()

    response, before, after = _answered(
        client, reverse("account_login"), data, answers, models=ACCOUNT_MODELS
    )

    assert after == before
    if response.status_code == 302:
        # Only the right password for a real account lets anyone in.
        assert _one(answers, "password") == PERSONA_PASSWORD
        assert _one(answers, "login").strip().lower() in {p.email for p in PERSONAS}
    else:
        assert not untouched, "the right password was refused"
        assert_mistakes_shown(response)


@FUZZ
@given(data=st.data())
def test_it_answers_anything_typed_into_the_password_reset_form(cast, data):
    valid = {
        "email": st.one_of(
            _persona_email(), st.uuids().map(lambda u: f"nobody-{u.hex[:8]}@example.test")
        )
    }
    answers, untouched = _draw_answers(data, valid)

    response, before, after = _answered(
        Client(), reverse("account_reset_password"), data, answers, models=ACCOUNT_MODELS
    )

    assert (after["User"], after["EmailAddress"]) == (before["User"], before["EmailAddress"])
    if response.status_code == 302:
        assert response.url == reverse("account_reset_password_done")
    else:
        assert not untouched, "a good email address was refused"
        assert_mistakes_shown(response)
        assert after == before


@FUZZ
@given(data=st.data())
def test_it_answers_anything_typed_into_the_sign_in_by_code_form(cast, data):
    answers, untouched = _draw_answers(data, {"email": _persona_email()})

    response, before, after = _answered(
        Client(), reverse("account_request_login_code"), data, answers, models=ACCOUNT_MODELS
    )

    assert (after["User"], after["EmailAddress"]) == (before["User"], before["EmailAddress"])
    if response.status_code == 302:
        assert response.url == reverse("account_confirm_login_code")
    else:
        assert not untouched, "a good email address was refused"
        assert_mistakes_shown(response)
        assert after == before


# A password-protected page (Wagtail's form) ----------------------------------------------

PAGE_PASSWORD = "open sesame 🔑"


@pytest.fixture
def protected_page(cast):
    page = Page.objects.get(depth=2)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=PAGE_PASSWORD
    )
    return reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])


@FUZZ
@given(data=st.data())
def test_it_answers_anything_typed_into_a_page_password_form(protected_page, data):
    valid = {"password": st.just(PAGE_PASSWORD), "return_url": st.sampled_from(["/", "/model/"])}
    answers, untouched = _draw_answers(data, valid)

    response, before, after = _answered(
        Client(), protected_page, data, answers, models=(PageViewRestriction, OutboxMessage)
    )

    assert after == before
    if response.status_code == 302:
        assert _one(answers, "password").strip() == PAGE_PASSWORD
    else:
        assert not untouched, "the right password was refused"
        assert_mistakes_shown(response)


def test_a_page_password_form_sends_a_return_url_that_is_not_a_path_home(protected_page):
    for return_url in ("x", "https://elsewhere.example/", "//elsewhere.example/"):
        response = Client().post(
            protected_page, {"password": PAGE_PASSWORD, "return_url": return_url}
        )
        assert (response.status_code, response.url) == (302, "/")

    assert response.status_code == 302


# The directory's filters and the search boxes (GET forms) --------------------------------


def _get(url, answers):
    """A GET with the answers as parameters, following the tidy-up redirect for empty ones."""
    with transaction.atomic():
        before = _counts(Organisation, Service, Place)
        response = Client().get(url, answers, follow=True)
        event(f"answered {response.status_code} after {len(response.redirect_chain)} redirects")
        after = _counts(Organisation, Service, Place)
        transaction.set_rollback(True)
    assert after == before
    assert response.status_code == 200, response.status_code
    assert len(response.redirect_chain) <= 1
    return response


def _ticks(values):
    return st.lists(st.sampled_from(values), unique=True, max_size=3) if values else st.just([])


@FUZZ
@given(data=st.data())
def test_it_answers_anything_typed_into_the_services_filter(cast, data):
    valid = {
        "q": st.one_of(st.just(""), fair_text(200)),
        "place": st.sampled_from(["", *Place.objects.values_list("slug", flat=True)]),
        "support_type": _ticks([t.code for t in terms_of(SUPPORT_TYPES)]),
        "business_type": _ticks([t.code for t in terms_of(BUSINESS_TYPES)]),
        "language": st.sampled_from(["", *Language.objects.values_list("code", flat=True)]),
        "capacity": _ticks(Service.Capacity.values),
        "delivery": _ticks(Service.DeliveryMode.values),
        "page": st.sampled_from(["1", "2"]),
    }
    answers, untouched = _draw_parameters(data, valid)

    response = _get(reverse("directory:services"), answers)

    if response.context["form"].errors:
        assert not untouched, "a filter offered on the page was refused"
        assert_mistakes_shown(response)


@FUZZ
@given(data=st.data())
def test_it_answers_anything_typed_into_the_organisations_filter(cast, data):
    valid = {
        "q": st.one_of(st.just(""), fair_text(200)),
        "place": st.sampled_from(["", *Place.objects.values_list("slug", flat=True)]),
        "kind": st.sampled_from(["", *Organisation.Kind.values]),
        "page": st.sampled_from(["1", "2"]),
    }
    answers, untouched = _draw_parameters(data, valid)

    response = _get(reverse("directory:organisations"), answers)

    if response.context["form"].errors:
        assert not untouched, "a filter offered on the page was refused"
        assert_mistakes_shown(response)


def _search_words(hostile):
    return {"q": st.one_of(st.just(hostile), fair_text(300), nasty_words), "page": st.just("1")}


def _assert_query_echoed_safely(response, answers):
    query = _one(answers, "q").replace("\x00", "").strip()[:200]
    html = response.content.decode()
    if query:
        assert f'value="{escape(query)}"' in html
    if "<" in query:
        assert query not in html, "the search words went onto the page unescaped"


@FUZZ
@given(data=st.data(), hostile=st.sampled_from(HOSTILE))
def test_it_answers_anything_typed_into_the_site_search(cast, data, hostile):
    answers, _ = _draw_parameters(data, _search_words(hostile))

    response = _get(reverse("search"), answers)

    _assert_query_echoed_safely(response, answers)


@FUZZ
@given(data=st.data(), hostile=st.sampled_from(HOSTILE))
def test_it_answers_anything_typed_into_the_model_search(cast, data, hostile):
    answers, _ = _draw_parameters(data, _search_words(hostile))

    response = _get(reverse("logicmodel:search", args=[NATIONAL_MODEL_SLUG]), answers)

    _assert_query_echoed_safely(response, answers)


def test_it_answers_a_site_search_holding_a_nul_character(cast):
    response = Client().get(reverse("search"), {"q": "a\x00b"})

    assert response.status_code == 200


def test_it_answers_a_model_search_holding_a_nul_character(cast):
    url = reverse("logicmodel:search", args=[NATIONAL_MODEL_SLUG])

    response = Client().get(url, {"q": "a\x00b"})

    assert response.status_code == 200
