import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_email_is_the_login_and_is_stored_in_lower_case():
    user = get_user_model().objects.create_user("Someone@Example.TEST", "pw")
    assert user.email == "someone@example.test"
    assert get_user_model().USERNAME_FIELD == "email"
    assert not hasattr(user, "username") or user.username is None


def test_a_superuser_is_staff():
    admin = get_user_model().objects.create_superuser("root@example.test", "pw")
    assert admin.is_staff and admin.is_superuser


def test_its_name_reads_well():
    user = get_user_model()(email="a@example.test", first_name="Ada", last_name="Example")
    assert str(user) == "Ada Example"
    assert str(get_user_model()(email="b@example.test")) == "b@example.test"
