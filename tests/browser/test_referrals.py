"""Referrals in a real browser: one hub refers a person to another, which accepts, talks on
the thread and completes it; the sender and the person see how it went. Who cannot see a
referral, a mistake on the referral form, and the lists on a phone."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_no_axe_violations_at_each_viewport,
    emails_to,
    field,
)
from tests.browser.test_login import sign_in
from tests.support.cast import PERSONA_PASSWORD

pytestmark = pytest.mark.browser

PERSON = "entrepreneur@demo.test"
VENTURE = "Bike repairs and refurbished bikes for sale"
NEED = "Premises for a workshop, and advice on a lease."
REPLY = "We have a unit free from next month: we will ring them this week."
OUTCOME_NOTE = "They signed a six-month lease on unit 4."
SERVICE = "Workshop space for new ventures"


def _journey_at_hub_a_for_the_entrepreneur(cast):
    """A journey at hub A for the entrepreneur persona, whose record is linked to their account."""
    from journeys.services import ClientDetails, journey_create

    journey = journey_create(
        organisation=cast.hub_a,
        actor=cast.user("staff_a"),
        client=ClientDetails(name="Amira Example", email=PERSON, postcode="WN1 1AA"),
        venture_name=VENTURE,
        stage="planning",
        lead_worker=cast.user("staff_a"),
    )
    journey.client.user = cast.user("entrepreneur")
    journey.client.save(update_fields=["user"])
    return journey


def _signed_in_as(page, context, server_url, email):
    context.clear_cookies()
    page.goto("/accounts/login/")
    sign_in(page, email, PERSONA_PASSWORD)
    expect(page).to_have_url(f"{server_url}/work/")


# Elements that scroll sideways, like a wide table in Bootstrap's .table-responsive.
SCROLLING_SIDEWAYS = """() => [...document.querySelectorAll("body *")]
    .filter(e => ["auto", "scroll"].includes(getComputedStyle(e).overflowX)
                 && e.scrollWidth > e.clientWidth + 1)
    .map(e => `${e.tagName.toLowerCase()}.${e.className}: ${e.scrollWidth}px in ${e.clientWidth}px`)"""


def _fits_a_phone(page):
    """Neither the page nor anything in it needs scrolling sideways on a phone."""
    page.set_viewport_size(PHONE)
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{page.url} is {width}px wide on a phone"
        assert page.evaluate(SCROLLING_SIDEWAYS) == [], f"{page.url} scrolls sideways on a phone"
    finally:
        page.set_viewport_size(DESKTOP)


def test_a_referral_is_sent_accepted_talked_about_and_completed(page, context, server_url):
    from referrals.models import Referral
    from tests.ecosystem.factories import ServiceFactory
    from tests.support.cast import Cast

    cast = Cast()
    journey = _journey_at_hub_a_for_the_entrepreneur(cast)
    service = ServiceFactory(organisation=cast.hub_b, name=SERVICE, capacity="limited")

    # Staff of hub A refer the person from their journey, with their consent.
    _signed_in_as(page, context, server_url, "staff.a@demo.test")
    page.goto(journey.get_absolute_url())
    page.get_by_role("link", name="Make a referral").click()
    expect(page).to_have_url(f"{server_url}/work/referrals/from/{journey.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Make a referral")
    form = page.get_by_role("main").locator("form")
    destination = field(form, "Refer to")
    expect(
        destination.locator(f"optgroup[label='{cast.hub_b.name}'] option").filter(
            has_text=f"{SERVICE}: Limited places"
        )
    ).to_have_count(1)
    destination.select_option(label=f"{SERVICE}: Limited places")
    field(form, "What do they need?").fill(NEED)
    form.get_by_role("group", name="How soon?").get_by_label("Soon: within a week").check()
    form.get_by_role(
        "group", name="Has the person agreed to share their details with them?"
    ).get_by_label("Yes", exact=True).check()
    field(form, "How did they agree?").select_option(label="In person")
    scope = form.get_by_role("group", name="What they agreed to share")
    for label in ["Name (and group name)", "Email address, phone number", "Postcode"]:
        scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}")).check()
    assert_no_axe_violations_at_each_viewport(page)
    form.get_by_role("button", name="Send the referral").click()

    referral = Referral.objects.get()
    expect(page).to_have_url(f"{server_url}{referral.get_absolute_url()}")
    main = page.get_by_role("main")
    expect(main).to_contain_text(
        f"Referral {referral.reference} is sent to Canal Side Enterprise Centre."
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Referral {referral.reference}")
    expect(main).to_contain_text("Status: Sent")
    expect(main).to_contain_text(NEED)
    assert referral.to_service == service
    assert referral.shared["email"] == PERSON
    assert "venture" not in referral.shared
    assert_no_axe_violations_at_each_viewport(page)

    # Staff of hub B find it among the referrals they received, accept it and reply.
    _signed_in_as(page, context, server_url, "staff.b@demo.test")
    page.get_by_role("main").get_by_role("link", name="Referrals received").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referrals")
    inbox = page.get_by_role("table", name="Referrals received")
    expect(inbox.get_by_role("row", name=re.compile(referral.reference))).to_contain_text(
        "Northway Community Hub"
    )
    assert_no_axe_violations_at_each_viewport(page)
    inbox.get_by_role("link", name=referral.reference).click()
    expect(page).to_have_url(f"{server_url}{referral.get_absolute_url()}")
    expect(page.get_by_role("main")).to_contain_text("Amira Example")
    expect(page.get_by_role("main")).not_to_contain_text(VENTURE)
    # Until it is accepted, declining is the only answer: there is no outcome to give.
    answer = page.get_by_role("region", name="Answer it")
    expect(answer.get_by_role("button")).to_have_text(["Decline it"])
    expect(field(answer, "Did it help? (when completing)")).to_have_count(0)
    assert_no_axe_violations_at_each_viewport(page)
    page.get_by_role("button", name="Accept the referral").click()

    expect(page.get_by_role("main")).to_contain_text(
        "Accepted. The person now has a journey with you."
    )
    expect(page.get_by_role("main")).to_contain_text("Status: Accepted")
    field(page.get_by_role("main"), "Message").fill(REPLY)
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_role("main")).to_contain_text("Your message is sent.")
    expect(page.get_by_role("main")).to_contain_text(REPLY)

    answer = page.get_by_role("region", name="Answer it")
    field(answer, "Note").fill(OUTCOME_NOTE)
    field(answer, "Did it help? (when completing)").select_option(label="Helped")
    assert_no_axe_violations_at_each_viewport(page)
    answer.get_by_role("button", name="Complete it").click()
    expect(page.get_by_role("main")).to_contain_text("The referral is updated.")
    expect(page.get_by_role("main")).to_contain_text("Status: Completed (helped)")
    assert_no_axe_violations_at_each_viewport(page)

    # The person hears that hub B can help them.
    [accepted] = [m for m in emails_to(PERSON) if m.subject.endswith("can help you")]
    assert accepted.subject == "Canal Side Enterprise Centre can help you"
    assert f"{server_url}/my-journey/" in accepted.body

    # Staff of hub A see how it went among the referrals they sent.
    _signed_in_as(page, context, server_url, "staff.a@demo.test")
    page.get_by_role("main").get_by_role("link", name="sent", exact=True).click()
    expect(page.get_by_role("link", name=re.compile(r"^Sent \(0 open\)"))).to_have_attribute(
        "aria-current", "page"
    )
    field(page.get_by_role("form", name="Filter referrals"), "Status").select_option(
        label="Completed"
    )
    page.get_by_role("button", name="Filter").click()
    outbox = page.get_by_role("table", name="Referrals sent")
    expect(outbox.get_by_role("row", name=re.compile(referral.reference))).to_contain_text(
        "Completed"
    )
    outbox.get_by_role("link", name=referral.reference).click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Status: Completed (helped)")
    expect(main).to_contain_text(REPLY)
    history = page.get_by_role("region", name="History")
    expect(history.get_by_role("listitem")).to_have_count(3)
    expect(history).to_contain_text("Sent to Accepted")
    expect(history).to_contain_text("Accepted to Completed, by Bea Demo")
    expect(history).to_contain_text(OUTCOME_NOTE)
    assert_no_axe_violations_at_each_viewport(page)

    # The person sees the referral and where it stands on "My journey".
    _signed_in_as(page, context, server_url, PERSON)
    page.goto("/my-journey/")
    referrals = page.get_by_role("region", name="Referrals for you")
    expect(referrals).to_contain_text(
        "Northway Community Hub referred you to Canal Side Enterprise Centre"
    )
    expect(referrals).to_contain_text("completed, helped")
    expect(page.get_by_role("main")).not_to_contain_text(OUTCOME_NOTE)
    assert_no_axe_violations_at_each_viewport(page)


def test_outsiders_get_a_404_mistakes_are_explained_and_the_pages_fit_a_phone(
    page, context, server_url
):
    from journeys.services import ClientDetails, journey_create
    from referrals.models import Referral
    from referrals.services import referral_send
    from tests.ecosystem.factories import OrganisationFactory
    from tests.support.cast import Cast

    cast = Cast()
    staff_a = cast.user("staff_a")
    third = OrganisationFactory(name="Moorside Makers Trust")
    elsewhere = referral_send(
        journey=journey_create(
            organisation=cast.hub_a,
            actor=staff_a,
            client=ClientDetails(name="Private Person", email="private@example.org"),
            venture_name="A secret venture",
        ),
        actor=staff_a,
        to_organisation=third,
        to_service=None,
        need="Something hub B must never see.",
        urgency="routine",
        consent_given=True,
        consent_method="phone",
        consent_scope=["name"],
        base_url=server_url,
    )
    journey = _journey_at_hub_a_for_the_entrepreneur(cast)
    to_hub_b = referral_send(
        journey=journey,
        actor=staff_a,
        to_organisation=cast.hub_b,
        to_service=None,
        need="Help with a business plan for " + "a-very-long-unbroken-word" * 6 + ".",
        urgency="urgent",
        consent_given=False,
        base_url=server_url,
    )

    # Hub B's staff get the same 404 for a referral between hub A and a third organisation
    # as for one that does not exist.
    _signed_in_as(page, context, server_url, "staff.b@demo.test")
    response = page.goto(f"/work/referrals/{uuid.uuid4()}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    nothing = (page.title(), page.get_by_role("main").inner_text())
    response = page.goto(elsewhere.get_absolute_url())
    assert response.status == 404
    assert (page.title(), page.get_by_role("main").inner_text()) == nothing
    expect(page.get_by_role("main")).not_to_contain_text("Private Person")

    # Their inbox and the referral they received fit a phone.
    page.goto("/work/referrals/")
    inbox = page.get_by_role("table", name="Referrals received")
    expect(inbox.get_by_role("row")).to_have_count(2)
    expect(inbox).to_contain_text(f"Anonymous enquiry {to_hub_b.reference}")
    _fits_a_phone(page)
    inbox.get_by_role("link", name=to_hub_b.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(to_hub_b.reference)
    expect(page.get_by_role("main")).to_contain_text("This is an anonymous enquiry")
    _fits_a_phone(page)

    # Hub A's staff send the referral form with nothing chosen.
    _signed_in_as(page, context, server_url, "staff.a@demo.test")
    page.goto(f"/work/referrals/from/{journey.pk}/")
    form = page.get_by_role("main").locator("form")
    form.get_by_role("button", name="Send the referral").click()

    expect(page).to_have_title(re.compile(r"^Error: Refer Amira Example"))
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(
        summary.get_by_role("link", name=re.compile("^Refer to: Choose where to refer them"))
    ).to_be_visible()
    destination = field(form, "Refer to")
    expect(destination).to_have_attribute("aria-invalid", "true")
    expect(destination).to_have_accessible_description(re.compile("Choose where to refer them"))
    need = field(form, "What do they need?")
    expect(need).to_have_attribute("aria-invalid", "true")
    expect(need).to_have_accessible_description(re.compile("Say what they need"))
    consent = form.get_by_role(
        "group", name="Has the person agreed to share their details with them?"
    )
    expect(consent).to_have_accessible_description(re.compile("Choose one of the options."))
    expect(field(form, "How did they agree?")).to_have_accessible_description(
        "Needed if they agreed."
    )
    summary.get_by_role("link", name=re.compile("^What do they need")).click()
    expect(need).to_be_focused()
    assert_no_axe_violations_at_each_viewport(page)
    assert Referral.objects.count() == 2
