"""The public case study pages: the index with its filters, and one case study."""

import pytest

from journeys.models import Stage
from stories.models import Theme
from stories.pages import CaseStudyPage
from stories.publishing import ensure_case_study_index
from stories.selectors import outcome_elements

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(cast):
    return ensure_case_study_index()


def _case_study(index, *, title, place=None, stage="", themes=(), outcomes=(), live=True, **kw):
    page = CaseStudyPage(
        title=title,
        summary=kw.pop("summary", f"What changed for {title.lower()}."),
        body=kw.pop("body", "<p>Something changed.</p>"),
        attribution=kw.pop("attribution", "Anonymous"),
        place=place,
        stage=stage,
        **kw,
    )
    index.add_child(instance=page)
    page.themes.set(list(Theme.objects.filter(slug__in=themes)))
    page.outcomes.set(list(outcomes))
    revision = page.save_revision()
    if live:
        revision.publish()
    else:
        CaseStudyPage.objects.filter(pk=page.pk).update(live=False)
    return page


@pytest.fixture
def case_studies(cast, index):
    outcome = outcome_elements().first()
    return {
        "bakery": _case_study(
            index,
            title="A bakery on Market Street",
            place=cast.place_a,
            stage=Stage.STARTING,
            themes=["food"],
            outcomes=[outcome],
            attribution="Noor Fictional",
        ),
        "repairs": _case_study(
            index,
            title="Repairs that train young people",
            place=cast.place_b,
            stage=Stage.TRADING,
            themes=["environmental", "skills-and-work"],
        ),
        "draft": _case_study(index, title="Not yet checked", themes=["food"], live=False),
    }


def _titles(response) -> list[str]:
    return [page.title for page in response.context["page_obj"].object_list]


def test_the_index_lists_published_case_studies_for_anyone(case_studies, index, client):
    response = client.get(index.url)
    assert response.status_code == 200
    assert sorted(_titles(response)) == [
        "A bakery on Market Street",
        "Repairs that train young people",
    ]
    html = response.content.decode()
    assert index.introduction in html
    assert "What changed for a bakery on market street." in html
    for text in ["Wigan", "Starting up", "Food", "Bradford", "Environmental, Skills and work"]:
        assert text in html, text
    assert "Not yet checked" not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "food"}, ["A bakery on Market Street"]),
        ({"place": "bradford"}, ["Repairs that train young people"]),
        ({"stage": "trading"}, ["Repairs that train young people"]),
        ({"theme": "environmental", "place": "bradford"}, ["Repairs that train young people"]),
    ],
)
def test_the_index_filters_by_theme_place_and_stage(case_studies, index, client, params, expected):
    response = client.get(index.url, params)
    assert _titles(response) == expected
    html = response.content.decode()
    assert "Clear filters" in html
    assert f'value="{next(iter(params.values()))}" selected' in html


def test_the_index_filters_by_outcome(case_studies, index, client):
    outcome = case_studies["bakery"].outcomes.get()
    response = client.get(index.url, {"outcome": outcome.slug})
    assert _titles(response) == ["A bakery on Market Street"]
    assert outcome.title in response.content.decode()  # offered as a choice


def test_the_filters_offer_only_what_published_case_studies_have(case_studies, index, client):
    context = client.get(index.url).context
    assert {t.slug for t in context["themes"]} == {"food", "environmental", "skills-and-work"}
    assert {p.slug for p in context["places"]} == {"wigan", "bradford"}
    assert len(context["outcomes"]) == 1


def test_the_index_says_when_nothing_matches(case_studies, index, client):
    html = client.get(index.url, {"theme": "digital"}).content.decode()
    assert "No case studies match" in html
    # An unknown stage is ignored rather than matching nothing.
    assert len(_titles(client.get(index.url, {"stage": "nonsense"}))) == 2


def test_the_index_says_so_when_there_are_none_yet(index, client):
    html = client.get(index.url).content.decode()
    assert "No case studies match yet" in html


def test_the_index_pages_twelve_at_a_time_keeping_the_filters(cast, index, client):
    for n in range(14):
        _case_study(index, title=f"Story {n}", themes=["food"])
    first = client.get(index.url, {"theme": "food"})
    assert len(_titles(first)) == 12
    assert "theme=food&amp;page=2" in first.content.decode()
    assert len(_titles(client.get(index.url, {"theme": "food", "page": 2}))) == 2


def test_a_case_study_page_shows_the_story_and_links_to_the_model(case_studies, client, index):
    page = case_studies["bakery"]
    outcome = page.outcomes.get()
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "<h1>A bakery on Market Street</h1>",
        "Noor Fictional",
        "Wigan",
        "Starting up",
        "<p>Something changed.</p>",
        outcome.get_absolute_url(),
        outcome.title,
        f'href="{index.url}?theme=food"',
        "Back to stories of change",
    ]:
        assert text in html, text
    assert client.get(outcome.get_absolute_url()).status_code == 200


def test_a_case_study_picture_has_its_description(cast, index, client):
    from django.core.files.base import ContentFile
    from wagtail.images import get_image_model

    from tests.stories.factories import jpeg_upload

    image = get_image_model().objects.create(
        title="Picture", file=ContentFile(jpeg_upload().read(), name="picture.jpg")
    )
    page = _case_study(
        index,
        title="With a picture",
        image=image,
        image_alt_text="Two people lifting trays of bread into a van",
    )
    html = client.get(page.url).content.decode()
    rendition = image.get_rendition("width-800")
    assert f'src="{rendition.url}"' in html
    assert 'alt="Two people lifting trays of bread into a van"' in html


def test_a_draft_case_study_is_not_on_the_website(case_studies, client):
    assert client.get(case_studies["draft"].url).status_code == 404


def test_the_index_pages_through_core_paging_keeping_only_the_chosen_filters(
    case_studies, index, client, monkeypatch
):
    import stories.pages

    asked = []
    page_of = stories.pages.page_of

    def counted(request, items, *, per_page):
        asked.append(per_page)
        return page_of(request, items, per_page=per_page)

    monkeypatch.setattr(stories.pages, "page_of", counted)
    response = client.get(index.url, {"theme": "food", "utm_source": "x", "page": "7"})
    assert asked == [12]
    assert response.context["page_obj"].number == 1
    assert response.context["query_string"] == "theme=food"
    assert _titles(response) == ["A bakery on Market Street"]
