"""Rules written once and used by both the forms and the services, so the two cannot drift."""

import pytest
from django.core.exceptions import ValidationError

from journeys.mine.services import client_contact_update
from journeys.services import ClientDetails, group_name_missing, journey_create, phone_missing
from journeys.support.forms import SupportRequestForm
from journeys.support.services import RequestAnswers, _check_answers, sensitive_consent_missing
from tests.journeys.factories import ClientFactory

pytestmark = pytest.mark.django_db

PHONE_CASES = [
    ("phone", "", True),
    ("text", "   ", True),
    ("phone", "07700 900123", False),
    ("text", "07700 900123", False),
    ("email", "", False),
]
GROUP_CASES = [
    ("group", "", True),
    ("group", "  ", True),
    ("group", "Wigan Makers", False),
    ("person", "", False),
]
SENSITIVE_CASES = [
    (["disability"], False, True),
    (["disability"], True, False),
    ([], False, False),
]


def _answers(**changes) -> RequestAnswers:
    fields = {
        "kind": "person",
        "name": "Amina Khan",
        "email": "amina@example.test",
        "contact_method": "email",
        "postcode": "WN1 1AA",
        "idea": "A café",
        "stage": "exploring",
        "consent": True,
    }
    return RequestAnswers(**(fields | changes))


def _refused(field: str, call) -> bool:
    try:
        call()
    except ValidationError as error:
        return field in error.message_dict
    return False


@pytest.mark.parametrize(("method", "phone", "missing"), PHONE_CASES)
def test_the_phone_rule_is_the_same_in_the_form_and_the_services(cast, method, phone, missing):
    client = ClientFactory(organisation=cast.hub_a, user=cast.user("entrepreneur"))
    form = SupportRequestForm({"contact_method": method, "phone": phone})
    form.is_valid()

    assert phone_missing(contact_method=method, phone=phone) is missing
    assert ("phone" in form.errors) is missing
    assert missing is _refused(
        "phone", lambda: _check_answers(_answers(contact_method=method, phone=phone))
    )
    assert missing is _refused(
        "phone",
        lambda: client_contact_update(
            client=client,
            user=client.user,
            contact_method=method,
            phone=phone,
            contact_times="",
        ),
    )


@pytest.mark.parametrize(("kind", "group_name", "missing"), GROUP_CASES)
def test_the_group_name_rule_is_the_same_in_the_form_and_the_services(
    cast, kind, group_name, missing
):
    form = SupportRequestForm({"kind": kind, "group_name": group_name})
    form.is_valid()

    assert group_name_missing(kind=kind, group_name=group_name) is missing
    assert ("group_name" in form.errors) is missing
    assert missing is _refused(
        "group_name", lambda: _check_answers(_answers(kind=kind, group_name=group_name))
    )
    assert missing is _refused(
        "group_name",
        lambda: journey_create(
            organisation=cast.hub_a,
            actor=cast.user("staff_a"),
            client=ClientDetails(
                name="Amina Khan", kind=kind, group_name=group_name, email="a@example.test"
            ),
            venture_name="A café",
        ),
    )


@pytest.mark.parametrize(("ticked", "consent", "missing"), SENSITIVE_CASES)
def test_the_sensitive_answers_rule_is_the_same_in_the_form_and_the_service(
    ticked, consent, missing
):
    data = {"sensitive_barriers": ticked}
    if consent:
        data["sensitive_consent"] = "on"
    form = SupportRequestForm(data)
    form.is_valid()

    assert sensitive_consent_missing(sensitive_barriers=ticked, sensitive_consent=consent) is (
        missing
    )
    assert ("sensitive_consent" in form.errors) is missing
    assert missing is _refused(
        "sensitive_consent",
        lambda: _check_answers(_answers(sensitive_barriers=ticked, sensitive_consent=consent)),
    )
