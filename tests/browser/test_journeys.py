"""Journeys in a real browser: asking for support, triage, a journey's sessions and milestones,
what the person sees of it, who cannot see it, and the hub's lists on a phone."""

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import (
    DESKTOP,
    NO_INTERNET,
    PHONE,
    BrowserProblems,
    assert_no_axe_violations_at_each_viewport,
    emails_to,
    field,
)
from tests.browser.test_login import sign_in
from tests.support.cast import PERSONA_PASSWORD

pytestmark = pytest.mark.browser

ASKER = "amira.khan@example.org"
IDEA = "A bakery run as a workers' co-operative, selling bread to cafés in Wigan."
TOPICS = "Costing the first batch of loaves and a price list."
STAFF_NOTES = "Worried about the rent on the unit; follow up gently."
AGREED = "Ask two cafés to try a sample loaf"


@pytest.fixture
def page_without_javascript(browser, server_url):
    """A page in a context with JavaScript turned off, that can reach only the live server."""
    origin = server_url.rstrip("/")
    problems = BrowserProblems(origin)
    context = browser.new_context(
        base_url=origin,
        viewport=DESKTOP,
        locale="en-GB",
        proxy=NO_INTERNET,
        java_script_enabled=False,
    )
    context.set_default_timeout(10_000)
    context.on("response", problems.on_response)
    context.on("requestfailed", problems.on_request_failed)
    yield context.new_page()
    context.close()
    assert not problems.items, "The browser reported problems:\n" + "\n".join(problems.items)


def _ask_form(page):
    return page.get_by_role("main").locator("form")


def _fill_the_request(form, *, postcode="WN1 1AA", consent=True):
    form.get_by_role("group", name="Who is asking?").get_by_label("Just me").check()
    field(form, "Your name").fill("Amira Khan")
    field(form, "Email address").fill(ASKER)
    form.get_by_role("group", name="How would you like us to contact you?").get_by_label(
        "Email", exact=True
    ).check()
    field(form, "Your postcode").fill(postcode)
    field(form, "Tell us about your idea or business").fill(IDEA)
    form.get_by_role("group", name="What kind of business could it be?").get_by_label(
        "Co-operative", exact=True
    ).check()
    form.get_by_role("group", name="Where are you with it?").get_by_label(
        "I am planning it"
    ).check()
    if consent:
        form.get_by_label(re.compile(r"^\s*I agree that you may keep my details")).check()


def _sign_in_with_a_code(page, server_url, address):
    page.goto("/accounts/login/")
    page.get_by_role("main").get_by_role("link", name="Send me a sign-in code").click()
    field(page.get_by_role("main"), "Email").fill(address)
    page.get_by_role("main").get_by_role("button", name="Request Code").click()
    expect(page).to_have_url(f"{server_url}/accounts/login/code/confirm/")
    [email] = [m for m in emails_to(address) if m.subject.endswith("Sign-In Code")]
    match = re.search(r"^\s*([A-Z0-9]{4,}(?:-[A-Z0-9]+)*)\s*$", email.body, re.MULTILINE)
    assert match, email.body
    field(page.get_by_role("main"), "Code").fill(match.group(1))
    page.get_by_role("main").get_by_role("button", name="Confirm").click()


def _request_taken_on_by_hub_a(server_url):
    """A request from Wigan, sent and then taken on by hub A, through the services."""
    from journeys.support.services import RequestAnswers, support_request_submit
    from journeys.triage.services import request_accept
    from tests.support.cast import Cast

    answers = RequestAnswers(
        kind="person",
        name="Amira Khan",
        email=ASKER,
        contact_method="email",
        postcode="WN1 1AA",
        idea=IDEA,
        stage="planning",
        consent=True,
    )
    request = support_request_submit(answers=answers, base_url=server_url)
    cast = Cast()
    journey = request_accept(
        request=request, organisation=cast.hub_a, actor=cast.user("staff_a"), base_url=server_url
    )
    return request, journey


def test_a_request_becomes_a_journey_the_person_follows(page, context, server_url):
    from journeys.models import SupportRequest

    # Someone asks for support, without an account.
    page.goto("/ask-for-support/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for support")
    assert_no_axe_violations_at_each_viewport(page)
    _fill_the_request(_ask_form(page))
    _ask_form(page).get_by_role("button", name="Send my request").click()

    expect(page).to_have_url(f"{server_url}/ask-for-support/thank-you/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: we have your request")
    request = SupportRequest.objects.get(email=ASKER)
    assert request.place.name == "Wigan"
    expect(page.get_by_role("status")).to_contain_text(f"Your reference is {request.reference}.")
    expect(page.get_by_role("main")).to_contain_text("A hub serving Wigan reads your request")
    [received] = emails_to(ASKER)
    assert received.subject == f"We have your request ({request.reference})"
    assert_no_axe_violations_at_each_viewport(page)

    # Staff of the hub serving Wigan take it on.
    context.clear_cookies()
    page.goto("/accounts/login/")
    sign_in(page, "staff.a@demo.test", PERSONA_PASSWORD)
    expect(page).to_have_url(f"{server_url}/work/")
    page.get_by_role("main").get_by_role("link", name="Requests for support").click()
    expect(page).to_have_url(f"{server_url}/work/requests/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Requests for support")
    assert_no_axe_violations_at_each_viewport(page)
    page.get_by_role("table").get_by_role("link", name=request.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Request {request.reference}")
    expect(page.get_by_role("main")).to_contain_text(IDEA)
    assert_no_axe_violations_at_each_viewport(page)
    page.get_by_role("button", name="Take it on").click()

    expect(page).to_have_url(re.compile(rf"^{re.escape(server_url)}/work/journeys/[0-9a-f-]+/$"))
    expect(page.get_by_role("main")).to_contain_text("Amira Khan now has a journey with you.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amira Khan")
    journey_url = page.url
    assert_no_axe_violations_at_each_viewport(page)

    # A coaching session with one agreed action.
    page.get_by_role("link", name="Log a session").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Log a session")
    form = page.get_by_role("main").locator("form")
    field(form, "Type of session").select_option(label="Coaching")
    field(form, "What it covered").fill(TOPICS)
    field(form, "Staff-only notes").fill(STAFF_NOTES)
    actions = form.get_by_role("group", name=re.compile("Actions agreed"))
    first = actions.get_by_role("group", name="Action 1")
    field(first, "Action").fill(AGREED)
    field(first, "Due by").fill((timezone.localdate() + timedelta(days=14)).strftime("%d/%m/%Y"))
    assert_no_axe_violations_at_each_viewport(page)
    form.get_by_role("button", name="Save the session").click()

    expect(page).to_have_url(journey_url)
    expect(page.get_by_role("main")).to_contain_text("The session is recorded.")
    expect(page.get_by_role("main")).to_contain_text(TOPICS)
    expect(page.get_by_role("main")).to_contain_text(STAFF_NOTES)
    expect(page.get_by_role("region", name="Actions")).to_contain_text(AGREED)

    # A milestone: the first sale.
    page.get_by_role("link", name="Record a milestone").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record a milestone")
    form = page.get_by_role("main").locator("form")
    field(form, "Milestone").select_option(label="First sale")
    assert_no_axe_violations_at_each_viewport(page)
    form.get_by_role("button", name="Record the milestone").click()
    expect(page).to_have_url(journey_url)
    expect(page.get_by_role("main")).to_contain_text("The milestone is recorded.")
    expect(page.get_by_role("main")).to_contain_text("Milestone: First sale")

    # The person signs in with a code emailed to them and follows their journey.
    context.clear_cookies()
    _sign_in_with_a_code(page, server_url, ASKER)
    expect(page.get_by_text(f"Signed in as {ASKER}.", exact=True)).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="My journey").click()
    expect(page).to_have_url(f"{server_url}/my-journey/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My journey")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=2).first).to_contain_text("Northway Community Hub")
    expect(main).to_contain_text(TOPICS)
    expect(main).to_contain_text(AGREED)
    expect(main).to_contain_text("First sale")
    expect(main).not_to_contain_text(STAFF_NOTES)
    expect(main).not_to_contain_text("Staff-only")
    assert_no_axe_violations_at_each_viewport(page)


def test_staff_of_another_hub_get_the_same_404_as_for_nothing_at_all(page, server_url):
    request, journey = _request_taken_on_by_hub_a(server_url)
    page.goto("/accounts/login/")
    sign_in(page, "staff.b@demo.test", PERSONA_PASSWORD)
    expect(page).to_have_url(f"{server_url}/work/")

    made_up = uuid.uuid4()
    nothing = {}
    for kind, url in [
        ("journey", f"/work/journeys/{made_up}/"),
        ("request", f"/work/requests/{made_up}/"),
    ]:
        response = page.goto(url)
        assert response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        nothing[kind] = (page.title(), page.get_by_role("main").inner_text())

    for kind, url in [
        ("journey", journey.get_absolute_url()),
        ("request", request.get_absolute_url()),
    ]:
        response = page.goto(url)
        assert response.status == 404, url
        assert (page.title(), page.get_by_role("main").inner_text()) == nothing[kind]
        expect(page.get_by_role("main")).not_to_contain_text("Amira Khan")


def test_a_mistake_on_the_request_form_is_explained_and_nothing_is_kept(
    page, page_without_javascript, server_url
):
    from journeys.models import SupportRequest

    page.goto("/ask-for-support/")
    _fill_the_request(_ask_form(page), postcode="not a postcode", consent=False)
    _ask_form(page).get_by_text("Optional: equality questions").click()
    _ask_form(page).get_by_role("group", name="Your age").get_by_label("25 to 34").check()
    _ask_form(page).get_by_role("button", name="Send my request").click()

    expect(page).to_have_url(f"{server_url}/ask-for-support/")
    expect(page).to_have_title("Error: Ask for support | Empowering Places")
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(
        summary.get_by_role("link", name=re.compile("^Your postcode: Enter a UK postcode"))
    ).to_be_visible()
    expect(
        summary.get_by_role("link", name=re.compile("Tick the box to say we may keep your details"))
    ).to_be_visible()
    postcode = field(_ask_form(page), "Your postcode")
    expect(postcode).to_have_value("not a postcode")
    expect(postcode).to_have_attribute("aria-invalid", "true")
    expect(postcode).to_have_accessible_description(re.compile("Enter a UK postcode, like WN1 1AA"))
    consent = _ask_form(page).get_by_label(re.compile(r"^\s*I agree that you may keep my details"))
    expect(consent).not_to_be_checked()
    expect(consent).to_have_accessible_description(
        re.compile("Tick the box to say we may keep your details")
    )
    # The equality questions stay open, showing the answer and why it cannot be kept.
    equality = _ask_form(page).get_by_label(re.compile(r"^\s*I am happy to answer these questions"))
    expect(equality).to_be_visible()
    expect(equality).to_have_accessible_description(re.compile("Tick the box to let us keep"))
    expect(
        _ask_form(page).get_by_role("group", name="Your age").get_by_label("25 to 34")
    ).to_be_checked()
    expect(field(_ask_form(page), "Your name")).to_have_value("Amira Khan")
    expect(field(_ask_form(page), "Tell us about your idea or business")).to_have_value(IDEA)
    expect(
        _ask_form(page)
        .get_by_role("group", name="Where are you with it?")
        .get_by_label("I am planning it")
    ).to_be_checked()
    # The summary's link takes the keyboard to the field.
    summary.get_by_role("link", name=re.compile("^Your postcode")).click()
    expect(postcode).to_be_focused()
    assert_no_axe_violations_at_each_viewport(page)
    assert not SupportRequest.objects.exists()
    assert emails_to(ASKER) == []

    # Without JavaScript the form works the same: refused, put right, then sent.
    plain = page_without_javascript
    plain.goto("/ask-for-support/")
    _fill_the_request(_ask_form(plain), postcode="not a postcode")
    _ask_form(plain).get_by_role("button", name="Send my request").click()
    expect(plain).to_have_title("Error: Ask for support | Empowering Places")
    expect(plain.get_by_role("alert")).to_contain_text("Enter a UK postcode")
    assert not SupportRequest.objects.exists()
    field(_ask_form(plain), "Your postcode").fill("WN1 1AA")
    _ask_form(plain).get_by_role("button", name="Send my request").click()
    expect(plain).to_have_url(f"{server_url}/ask-for-support/thank-you/")
    request = SupportRequest.objects.get(email=ASKER)
    expect(plain.get_by_role("status")).to_contain_text(f"Your reference is {request.reference}.")


def _hub_a_at_work():
    """Three journeys at hub A, a session with an overdue action and one coming up, a milestone."""
    from journeys.models import Action, Stage
    from journeys.services import (
        AgreedAction,
        ClientDetails,
        journey_create,
        milestone_record,
        session_log,
    )
    from tests.support.cast import Cast

    cast = Cast()
    staff = cast.user("staff_a")
    journeys = [
        journey_create(
            organisation=cast.hub_a,
            actor=staff,
            client=ClientDetails(name=name, email=email, postcode="WN1 1AA", **extra),
            venture_name=venture,
            stage=stage,
            lead_worker=staff,
        )
        for name, email, venture, stage, extra in [
            ("Amira Khan", ASKER, "Bakery co-operative", Stage.PLANNING, {}),
            (
                "Tom Whittle",
                "tom.whittle@example.org",
                "Bike repairs for the whole of Wigan and its surrounding villages",
                Stage.TRADING,
                {},
            ),
            (
                "Joan Ince",
                "joan.ince@example.org",
                "Community allotment shop",
                Stage.EXPLORING,
                {"kind": "group", "group_name": "Scholes Growers Collective"},
            ),
        ]
    ]
    now = timezone.now()
    session_log(
        organisation=cast.hub_a,
        actor=staff,
        kind="workshop",
        starts_at=now - timedelta(days=10),
        duration_minutes=90,
        mode="in-person",
        staff=staff,
        journeys=journeys,
        topics="Pricing and costing.",
        actions=[
            AgreedAction("Write a price list", due_on=timezone.localdate() - timedelta(days=3))
        ],
    )
    session_log(
        organisation=cast.hub_a,
        actor=staff,
        kind="peer-support",
        starts_at=now + timedelta(days=5),
        duration_minutes=60,
        mode="online",
        staff=staff,
        journeys=journeys[:2],
    )
    milestone_record(
        journey=journeys[1], actor=staff, kind="first-sale", achieved_on=timezone.localdate()
    )
    assert Action.objects.count() == 3
    return cast.hub_a


def _fits_a_phone(page):
    page.set_viewport_size(PHONE)
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{page.url} is {width}px wide on a phone"
    finally:
        page.set_viewport_size(DESKTOP)


def test_a_hubs_journey_list_dashboard_and_group_session_form_work_on_a_phone(page, server_url):
    hub = _hub_a_at_work()
    page.goto("/accounts/login/")
    sign_in(page, "staff.a@demo.test", PERSONA_PASSWORD)
    expect(page).to_have_url(f"{server_url}/work/")

    page.get_by_role("main").get_by_role("link", name="Journeys", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Journeys")
    table = page.get_by_role("table", name="Journeys")
    expect(table.get_by_role("row")).to_have_count(4)
    expect(table.get_by_role("row", name=re.compile("Scholes Growers Collective"))).to_contain_text(
        "Overdue action"
    )
    assert_no_axe_violations_at_each_viewport(page)
    _fits_a_phone(page)

    page.get_by_role("link", name="Dashboard").click()
    expect(page).to_have_url(f"{server_url}/work/journeys/hub/{hub.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Northway Community Hub")
    expect(page.get_by_role("main")).to_contain_text("Write a price list")
    expect(page.get_by_role("main")).to_contain_text("Peer support")
    assert_no_axe_violations_at_each_viewport(page)
    _fits_a_phone(page)

    page.goto("/work/journeys/")
    page.get_by_role("link", name="Log a group session").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Log a session")
    took_part = page.get_by_role("group", name="Who took part")
    expect(took_part.get_by_role("checkbox")).to_have_count(3)
    assert_no_axe_violations_at_each_viewport(page)
    _fits_a_phone(page)
