"""Export and import of whole models: round trips, and bad files refused whole."""

import json
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from logicmodel.models import AssessmentAnswer, ChecklistItem, Element, LogicModel

pytestmark = pytest.mark.django_db


def _export(fmt="yaml", model="empowering-places"):
    out = StringIO()
    call_command("export_logic_model", "--format", fmt, "--model", model, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_then_import_then_export_is_identical(fmt, tmp_path):
    first = _export(fmt)
    path = tmp_path / f"model.{fmt}"
    path.write_text(first)
    call_command("import_logic_model", str(path), stdout=StringIO())
    assert _export(fmt) == first


def test_the_export_lists_every_column_element_assumption_and_foundation():
    data = yaml.safe_load(_export())
    columns = data["columns"]
    sections = [s for c in columns for s in c["sections"]]
    elements = [e for s in sections for e in s["elements"]] + [
        e for s in sections for sub in s["subsections"] for e in sub["elements"]
    ]
    assert len(columns) == 5
    assert len(elements) == 34
    assert sum(len(s["assumptions"]) for s in sections) == 16
    assert sum(len(s["foundation"]["statements"]) for s in sections) == 19
    assert {s["foundation"]["kind"] for s in sections} == {
        "partner-visions",
        "external-conditions",
        "local-conditions",
        "system-support",
        "delivery-support",
        "outcome-catalysts",
        "impact-catalysts",
    }


def test_the_shipped_file_is_exactly_what_export_writes():
    with open("logicmodel/content/empowering-places.yaml") as shipped:
        assert _export() == shipped.read()


def test_an_import_changes_the_model(tmp_path):
    data = yaml.safe_load(_export())
    data["columns"][1]["sections"][0]["elements"][0]["title"] = "A shared local vision"
    path = tmp_path / "changed.yaml"
    path.write_text(yaml.safe_dump(data))
    call_command("import_logic_model", str(path), stdout=StringIO())
    assert Element.objects.get(slug="collective-local-vision").title == "A shared local vision"


def test_a_file_with_a_syntax_error_is_refused_with_its_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("slug: x\ntitle: [unclosed\ncolumns: []\n")
    with pytest.raises(CommandError) as error:
        call_command("import_logic_model", str(path))
    assert "line 3" in str(error.value) or "line 2" in str(error.value)
    assert "nothing changed" in str(error.value)


def test_broken_json_is_refused_with_its_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "slug": "x",\n  "title": \n}\n')
    with pytest.raises(CommandError, match="line 4"):
        call_command("import_logic_model", str(path))


def test_a_file_with_bad_content_is_refused_whole_with_the_path_of_each_problem(tmp_path):
    data = yaml.safe_load(_export())
    data["title"] = "Changed title that must not be saved"
    first_element = data["columns"][1]["sections"][0]["elements"][0]
    first_element["title"] = ""
    data["columns"][2]["sections"][1]["foundation"]["kind"] = "wishful-thinking"
    data["columns"][3]["sections"][0]["subsections"][0]["elements"][1]["slug"] = (
        "community-of-practice"
    )
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError) as error:
        call_command("import_logic_model", str(path))
    message = str(error.value)
    assert "columns[1].sections[0].elements[0].title: required" in message
    assert "columns[2].sections[1].foundation.kind" in message
    assert (
        "columns[3].sections[0].subsections[0].elements[1].slug: 'community-of-practice' is used twice"
        in message
    )
    assert LogicModel.objects.get(slug="empowering-places").title == "The Empowering Places model"


def test_removing_a_checklist_item_that_an_assessment_answered_is_refused(tmp_path, cast):
    from datetime import date

    from logicmodel.models import Assessment

    element = Element.objects.get(slug="collective-local-vision")
    item = element.checklist_items.first()
    assessment = Assessment.objects.create(
        logic_model=element.logic_model,
        organisation=cast.hub_a,
        title="Spring",
        assessed_on=date(2026, 4, 1),
    )
    AssessmentAnswer.objects.create(assessment=assessment, item=item, score="partly")
    data = yaml.safe_load(_export())
    data["columns"][1]["sections"][0]["elements"][0]["checklist"].pop(0)
    path = tmp_path / "fewer.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(CommandError, match="assessments have answered"):
        call_command("import_logic_model", str(path))
    assert ChecklistItem.objects.filter(pk=item.pk).exists()


def test_exporting_an_unknown_model_says_which_exist():
    with pytest.raises(CommandError, match="Known models: empowering-places"):
        _export(model="nowhere")


def test_a_local_model_round_trips_too(tmp_path, cast):
    data = yaml.safe_load(_export())
    data.pop("id")
    for column in data["columns"]:
        column.pop("id")
        for section in column["sections"]:
            section.pop("id")
            for sub in section["subsections"]:
                sub.pop("id")
            for element in section["elements"] + [
                e for s in section["subsections"] for e in s["elements"]
            ]:
                element.pop("id")
                for item in element["checklist"]:
                    item.pop("id")
    data.update(
        slug="empowering-places-wigan",
        kind="local",
        place="wigan",
        derived_from="empowering-places",
    )
    path = tmp_path / "local.yaml"
    path.write_text(yaml.safe_dump(data))
    call_command("import_logic_model", str(path), stdout=StringIO())
    local = LogicModel.objects.get(slug="empowering-places-wigan")
    assert local.place == cast.place_a
    assert Element.objects.filter(logic_model=local).count() == 34
    first = _export(model="empowering-places-wigan")
    path.write_text(first)
    call_command("import_logic_model", str(path), stdout=StringIO())
    assert _export(model="empowering-places-wigan") == first
