"""Inviting people to a team by email: the link works only for the address it was sent to."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import OutboxMessage
from ecosystem.invitations.selectors import invitation_token_digest
from ecosystem.invitations.services import invitation_accept, invitation_send, invitation_withdraw
from ecosystem.models import Invitation, Membership
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db

NEWCOMER = "newcomer@example.test"
PASSWORD = "correct-horse-battery-staple-41"


def _send(cast, email=NEWCOMER, role="staff"):
    return invitation_send(
        organisation=cast.hub_a,
        actor=cast.user("manager_a"),
        email=email,
        role=role,
        base_url="http://testserver/",
    )


def _link(message) -> str:
    [link] = re.findall(r"http://testserver/work/organisations/invitations/\S+/", message.body)
    return link.removeprefix("http://testserver")


def _invitation_link_sent_to(address) -> str:
    [message] = [m for m in mail.outbox if address in m.to]
    return _link(message)


# The service functions ----------------------------------------------------------------


def test_it_emails_a_link_through_the_outbox_and_keeps_only_the_token_s_hash(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _send(cast, email=" NewComer@Example.test ")
    assert invitation.email == NEWCOMER and invitation.invited_by == cast.user("manager_a")
    assert invitation.expires_at - timezone.now() > timedelta(days=13)
    [message] = mail.outbox
    assert message.to == [NEWCOMER]
    assert message.subject == "[Empowering Places] Join Northway Community Hub"
    assert "Morgan Demo has invited you to join Northway Community Hub" in message.body
    assert "as staff" in message.body
    token = _link(message).rstrip("/").rsplit("/", 1)[1]
    assert invitation.token == invitation_token_digest(token) != token
    assert OutboxMessage.objects.filter(delivered_at__isnull=False).count() == 1


def test_nothing_is_emailed_if_the_transaction_rolls_back(cast, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        _send(cast)
        transaction.set_rollback(True)
    assert mail.outbox == [] and not Invitation.objects.exists()


def test_a_new_invitation_replaces_an_earlier_one_to_the_same_address(cast):
    first = _send(cast)
    second = _send(cast, role="manager")
    assert list(Invitation.objects.all()) == [second] and first.pk != second.pk


def test_someone_already_in_the_team_is_not_invited(cast):
    with pytest.raises(ValidationError) as caught:
        _send(cast, email="STAFF.A@demo.test")
    assert caught.value.message_dict["email"] == [
        "staff.a@demo.test already works for Northway Community Hub."
    ]
    assert mail.outbox == [] and not Invitation.objects.exists()


def test_accepting_makes_a_membership_once(cast):
    invitation = _send(cast, email="entrepreneur@demo.test", role="manager")
    entrepreneur = cast.user("entrepreneur")
    membership = invitation_accept(invitation=invitation, user=entrepreneur)
    assert (membership.user, membership.organisation, membership.role) == (
        entrepreneur,
        cast.hub_a,
        "manager",
    )
    invitation.refresh_from_db()
    assert invitation.accepted_by == entrepreneur and invitation.accepted_at
    with pytest.raises(ValidationError, match="already been used"):
        invitation_accept(invitation=invitation, user=entrepreneur)


def test_accepting_never_takes_a_role_away(cast):
    invitation = _send(cast, email="other.address@example.test")
    manager = cast.user("manager_a")
    EmailAddress.objects.create(user=manager, email="other.address@example.test", verified=True)
    invitation_accept(invitation=invitation, user=manager)
    assert Membership.objects.get(user=manager, organisation=cast.hub_a).role == "manager"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (
            lambda inv, user: Invitation.objects.filter(pk=inv.pk).update(
                expires_at=timezone.now()
            ),
            "expired",
        ),
        (lambda inv, user: None, "different email address"),
        (
            lambda inv, user: EmailAddress.objects.create(
                user=user, email=NEWCOMER, verified=False
            ),
            "different email address",
        ),
    ],
    ids=["expired", "someone-else", "unverified-address"],
)
def test_it_refuses_to_accept_when_it_should_not(cast, setup, message):
    invitation = _send(cast)
    user = cast.user("entrepreneur2")
    setup(invitation, user)
    with pytest.raises(ValidationError, match=message):
        invitation_accept(invitation=invitation, user=user)
    assert not Membership.objects.filter(user=user).exists()


def test_a_withdrawn_invitation_stops_working(cast, client_for):
    invitation = _send(cast, email="entrepreneur@demo.test")
    token_hash = invitation.token
    invitation_withdraw(invitation=invitation, actor=cast.user("manager_a"))
    assert not Invitation.objects.filter(token=token_hash).exists()


def _invitation_for(cast, email, token, **values):
    return Invitation.objects.create(
        organisation=cast.hub_a,
        email=email,
        token=invitation_token_digest(token),
        invited_by=cast.user("manager_a"),
        expires_at=values.pop("expires_at", timezone.now() + timedelta(days=14)),
        **values,
    )


# The pages ------------------------------------------------------------------------------


def test_a_manager_invites_someone_new_who_signs_up_and_accepts(
    cast, client_for, django_capture_on_commit_callbacks
):
    manager = client_for("manager_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(
            reverse("ecosystem:invite", args=[cast.hub_a.pk]), {"email": NEWCOMER, "role": "staff"}
        )
    assert response.url == reverse("ecosystem:team", args=[cast.hub_a.pk])
    team = manager.get(response.url).content.decode()
    assert f"We have emailed an invitation to {NEWCOMER}." in team
    assert f"{NEWCOMER}, as staff: waiting" in team
    link = _invitation_link_sent_to(NEWCOMER)

    # The newcomer opens the link: they are asked to sign in, and can sign up instead.
    newcomer = Client()
    response = newcomer.get(link)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/?next=")
    with django_capture_on_commit_callbacks(execute=True):
        response = newcomer.post(
            "/accounts/signup/",
            {"email": NEWCOMER, "password1": PASSWORD, "password2": PASSWORD, "next": link},
        )
    assert response.status_code == 302
    [confirmation] = [m for m in mail.outbox if NEWCOMER in m.to and "confirm-email" in m.body]
    confirm = re.search(r"http://testserver(/accounts/confirm-email/\S+)", confirmation.body).group(
        1
    )
    response = newcomer.post(confirm)
    assert response.status_code == 302
    assert response.url == link  # signing up kept where they were going

    page = newcomer.get(link).content.decode()
    assert "Morgan Demo has invited you to join Northway Community Hub as staff." in page
    response = newcomer.post(link)
    assert response.url == reverse("ecosystem:manage", args=[cast.hub_a.pk])
    user = get_user_model().objects.get(email=NEWCOMER)
    assert Membership.objects.get(user=user, organisation=cast.hub_a).role == "staff"
    assert (
        "You have joined Northway Community Hub as staff."
        in newcomer.get(response.url).content.decode()
    )
    assert NEWCOMER in manager.get(reverse("ecosystem:team", args=[cast.hub_a.pk])).content.decode()


def test_someone_with_an_account_signs_in_and_accepts(
    cast, django_capture_on_commit_callbacks, persona_password
):
    with django_capture_on_commit_callbacks(execute=True):
        _send(cast, email="entrepreneur@demo.test", role="manager")
    link = _invitation_link_sent_to("entrepreneur@demo.test")
    client = Client()
    login = client.get(link).url
    response = client.post(login, {"login": "entrepreneur@demo.test", "password": persona_password})
    assert response.url == link
    assert client.post(link).status_code == 302
    assert (
        Membership.objects.get(user=cast.user("entrepreneur"), organisation=cast.hub_a).role
        == "manager"
    )


def test_an_invitation_opened_by_someone_else_is_not_found_and_says_why(cast, client_for):
    _invitation_for(cast, "entrepreneur@demo.test", "known-token")
    link = reverse("ecosystem:invitation_accept", args=["known-token"])
    other = client_for("entrepreneur2")
    for response in (other.get(link), other.post(link)):
        assert response.status_code == 404
        html = response.content.decode()
        assert "We cannot find this invitation" in html
        assert "You are signed in as entrepreneur2@demo.test." in html
        assert "An invitation works only for the email address it was sent to" in html
    assert not Membership.objects.filter(user=cast.user("entrepreneur2")).exists()
    # A link that never existed gets exactly the same page.
    missing = other.get(reverse("ecosystem:invitation_accept", args=["never-issued"]))
    assert missing.status_code == 404
    assert [t.name for t in missing.templates][:1] == ["ecosystem/invitations/not_found.html"]


def test_an_expired_invitation_says_so_and_cannot_be_accepted(cast, client_for):
    _invitation_for(
        cast, "entrepreneur@demo.test", "old", expires_at=timezone.now() - timedelta(days=1)
    )
    client = client_for("entrepreneur")
    link = reverse("ecosystem:invitation_accept", args=["old"])
    html = client.get(link).content.decode()
    assert "This invitation expired on" in html
    assert "Ask Morgan Demo to send you a new one." in html
    assert "Accept and join" not in html
    assert client.post(link).status_code == 200
    assert not Membership.objects.filter(user=cast.user("entrepreneur")).exists()


def test_a_used_invitation_says_so(cast, client_for):
    entrepreneur = cast.user("entrepreneur")
    _invitation_for(
        cast, "entrepreneur@demo.test", "used", accepted_at=timezone.now(), accepted_by=entrepreneur
    )
    html = (
        client_for("entrepreneur")
        .get(reverse("ecosystem:invitation_accept", args=["used"]))
        .content.decode()
    )
    assert "This invitation has been used already." in html
    assert "Accept and join" not in html


def test_a_bad_email_address_is_explained_beside_the_field_and_kept(cast, client_for):
    response = client_for("manager_a").post(
        reverse("ecosystem:invite", args=[cast.hub_a.pk]),
        {"email": "not an address", "role": "staff"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<span id="error_1_id_email"><strong>Enter an email address like name@example.org.</strong>'
        in html
    )
    assert 'value="not an address"' in html
    assert not Invitation.objects.exists()


def test_inviting_a_team_member_is_explained_beside_the_email_field(cast, client_for):
    response = client_for("manager_a").post(
        reverse("ecosystem:invite", args=[cast.hub_a.pk]),
        {"email": "staff.a@demo.test", "role": "manager"},
    )
    assert (
        "staff.a@demo.test already works for Northway Community Hub." in response.content.decode()
    )


def test_staff_cannot_invite_or_withdraw(cast, client_for):
    invitation = _invitation_for(cast, NEWCOMER, "pending")
    staff = client_for("staff_a")
    assert (
        staff.post(
            reverse("ecosystem:invite", args=[cast.hub_a.pk]),
            {"email": "x@example.test", "role": "manager"},
        ).status_code
        == 403
    )
    withdraw = reverse("ecosystem:invitation_withdraw", args=[cast.hub_a.pk, invitation.pk])
    assert staff.post(withdraw).status_code == 403
    assert list(Invitation.objects.all()) == [invitation]


def test_a_manager_withdraws_an_invitation_from_the_team_page(cast, client_for):
    invitation = _invitation_for(cast, NEWCOMER, "pending")
    manager = client_for("manager_a")
    response = manager.post(
        reverse("ecosystem:invitation_withdraw", args=[cast.hub_a.pk, invitation.pk])
    )
    assert response.status_code == 302
    assert not Invitation.objects.exists()
    assert (
        f"The invitation to {NEWCOMER} is withdrawn." in manager.get(response.url).content.decode()
    )
    # The link no longer works, even for the person it was sent to.
    newcomer = UserFactory(email=NEWCOMER)
    client = Client()
    client.force_login(newcomer)
    assert client.get(reverse("ecosystem:invitation_accept", args=["pending"])).status_code == 404
