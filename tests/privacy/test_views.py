"""A manager finds a person, makes a copy of what their hub holds, downloads it, and erases it in
two steps; the other hub keeps its own records but loses the referral's copy and is told."""

import io
import json
import time
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journeys.models import AccessLogEntry, Client, Journey
from privacy.models import DataExport, Erasure
from referrals.models import Notification, Referral
from referrals.services import referral_accept
from tests.journeys.factories import ClientFactory, JourneyFactory, MilestoneFactory
from tests.referrals.factories import BASE, send_referral

pytestmark = pytest.mark.django_db

EMAIL = "noor.person@example.org"


@pytest.fixture
def person(cast):
    """Noor: supported by hub A, referred on to hub B, which accepted."""
    journey = JourneyFactory(
        organisation=cast.hub_a,
        client=ClientFactory(
            organisation=cast.hub_a, name="Noor Testcase", email=EMAIL, phone="07700 900999"
        ),
        venture_name="Noor's Bikes",
    )
    MilestoneFactory(journey=journey, note="Registered as Noor's Bikes CIC.")
    referral = send_referral(
        journey=journey, actor=cast.user("staff_a"), to_organisation=cast.hub_b
    )
    referral_accept(referral=referral, actor=cast.user("staff_b"), base_url=BASE)
    return journey


def _index(cast):
    return reverse("privacy:index", kwargs={"org_pk": cast.hub_a.pk})


def _erase(cast):
    return reverse("privacy:erase", kwargs={"org_pk": cast.hub_a.pk})


def test_it_finds_a_person_by_address_or_reference_and_says_what_the_hub_holds(
    person, cast, client_for
):
    manager = client_for("manager_a")
    by_email = manager.get(_index(cast), {"q": EMAIL.upper()})
    assert by_email.status_code == 200
    assert "Noor Testcase" in by_email.text
    rows = {row["title"]: row["count"] for row in by_email.context["summary"]}
    assert rows["Records organisations keep about you"] == 1  # hub A's only, not hub B's
    assert rows["Referrals"] == 1
    referral = Referral.objects.get()
    by_reference = manager.get(_index(cast), {"q": referral.reference.lower()})
    assert by_reference.context["subject"].email == EMAIL
    nobody = manager.get(_index(cast), {"q": "nobody@example.org"})
    assert nobody.context["subject"] is None
    assert "We found nobody with that address or reference" in nobody.text
    assert 'value="nobody@example.org"' in nobody.text  # what was typed stays


def test_it_makes_a_copy_in_the_background_and_logs_each_download(person, cast, client_for):
    manager = client_for("manager_a")
    response = manager.post(
        reverse("privacy:export_new", kwargs={"org_pk": cast.hub_a.pk}), {"q": EMAIL}
    )
    export = DataExport.objects.get()
    assert response.url == reverse("privacy:export", args=[export.pk])
    # Celery runs eagerly here; the task was handed over after commit.
    from privacy.services import export_build

    export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY and export.progress == 100
    assert export.expires_at > timezone.now()
    page = manager.get(response.url)
    assert "Download the copy" in page.text
    download = manager.get(reverse("privacy:export_download", args=[export.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        data = json.loads(archive.read("data.json"))
    assert data["held_by"] == "Northway Community Hub"
    clients = data["sections"]["client_records"]["records"]
    assert [c["Organisation"] for c in clients] == ["Northway Community Hub"]
    assert "account" not in data["sections"]  # the account is the platform's, not the hub's
    export.refresh_from_db()
    assert export.downloads == 1
    logged = AccessLogEntry.objects.get(kind=AccessLogEntry.Kind.EXPORT)
    assert logged.user == cast.user("manager_a") and logged.organisation == cast.hub_a


def test_staff_see_the_page_but_may_not_act(person, cast, client_for):
    staff = client_for("staff_a")
    assert staff.get(_index(cast)).status_code == 403
    assert staff.post(_erase(cast), {"q": EMAIL, "step": "review"}).status_code == 403
    assert Client.objects.filter(email=EMAIL).count() == 2


def _review(**changes):
    data = {
        "q": EMAIL,
        "step": "review",
        "how_asked": "email",
        "asked_on": timezone.localdate().strftime("%d/%m/%Y"),
        "nothing_to_keep": "on",
    }
    data.update(changes)
    return data


def test_the_first_step_explains_what_is_wrong_and_keeps_what_was_typed(person, cast, client_for):
    manager = client_for("manager_a")
    response = manager.post(_erase(cast), _review(asked_on="31/02/2026", nothing_to_keep=""))
    assert response.status_code == 400
    assert "Enter the date as day/month/year" in response.text
    assert "Tick this once you have checked." in response.text
    assert 'value="31/02/2026"' in response.text
    assert Client.objects.get(email=EMAIL, organisation=cast.hub_a).name == "Noor Testcase"


def test_the_second_step_needs_the_address_typed_again(person, cast, client_for):
    manager = client_for("manager_a")
    first = manager.post(_erase(cast), _review())
    assert first.status_code == 200
    assert "Step 2 of 2" in first.text and EMAIL in first.text
    wrong = manager.post(_erase(cast), {**_review(step="confirm"), "confirm": "someone@else"})
    assert wrong.status_code == 400
    assert "That does not match" in wrong.text
    assert not Erasure.objects.exists()
    assert Client.objects.filter(email=EMAIL).count() == 2


def test_a_managers_erasure_clears_the_hubs_records_and_the_referral_at_both_ends(
    person, cast, client_for
):
    manager = client_for("manager_a")
    manager.get(reverse("journeys:detail", args=[person.pk]))  # an entry in the access log
    response = manager.post(_erase(cast), {**_review(step="confirm"), "confirm": EMAIL})
    assert response.status_code == 302
    erasure = Erasure.objects.get()
    assert erasure.organisation == cast.hub_a and not erasure.everywhere
    assert erasure.organisations_told == ["Canal Side Enterprise Centre"]
    assert erasure.done_by == cast.user("manager_a")
    hub_a_client = Client.objects.get(pk=person.client_id)
    assert (hub_a_client.name, hub_a_client.email, hub_a_client.phone) == ("Erased", "", "")
    journey = Journey.objects.get(pk=person.pk)
    assert journey.venture_name == "Erased" and journey.stage == person.stage
    assert journey.milestones.get().note == ""
    referral = Referral.objects.get()
    assert referral.shared == {} and referral.need == "Erased"
    assert referral.status == Referral.Status.ACCEPTED  # that it happened stays
    # Hub B's own record is its own: kept, and hub B is told to look at it.
    assert Client.objects.get(organisation=cast.hub_b).email == EMAIL
    told = Notification.objects.filter(text__contains="asked for their data to be erased")
    assert {n.user.email for n in told} == {"staff.b@demo.test"}
    # The erasure is in the hub's list and in its access log.
    page = manager.get(_index(cast))
    assert erasure.reference in page.text
    assert AccessLogEntry.objects.filter(kind=AccessLogEntry.Kind.ERASURE).exists()


def test_a_second_request_from_an_erased_address_is_recognised(person, cast, client_for):
    manager = client_for("manager_a")
    manager.post(_erase(cast), {**_review(step="confirm"), "confirm": EMAIL})
    JourneyFactory(
        organisation=cast.hub_a, client=ClientFactory(organisation=cast.hub_a, email=EMAIL)
    )
    page = manager.get(_index(cast), {"q": EMAIL})
    assert "This address was erased before" in page.text


def test_the_access_log_shows_who_opened_which_records(person, cast, client_for):
    client_for("staff_a").get(reverse("journeys:detail", args=[person.pk]))
    client_for("staff_a").get(reverse("referrals:detail", args=[Referral.objects.get().pk]))
    client_for("staff_b").get(reverse("referrals:detail", args=[Referral.objects.get().pk]))
    page = client_for("manager_a").get(
        reverse("privacy:access_log", kwargs={"org_pk": cast.hub_a.pk})
    )
    rows = list(page.context["paged"].page.object_list)
    assert [(r.kind, r.user.email) for r in rows] == [
        ("referral", "staff.a@demo.test"),
        ("journey", "staff.a@demo.test"),
    ]  # hub B's opening of its side is in hub B's log, not hub A's
    assert AccessLogEntry.objects.filter(organisation=cast.hub_b, kind="referral").count() == 1


def test_the_access_log_runs_a_fixed_number_of_queries(person, cast, client_for):
    manager = client_for("manager_a")
    url = reverse("privacy:access_log", kwargs={"org_pk": cast.hub_a.pk})
    journey_url = reverse("journeys:detail", args=[person.pk])

    def queries_with(entries: int) -> int:
        while AccessLogEntry.objects.filter(organisation=cast.hub_a).count() < entries:
            manager.get(journey_url)
        with CaptureQueriesContext(connection) as queries:
            assert manager.get(url).status_code == 200
        return len(queries)

    assert queries_with(3) == queries_with(60) <= 14


# A person's own copy -----------------------------------------------------------------


def _signed_in_by_code(client, user):
    """What allauth records when someone enters an emailed code (at sign-in or when asked again)."""
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "code", "at": time.time(), "email": user.email, "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def test_a_person_is_asked_for_a_code_before_making_a_copy_of_their_data(cast, client_for):
    entrepreneur = client_for("entrepreneur")
    response = entrepreneur.post(reverse("privacy:mine_new"))
    assert response.url.startswith(reverse("account_request_reauthentication_code"))
    assert not DataExport.objects.exists()


def test_a_person_downloads_a_copy_of_everything_held_about_them(person, cast, client_for):
    user = cast.user("entrepreneur")
    Client.objects.filter(email=EMAIL).update(user=user)
    entrepreneur = client_for("entrepreneur")
    _signed_in_by_code(entrepreneur, user)
    response = entrepreneur.post(reverse("privacy:mine_new"))
    export = DataExport.objects.get(for_self=True)
    assert response.url == reverse("privacy:export", args=[export.pk])
    from privacy.services import export_build

    export_build(export_id=export.pk)
    download = entrepreneur.get(reverse("privacy:export_download", args=[export.pk]))
    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        data = json.loads(archive.read("data.json"))
    organisations = {c["Organisation"] for c in data["sections"]["client_records"]["records"]}
    assert organisations == {"Northway Community Hub", "Canal Side Enterprise Centre"}
    assert data["sections"]["account"]["records"][0]["Email"] == user.email
    # A copy stays a few days, then goes with whom it was about.
    from privacy.services import exports_expire

    assert exports_expire(now=export.expires_at if export.expires_at else timezone.now()) == 0
    export.refresh_from_db()
    assert exports_expire(now=export.expires_at) == 1
    export.refresh_from_db()
    assert export.status == DataExport.Status.EXPIRED and not export.file and not export.query


def test_my_journey_shows_where_to_get_a_copy(cast, client_for):
    page = client_for("entrepreneur").get(reverse("my:journey"))
    assert reverse("privacy:mine") in page.text


def test_a_journey_page_leads_its_hubs_managers_to_the_persons_data(person, cast, client_for):
    link = f"{_index(cast)}?q={person.client_id}"
    assert link in client_for("manager_a").get(reverse("journeys:detail", args=[person.pk])).text
    assert link not in client_for("staff_a").get(reverse("journeys:detail", args=[person.pk])).text
    found = client_for("manager_a").get(_index(cast), {"q": str(person.client_id)})
    assert found.context["subject"].email == EMAIL


def test_a_manager_cannot_learn_that_an_address_has_an_account_elsewhere(cast, client_for):
    # entrepreneur2 has an account but nothing at hub A: the same answer as for nobody.
    page = client_for("manager_a").get(_index(cast), {"q": "entrepreneur2@demo.test"})
    assert page.context["subject"] is None
    assert "We found nobody with that address or reference" in page.text
