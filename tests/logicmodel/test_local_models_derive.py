"""Deriving a place's local model from the national one."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.search.backends import get_search_backend

from logicmodel.content_io import import_model, load_shipped_model
from logicmodel.local_models.services import local_model_derive
from logicmodel.models import (
    Assumption,
    ChecklistItem,
    Column,
    Element,
    Example,
    FoundationStatement,
    LogicModel,
    Resource,
    Section,
)
from logicmodel.selectors import national_model


@pytest.fixture
def national(cast):
    return national_model() or load_shipped_model()


def _element(slug):
    return {
        "slug": slug,
        "title": f"Element {slug}",
        "summary": f"Summary of {slug}.",
        "explainer": f"<p>Explainer of {slug}.</p>",
        "examples": [{"title": "An example", "text": "It happened."}],
        "checklist": [
            {"text": f"{slug}: first check", "guidance": "Keep notes."},
            {"text": f"{slug}: second"},
        ],
        "resources": [{"title": "A guide", "url": "https://example.org/guide"}],
    }


def small_model(slug, *, elements_per_section=1):
    """A national model of one column, one section and one sub-section."""
    return import_model(
        {
            "slug": slug,
            "title": "The small model",
            "columns": [
                {
                    "slug": "only-column",
                    "title": "Only column",
                    "foundation_group": {"slug": "partner-visions", "description": "Why."},
                    "sections": [
                        {
                            "slug": "top",
                            "number": "1",
                            "title": "Top section",
                            "assumptions": ["People know best."],
                            "foundation": {
                                "kind": "partner-visions",
                                "statements": [{"text": "A vision", "attribution": "A partner"}],
                            },
                            "elements": [_element(f"top-{n}") for n in range(elements_per_section)],
                            "subsections": [
                                {
                                    "slug": "sub",
                                    "number": "1a",
                                    "title": "Sub-section",
                                    "elements": [
                                        _element(f"sub-{n}") for n in range(elements_per_section)
                                    ],
                                }
                            ],
                        }
                    ],
                }
            ],
        }
    )


def _derive(cast, national, place=None):
    return local_model_derive(
        place=place or cast.place_a, source_model=national, actor=cast.user("manager_a")
    )


def test_it_copies_the_whole_model_with_sources(cast, national):
    local = _derive(cast, national)

    assert local.kind == LogicModel.Kind.LOCAL
    assert local.place == cast.place_a
    assert local.derived_from == national
    assert local.slug == "empowering-places-wigan"
    assert local.title == "The Empowering Places model in Wigan"

    for model in (Column, Section, Element):
        originals = model.objects.filter(logic_model=national)
        copies = model.objects.filter(logic_model=local)
        assert copies.count() == originals.count() > 0, model
        assert set(copies.values_list("source_id", flat=True)) == set(
            originals.values_list("pk", flat=True)
        ), model
    for model in (Assumption, FoundationStatement):
        assert (
            model.objects.filter(section__logic_model=local).count()
            == model.objects.filter(section__logic_model=national).count()
            > 0
        )
    for model in (Example, Resource):
        assert model.objects.filter(element__logic_model=local).count() == (
            model.objects.filter(element__logic_model=national).count()
        )
    items = ChecklistItem.objects.filter(element__logic_model=local)
    assert set(items.values_list("source_id", flat=True)) == set(
        ChecklistItem.objects.filter(element__logic_model=national).values_list("pk", flat=True)
    )
    assert not Element.objects.filter(logic_model=local, live=False).exists()
    connection.check_constraints()  # what the commit would check


def test_it_copies_a_sub_section_listed_before_its_parent(cast):
    small = small_model("small")
    Section.objects.filter(logic_model=small, slug="sub").update(position=0)

    local = _derive(cast, small)

    sub = Section.objects.select_related("parent").get(logic_model=local, slug="sub")
    assert sub.parent.logic_model_id == local.pk
    assert sub.parent.slug == "top"
    connection.check_constraints()


def test_it_records_who_created_the_model(cast, national):
    local = _derive(cast, national)

    entry = ModelLogEntry.objects.get(object_id=str(local.pk))
    assert (entry.action, entry.user) == ("wagtail.create", cast.user("manager_a"))


def test_it_copies_examples_resources_assumptions_and_foundations(cast):
    small = small_model("small")

    local = _derive(cast, small)

    element = Element.objects.get(logic_model=local, slug="sub-0")
    assert element.section.parent.slug == "top"
    assert [(x.title, x.text) for x in element.examples.all()] == [("An example", "It happened.")]
    assert [(r.title, r.url) for r in element.resources.all()] == [
        ("A guide", "https://example.org/guide")
    ]
    assert [(i.text, i.guidance) for i in element.checklist_items.all()] == [
        ("sub-0: first check", "Keep notes."),
        ("sub-0: second", ""),
    ]
    top = Section.objects.get(logic_model=local, slug="top")
    assert [a.text for a in top.assumptions.all()] == ["People know best."]
    assert [(s.text, s.attribution) for s in top.foundation_statements.all()] == [
        ("A vision", "A partner")
    ]
    column = Column.objects.get(logic_model=local)
    assert (column.foundation_group, column.foundation_description) == ("partner-visions", "Why.")


def test_it_copies_each_part_faithfully(cast, national):
    local = _derive(cast, national)

    for copy in Section.objects.filter(logic_model=local).select_related(
        "source", "parent", "column"
    ):
        original = copy.source
        assert (copy.number, copy.slug, copy.title, copy.introduction) == (
            original.number,
            original.slug,
            original.title,
            original.introduction,
        )
        assert copy.column.logic_model_id == local.pk
        assert copy.column.source_id == original.column_id
        if original.parent_id:
            assert copy.parent.source_id == original.parent_id
        else:
            assert copy.parent is None
    for copy in Element.objects.filter(logic_model=local).select_related("source", "section"):
        assert (copy.slug, copy.title, copy.summary, copy.explainer, copy.position) == (
            copy.source.slug,
            copy.source.title,
            copy.source.summary,
            copy.source.explainer,
            copy.source.position,
        )
        assert copy.section.source_id == copy.source.section_id
    for item in ChecklistItem.objects.filter(element__logic_model=local).select_related(
        "source", "element"
    ):
        assert (item.text, item.guidance, item.sort_order) == (
            item.source.text,
            item.source.guidance,
            item.source.sort_order,
        )
        assert item.element.source_id == item.source.element_id


def test_it_leaves_the_national_model_alone(cast, national):
    before = Element.objects.filter(logic_model=national).count()

    _derive(cast, national)

    assert Element.objects.filter(logic_model=national).count() == before
    assert not Element.objects.filter(logic_model=national, source__isnull=False).exists()


def test_it_refuses_a_second_model_for_the_same_place(cast, national):
    _derive(cast, national)

    with pytest.raises(ValidationError, match="Wigan already has its own version"):
        _derive(cast, national)
    assert LogicModel.objects.filter(place=cast.place_a).count() == 1


def test_it_allows_one_model_per_place(cast, national):
    _derive(cast, national)
    bradford = _derive(cast, national, place=cast.place_b)

    assert bradford.slug == "empowering-places-bradford"


def test_it_refuses_to_derive_from_a_local_model(cast, national):
    wigan = _derive(cast, national)

    with pytest.raises(ValidationError, match="only be created from a national model"):
        local_model_derive(place=cast.place_b, source_model=wigan, actor=cast.user("admin"))


def test_it_uses_a_bounded_number_of_queries(cast):
    small = small_model("small", elements_per_section=1)
    larger = small_model("larger", elements_per_section=6)

    with CaptureQueriesContext(connection) as few:
        _derive(cast, small, place=cast.place_a)
    with CaptureQueriesContext(connection) as many:
        _derive(cast, larger, place=cast.place_b)

    assert Element.objects.filter(logic_model__derived_from=larger).count() == 12
    assert len(many.captured_queries) == len(few.captured_queries) <= 40


def test_it_makes_the_copies_findable_in_search(cast, national):
    local = _derive(cast, national)

    results = get_search_backend().search("vision", Element.objects.filter(logic_model=local))

    assert results
    assert {e.logic_model_id for e in results} == {local.pk}


def test_it_derives_from_the_list_page(cast, national, client_for):
    client = client_for("manager_a")

    response = client.post(reverse("local_models:derive", args=[cast.place_a.pk]), follow=True)

    local = LogicModel.objects.get(place=cast.place_a)
    assert response.redirect_chain[-1][0] == reverse("local_models:detail", args=[local.pk])
    assert "has been created" in response.content.decode()


def test_it_explains_a_refused_second_model(cast, national, client_for):
    _derive(cast, national)
    client = client_for("manager_a")

    response = client.post(reverse("local_models:derive", args=[cast.place_a.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("local_models:index")
    assert "Wigan already has its own version" in response.content.decode()
    assert LogicModel.objects.filter(place=cast.place_a).count() == 1


def test_it_refuses_to_derive_on_a_get(cast, national, client_for):
    response = client_for("manager_a").get(reverse("local_models:derive", args=[cast.place_a.pk]))

    assert response.status_code == 405
    assert not LogicModel.objects.filter(place=cast.place_a).exists()


def test_it_copies_only_published_elements(cast):
    small = small_model("small", elements_per_section=2)
    Element.objects.filter(logic_model=small, slug="top-1").update(live=False)

    local = _derive(cast, small)

    assert sorted(Element.objects.filter(logic_model=local).values_list("slug", flat=True)) == [
        "sub-0",
        "sub-1",
        "top-0",
    ]
