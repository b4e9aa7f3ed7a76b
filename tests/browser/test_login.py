"""Every persona signs in through the real sign-in page; anyone can sign in with an emailed code."""

import re

import pytest
from playwright.sync_api import expect

from demo.personas import PERSONAS
from tests.browser.conftest import assert_no_axe_violations_at_each_viewport, emails_to, field
from tests.support.cast import PERSONA_PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, email, password):
    form = page.get_by_role("main").locator("form")
    field(form, "Email").fill(email)
    field(form, "Password").fill(password)
    form.get_by_role("button", name="Sign In").click()


def test_the_sign_in_page_has_no_axe_violations(page, server_url):
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(f"{server_url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    assert_no_axe_violations_at_each_viewport(page)


def test_a_wrong_password_is_refused_with_an_accessible_error(page, server_url):
    page.goto("/accounts/login/")
    sign_in(page, "entrepreneur@demo.test", "not-the-password")
    expect(page).to_have_url(f"{server_url}/accounts/login/")
    expect(page.get_by_role("main")).to_contain_text(
        "The email address and/or password you specified are not correct."
    )
    expect(field(page, "Email")).to_have_value("entrepreneur@demo.test")
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.key for p in PERSONAS])
def test_each_persona_signs_in_with_a_password_and_lands_on_your_work(page, server_url, persona):
    page.goto("/accounts/login/")
    sign_in(page, persona.email, PERSONA_PASSWORD)

    expect(page).to_have_url(f"{server_url}/work/")
    expect(page).to_have_title("Your work | Empowering Places")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    expect(page.get_by_text(f"Signed in as {persona.email}.", exact=True)).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Your work")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_have_count(0)
    assert_no_axe_violations_at_each_viewport(page)


def test_a_user_signs_in_with_a_code_sent_by_email(page, server_url):
    address = "entrepreneur@demo.test"
    page.goto("/accounts/login/")
    page.get_by_role("main").get_by_role("link", name="Send me a sign-in code").click()
    expect(page).to_have_url(f"{server_url}/accounts/login/code/")
    assert_no_axe_violations_at_each_viewport(page)

    field(page.get_by_role("main"), "Email").fill(address)
    page.get_by_role("main").get_by_role("button", name="Request Code").click()

    expect(page).to_have_url(f"{server_url}/accounts/login/code/confirm/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter Sign-In Code")
    expect(page.get_by_role("main").get_by_role("link", name=address)).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)

    [email] = emails_to(address)
    assert email.subject == "[Empowering Places] Sign-In Code"
    match = re.search(r"^\s*([A-Z0-9]{4,}(?:-[A-Z0-9]+)*)\s*$", email.body, re.MULTILINE)
    assert match, email.body
    code = match.group(1)

    field(page.get_by_role("main"), "Code").fill(code)
    page.get_by_role("main").get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(f"{server_url}/work/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    expect(page.get_by_text(f"Signed in as {address}.", exact=True)).to_be_visible()
