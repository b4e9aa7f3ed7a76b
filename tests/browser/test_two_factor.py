"""Signing in to the CMS with an authenticator app: the code is always asked for.

The CMS's own login page once signed a manager with an authenticator app in with a password
alone; now /cms/login/ sends everyone to the site's sign-in, which asks for the code.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations_at_each_viewport, field
from tests.support.cast import PERSONA_PASSWORD
from tests.users.factories import authenticator_code, give_authenticator_app

pytestmark = pytest.mark.browser


def _sign_in_at_the_cms(page, server_url, email):
    page.goto("/cms/login/")
    expect(page).to_have_url(f"{server_url}/accounts/login/?next=/cms/")
    form = page.get_by_role("main").locator("form")
    field(form, "Email").fill(email)
    field(form, "Password").fill(PERSONA_PASSWORD)
    form.get_by_role("button", name="Sign In").click()


def test_a_manager_with_an_authenticator_app_is_asked_for_the_code_at_the_cms(
    page, server_url, cast
):
    secret = give_authenticator_app(cast.user("manager_a"))
    _sign_in_at_the_cms(page, server_url, "manager.a@demo.test")

    expect(page).to_have_url(f"{server_url}/accounts/2fa/authenticate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-Factor Authentication")
    assert_no_axe_violations_at_each_viewport(page)

    # Nothing is open until the code is given: the work sends back to the code.
    page.goto("/work/")
    expect(page).to_have_url(f"{server_url}/accounts/2fa/authenticate/")
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()

    code = page.get_by_role("main").get_by_label("Code")
    code.fill("000000")
    page.get_by_role("main").get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("main")).to_contain_text("Incorrect code")
    assert_no_axe_violations_at_each_viewport(page)

    page.get_by_role("main").get_by_label("Code").fill(authenticator_code(secret))
    page.get_by_role("main").get_by_role("button", name="Sign In").click()
    page.goto("/work/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    expect(page.get_by_text("Signed in as manager.a@demo.test.", exact=True)).to_be_visible()


def test_a_site_editor_with_an_authenticator_app_reaches_the_cms_after_the_code(
    page, server_url, cast
):
    secret = give_authenticator_app(cast.user("editor"))
    _sign_in_at_the_cms(page, server_url, "editor@demo.test")
    expect(page).to_have_url(f"{server_url}/accounts/2fa/authenticate/")
    page.get_by_role("main").get_by_label("Code").fill(authenticator_code(secret))
    page.get_by_role("main").get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{server_url}/cms/")
