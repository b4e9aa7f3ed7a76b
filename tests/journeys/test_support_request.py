"""Asking for support through the public form: what is kept, what is refused, who is told."""

import re
import uuid

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from ecosystem.models import TaxonomyTerm
from journeys.models import EqualityMonitoring, SupportRequest

pytestmark = pytest.mark.django_db

URL = "/ask-for-support/"


def _term(taxonomy, code):
    return TaxonomyTerm.objects.get(taxonomy__slug=taxonomy, code=code)


def _answers(**changes):
    data = {
        "kind": "person",
        "name": "Dana Example",
        "email": "Dana@Example.test",
        "contact_method": "email",
        "postcode": "wn1 1aa",
        "idea": "A bike repair co-op.\nWith a café.",
        "business_type": str(_term("business-types", "co-operative").pk),
        "stage": "exploring",
        "help_wanted": [str(_term("support-types", "coaching").pk)],
        "consent": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _post(client, django_capture_on_commit_callbacks, ip=None, **changes):
    # Each test posts from its own address, and starts its email's count afresh: the rate
    # limit counts in the shared cache, and several tests use the same email address.
    ip = ip or f"2001:db8::{uuid.uuid4().hex[:4]}"
    answers = _answers(**changes)
    cache.delete(f"ratelimit:ask:email:{answers.get('email', '').lower()}")
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(URL, answers, REMOTE_ADDR=ip)


def _field_error(html: str, field: str) -> str:
    """The error message crispy shows beside one field, in the field's own wrapper."""
    match = re.search(
        rf'<(?:p|span) id="error_\d+_id_{field}"[^>]*><strong>(.*?)</strong>', html, re.S
    )
    return match.group(1).strip() if match else ""


def test_a_request_is_kept_with_the_place_from_its_postcode_and_an_unverified_account(
    cast, client, django_capture_on_commit_callbacks
):
    response = _post(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == reverse("support:thanks")
    request = SupportRequest.objects.get()
    assert request.email == "dana@example.test"
    assert request.postcode == "WN1 1AA"
    assert request.place == cast.place_a
    assert request.status == SupportRequest.Status.WAITING
    assert request.organisation is None
    assert request.consented_at is not None
    assert request.reference.startswith("EP-")
    assert [t.code for t in request.help_wanted.all()] == ["coaching"]
    user = get_user_model().objects.get(email="dana@example.test")
    assert request.user == user
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified is False


def test_the_thank_you_page_shows_the_reference(cast, client, django_capture_on_commit_callbacks):
    _post(client, django_capture_on_commit_callbacks)
    reference = SupportRequest.objects.get().reference

    response = client.get(reverse("support:thanks"))

    assert reference in response.content.decode()


def test_the_person_is_emailed_a_confirmation_and_hub_a_is_told_a_request_waits(
    cast, client, django_capture_on_commit_callbacks
):
    _post(client, django_capture_on_commit_callbacks)
    request = SupportRequest.objects.get()

    to_person = [m for m in mail.outbox if m.to == ["dana@example.test"]]
    assert len(to_person) == 1
    assert request.reference in to_person[0].body
    assert "/accounts/login/code/" in to_person[0].body
    to_team = [m for m in mail.outbox if "waiting" in m.subject]
    assert len(to_team) == 1
    assert sorted(to_team[0].to) == ["manager.a@demo.test", "staff.a@demo.test"]
    assert "Dana" not in to_team[0].body  # no personal data in the team's email


def test_an_existing_account_is_reused_and_left_as_it_is(
    cast, client, django_capture_on_commit_callbacks
):
    entrepreneur = cast.user("entrepreneur")

    _post(client, django_capture_on_commit_callbacks, email="ENTREPRENEUR@demo.test")

    assert SupportRequest.objects.get().user == entrepreneur
    assert get_user_model().objects.filter(email__iexact="entrepreneur@demo.test").count() == 1
    entrepreneur.refresh_from_db()
    assert entrepreneur.has_usable_password()


def test_a_postcode_no_hub_serves_goes_to_the_administrators(
    cast, client, django_capture_on_commit_callbacks
):
    _post(client, django_capture_on_commit_callbacks, postcode="LS1 4AP")

    request = SupportRequest.objects.get()
    assert request.place is None
    to_team = [m for m in mail.outbox if "waiting" in m.subject]
    assert to_team[0].to == ["admin@demo.test"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Enter your name."),
        ({"email": "dana-at-example"}, "email", "Enter an email address like name@example.org."),
        ({"postcode": "not a postcode"}, "postcode", "Enter a UK postcode, like WN1 1AA."),
        ({"postcode": ""}, "postcode", "Enter your postcode, like WN1 1AA."),
        ({"idea": ""}, "idea", "Tell us a little about your idea or business."),
        ({"consent": None}, "consent", "Tick the box to say we may keep your details"),
        ({"stage": "retired"}, "stage", "Choose one of the options."),
        ({"business_type": "nonsense"}, "business_type", "Choose from the list."),
        ({"contact_method": "phone"}, "phone", "Enter a phone number"),
        ({"kind": "group"}, "group_name", "Enter your group&#x27;s name"),
        (
            {"sensitive_barriers": ["disability"]},
            "sensitive_consent",
            "Tick the box to let us keep this",
        ),
        ({"barriers": ["wealth"]}, "barriers", "Choose from the list."),
        ({"age_band": "25-34"}, "equality_consent", "Tick the box to let us keep these answers"),
    ],
)
def test_bad_input_is_explained_beside_the_field_keeping_what_was_typed_and_saving_nothing(
    cast, client, django_capture_on_commit_callbacks, changes, field, message
):
    response = _post(client, django_capture_on_commit_callbacks, **changes)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in _field_error(html, field), _field_error(html, field)
    assert "There is a problem" in html
    if "idea" not in changes:
        assert "A bike repair co-op.\nWith a café.</textarea>" in html
    if "name" not in changes:
        assert 'value="Dana Example"' in html
    assert not SupportRequest.objects.exists()
    assert not get_user_model().objects.filter(email="dana@example.test").exists()
    assert mail.outbox == []


def test_sensitive_barriers_are_kept_only_with_explicit_consent(
    cast, client, django_capture_on_commit_callbacks
):
    _post(
        client,
        django_capture_on_commit_callbacks,
        barriers=["childcare"],
        sensitive_barriers=["faith-finance"],
        sensitive_consent="on",
    )

    request = SupportRequest.objects.get()
    assert request.barriers == ["childcare"]
    assert request.sensitive_barriers == ["faith-finance"]
    assert request.sensitive_consent_at is not None


def test_equality_answers_are_kept_apart_under_their_own_consent(
    cast, client, django_capture_on_commit_callbacks
):
    _post(
        client,
        django_capture_on_commit_callbacks,
        equality_consent="on",
        age_band="25-34",
        ethnic_group="not-say",
    )

    equality = EqualityMonitoring.objects.get()
    assert equality.request == SupportRequest.objects.get()
    assert (equality.age_band, equality.gender, equality.ethnic_group) == ("25-34", "", "not-say")


def test_without_the_equality_consent_nothing_is_kept_for_equality(
    cast, client, django_capture_on_commit_callbacks
):
    _post(client, django_capture_on_commit_callbacks)

    assert not EqualityMonitoring.objects.exists()


def test_a_bot_filling_the_hidden_field_sees_thanks_but_nothing_is_kept(
    cast, client, django_capture_on_commit_callbacks
):
    response = _post(client, django_capture_on_commit_callbacks, website_address="http://spam")

    assert response.status_code == 302
    assert response.url == reverse("support:thanks")
    assert not SupportRequest.objects.exists()
    assert mail.outbox == []


def test_a_flood_from_one_address_is_kept_but_marked_for_a_second_look(
    cast, client, django_capture_on_commit_callbacks, settings
):
    settings.SUPPORT_REQUESTS_PER_HOUR_PER_ADDRESS = 5
    ip = f"2001:db8::{uuid.uuid4().hex[:4]}"
    run = uuid.uuid4().hex[:6]
    for n in range(7):
        _post(
            client, django_capture_on_commit_callbacks, ip=ip, email=f"flood{n}-{run}@example.test"
        )

    flags = list(
        SupportRequest.objects.order_by("created_at").values_list("suspected_spam", flat=True)
    )
    assert flags == [False] * 5 + [True] * 2
    # A flood makes no account and sends no email: the form cannot be used to mail strangers.
    flooded = SupportRequest.objects.filter(suspected_spam=True)
    assert all(r.user is None for r in flooded)
    flooded_addresses = {r.email for r in flooded}
    assert not [m for m in mail.outbox if set(m.to) & flooded_addresses]
    assert not get_user_model().objects.filter(email__in=flooded_addresses).exists()


def test_one_request_is_not_marked(cast, client, django_capture_on_commit_callbacks, settings):
    settings.SUPPORT_REQUESTS_PER_HOUR_PER_ADDRESS = 5
    settings.SUPPORT_REQUESTS_PER_HOUR_PER_EMAIL = 3
    _post(client, django_capture_on_commit_callbacks, email=f"{uuid.uuid4().hex}@example.test")

    assert SupportRequest.objects.get().suspected_spam is False


def test_the_form_page_names_the_privacy_notice_and_passing_between_hubs(client, cast):
    html = client.get(URL).content.decode()

    assert reverse("support:privacy") in html
    assert "pass your request to them" in html
    assert 'name="website_address"' in html and "form-trap" in html


def test_an_address_someone_added_to_their_own_account_does_not_link_them_to_the_request(
    cast, client, django_capture_on_commit_callbacks
):
    peer = cast.user("peer")
    EmailAddress.objects.create(user=peer, email="victim@example.test", verified=False)

    _post(client, django_capture_on_commit_callbacks, email="victim@example.test")

    request = SupportRequest.objects.get()
    assert request.user is None


def test_a_request_from_an_account_not_yet_proved_links_to_it_without_a_second_primary(
    cast, client, django_capture_on_commit_callbacks
):
    user = get_user_model().objects.create(email="changed@example.test")
    EmailAddress.objects.create(user=user, email="old@example.test", primary=True, verified=False)

    response = _post(client, django_capture_on_commit_callbacks, email="changed@example.test")

    assert response.status_code == 302
    assert SupportRequest.objects.get().user == user
    assert EmailAddress.objects.filter(user=user, primary=True).count() == 1


def test_an_address_proved_by_an_account_links_the_request_to_it(
    cast, client, django_capture_on_commit_callbacks
):
    _post(client, django_capture_on_commit_callbacks, email="entrepreneur@demo.test")

    assert SupportRequest.objects.get().user == cast.user("entrepreneur")
