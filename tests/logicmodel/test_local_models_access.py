"""Who may see and change local models: the access helpers, the list page and the model's page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecosystem.models import Membership, Organisation, Place
from logicmodel.content_io import load_shipped_model
from logicmodel.local_models.access import (
    get_local_element_for_user,
    get_local_model_for_user,
    get_local_section_for_user,
    get_place_for_deriving,
)
from logicmodel.local_models.services import local_element_create, local_model_derive
from logicmodel.selectors import national_model
from tests.support.cast import PERSONA_KEYS

LIST_PAGE_QUERIES = 9  # session, user, national model, places, models, site settings and links
SIGNED_IN = [p for p in PERSONA_KEYS if p != "anonymous"]

# What each persona may do with Wigan's model: None (404), "read" (403 to change), "write".
WIGAN = {
    "entrepreneur": None,
    "entrepreneur2": None,
    "peer": None,
    "staff_a": "read",
    "manager_a": "write",
    "staff_b": None,
    "commissioner": "read",
    "editor": None,
    "admin": "write",
}


@pytest.fixture
def national(cast):
    return national_model() or load_shipped_model()


@pytest.fixture
def wigan(cast, national):
    return local_model_derive(
        place=cast.place_a, source_model=national, actor=cast.user("manager_a")
    )


def _outcome(call):
    try:
        call()
    except Http404:
        return 404
    except PermissionDenied:
        return 403
    return 200


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_it_gives_each_persona_their_access_to_the_model(persona, cast, wigan):
    user = cast.user(persona)
    element = wigan.elements.first()
    section = wigan.sections.first()
    read = {None: 404, "read": 200, "write": 200}[WIGAN[persona]]
    write = {None: 404, "read": 403, "write": 200}[WIGAN[persona]]

    assert _outcome(lambda: get_local_model_for_user(user, wigan.pk)) == read
    assert _outcome(lambda: get_local_model_for_user(user, wigan.pk, write=True)) == write
    assert _outcome(lambda: get_local_element_for_user(user, wigan.pk, element.pk)) == read
    assert (
        _outcome(lambda: get_local_element_for_user(user, wigan.pk, element.pk, write=True))
        == write
    )
    assert (
        _outcome(lambda: get_local_section_for_user(user, wigan.pk, section.pk, write=True))
        == write
    )
    assert _outcome(lambda: get_place_for_deriving(user, cast.place_a.pk)) == write


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_it_answers_a_missing_model_with_404_for_everyone(persona, cast, national):
    user = cast.user(persona)
    missing = "00000000-0000-4000-8000-000000000000"

    assert _outcome(lambda: get_local_model_for_user(user, missing)) == 404
    assert _outcome(lambda: get_place_for_deriving(user, missing)) == 404
    # A national model is not a local model, even for an administrator.
    assert _outcome(lambda: get_local_model_for_user(user, national.pk)) == 404


def test_it_gives_nothing_to_the_manager_of_a_hub_that_is_no_catalyst(
    cast, wigan, django_user_model
):
    organisation = Organisation.objects.create(name="Wigan Print Co-op", slug="wigan-print")
    organisation.places.add(cast.place_a)
    user = django_user_model.objects.create_user(email="printer@demo.test", password="x")
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.MANAGER)

    assert _outcome(lambda: get_local_model_for_user(user, wigan.pk)) == 404
    assert _outcome(lambda: get_place_for_deriving(user, cast.place_a.pk)) == 404


def test_it_lets_a_manager_of_another_place_change_only_that_place(cast, wigan, national):
    staff_b = cast.user("staff_b")
    Membership.objects.filter(user=staff_b).update(role=Membership.Role.MANAGER)
    bradford = local_model_derive(place=cast.place_b, source_model=national, actor=staff_b)

    assert _outcome(lambda: get_local_model_for_user(staff_b, bradford.pk, write=True)) == 200
    assert _outcome(lambda: get_local_model_for_user(staff_b, wigan.pk)) == 404


def test_it_sends_anonymous_visitors_to_sign_in(cast, wigan, client_for):
    for url in (
        reverse("local_models:index"),
        reverse("local_models:detail", args=[wigan.pk]),
    ):
        response = client_for("anonymous").get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


# The list page -----------------------------------------------------------------------------------


def _listed(client):
    response = client.get(reverse("local_models:index"))
    assert response.status_code == 200
    overview = response.context["overview"]
    return (
        {(m.model.place.slug, m.can_change) for m in overview.models},
        {p.slug for p in overview.places_to_derive},
    )


@pytest.mark.parametrize(
    ("persona", "models", "places"),
    [
        ("entrepreneur", set(), set()),
        ("peer", set(), set()),
        ("editor", set(), set()),
        ("staff_a", {("wigan", False)}, set()),
        ("manager_a", {("wigan", True)}, set()),
        ("commissioner", {("wigan", False)}, set()),
        ("staff_b", {("bradford", False)}, set()),
        (
            "admin",
            {("wigan", True), ("bradford", True)},
            {"leicester", "plymouth", "grimsby", "hartlepool"},
        ),
    ],
)
def test_it_lists_the_models_each_persona_may_open(
    persona, models, places, cast, wigan, national, client_for
):
    local_model_derive(place=cast.place_b, source_model=national, actor=cast.user("admin"))

    assert _listed(client_for(persona)) == (models, places)


def test_it_offers_a_manager_to_create_their_place_model_once(cast, national, client_for):
    client = client_for("manager_a")
    assert _listed(client) == (set(), {"wigan"})
    assert "Create our place's model" in client.get(reverse("local_models:index")).content.decode()

    local_model_derive(place=cast.place_a, source_model=national, actor=cast.user("manager_a"))

    assert _listed(client) == ({("wigan", True)}, set())


def test_it_offers_staff_nothing_to_create(cast, national, client_for):
    html = client_for("staff_a").get(reverse("local_models:index")).content.decode()

    assert "Create our place's model" not in html


def test_it_lists_models_in_a_fixed_number_of_queries(cast, wigan, national, client_for):
    client = client_for("admin")
    url = reverse("local_models:index")
    client.get(url)  # the first request also fills the site's caches
    with CaptureQueriesContext(connection) as one:
        client.get(url)

    for place in ("bradford", "leicester", "plymouth"):
        local_model_derive(
            place=Place.objects.get(slug=place), source_model=national, actor=cast.user("admin")
        )
    with CaptureQueriesContext(connection) as four:
        response = client.get(url)

    assert len(response.context["overview"].models) == 4
    assert len(one.captured_queries) == len(four.captured_queries) == LIST_PAGE_QUERIES


# The model's page ------------------------------------------------------------------------------------


def test_it_shows_managers_the_edit_and_add_actions(cast, wigan, client_for):
    html = (
        client_for("manager_a")
        .get(reverse("local_models:detail", args=[wigan.pk]))
        .content.decode()
    )

    element = wigan.elements.first()
    assert reverse("local_models:element_edit", args=[wigan.pk, element.pk]) in html
    assert "Add an element" in html


@pytest.mark.parametrize("persona", ["staff_a", "commissioner"])
def test_it_shows_readers_no_actions(persona, cast, wigan, client_for):
    response = client_for(persona).get(reverse("local_models:detail", args=[wigan.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "/edit/" not in html
    assert "Add an element" not in html
    assert "You can read this model" in html


@pytest.mark.parametrize("persona", ["staff_a", "commissioner"])
def test_it_refuses_readers_any_change(persona, cast, wigan, client_for):
    element = wigan.elements.first()
    client = client_for(persona)

    edit = client.post(
        reverse("local_models:element_edit", args=[wigan.pk, element.pk]), {"title": "Mine now"}
    )
    add = client.post(
        reverse("local_models:element_add", args=[wigan.pk, element.section_id]), {"title": "Mine"}
    )
    derive = client.post(reverse("local_models:derive", args=[cast.place_a.pk]))

    assert (edit.status_code, add.status_code, derive.status_code) == (403, 403, 403)
    element.refresh_from_db()
    assert element.title != "Mine now"
    assert not wigan.elements.filter(title="Mine").exists()


def test_it_shows_the_page_in_a_fixed_number_of_queries(cast, wigan, client_for):
    client = client_for("manager_a")
    url = reverse("local_models:detail", args=[wigan.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    section = wigan.sections.order_by("position").first()
    for n in range(4):
        local_element_create(
            section=section, actor=None, title=f"Extra {n}", summary="S.", explainer=""
        )
    with CaptureQueriesContext(connection) as after:
        client.get(url)

    assert len(before.captured_queries) == len(after.captured_queries)
