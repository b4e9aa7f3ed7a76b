"""Comparing a local model with the national model it came from, and the public page that shows it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from logicmodel.content_io import load_shipped_model
from logicmodel.local_models.selectors import compare_models
from logicmodel.local_models.services import (
    ChecklistChange,
    local_element_create,
    local_element_update,
    local_model_derive,
)
from logicmodel.models import ChecklistItem, Element, Section
from logicmodel.selectors import national_model

COMPARE_MODELS_QUERIES = 16  # model_structure of each model: 8 queries whatever its size
COMPARE_PAGE_QUERIES = 21  # + the local model, and the site's settings, navigation and footer


@pytest.fixture
def national(cast):
    return national_model() or load_shipped_model()


@pytest.fixture
def wigan(cast, national):
    return local_model_derive(
        place=cast.place_a, source_model=national, actor=cast.user("manager_a")
    )


def _element(model, slug):
    return Element.objects.select_related("section").get(logic_model=model, slug=slug)


def _edit(element, **changes):
    values = {"title": element.title, "summary": element.summary, "explainer": element.explainer}
    local_element_update(element=element, actor=None, **(values | changes))


def _section_comparison(comparison, slug):
    return next(s for c in comparison.columns for s in c.sections if s.section.slug == slug)


@pytest.fixture
def adapted(wigan):
    """Wigan's model with one change of each kind."""
    _edit(_element(wigan, "vision"), title="A vision for Wigan")
    _edit(_element(wigan, "inclusive-design-of-support"), explainer="<p>Our own words.</p>")
    purpose = _element(wigan, "purpose")
    first, second, *_ = purpose.checklist_items.order_by("sort_order")
    _edit(
        purpose,
        checklist=[
            ChecklistChange(item=first, text="Reworded in Wigan", guidance=first.guidance),
            ChecklistChange(item=second, remove=True),
            ChecklistChange(item=None, text="A check of our own"),
        ],
    )
    _element(wigan, "collective-local-vision").delete()
    local_element_create(
        section=Section.objects.get(logic_model=wigan, slug="activities"),
        actor=None,
        title="Wigan Pier enterprise trail",
        summary="A walking trail of local businesses.",
        explainer="",
    )
    return wigan


def test_it_sorts_each_element_into_its_category(adapted, national):
    comparison = compare_models(adapted, national)

    vision = _section_comparison(comparison, "vision-and-purpose")
    changed = {c.national.slug: c for c in vision.changed}
    assert set(changed) == {"vision", "purpose"}
    assert changed["vision"].fields == ["title"]
    assert changed["vision"].local.title == "A vision for Wigan"
    assert changed["vision"].national.title == "Vision"
    assert not changed["vision"].checklist_changed

    purpose = changed["purpose"]
    assert purpose.fields == []
    assert [i.text for i in purpose.items_added] == ["A check of our own"]
    assert [(c.local.text, c.fields) for c in purpose.items_changed] == [
        ("Reworded in Wigan", ["text"])
    ]
    national_items = list(
        ChecklistItem.objects.filter(
            element__logic_model=national, element__slug="purpose"
        ).order_by("sort_order")
    )
    assert purpose.items_removed == [national_items[1]]
    assert purpose.items_changed[0].national == national_items[0]

    conditions = _section_comparison(comparison, "conditions")
    assert [e.slug for e in conditions.missing] == ["collective-local-vision"]
    assert [c.national.slug for c in conditions.changed] == ["inclusive-design-of-support"]
    assert conditions.changed[0].fields == ["explainer"]
    assert "long-term-commitment" in [e.slug for e in conditions.unchanged]

    activities = _section_comparison(comparison, "activities")
    assert [e.title for e in activities.added] == ["Wigan Pier enterprise trail"]
    assert activities.missing == activities.changed == []

    assert comparison.counts == {
        "unchanged": Element.objects.filter(logic_model=national).count() - 4,
        "changed": 3,
        "added": 1,
        "missing": 1,
    }


def test_it_finds_no_difference_in_a_fresh_copy(wigan, national):
    comparison = compare_models(wigan, national)

    assert comparison.is_identical
    assert comparison.counts["unchanged"] == Element.objects.filter(logic_model=national).count()


def test_it_notices_an_element_moved_to_another_section(wigan, national):
    element = _element(wigan, "vision")
    element.section = Section.objects.get(logic_model=wigan, slug="activities")
    element.save()

    comparison = compare_models(wigan, national)

    moved = _section_comparison(comparison, "activities").changed
    assert [(c.local.slug, c.fields) for c in moved] == [("vision", ["section"])]
    assert moved[0].national_section.slug == "vision-and-purpose"
    assert _section_comparison(comparison, "vision-and-purpose").missing == []


def test_it_lists_the_elements_of_a_section_the_local_model_dropped(wigan, national):
    Section.objects.get(logic_model=wigan, slug="inputs").delete()

    comparison = compare_models(wigan, national)

    dropped = [s for c in comparison.columns for s in c.sections if s.only_in_national]
    assert [s.section.slug for s in dropped] == ["inputs"]
    assert {e.slug for e in dropped[0].missing} == set(
        Element.objects.filter(logic_model=national, section__slug="inputs").values_list(
            "slug", flat=True
        )
    )
    assert dropped[0].section.logic_model_id == national.pk


def test_it_still_counts_a_copy_of_a_withdrawn_national_element_as_a_copy(wigan, national):
    Element.objects.filter(logic_model=national, slug="purpose").update(live=False)

    comparison = compare_models(wigan, national)

    section = _section_comparison(comparison, "vision-and-purpose")
    assert [e.slug for e in section.unchanged] == ["vision", "purpose"]
    assert section.added == section.missing == []


def test_it_ignores_an_unpublished_national_element_nobody_copied(wigan, national):
    Element.objects.filter(logic_model=wigan, slug="purpose").delete()
    Element.objects.filter(logic_model=national, slug="purpose").update(live=False)

    comparison = compare_models(wigan, national)

    assert _section_comparison(comparison, "vision-and-purpose").missing == []


def test_it_compares_in_a_fixed_number_of_queries(adapted, national, django_assert_num_queries):
    with django_assert_num_queries(COMPARE_MODELS_QUERIES):
        compare_models(adapted, national)

    section = Section.objects.get(logic_model=adapted, slug="inputs")
    for n in range(5):
        local_element_create(
            section=section, actor=None, title=f"Extra {n}", summary="More.", explainer=""
        )
    with django_assert_num_queries(COMPARE_MODELS_QUERIES):
        compare_models(adapted, national)


# The public page ---------------------------------------------------------------------------------


def test_it_shows_the_differences_to_anyone_with_text_labels(adapted, client_for):
    response = client_for("anonymous").get(reverse("logicmodel:compare", args=[adapted.slug]))

    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Changed</span>", "Added locally</span>", "Not in the local model</span>"):
        assert label in html
    assert "Unchanged from the national model" in html
    assert "National: “Vision”" in html
    assert "Wigan: “A vision for Wigan”" in html
    assert "A check of our own" in html
    assert "Reworded in Wigan" in html
    assert "Wigan Pier enterprise trail" in html
    assert "<caption>" in html
    assert " style=" not in html
    assert "<script>" not in html


def test_it_shows_a_fresh_copy_as_identical(wigan, client_for):
    response = client_for("anonymous").get(reverse("logicmodel:compare", args=[wigan.slug]))

    assert "No differences yet" in response.content.decode()


def test_it_has_no_comparison_for_a_national_model(national, client_for):
    url = reverse("logicmodel:compare", args=[national.slug])

    assert client_for("anonymous").get(url).status_code == 404
    assert client_for("admin").get(url).status_code == 404


def test_it_has_no_comparison_for_an_unknown_model(cast, client_for):
    url = reverse("logicmodel:compare", args=["nowhere-at-all"])

    assert client_for("anonymous").get(url).status_code == 404


def test_it_shows_the_page_in_a_fixed_number_of_queries(adapted, client_for):
    client = client_for("anonymous")
    url = reverse("logicmodel:compare", args=[adapted.slug])
    client.get(url)  # the first request also fills the site's caches
    with CaptureQueriesContext(connection) as before:
        client.get(url)

    section = Section.objects.get(logic_model=adapted, slug="inputs")
    for n in range(5):
        local_element_create(
            section=section, actor=None, title=f"Extra {n}", summary="More.", explainer=""
        )
    _element(adapted, "local-intelligence").delete()
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)

    assert "Extra 4" in response.content.decode()
    assert len(before.captured_queries) == len(after.captured_queries) == COMPARE_PAGE_QUERIES
