"""Editing a local model's elements and adding new ones, in the staff area."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from logicmodel.content_io import load_shipped_model
from logicmodel.local_models.forms import html_to_text, text_to_html
from logicmodel.local_models.services import (
    ChecklistChange,
    local_element_update,
    local_model_derive,
)
from logicmodel.models import Assessment, AssessmentAnswer, ChecklistItem, Element
from logicmodel.selectors import national_model


@pytest.fixture
def national(cast):
    return national_model() or load_shipped_model()


@pytest.fixture
def wigan(cast, national):
    return local_model_derive(
        place=cast.place_a, source_model=national, actor=cast.user("manager_a")
    )


@pytest.fixture
def vision(wigan):
    return Element.objects.get(logic_model=wigan, slug="vision")


def _items(element):
    return list(ChecklistItem.objects.filter(element=element).order_by("sort_order"))


def edit_data(element, *, extra_rows=(), **changes):
    """What the edit form posts when nothing is changed, with `changes` applied."""
    items = _items(element)
    data = {
        "title": element.title,
        "summary": element.summary,
        "explainer": html_to_text(element.explainer),
        "checklist-TOTAL_FORMS": str(len(items) + len(extra_rows)),
        "checklist-INITIAL_FORMS": str(len(items)),
        "checklist-MIN_NUM_FORMS": "0",
        "checklist-MAX_NUM_FORMS": "100",
    }
    for n, item in enumerate(items):
        data |= {
            f"checklist-{n}-id": str(item.pk),
            f"checklist-{n}-text": item.text,
            f"checklist-{n}-guidance": item.guidance,
        }
    for n, (text, guidance) in enumerate(extra_rows, start=len(items)):
        data |= {f"checklist-{n}-text": text, f"checklist-{n}-guidance": guidance}
    return data | changes


def add_data(**changes):
    return {
        "title": "Wigan Pier enterprise trail",
        "summary": "A walking trail of local businesses.",
        "explainer": "Why a trail.\n\nHow to walk it.",
        "checklist-TOTAL_FORMS": "3",
        "checklist-INITIAL_FORMS": "0",
        "checklist-MIN_NUM_FORMS": "0",
        "checklist-MAX_NUM_FORMS": "100",
        "checklist-0-text": "The trail is walked once a year.",
        "checklist-0-guidance": "Keep the route map.",
        "checklist-1-text": "",
        "checklist-1-guidance": "",
        "checklist-2-text": "",
        "checklist-2-guidance": "",
    } | changes


def _edit_url(element):
    return reverse("local_models:element_edit", args=[element.logic_model_id, element.pk])


def _add_url(section):
    return reverse("local_models:element_add", args=[section.logic_model_id, section.pk])


# Editing ---------------------------------------------------------------------------------------


def test_it_shows_the_explainer_as_plain_paragraphs(cast, vision, client_for):
    response = client_for("manager_a").get(_edit_url(vision))

    assert response.status_code == 200
    form = response.context["form"]
    assert "<p>" not in form["explainer"].value()
    assert "\n\n" in form["explainer"].value()
    assert len(response.context["formset"].forms) == len(_items(vision)) + 3


def test_it_saves_the_title_summary_and_explainer(cast, vision, client_for):
    data = edit_data(
        vision,
        title="  A vision for Wigan ",
        summary="Anyone in Wigan with an idea gets help.",
        explainer="First paragraph.\r\n\r\nSecond <b>bold?</b>\r\nsame paragraph.\r\n\r\n- one\r\n- two",
    )

    response = client_for("manager_a").post(_edit_url(vision), data)

    assert response.status_code == 302
    assert response.url == reverse("local_models:detail", args=[vision.logic_model_id])
    vision.refresh_from_db()
    assert vision.title == "A vision for Wigan"
    assert vision.summary == "Anyone in Wigan with an idea gets help."
    assert vision.explainer == (
        "<p>First paragraph.</p>"
        "<p>Second &lt;b&gt;bold?&lt;/b&gt;<br>same paragraph.</p>"
        "<ul><li>one</li><li>two</li></ul>"
    )
    assert vision.live
    entry = ModelLogEntry.objects.filter(object_id=str(vision.pk)).get()
    assert (entry.action, entry.user) == ("wagtail.edit", cast.user("manager_a"))


def test_it_sanitises_the_explainer_in_the_service(cast, vision):
    local_element_update(
        element=vision,
        actor=cast.user("manager_a"),
        title="Vision",
        summary="Summary.",
        explainer='<p onclick="steal()">Hello</p><script>alert(1)</script><img src=x>',
    )

    vision.refresh_from_db()
    assert vision.explainer == "<p>Hello</p>"


def test_it_keeps_the_original_formatting_of_an_untouched_explainer(cast, vision, client_for):
    original = "<h3>Why</h3><p>It <strong>matters</strong>.</p><ul><li>One</li><li>Two</li></ul>"
    Element.objects.filter(pk=vision.pk).update(explainer=original)
    vision.refresh_from_db()

    response = client_for("manager_a").post(_edit_url(vision), edit_data(vision, title="New title"))

    assert response.status_code == 302
    vision.refresh_from_db()
    assert (vision.title, vision.explainer) == ("New title", original)


def test_it_changes_adds_and_removes_checklist_items(cast, vision, client_for):
    first, second, *rest = _items(vision)
    data = edit_data(
        vision,
        extra_rows=[("A check of our own", "Our evidence."), ("", "")],
        **{
            "checklist-0-text": "Reworded for Wigan",
            "checklist-0-guidance": "",
            "checklist-1-DELETE": "on",
        },
    )

    response = client_for("manager_a").post(_edit_url(vision), data)

    assert response.status_code == 302
    items = _items(vision)
    assert [i.pk for i in items[:-1]] == [first.pk] + [i.pk for i in rest]
    assert (items[0].text, items[0].guidance, items[0].source_id) == (
        "Reworded for Wigan",
        "",
        first.source_id,
    )
    assert not ChecklistItem.objects.filter(pk=second.pk).exists()
    assert (items[-1].text, items[-1].guidance, items[-1].source_id) == (
        "A check of our own",
        "Our evidence.",
        None,
    )


def test_it_keeps_what_was_typed_and_says_what_is_wrong(cast, vision, client_for):
    before = [(i.text, i.guidance) for i in _items(vision)]
    data = edit_data(
        vision,
        title="",
        summary="A new summary I typed",
        **{"checklist-0-text": "An item I reworded"},
    )

    response = client_for("manager_a").post(_edit_url(vision), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a title for the element." in html
    assert 'id="error-summary-heading"' in html
    assert "A new summary I typed" in html
    assert "An item I reworded" in html
    assert 'class="textinput form-control is-invalid"' in html
    vision.refresh_from_db()
    assert vision.title == "Vision"
    assert [(i.text, i.guidance) for i in _items(vision)] == before


def test_it_saves_nothing_when_one_checklist_row_is_wrong(cast, vision, client_for):
    count = len(_items(vision))
    data = edit_data(vision, title="Changed title", extra_rows=[("", "Guidance with no item")])

    response = client_for("manager_a").post(_edit_url(vision), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter what to check, or leave the whole item blank." in html
    assert "Guidance with no item" in html
    vision.refresh_from_db()
    assert vision.title == "Vision"
    assert len(_items(vision)) == count


def test_it_refuses_to_remove_an_answered_item_and_saves_nothing(cast, vision, client_for):
    first, *_ = _items(vision)
    assessment = Assessment.objects.create(
        logic_model=vision.logic_model,
        organisation=cast.hub_a,
        title="Spring reflection",
        assessed_on=datetime.date(2025, 4, 1),
    )
    AssessmentAnswer.objects.create(assessment=assessment, item=first, score="partly")
    data = edit_data(vision, title="Changed title", **{"checklist-0-DELETE": "on"})

    response = client_for("manager_a").post(_edit_url(vision), data)

    assert response.status_code == 200
    assert "has been answered in a reflection, so it cannot be removed" in response.content.decode()
    assert ChecklistItem.objects.filter(pk=first.pk).exists()
    vision.refresh_from_db()
    assert vision.title == "Vision"


def test_it_saves_nothing_when_the_save_fails_half_way(cast, vision, monkeypatch):
    first, *_ = _items(vision)

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Element, "save", fail)
    with pytest.raises(RuntimeError):
        local_element_update(
            element=vision,
            actor=cast.user("manager_a"),
            title="Changed",
            summary="Changed.",
            explainer="",
            checklist=[
                ChecklistChange(item=first, text="Changed item"),
                ChecklistChange(item=None, text="New item"),
            ],
        )

    first.refresh_from_db()
    assert first.text != "Changed item"
    assert not ChecklistItem.objects.filter(element=vision, text="New item").exists()


def test_it_refuses_to_change_a_national_element(cast, national):
    element = Element.objects.filter(logic_model=national).first()

    with pytest.raises(ValidationError, match="Only a local model"):
        local_element_update(
            element=element, actor=cast.user("admin"), title="X", summary="Y", explainer=""
        )


def test_it_refuses_an_item_of_another_element(cast, vision, wigan, client_for):
    other = ChecklistItem.objects.filter(element__logic_model=wigan).exclude(element=vision).first()
    data = edit_data(vision, **{"checklist-0-id": str(other.pk), "checklist-0-text": "Hijacked"})

    response = client_for("manager_a").post(_edit_url(vision), data)

    assert response.status_code == 200
    assert "Someone has changed this checklist" in response.content.decode()
    other.refresh_from_db()
    assert other.text != "Hijacked"
    assert not ChecklistItem.objects.filter(text="Hijacked").exists()


def test_it_answers_a_tampered_form_without_an_error(cast, vision, client_for):
    response = client_for("manager_a").post(_edit_url(vision), {"title": "No management form"})

    assert response.status_code == 200
    vision.refresh_from_db()
    assert vision.title == "Vision"


def test_it_finds_no_element_of_another_model(cast, vision, national, client_for):
    national_element = Element.objects.filter(logic_model=national).first()
    url = reverse("local_models:element_edit", args=[vision.logic_model_id, national_element.pk])

    assert client_for("manager_a").get(url).status_code == 404


# Adding ----------------------------------------------------------------------------------------


def test_it_adds_a_published_element_with_its_checklist(cast, wigan, client_for):
    section = wigan.sections.get(slug="activities")
    last = section.elements.order_by("position").last()

    response = client_for("manager_a").post(_add_url(section), add_data())

    assert response.status_code == 302
    element = Element.objects.get(logic_model=wigan, title="Wigan Pier enterprise trail")
    assert element.section == section
    assert element.source is None
    assert element.live
    assert element.slug == "wigan-pier-enterprise-trail"
    assert element.position == last.position + 1
    assert element.explainer == "<p>Why a trail.</p><p>How to walk it.</p>"
    assert [(i.text, i.guidance, i.source_id) for i in _items(element)] == [
        ("The trail is walked once a year.", "Keep the route map.", None)
    ]
    detail = client_for("manager_a").get(response.url).content.decode()
    assert "Wigan Pier enterprise trail" in detail
    assert "Added for Wigan" in detail


def test_it_gives_a_new_element_its_own_address(cast, wigan, vision, client_for):
    response = client_for("manager_a").post(_add_url(vision.section), add_data(title="Vision"))

    assert response.status_code == 302
    slugs = set(
        Element.objects.filter(logic_model=wigan, title="Vision").values_list("slug", flat=True)
    )
    assert slugs == {"vision", "vision-2"}


def test_it_keeps_what_was_typed_when_adding_fails(cast, wigan, client_for):
    section = wigan.sections.order_by("position").first()
    count = Element.objects.filter(logic_model=wigan).count()

    response = client_for("manager_a").post(
        _add_url(section), add_data(summary="  ", title="A title I typed")
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a one-line summary." in html
    assert "A title I typed" in html
    assert "The trail is walked once a year." in html
    assert Element.objects.filter(logic_model=wigan).count() == count


def test_it_refuses_to_add_to_a_national_section(cast, wigan, national, client_for):
    section = national.sections.first()
    url = reverse("local_models:element_add", args=[wigan.pk, section.pk])

    assert client_for("manager_a").post(url, add_data()).status_code == 404
    assert client_for("admin").post(url, add_data()).status_code == 404


# Plain text and HTML -----------------------------------------------------------------------------


def test_it_turns_typed_text_into_safe_paragraphs_and_back():
    typed = "One line\nand the next\n\n- a point\n- another\n\n<script>x</script> & more"

    html = text_to_html(typed)

    assert html == (
        "<p>One line<br>and the next</p><ul><li>a point</li><li>another</li></ul>"
        "<p>&lt;script&gt;x&lt;/script&gt; &amp; more</p>"
    )
    assert (
        html_to_text(html)
        == "One line\nand the next\n\n- a point\n- another\n\n<script>x</script> & more"
    )
