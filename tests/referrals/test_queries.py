"""The referral pages cost the same number of queries with 10 referrals as with 10,000.

The inbox and outbox are fetched with a few referrals, then with ten thousand (some to a
service, some with a name shared), and must run exactly the same queries and show one
page of 50. A referral's page is fetched with one message and one change, then with many.
The ceilings are the figures measured when these tests were written: a new query on a
page should be a decision, not an accident.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from referrals.models import Referral, ReferralChange, ReferralMessage
from referrals.views import PAGE_SIZE
from tests.ecosystem.factories import OrganisationFactory, ServiceFactory
from tests.journeys.factories import JourneyFactory
from tests.referrals.factories import send_referral

pytestmark = pytest.mark.django_db

FEW, MANY = 10, 10_000

# The most queries each page may run, as measured (PostgreSQL, Django 5.2). Every page
# starts with 6: the session and the signed-in user, then the site, its settings, its
# navigation and footer links. After those, 5: organisation ids (once a request, then
# remembered), the organisations, the count, the page of referrals (with both organisations
# and the service joined in), the open counts.
BOX_CEILING = 11
# A referral's page, 6 + 8: organisation ids (once, for the access helper and for which side
# the reader is on); the referral (with both organisations, the service and both journeys
# joined in); the entry in the access log that someone opened it; the emails about it;
# its changes (with who made them); its messages (with their organisation and
# author); the organisations it could be passed to, and their listed services.
DETAIL_CEILING = 14


def _bulk_referrals(cast, *, start: int, stop: int) -> None:
    """Referrals from hub A to hub B, made cheaply: half to a service, a third with a name."""
    service = ServiceFactory(organisation=cast.hub_b, name="Premises advice")
    Referral.objects.bulk_create(
        [
            Referral(
                reference=f"RF-Q{n:07d}",
                from_organisation=cast.hub_a,
                to_organisation=cast.hub_b,
                to_service=service if n % 2 else None,
                need=f"Advice on premises ({n}).",
                consent_given=n % 3 == 0,
                shared={"name": f"Shared Person {n}"} if n % 3 == 0 else {},
            )
            for n in range(start, stop)
        ],
        batch_size=2000,
    )


def _count(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), response


BOXES = {
    "inbox": ("staff_b", reverse("referrals:list")),
    "outbox": ("staff_a", reverse("referrals:list") + "?box=outbox"),
    "outbox, last page": ("staff_a", reverse("referrals:list") + "?box=outbox&page=200"),
}


def _measure_boxes(clients) -> dict[str, tuple[int, object]]:
    return {name: _count(clients[who], url) for name, (who, url) in BOXES.items()}


@pytest.mark.usefixtures("no_page_cache")
def test_the_inbox_and_outbox_run_as_many_queries_with_10_000_referrals_as_with_10(
    cast, client_for
):
    clients = {"staff_a": client_for("staff_a"), "staff_b": client_for("staff_b")}
    _bulk_referrals(cast, start=0, stop=FEW)
    _measure_boxes(clients)  # warm the site's caches (root page, settings, content types)
    few = {name: count for name, (count, _) in _measure_boxes(clients).items()}

    _bulk_referrals(cast, start=FEW, stop=MANY)
    measured = _measure_boxes(clients)
    many = {name: count for name, (count, _) in measured.items()}

    assert many == few
    assert few == dict.fromkeys(BOXES, BOX_CEILING), few
    # One page of 50 from all ten thousand, newest first; the rest a page away.
    inbox = measured["inbox"][1]
    page = inbox.context["page"]
    assert (page.paginator.count, len(page.object_list), PAGE_SIZE) == (MANY, 50, 50)
    assert page.paginator.num_pages == MANY // 50
    html = inbox.content.decode()
    assert "10000 referrals" in html
    assert html.count('scope="row"') == 50
    assert "Shared Person" in html and "Anonymous enquiry" in html
    last = measured["outbox, last page"][1].context["page"]
    assert (last.number, len(last.object_list)) == (MANY // 50, 50)
    assert "Premises advice" in measured["outbox"][1].content.decode()


def _more_talk(referral, cast, *, count: int) -> None:
    now = timezone.now()
    people = [cast.user("staff_a"), cast.user("staff_b"), cast.user("manager_a")]
    ReferralMessage.objects.bulk_create(
        [
            ReferralMessage(
                referral=referral,
                organisation=cast.hub_a if n % 2 else cast.hub_b,
                author=people[n % 3],
                body=f"Message number {n}.",
            )
            for n in range(count)
        ]
    )
    ReferralChange.objects.bulk_create(
        [
            ReferralChange(
                referral=referral,
                from_status="accepted",
                to_status="in-progress",
                note=f"Change number {n}.",
                changed_by=people[n % 3],
                changed_at=now,
            )
            for n in range(count)
        ]
    )


@pytest.mark.usefixtures("no_page_cache")
def test_a_referral_s_page_runs_as_many_queries_with_100_messages_and_changes_as_with_1(
    cast, client_for
):
    journey = JourneyFactory(organisation=cast.hub_a, client__user=cast.user("entrepreneur"))
    referral = send_referral(
        journey=journey,
        actor=cast.user("staff_a"),
        to_organisation=cast.hub_b,
        to_service=ServiceFactory(organisation=cast.hub_b),
    )
    for n in range(2):  # somewhere to pass it on to, each with a service
        ServiceFactory(organisation=OrganisationFactory(name=f"Elsewhere {n}"))
    _more_talk(referral, cast, count=1)
    url = reverse("referrals:detail", kwargs={"pk": referral.pk})
    counts = {}
    for side in ("staff_b", "staff_a"):
        client = client_for(side)
        _count(client, url)  # warm the site's caches
        counts[side] = _count(client, url)[0]

    _more_talk(referral, cast, count=100)
    for side in ("staff_b", "staff_a"):
        many, response = _count(client_for(side), url)
        html = response.content.decode()
        assert "Message number 99." in html and "Change number 99." in html
        assert many == counts[side], side
    assert counts == {"staff_b": DETAIL_CEILING, "staff_a": DETAIL_CEILING}, counts
