"""The referral list's pages (what each persona may reach is in tests/access/routes_referrals.py)."""

import pytest
from django.urls import reverse

from referrals.views import PAGE_SIZE
from tests.journeys.factories import JourneyFactory
from tests.referrals.factories import send_referral

pytestmark = pytest.mark.django_db


def test_the_list_pages_through_core_paging_and_keeps_the_box_and_status(
    cast, client_for, monkeypatch
):
    import referrals.views

    asked = []
    page_of = referrals.views.page_of

    def counted(request, items, *, per_page):
        asked.append(per_page)
        return page_of(request, items, per_page=per_page)

    monkeypatch.setattr(referrals.views, "page_of", counted)
    journey = JourneyFactory(organisation=cast.hub_a)
    sent = send_referral(journey=journey, actor=cast.user("staff_a"), to_organisation=cast.hub_b)
    response = client_for("staff_a").get(
        reverse("referrals:list"), {"box": "outbox", "status": "all", "page": "x"}
    )
    assert response.status_code == 200
    assert asked == [PAGE_SIZE]
    assert response.context["page"].number == 1
    assert response.context["query"] == "box=outbox&status=all"
    assert list(response.context["page"].object_list) == [sent]
