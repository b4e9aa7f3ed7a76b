"""Bad input: a clear message beside the field, what was typed kept, nothing half-saved, never a 500."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from logicmodel.models import Assessment
from tests.logicmodel.test_assessments_support import (
    columns,
    items_of,
    national_model,
    score,
    score_posted,
    start,
)

pytestmark = pytest.mark.django_db


def _field_html(html: str, field_id: str) -> str:
    """The markup crispy wraps one field in: from its wrapper to the next field's."""
    begin = html.index(f'id="div_{field_id}"')
    following = html.find('id="div_id_', begin + 1)
    return html[begin : following if following != -1 else len(html)]


def _start_data(cast, **changes):
    return {
        "subject": f"organisation:{cast.hub_a.pk}",
        "logic_model": str(national_model().pk),
        "title": "Spring reflection",
        "assessed_on": "14/03/2025",
        **changes,
    }


# Starting -----------------------------------------------------------------------------


def test_it_starts_with_a_uk_date_and_goes_to_the_first_column(cast, client_for):
    response = client_for("manager_a").post(reverse("assessments:start"), _start_data(cast))
    assessment = Assessment.objects.get()
    assert assessment.assessed_on == datetime.date(2025, 3, 14)
    assert assessment.organisation == cast.hub_a
    assert assessment.created_by == cast.user("manager_a")
    assert response.url == reverse("assessments:column", args=[assessment.pk, columns()[0].slug])


@pytest.mark.parametrize("typed", ["31/02/2025", "14/3/25x", "March the 14th", "2025-03-14"])
def test_it_refuses_a_date_it_cannot_read_and_keeps_what_was_typed(typed, cast, client_for):
    response = client_for("manager_a").post(
        reverse("assessments:start"), _start_data(cast, assessed_on=typed)
    )
    html = response.content.decode()
    assert response.status_code == 200
    field = _field_html(html, "id_assessed_on")
    assert "Enter the date as day/month/year, for example 27/03/2025." in field
    assert f'value="{typed}"' in field
    assert 'aria-invalid="true"' in field
    assert 'value="Spring reflection"' in _field_html(html, "id_title")
    assert '<a href="#id_assessed_on">' in html  # the error summary links to the field
    assert not Assessment.objects.exists()


def test_it_refuses_a_date_in_the_future_beside_the_date(cast, client_for):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client_for("manager_a").post(
        reverse("assessments:start"), _start_data(cast, assessed_on=tomorrow)
    )
    field = _field_html(response.content.decode(), "id_assessed_on")
    assert response.status_code == 200
    assert "The date cannot be in the future." in field
    assert f'value="{tomorrow}"' in field
    assert not Assessment.objects.exists()


def test_it_asks_for_a_title(cast, client_for):
    response = client_for("manager_a").post(
        reverse("assessments:start"), _start_data(cast, title="")
    )
    assert "Enter a title." in _field_html(response.content.decode(), "id_title")
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    "subject",
    ["hub_b", "place_b", "nonsense", "organisation:00000000-0000-4000-8000-000000000000"],
)
def test_it_refuses_a_subject_the_person_may_not_assess(subject, cast, client_for):
    value = {"hub_b": f"organisation:{cast.hub_b.pk}", "place_b": f"place:{cast.place_b.pk}"}.get(
        subject, subject
    )
    response = client_for("manager_a").post(
        reverse("assessments:start"), _start_data(cast, subject=value)
    )
    assert response.status_code == 200
    assert "Choose an organisation or a place from the list." in _field_html(
        response.content.decode(), "id_subject"
    )
    assert not Assessment.objects.exists()


def test_it_preselects_the_subject_named_in_the_link(cast, client_for):
    html = (
        client_for("manager_a")
        .get(reverse("assessments:start") + f"?subject=place:{cast.place_a.pk}")
        .content.decode()
    )
    assert f'<option value="place:{cast.place_a.pk}" selected>' in html


def test_it_starts_from_last_time_when_asked_in_the_form(cast, client_for):
    item = items_of(columns()[0])[0]
    score(start(cast.hub_a, on=datetime.date(2025, 1, 1)), [item], ["in-place"], note="As before")
    client_for("manager_a").post(
        reverse("assessments:start"),
        _start_data(cast, start_from_last="on", assessed_on="01/04/2025"),
    )
    new = Assessment.objects.get(assessed_on=datetime.date(2025, 4, 1))
    assert [(a.item_id, a.score, a.note) for a in new.answers.all()] == [
        (item.pk, "in-place", "As before")
    ]


# Scoring -------------------------------------------------------------------------------


def _column_url(assessment, column):
    return reverse("assessments:column", args=[assessment.pk, column.slug])


def test_it_saves_a_column_and_continues_to_the_next(cast, client_for):
    assessment = start(cast.hub_a)
    vision, conditions, *_ = columns()
    items = items_of(vision)
    data = score_posted(items, ["in-place", "partly"], notes={1: "Ask Sam"})
    data["then"] = "continue"

    response = client_for("manager_a").post(_column_url(assessment, vision), data)

    assert response.status_code == 302
    assert response.url == _column_url(assessment, conditions)
    answers = {a.item_id: a for a in assessment.answers.all()}
    assert set(answers) == {items[0].pk, items[1].pk}
    assert answers[items[1].pk].note == "Ask Sam"


def test_it_returns_to_the_overview_after_the_last_column(cast, client_for):
    assessment = start(cast.hub_a)
    last = columns()[-1]
    data = score_posted(items_of(last), ["partly"]) | {"then": "continue"}
    response = client_for("manager_a").post(_column_url(assessment, last), data)
    assert response.url == reverse("assessments:detail", args=[assessment.pk])


def test_a_bad_score_is_shown_beside_its_item_and_nothing_is_saved(cast, client_for):
    assessment = start(cast.hub_a)
    vision = columns()[0]
    items = items_of(vision)
    score(assessment, items[:1], ["not-yet"])
    data = score_posted(items, ["in-place", "lots"], notes={0: "Typed and kept"})

    response = client_for("manager_a").post(_column_url(assessment, vision), data)

    html = response.content.decode()
    assert response.status_code == 200
    bad = _field_html(html, f"id_item-{items[1].pk}-score")
    assert "Choose not yet, partly or in place." in bad
    assert (
        f'aria-describedby="id_item-{items[1].pk}-score_helptext id_item-{items[1].pk}-score_error"'
        in bad
    )
    kept = _field_html(html, f"id_item-{items[0].pk}-score")
    assert (
        'value="in-place" class="form-check-input" id' in kept
        and "checked" in kept.split('value="in-place"')[1].split(">")[0]
    )
    assert "Typed and kept</textarea>" in html
    assert [(a.item_id, a.score) for a in assessment.answers.all()] == [(items[0].pk, "not-yet")]


def test_a_note_that_is_too_long_is_refused_and_nothing_is_saved(cast, client_for):
    assessment = start(cast.hub_a)
    vision = columns()[0]
    items = items_of(vision)
    data = score_posted(items, ["in-place", "partly"], notes={1: "x" * 2001})

    response = client_for("manager_a").post(_column_url(assessment, vision), data)

    field = _field_html(response.content.decode(), f"id_item-{items[1].pk}-note")
    assert response.status_code == 200
    assert "at most 2000 characters" in field
    assert not assessment.answers.exists()


def test_an_unknown_column_is_not_found(cast, client_for):
    assessment = start(cast.hub_a)
    assert (
        client_for("manager_a")
        .get(reverse("assessments:column", args=[assessment.pk, "no-such-column"]))
        .status_code
        == 404
    )


def test_a_complete_assessment_cannot_be_scored_until_it_is_reopened(cast, client_for):
    assessment = start(cast.hub_a)
    vision = columns()[0]
    items = items_of(vision)
    score(assessment, items[:1], ["partly"])
    client = client_for("manager_a")
    client.post(reverse("assessments:complete", args=[assessment.pk]))

    assert 'name="item-' not in client.get(_column_url(assessment, vision)).content.decode()
    response = client.post(
        _column_url(assessment, vision), score_posted(items, ["in-place"]), follow=True
    )
    assert (
        "This assessment is complete. Reopen it to change its answers." in response.content.decode()
    )
    assert assessment.answers.get().score == "partly"

    client.post(reverse("assessments:reopen", args=[assessment.pk]))
    client.post(_column_url(assessment, vision), score_posted(items, ["in-place"]))
    assert assessment.answers.get().score == "in-place"


def test_completing_with_nothing_scored_says_why(cast, client_for):
    assessment = start(cast.hub_a)
    response = client_for("manager_a").post(
        reverse("assessments:complete", args=[assessment.pk]), follow=True
    )
    assert (
        "Score at least one item before marking the assessment as complete."
        in response.content.decode()
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


# Summary ---------------------------------------------------------------------------------


def test_sharing_an_empty_summary_is_refused_beside_the_summary(cast, client_for):
    assessment = start(cast.hub_a)
    response = client_for("manager_a").post(
        reverse("assessments:summary", args=[assessment.pk]),
        {"summary": "  ", "summary_is_public": "on"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Write a summary before you share it publicly." in _field_html(html, "id_summary")
    assert "checked" in _field_html(html, "id_summary_is_public")
    assessment.refresh_from_db()
    assert assessment.summary_is_public is False


def test_a_summary_that_is_too_long_is_refused_and_kept(cast, client_for):
    assessment = start(cast.hub_a)
    response = client_for("manager_a").post(
        reverse("assessments:summary", args=[assessment.pk]), {"summary": "y" * 5001}
    )
    field = _field_html(response.content.decode(), "id_summary")
    assert "at most 5000 characters" in field
    assert "y" * 5001 in field
    assessment.refresh_from_db()
    assert assessment.summary == ""


def test_it_saves_and_shares_a_summary(cast, client_for):
    assessment = start(cast.hub_a)
    response = client_for("manager_a").post(
        reverse("assessments:summary", args=[assessment.pk]),
        {"summary": "Good progress on vision.", "summary_is_public": "on"},
    )
    assert response.url == reverse("assessments:detail", args=[assessment.pk])
    assessment.refresh_from_db()
    assert (assessment.summary, assessment.summary_is_public) == ("Good progress on vision.", True)


# Comparing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("other", ["another subject", "not-a-uuid", "itself"])
def test_comparing_with_something_else_is_refused_without_a_500(other, cast, client_for):
    assessment = start(cast.hub_a)
    start(cast.hub_a, on=datetime.date(2024, 1, 1))
    value = {"another subject": str(start(cast.place_a).pk), "itself": str(assessment.pk)}.get(
        other, other
    )
    response = client_for("manager_a").get(
        reverse("assessments:compare", args=[assessment.pk]), {"other": value}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose another assessment of the same organisation or place." in _field_html(
        html, "id_other"
    )
    assert "Change item by item" not in html
