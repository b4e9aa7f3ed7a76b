"""Regular reflection through its pages: start, score a column at a time, complete, chart, compare."""

import datetime
import re

import pytest
from django.urls import reverse

from logicmodel.assessments.services import assessment_share_summary
from logicmodel.models import Assessment, ChecklistItem
from tests.logicmodel.test_assessments_support import (
    columns,
    items_of,
    national_model,
    score,
    score_posted,
    start,
)

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle=", re.I)
STYLE_TAG = re.compile(r"<style[\s>]", re.I)


def _main(html: str) -> str:
    return html.split('<main id="main-content"', 1)[1].split("</main>", 1)[0]


def test_a_manager_starts_scores_every_column_and_completes(cast, client_for):
    client = client_for("manager_a")
    response = client.post(
        reverse("assessments:start"),
        {
            "subject": f"place:{cast.place_a.pk}",
            "logic_model": str(national_model().pk),
            "title": "Wigan, spring",
            "assessed_on": "02/04/2025",
        },
        follow=True,
    )
    assessment = Assessment.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "assessments:column", args=[assessment.pk, columns()[0].slug]
    )
    assert "You have started “Wigan, spring”." in response.content.decode()

    url = response.redirect_chain[-1][0]
    for column in columns():
        assert response.request["PATH_INFO"] == url
        html = response.content.decode()
        assert f"<h1>{column.title}</h1>" in html
        items = items_of(column)
        response = client.post(
            url, score_posted(items, ["in-place", "partly"]) | {"then": "continue"}, follow=True
        )
        url = response.redirect_chain[-1][0]
    assert url == reverse("assessments:detail", args=[assessment.pk])
    assert assessment.answers.exclude(score="").count() == 2 * len(columns())

    response = client.post(reverse("assessments:complete", args=[assessment.pk]), follow=True)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.COMPLETE
    html = _main(response.content.decode())
    assert "The assessment is marked as complete." in response.content.decode()
    assert "Complete" in html
    # 3 points of 4 in every column.
    assert html.count("75%") == 2 * len(columns()) + 1  # chart and table per column, and the total


def test_save_and_go_back_returns_to_the_overview(cast, client_for):
    assessment = start(cast.hub_a)
    vision = columns()[0]
    response = client_for("manager_a").post(
        reverse("assessments:column", args=[assessment.pk, vision.slug]),
        score_posted(items_of(vision), ["partly"]) | {"then": "overview"},
    )
    assert response.url == reverse("assessments:detail", args=[assessment.pk])


def test_the_scoring_page_links_each_items_guidance_as_its_hint(cast, client_for):
    assessment = start(cast.hub_a)
    vision = columns()[0]
    items = items_of(vision)
    html = (
        client_for("manager_a")
        .get(reverse("assessments:column", args=[assessment.pk, vision.slug]))
        .content.decode()
    )
    for number, item in enumerate(items, 1):
        hint_id = f"id_item-{item.pk}-score_helptext"
        assert f'<fieldset aria-describedby="{hint_id}">' in html
        assert f'<legend class="fs-6 fw-bold mb-1">{number}. ' in html
        hint = html.split(f'<div id="{hint_id}"', 1)[1].split("</div>", 1)[0]
        assert item.guidance.replace("'", "&#x27;").replace('"', "&quot;") in hint
        assert f"Note on item {number}\n" in html and f"Evidence for item {number}\n" in html
    assert html.count('type="radio"') == 4 * len(items)
    assert "(0 of 12 answered)" in html


def test_the_scoring_page_escapes_what_editors_wrote(cast, client_for):
    assessment = start(cast.hub_a)
    vision = columns()[0]
    item = items_of(vision)[0]
    ChecklistItem.objects.filter(pk=item.pk).update(
        text="<b>Bold</b> {{ claim }}", guidance="<script>alert(1)</script>"
    )
    item.element.__class__.objects.filter(pk=item.element_id).update(title="<i>Vision</i>")
    html = (
        client_for("manager_a")
        .get(reverse("assessments:column", args=[assessment.pk, vision.slug]))
        .content.decode()
    )
    assert "&lt;b&gt;Bold&lt;/b&gt; {{ claim }}" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;i&gt;Vision&lt;/i&gt;" in html
    assert "<script>alert(1)" not in html


def test_the_assessment_page_draws_each_column_as_a_bar_with_the_table_behind_it(cast, client_for):
    assessment = start(cast.hub_a)
    vision, conditions, *_ = columns()
    score(assessment, items_of(vision)[:2], ["in-place", "partly"])  # 75%
    score(assessment, items_of(conditions)[:3], ["not-yet", "not-yet", "partly"])  # 17%

    html = _main(
        client_for("staff_a")
        .get(reverse("assessments:detail", args=[assessment.pk]))
        .content.decode()
    )

    chart = html.split('<figure class="mb-3" aria-labelledby="scores-chart-caption">', 1)[1].split(
        "</figure>"
    )[0]
    assert '<rect x="0" y="0" width="75" height="10" fill="#1d4f6b"/>' in chart
    assert '<rect x="0" y="0" width="17" height="10" fill="#1d4f6b"/>' in chart
    assert chart.count('aria-hidden="true"') == len(columns())
    table = html.split('<caption id="scores-table-caption">', 1)[1].split("</table>")[0]
    assert re.search(
        r"National vision and purpose</a></th>\s*<td>2 of 12</td>\s*<td>3 of 4</td>\s*<td>75%</td>",
        table,
    )
    assert re.search(
        r"Conditions and inputs</a></th>\s*<td>3 of 46</td>\s*<td>1 of 6</td>\s*<td>17%</td>", table
    )
    assert re.search(
        r"All columns</th>\s*<td>5 of 202</td>\s*<td>4 of 10</td>\s*<td>40%</td>", table
    )
    assert "Progress over time" not in html  # only one assessment so far


def test_the_assessment_page_shows_progress_over_time(cast, client_for):
    item = items_of(columns()[0])[0]
    january = score(
        start(cast.hub_a, on=datetime.date(2025, 1, 1), title="January"), [item], ["not-yet"]
    )
    june = score(
        start(cast.hub_a, on=datetime.date(2025, 6, 1), title="June"), [item], ["in-place"]
    )
    start(cast.place_a, title="Wigan")  # another subject: not part of hub A's progress

    html = _main(
        client_for("manager_a").get(reverse("assessments:detail", args=[june.pk])).content.decode()
    )

    progress = html.split('id="progress-heading"', 1)[1]
    assert progress.index("01/01/2025") < progress.index("01/06/2025")
    assert "Wigan" not in progress
    table = progress.split('<caption id="progress-table-caption">', 1)[1].split("</table>")[0]
    assert re.search(
        rf'href="/work/reflection/{january.pk}/">January</a>, 01/01/2025</th>\s*<td>0%</td>', table
    )
    assert re.search(r"June \(this one\), 01/06/2025</th>\s*<td>100%</td>", table)
    assert f'<option value="{january.pk}">January (01/01/2025)</option>' in html


def test_the_compare_page_shows_what_went_up_and_down(cast, client_for):
    items = items_of(columns()[0])
    earlier = score(
        start(cast.hub_a, on=datetime.date(2025, 1, 1), title="January"),
        items[:3],
        ["partly", "in-place", "partly"],
    )
    later = score(
        start(cast.hub_a, on=datetime.date(2025, 6, 1), title="June"),
        items[:3],
        ["in-place", "partly", "partly"],
    )

    html = _main(
        client_for("commissioner")
        .get(reverse("assessments:compare", args=[earlier.pk]), {"other": later.pk})
        .content.decode()
    )

    assert (
        "From <strong>January</strong> (1 January 2025) to <strong>June</strong> (1 June 2025)."
        in html
    )
    assert "Went up (1)" in html and "Went down (1)" in html and "Unchanged (1)" in html
    up = html.split("Went up (1)", 1)[1].split("Went down", 1)[0]
    assert items[0].text in up and "<td>Partly</td>" in up and "<td>In place</td>" in up
    down = html.split("Went down (1)", 1)[1].split("Unchanged", 1)[0]
    assert items[1].text in down
    assert re.search(
        r"National vision and purpose</th>\s*<td>67% .*</td>\s*<td>67% .*</td>\s*<td>No change</td>",
        html,
    )
    assert "Cannot compare" in html  # columns nobody answered


def test_the_compare_page_gives_the_change_in_percentage_points(cast, client_for):
    items = items_of(columns()[0])
    earlier = score(
        start(cast.hub_a, on=datetime.date(2025, 1, 1)), items[:2], ["not-yet", "partly"]
    )
    later = score(
        start(cast.hub_a, on=datetime.date(2025, 6, 1)), items[:2], ["in-place", "partly"]
    )
    html = (
        client_for("manager_a")
        .get(reverse("assessments:compare", args=[later.pk]), {"other": earlier.pk})
        .content.decode()
    )
    assert "Up 50 percentage points" in html  # 25% to 75%
    html = (
        client_for("manager_a")
        .get(reverse("assessments:compare", args=[later.pk]))
        .content.decode()
    )
    assert "Change item by item" not in html  # nothing chosen yet


def test_the_list_groups_by_subject_newest_first(cast, client_for):
    start(cast.hub_a, on=datetime.date(2024, 5, 1), title="Hub A, May 2024")
    start(cast.place_a, on=datetime.date(2025, 2, 1), title="Wigan, February 2025")
    start(cast.hub_a, on=datetime.date(2025, 3, 1), title="Hub A, March 2025")
    html = _main(client_for("manager_a").get(reverse("assessments:list")).content.decode())
    headings_and_titles = (
        "Northway Community Hub <span",
        "Hub A, March 2025",
        "Hub A, May 2024",
        "Wigan <span",
        "Wigan, February 2025",
    )
    order = [html.index(t) for t in headings_and_titles]
    assert order == sorted(order)


def test_the_detail_page_links_to_the_public_summary_once_shared(cast, client_for):
    assessment = start(cast.hub_a)
    url = reverse("assessments_public:summary", args=[assessment.pk])
    detail = reverse("assessments:detail", args=[assessment.pk])
    assert url not in client_for("manager_a").get(detail).content.decode()
    assessment_share_summary(assessment=assessment, summary="Shared.", summary_is_public=True)
    assert url in client_for("manager_a").get(detail).content.decode()


def test_the_pages_carry_no_inline_script_or_style(cast, client_for):
    items = items_of(columns()[0])
    earlier = score(
        start(cast.hub_a, on=datetime.date(2025, 1, 1)), items[:2], ["not-yet", "partly"]
    )
    later = score(
        start(cast.hub_a, on=datetime.date(2025, 6, 1)), items[:2], ["in-place", "partly"]
    )
    assessment_share_summary(assessment=later, summary="Shared.", summary_is_public=True)
    pages = [
        ("manager_a", reverse("assessments:list")),
        ("manager_a", reverse("assessments:start")),
        ("manager_a", reverse("assessments:detail", args=[later.pk])),
        ("manager_a", reverse("assessments:column", args=[later.pk, columns()[0].slug])),
        ("staff_a", reverse("assessments:column", args=[later.pk, columns()[0].slug])),
        ("manager_a", reverse("assessments:summary", args=[later.pk])),
        ("manager_a", reverse("assessments:compare", args=[later.pk]) + f"?other={earlier.pk}"),
        ("anonymous", reverse("assessments_public:summary", args=[later.pk])),
    ]
    for persona, url in pages:
        response = client_for(persona).get(url)
        assert response.status_code == 200, url
        assert "unsafe-inline" not in response["Content-Security-Policy"], url
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not STYLE_ATTRIBUTE.search(html), url
        assert not STYLE_TAG.search(html), url


def test_carry_on_scoring_leads_to_the_first_column_with_items_left(cast, client_for):
    assessment = start(cast.hub_a)
    vision, conditions, *_ = columns()
    detail = reverse("assessments:detail", args=[assessment.pk])
    first = reverse("assessments:column", args=[assessment.pk, vision.slug])
    assert (
        f'href="{first}">Score the checklist</a>'
        in client_for("manager_a").get(detail).content.decode()
    )
    score(assessment, items_of(vision), ["partly"] * len(items_of(vision)))
    second = reverse("assessments:column", args=[assessment.pk, conditions.slug])
    assert (
        f'href="{second}">Carry on scoring</a>'
        in client_for("manager_a").get(detail).content.decode()
    )
