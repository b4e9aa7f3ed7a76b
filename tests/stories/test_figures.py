"""Story figures for insights: how many stories a period brought and what they evidence, as far
as their consent reaches, and the stories that speak to one outcome."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from stories.models import Consent, Selection, SelectionRound, Story
from stories.pages import CaseStudyPage
from stories.publishing import ensure_case_study_index
from stories.selectors import evidence_for_element, outcome_elements, story_figures
from tests.ecosystem.factories import OrganisationFactory
from tests.stories.factories import SelectionRoundFactory, StoryFactory

pytestmark = pytest.mark.django_db

L = Consent.Level
LONDON = ZoneInfo("Europe/London")
START, END = date(2026, 1, 1), date(2026, 3, 31)
# The stories by status; the stories per element; the model's outcomes and impacts. The
# public's figures also read the case study pages' view restrictions.
FIGURES_QUERIES = 3
PUBLIC_FIGURES_QUERIES = 4
# The stories; their closed rounds' selections (and, for the public, the view restrictions).
EVIDENCE_QUERIES = 2
PUBLIC_EVIDENCE_QUERIES = 3


@pytest.fixture
def elements(cast):
    first, second, *_ = list(outcome_elements())
    return first, second


def _story(organisation, *, elements, status=Story.Status.APPROVED, consent=L.NETWORK, **kwargs):
    captured = kwargs.pop("captured", datetime(2026, 2, 1, 12, 0, tzinfo=LONDON))
    story = StoryFactory(organisation=organisation, status=status, consent=consent, **kwargs)
    story.elements.set(elements)
    Story.objects.filter(pk=story.pk).update(created_at=captured)  # auto_now_add ignores it
    return story


def _case_study(story, *, live=True) -> CaseStudyPage:
    page = CaseStudyPage(
        title=f"Case study: {story.title}",
        summary="What changed.",
        body="<p>Something changed.</p>",
        attribution="Anonymous",
    )
    page.story = story
    ensure_case_study_index().add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        CaseStudyPage.objects.filter(pk=page.pk).update(live=False)
    return page


@pytest.fixture
def stories(cast, elements):
    e1, e2 = elements
    a, b = cast.hub_a, cast.hub_b
    made = {
        # The network may read these four.
        "approved": _story(a, elements=[e1], changed_on=date(2026, 1, 10)),
        "published": _story(
            a,
            elements=[e1, e2],
            status=Story.Status.PUBLISHED,
            consent=L.PUBLIC,
            changed_on=date(2026, 2, 10),
        ),
        "hub b": _story(b, elements=[e2], consent=L.PUBLIC),
        "page not live": _story(b, elements=[e2], status=Story.Status.PUBLISHED, consent=L.PUBLIC),
        # Not for the network: its consent stops at the organisation, it waits for a check,
        # its consent was withdrawn.
        "organisation only": _story(a, elements=[e1], consent=L.ORGANISATION),
        "submitted": _story(a, elements=[e1], status=Story.Status.SUBMITTED),
        "withdrawn consent": _story(a, elements=[e1]),
        # Captured outside the period, and at another organisation.
        "before": _story(a, elements=[e1], captured=datetime(2025, 12, 31, 23, 0, tzinfo=LONDON)),
        "elsewhere": _story(OrganisationFactory(), elements=[e1]),
    }
    Consent.objects.filter(story=made["withdrawn consent"]).update(
        withdrawn_at=datetime.now(LONDON)
    )
    _case_study(made["published"])
    _case_study(made["page not live"], live=False)
    return made


def _by_element(figures, elements) -> dict:
    values = {c.key: c.value for c in figures.by_element}
    return {e.title: values[str(e.pk)] for e in elements}


def test_the_network_counts_the_stories_it_may_read(cast, elements, stories):
    figures = story_figures(
        organisation_ids=[cast.hub_a.pk, cast.hub_b.pk], start=START, end=END, public=False
    )

    assert figures.total == 4
    assert [(c.key, c.label, c.value) for c in figures.by_status] == [
        ("approved", "Approved", 2),
        ("published", "On the website", 2),
    ]
    first, second = elements
    assert _by_element(figures, elements) == {first.title: 2, second.title: 3}


def test_every_outcome_and_impact_has_a_row_in_the_models_order(cast, elements, stories):
    figures = story_figures(organisation_ids=[cast.hub_a.pk], start=START, end=END, public=False)

    model_order = [str(e.pk) for e in outcome_elements()]
    assert [c.key for c in figures.by_element] == model_order
    assert len(model_order) > 2
    assert sum(c.value for c in figures.by_element) == 3  # approved (e1), published (e1, e2)


def test_the_public_counts_only_stories_on_the_website(cast, elements, stories):
    figures = story_figures(
        organisation_ids=[cast.hub_a.pk, cast.hub_b.pk], start=START, end=END, public=True
    )

    assert figures.total == 1
    assert [(c.key, c.value) for c in figures.by_status] == [("published", 1)]
    first, second = elements
    assert _by_element(figures, elements) == {first.title: 1, second.title: 1}


def test_every_organisation_includes_stories_held_elsewhere(cast, elements, stories):
    figures = story_figures(organisation_ids=None, start=START, end=END, public=False)

    assert figures.total == 5
    first, second = elements
    assert _by_element(figures, elements) == {first.title: 3, second.title: 3}


def test_a_period_with_no_stories_gives_zeros(cast, elements):
    figures = story_figures(organisation_ids=[cast.hub_a.pk], start=START, end=END, public=True)

    assert figures.total == 0
    assert [(c.key, c.value) for c in figures.by_status] == [("published", 0)]
    assert {c.value for c in figures.by_element} == {0}


def _chosen(story, element, *, status=SelectionRound.Status.CLOSED) -> Selection:
    selection_round = SelectionRoundFactory(status=status, title=f"A {status} round")
    return Selection.objects.create(
        round=selection_round, domain=element.section, story=story, reason="It matters most."
    )


def test_the_evidence_puts_closed_rounds_choices_first_then_the_latest_changes(
    cast, elements, stories
):
    e1, _ = elements
    chosen = _chosen(stories["approved"], e1)
    latest = _story(cast.hub_a, elements=[e1], changed_on=date(2026, 3, 20), title="Latest")
    _chosen(latest, e1, status=SelectionRound.Status.OPEN)  # not settled yet: no head start

    evidence = evidence_for_element(
        element_id=e1.pk,
        organisation_ids=[cast.hub_a.pk, cast.hub_b.pk],
        start=START,
        end=END,
        public=False,
    )

    assert evidence == [stories["approved"], latest, stories["published"]]
    assert evidence[0].chosen_in == [chosen]
    assert evidence[1].chosen_in == []
    assert evidence[2].case_study_page == CaseStudyPage.objects.get(story=stories["published"])
    assert evidence[0].case_study_page is None


def test_the_evidence_stops_at_the_limit(cast, elements, stories):
    e1, _ = elements
    _chosen(stories["published"], e1)

    evidence = evidence_for_element(
        element_id=e1.pk, organisation_ids=None, start=START, end=END, public=False, limit=1
    )

    assert evidence == [stories["published"]]


def test_the_publics_evidence_is_only_case_studies_on_the_website(cast, elements, stories):
    e1, e2 = elements
    _chosen(stories["approved"], e1)

    first = evidence_for_element(
        element_id=e1.pk, organisation_ids=None, start=START, end=END, public=True
    )
    second = evidence_for_element(
        element_id=e2.pk, organisation_ids=[cast.hub_b.pk], start=START, end=END, public=True
    )

    assert first == [stories["published"]]
    assert first[0].case_study_page.title == "Case study: " + stories["published"].title
    assert second == []  # hub B's published story has no live page


def test_the_figures_cost_the_same_queries_for_a_few_stories_or_many(
    cast, elements, django_assert_num_queries
):
    e1, e2 = elements
    ids = [cast.hub_a.pk, cast.hub_b.pk]
    _case_study(_story(cast.hub_a, elements=[e1], status=Story.Status.PUBLISHED, consent=L.PUBLIC))
    _chosen(_story(cast.hub_b, elements=[e1, e2]), e1)
    with django_assert_num_queries(FIGURES_QUERIES):
        few = story_figures(organisation_ids=ids, start=START, end=END, public=False)
    with django_assert_num_queries(PUBLIC_FIGURES_QUERIES):
        story_figures(organisation_ids=ids, start=START, end=END, public=True)
    with django_assert_num_queries(EVIDENCE_QUERIES):
        evidence_for_element(
            element_id=e1.pk, organisation_ids=ids, start=START, end=END, public=False
        )
    with django_assert_num_queries(PUBLIC_EVIDENCE_QUERIES):
        evidence_for_element(
            element_id=e1.pk, organisation_ids=ids, start=START, end=END, public=True
        )

    for i in range(30):
        story = _story(
            cast.hub_a if i % 2 else cast.hub_b,
            elements=[e1, e2][: 1 + i % 2],
            status=Story.Status.PUBLISHED if i % 3 == 0 else Story.Status.APPROVED,
            consent=L.PUBLIC,
        )
        if i % 3 == 0:
            _case_study(story)
        if i % 5 == 0:
            _chosen(story, e1)
    with django_assert_num_queries(FIGURES_QUERIES):
        many = story_figures(organisation_ids=ids, start=START, end=END, public=False)
    with django_assert_num_queries(PUBLIC_FIGURES_QUERIES):
        public = story_figures(organisation_ids=ids, start=START, end=END, public=True)
    with django_assert_num_queries(EVIDENCE_QUERIES):
        evidence = evidence_for_element(
            element_id=e1.pk, organisation_ids=ids, start=START, end=END, public=False
        )
    with django_assert_num_queries(PUBLIC_EVIDENCE_QUERIES):
        evidence_for_element(
            element_id=e1.pk, organisation_ids=ids, start=START, end=END, public=True
        )

    assert (few.total, many.total, public.total) == (2, 32, 11)
    assert len(evidence) == 5
