"""A new visitor creates an account, confirms their email address from the email, and is signed in."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations_at_each_viewport, emails_to, field

pytestmark = pytest.mark.browser

NEW_EMAIL = "new.visitor@example.test"
NEW_PASSWORD = "correct-horse-battery-staple-41"


def fill_signup_form(page, email, password, again):
    form = page.get_by_role("main").locator("form")
    field(form, "Email").fill(email)
    field(form, "Password").fill(password)
    field(form, "Password (again)").fill(again)
    form.get_by_role("button", name="Sign Up").click()


def test_a_visitor_signs_up_confirms_by_email_and_ends_signed_in(page, server_url):
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Create an account").click()
    expect(page).to_have_url(f"{server_url}/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    assert_no_axe_violations_at_each_viewport(page)

    fill_signup_form(page, NEW_EMAIL, NEW_PASSWORD, NEW_PASSWORD)

    expect(page).to_have_url(f"{server_url}/accounts/confirm-email/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    assert_no_axe_violations_at_each_viewport(page)
    user = get_user_model().objects.get(email=NEW_EMAIL)
    assert not user.emailaddress_set.get(email=NEW_EMAIL).verified

    [email] = emails_to(NEW_EMAIL)
    assert email.subject == "[Empowering Places] Please Confirm Your Email Address"
    links = re.findall(r"https?://\S+", email.body)
    [link] = [url for url in links if "/accounts/confirm-email/" in url]
    assert link.startswith(f"{server_url}/accounts/confirm-email/"), link

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Email Address")
    expect(page.get_by_role("main").get_by_role("link", name=NEW_EMAIL)).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)
    page.get_by_role("main").get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(f"{server_url}/work/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    expect(page.get_by_role("status").locator(".alert")).to_have_text(
        [f"You have confirmed {NEW_EMAIL}.", f"Successfully signed in as {NEW_EMAIL}."]
    )
    expect(page.get_by_text(f"Signed in as {NEW_EMAIL}.", exact=True)).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("button", name="Sign out")).to_be_visible()
    assert user.emailaddress_set.get(email=NEW_EMAIL).verified


def test_mismatched_passwords_are_shown_beside_the_field_keeping_the_email(page, server_url):
    page.goto("/accounts/signup/")
    fill_signup_form(page, NEW_EMAIL, NEW_PASSWORD, "a-different-passphrase-entirely-7")

    expect(page).to_have_url(f"{server_url}/accounts/signup/")
    form = page.get_by_role("main").locator("form")
    expect(field(form, "Email")).to_have_value(NEW_EMAIL)

    again = field(form, "Password (again)")
    message = "You must type the same password each time."
    expect(again).to_have_attribute("aria-invalid", "true")
    expect(again).to_have_accessible_description(re.compile(re.escape(message)))
    # The message is visible, inside the field's own group, straight after the field.
    field_group = form.locator("div.mb-3").filter(has=field(page, "Password (again)"))
    expect(field_group).to_have_count(1)
    error = field_group.get_by_text(message)
    expect(error).to_be_visible()
    field_box, error_box = again.bounding_box(), error.bounding_box()
    assert 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) < 40
    # No other field is marked as wrong, and nothing was created.
    expect(form.locator("[aria-invalid=true]")).to_have_count(1)
    assert not get_user_model().objects.filter(email=NEW_EMAIL).exists()
    assert emails_to(NEW_EMAIL) == []

    assert_no_axe_violations_at_each_viewport(page)
