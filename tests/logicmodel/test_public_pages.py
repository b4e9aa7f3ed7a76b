import pytest
from django.urls import reverse
from django.utils.html import escape

from logicmodel.models import Element, Section

pytestmark = pytest.mark.django_db

MODEL_URL = "/model/empowering-places/"
ELEMENT_URL = "/model/empowering-places/conditions-and-inputs/collective-local-vision/"


def test_the_model_index_leads_to_the_national_model(client):
    assert client.get("/model/").url == MODEL_URL


def test_the_model_page_shows_every_element_in_one_table(client):
    html = client.get(MODEL_URL).content.decode()
    assert "<table" in html and "<caption>" in html
    for element in Element.objects.filter(logic_model__slug="empowering-places"):
        assert f'{element.get_absolute_url()}">{escape(element.title)}</a>' in html
    for title in [
        "National vision and purpose",
        "Conditions and inputs",
        "Processes and activities",
        "Outcomes",
        "Impact",
    ]:
        assert f">{title}</a></th>" in html


def test_the_model_page_query_count_does_not_grow_with_elements(client, django_assert_num_queries):
    client.get(MODEL_URL)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(MODEL_URL)
    section = Section.objects.get(logic_model__slug="empowering-places", slug="conditions")
    for n in range(20):
        Element.objects.create(
            logic_model=section.logic_model,
            section=section,
            slug=f"extra-{n}",
            position=10 + n,
            title=f"Extra {n}",
            summary="x",
        )
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get(MODEL_URL)
    assert "Extra 19" in response.content.decode()


def test_a_column_page_shows_its_sections_assumptions_and_foundations(client):
    html = client.get("/model/empowering-places/conditions-and-inputs/").content.decode()
    assert "1. Conditions for success" in html
    assert "2. Inputs" in html
    assert "Assertions and assumptions" in html
    assert "Foundation: external conditions" in html
    assert "Foundation: local conditions" in html
    assert "Next column: Processes and activities" in html


def test_an_element_page_has_its_explainer_examples_checklist_and_pdf_link(client):
    element = Element.objects.get(slug="collective-local-vision")
    html = client.get(ELEMENT_URL).content.decode()
    assert element.title in html
    assert "What it means" in html
    for example in element.examples.all():
        assert escape(example.title) in html
    for item in element.checklist_items.all():
        assert escape(item.text) in html
    assert (
        reverse(
            "logicmodel:checklist_pdf",
            args=["empowering-places", "conditions-and-inputs", "collective-local-vision"],
        )
        in html
    )


def test_the_partner_visions_are_shown_as_attributed_quotations(client):
    html = client.get("/model/empowering-places/vision-and-purpose/vision/").content.decode()
    assert "<blockquote" in html
    assert "Transformed places that are better to live and work in for everyone" in html
    assert "Power to Change</figcaption>" in html


def test_the_checklist_downloads_as_a_pdf(client):
    response = client.get(ELEMENT_URL + "checklist.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "checklist-collective-local-vision.pdf" in response["Content-Disposition"]


def test_the_model_downloads_as_the_same_file_the_command_writes(client):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("export_logic_model", "--format", "yaml", stdout=out)
    response = client.get("/model/empowering-places/export.yaml")
    assert response.content.decode() == out.getvalue()
    assert client.get("/model/empowering-places/export.xml").status_code == 404


def test_the_guide_explains_each_column_and_the_five_foundations(client):
    html = client.get("/model/empowering-places/guide/").content.decode()
    assert "The five foundations" in html
    for group in [
        "Partner visions",
        "External conditions",
        "System support",
        "Outcome catalysts",
        "Impact catalysts",
    ]:
        assert f"<dt>{group}" in html


def test_search_finds_elements_by_their_words(client):
    html = client.get("/model/empowering-places/search/", {"q": "referral"}).content.decode()
    assert "Create a referral network" in html
    empty = client.get("/model/empowering-places/search/", {"q": "zzzxqy"}).content.decode()
    assert "Nothing matched" in empty


def test_unknown_columns_and_elements_are_not_found(client):
    assert client.get("/model/empowering-places/nowhere/").status_code == 404
    assert (
        client.get("/model/empowering-places/outcomes/collective-local-vision/").status_code == 404
    )
    assert client.get("/model/nowhere/").status_code == 404


def test_a_draft_change_is_not_public_until_published(client, cast):
    element = Element.objects.get(slug="collective-local-vision")
    element.title = "A draft title"
    revision = element.save_revision(user=cast.user("editor"))
    element.refresh_from_db()
    assert "A draft title" not in client.get(ELEMENT_URL).content.decode()
    revision.publish(user=cast.user("editor"))
    assert "A draft title" in client.get(ELEMENT_URL).content.decode()


def test_site_editors_can_edit_and_preview_elements_in_the_cms(client_for):
    element = Element.objects.get(slug="collective-local-vision")
    editor = client_for("editor")
    edit_url = reverse("wagtailsnippets_logicmodel_element:edit", args=[element.pk])
    assert editor.get(edit_url).status_code == 200
    assert (
        editor.get(
            reverse("wagtailsnippets_logicmodel_element:history", args=[element.pk])
        ).status_code
        == 200
    )
    assert client_for("staff_a").get(edit_url).status_code == 302  # no CMS access: sent to sign in


def test_the_search_results_next_page_keeps_the_words_searched_for(client):
    html = client.get("/model/empowering-places/search/", {"q": "support"}).content.decode()
    assert "Page 1 of" in html, "the shipped model has more than 20 elements about support"
    assert 'href="?q=support&amp;page=2"' in html
