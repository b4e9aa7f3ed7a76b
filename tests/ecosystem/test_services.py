import pytest
from django.core.exceptions import ValidationError

from ecosystem.models import Membership
from ecosystem.services import membership_change_role

pytestmark = pytest.mark.django_db


def test_it_changes_a_role(cast):
    membership = cast.hub_a.memberships.get(user__email="staff.a@demo.test")
    assert membership_change_role(membership=membership, role="manager").role == "manager"
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MANAGER


def test_it_keeps_at_least_one_manager(cast):
    manager = cast.hub_a.memberships.get(user__email="manager.a@demo.test")
    with pytest.raises(ValidationError, match="at least one manager"):
        membership_change_role(membership=manager, role="staff")
    manager.refresh_from_db()
    assert manager.role == "manager"


def test_it_refuses_an_unknown_role(cast):
    membership = cast.hub_a.memberships.get(user__email="staff.a@demo.test")
    with pytest.raises(ValidationError):
        membership_change_role(membership=membership, role="owner")


def test_the_team_page_shows_managers_a_form_and_staff_none(cast, client_for):
    url = cast.hub_a.get_team_url()
    assert b'name="role"' in client_for("manager_a").get(url).content
    assert b'name="role"' not in client_for("staff_a").get(url).content


def test_demoting_the_last_manager_shows_a_clear_message(cast, client_for):
    manager = cast.hub_a.memberships.get(user__email="manager.a@demo.test")
    from django.urls import reverse

    response = client_for("manager_a").post(
        reverse("ecosystem:change_role", args=[cast.hub_a.pk, manager.pk]),
        {"role": "staff"},
        follow=True,
    )
    assert "at least one manager" in response.content.decode()
