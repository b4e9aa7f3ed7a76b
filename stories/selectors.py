"""Who may read which story, and the lists built on that rule.

A story reaches as far as its consent and its moderation allow:
- the staff of the organisation that holds it: every story of theirs, whatever its state;
- the person who told it and the person it is about: their own, whatever its state;
- the partner network (staff of any organisation, peer-support members, commissioners):
  approved or published stories whose consent reaches the network or the public;
- moderators of the network (site editors and administrators): peer members' own stories
  once submitted, since they check them;
- everyone: the case study pages of published public stories (stories.pages).
A withdrawn story stays only as a record (its words and pictures erased) for its
organisation, its teller and its subject.
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from core.access import Access
from core.figures import Count as FigureCount
from ecosystem.models import CommissionerScope, PeerSupportMembership, Place
from ecosystem.selectors import member_organisation_ids
from journeys.models import Stage
from logicmodel.selectors import NATIONAL_MODEL_SLUG
from website.roles import SITE_EDITORS_GROUP

from .models import Consent, Selection, SelectionRound, Story, StoryPrompt, Theme

OUTCOME_COLUMNS = ("outcomes", "impact")


@dataclass(frozen=True)
class Reader:
    """What a person's roles mean for stories, read once per request."""

    user_id: int | None
    organisation_ids: tuple
    in_network: bool
    moderates_network: bool


def reader(user) -> Reader:
    """The person's standing for stories, in at most four queries."""
    if not user.is_authenticated:
        return Reader(None, (), False, False)
    organisation_ids = tuple(member_organisation_ids(user))
    moderates = user.is_superuser or user.groups.filter(name=SITE_EDITORS_GROUP).exists()
    in_network = bool(organisation_ids) or (
        PeerSupportMembership.objects.filter(user=user, is_active=True).exists()
        or CommissionerScope.objects.filter(user=user).exists()
    )
    return Reader(user.pk, organisation_ids, in_network, moderates)


def _own(who: Reader) -> Q:
    return Q(told_by_id=who.user_id) | Q(subject_id=who.user_id)


def network_reach() -> Q:
    """Stories approved for sharing whose consent, not withdrawn, reaches the partner network."""
    return Q(
        status__in=Story.SHARED,
        consent__withdrawn_at__isnull=True,
        consent__level__in=[Consent.Level.NETWORK, Consent.Level.PUBLIC],
    )


def _moderated_by_network() -> Q:
    return Q(organisation__isnull=True) & ~Q(
        status__in=[Story.Status.DRAFT, Story.Status.WITHDRAWN]
    )


def stories_visible_to(user, who: Reader | None = None) -> QuerySet[Story]:
    """Every story this person may open."""
    who = who or reader(user)
    if who.user_id is None:
        return Story.objects.none()
    rule = Q(organisation_id__in=who.organisation_ids) | _own(who)
    if who.in_network or who.moderates_network:
        rule |= network_reach()
    if who.moderates_network:
        rule |= _moderated_by_network()
    return Story.objects.filter(rule)


def story_access(user, story: Story, who: Reader | None = None) -> Access:
    """WRITE for those who look after the story (its organisation's staff, or the network's
    moderators for a peer member's own), and for its teller while it is a draft; READ for
    anyone else it reaches."""
    who = who or reader(user)
    if who.user_id is None:
        return Access.NONE
    if story.organisation_id and story.organisation_id in who.organisation_ids:
        return Access.WRITE
    if (
        story.organisation_id is None
        and who.moderates_network
        and story.status
        not in (
            Story.Status.DRAFT,
            Story.Status.WITHDRAWN,
        )
    ):
        return Access.WRITE
    if story.told_by_id == who.user_id:
        return Access.WRITE if story.is_editable else Access.READ
    if story.subject_id == who.user_id:
        return Access.READ
    if (who.in_network or who.moderates_network) and story.status in Story.SHARED:
        consent = getattr(story, "consent", None)
        if consent and consent.reaches(Consent.Level.NETWORK):
            return Access.READ
    return Access.NONE


def shown_name(story: Story, *, user_id=None, looks_after: bool = False) -> str:
    """Whose story it is, as far as its consent lets this reader know: the name for those who
    look after it, for its teller and the person it is about, and for everyone when that
    person agreed to be named; otherwise "Anonymous"; nothing once consent is withdrawn."""
    consent = getattr(story, "consent", None)
    if consent is None or consent.is_withdrawn:
        return ""
    own = user_id is not None and user_id in (story.told_by_id, story.subject_id)
    if consent.named or own or looks_after:
        return consent.given_by
    return "Anonymous"


def may_moderate(user, story: Story, who: Reader | None = None) -> bool:
    """Approving or returning a story is for those who look after it, never its own teller
    (unless they are also its organisation's staff)."""
    who = who or reader(user)
    if story.organisation_id:
        return story.organisation_id in who.organisation_ids
    # A peer member's own story: the network's moderators check it, but not one they told.
    return who.moderates_network and story.told_by_id != who.user_id


def may_withdraw_consent(user, story: Story, who: Reader | None = None) -> bool:
    """The person a story is about, its teller, and those who look after it may withdraw it."""
    who = who or reader(user)
    if story.status == Story.Status.WITHDRAWN or who.user_id is None:
        return False
    return who.user_id in (story.told_by_id, story.subject_id) or (
        story.organisation_id is not None and story.organisation_id in who.organisation_ids
    )


def stories_listed(user, who: Reader | None = None) -> QuerySet[Story]:
    """A list of stories with what each row shows, in a fixed number of queries."""
    return (
        stories_visible_to(user, who)
        .select_related("consent", "organisation", "place", "told_by")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("position", "name")),
            "elements",
        )
        .order_by("-changed_on", "-created_at", "pk")
    )


def moderation_queue(user, who: Reader | None = None) -> QuerySet[Story]:
    """Stories waiting for this person's check."""
    who = who or reader(user)
    rule = Q(organisation_id__in=who.organisation_ids)
    if who.moderates_network:
        rule |= Q(organisation__isnull=True)
    return stories_listed(user, who).filter(rule, status=Story.Status.SUBMITTED)


def outcome_elements():
    """The national model's outcomes and impacts a story may evidence."""
    from logicmodel.models import Element

    return (
        Element.objects.filter(
            logic_model__slug=NATIONAL_MODEL_SLUG,
            section__column__slug__in=OUTCOME_COLUMNS,
            live=True,
        )
        .select_related("section")
        .order_by("section__column__position", "section__position", "position")
    )


def outcome_domains():
    """The national model's outcome and impact sections: the domains of a selection round."""
    from logicmodel.models import Section

    return (
        Section.objects.filter(
            logic_model__slug=NATIONAL_MODEL_SLUG,
            column__slug__in=OUTCOME_COLUMNS,
            parent__isnull=False,
        )
        .select_related("column")
        .order_by("column__position", "position")
    )


def journey_stories(journey) -> list[Story]:
    """A journey's stories, for its staff page."""
    return list(
        Story.objects.filter(journey=journey)
        .select_related("consent", "told_by")
        .order_by("-changed_on", "-created_at")
    )


def open_story_prompt(journey) -> StoryPrompt | None:
    """The prompt still waiting for a journey's story after its latest stage change."""
    return (
        StoryPrompt.objects.filter(journey=journey, closed_at__isnull=True)
        .order_by("-created_at")
        .first()
    )


def own_stories(user) -> list[Story]:
    """Stories a person told or that are about them, for "My journey"."""
    if not user.is_authenticated:
        return []
    return list(
        Story.objects.filter(Q(told_by=user) | Q(subject=user))
        .select_related("consent", "organisation")
        .order_by("-changed_on", "-created_at")
    )


def selections_for_stories(stories) -> dict:
    """Most significant change picks for some stories, by story id."""
    picked: dict = {}
    for selection in Selection.objects.filter(story__in=stories).select_related("round", "domain"):
        picked.setdefault(selection.story_id, []).append(selection)
    return picked


# The public case studies -------------------------------------------------------------


def case_studies_filtered(index_page, params) -> dict:
    """The index page's case studies, filtered by theme, place, stage and outcome, with the
    filters' choices and the query string that keeps them (the page shows them a page at a
    time)."""
    from logicmodel.models import Element

    from .pages import CaseStudyPage

    # .public() reads the view restrictions: once, for the list and the filters' choices.
    published = CaseStudyPage.objects.child_of(index_page).live().public()
    pages = (
        published.select_related("place", "image")
        .prefetch_related("themes", "outcomes")
        .order_by("-first_published_at", "path")
    )
    chosen = {
        "theme": (params.get("theme") or "").strip(),
        "place": (params.get("place") or "").strip(),
        "stage": (params.get("stage") or "").strip(),
        "outcome": (params.get("outcome") or "").strip(),
    }
    if chosen["stage"] not in Stage.values:
        chosen["stage"] = ""
    if chosen["theme"]:
        pages = pages.filter(themes__slug=chosen["theme"])
    if chosen["place"]:
        pages = pages.filter(place__slug=chosen["place"])
    if chosen["stage"]:
        pages = pages.filter(stage=chosen["stage"])
    if chosen["outcome"]:
        pages = pages.filter(outcomes__slug=chosen["outcome"])
    pages = pages.distinct()
    return {
        "case_studies": pages,
        "query_string": urlencode({key: value for key, value in chosen.items() if value}),
        "is_filtered": any(chosen.values()),
        "chosen": chosen,
        "themes": Theme.objects.filter(case_studies__in=published).distinct(),
        "places": Place.objects.filter(pk__in=published.values("place")).order_by("name"),
        "stages": Stage.choices,
        "outcomes": Element.objects.filter(case_studies__in=published)
        .distinct()
        .order_by("section__position", "position"),
    }


# Figures for insights ----------------------------------------------------------------


@dataclass(frozen=True)
class StoryFigures:
    """Stories captured in a period at a set of organisations, as far as a reader may count
    them: `total`, `by_status` (approved and on the website; only the latter for the public)
    and `by_element`, the stories that evidence each of the national model's outcomes and
    impacts (every one, in the model's order; a story may evidence several)."""

    total: int
    by_status: list[FigureCount]
    by_element: list[FigureCount]


def _figures_stories(*, organisation_ids, start: date, end: date, public: bool) -> QuerySet[Story]:
    """Stories captured in the period at these organisations that the network may read, or,
    for the public, that are on the website as case studies."""
    from .pages import CaseStudyPage

    stories = Story.objects.filter(created_at__date__gte=start, created_at__date__lte=end)
    if organisation_ids is not None:
        stories = stories.filter(organisation_id__in=list(organisation_ids))
    if not public:
        return stories.filter(network_reach())
    return stories.filter(
        status=Story.Status.PUBLISHED,
        consent__level=Consent.Level.PUBLIC,
        consent__withdrawn_at__isnull=True,
        # .public() reads the view restrictions: one query.
        case_study__in=CaseStudyPage.objects.live().public(),
    )


def story_figures(*, organisation_ids, start: date, end: date, public: bool) -> StoryFigures:
    """How many stories a period brought, and what they evidence, in three queries (four for
    the public)."""
    stories = _figures_stories(
        organisation_ids=organisation_ids, start=start, end=end, public=public
    )
    statuses = dict(stories.values_list("status").annotate(n=Count("pk")).order_by())
    per_element = dict(
        Story.elements.through.objects.filter(story__in=stories)
        .values_list("element_id")
        .annotate(n=Count("story_id", distinct=True))
        .order_by()
    )
    shown = [Story.Status.PUBLISHED] if public else list(Story.SHARED)
    return StoryFigures(
        total=sum(statuses.values()),
        by_status=[FigureCount(s.value, s.label, statuses.get(s.value, 0)) for s in shown],
        by_element=[
            FigureCount(str(e.pk), e.title, per_element.get(e.pk, 0)) for e in outcome_elements()
        ],
    )


def evidence_for_element(
    *, element_id, organisation_ids, start: date, end: date, public: bool, limit: int = 5
) -> list[Story]:
    """The stories that speak to one outcome or impact, those chosen in a closed most
    significant change round first, then the most recent changes; in two queries (three for
    the public). Each has `chosen_in`, its closed rounds' selections, and `case_study_page`,
    its live case study page or None: for the public, link to that page and use its title,
    never the story's own words."""
    closed = Selection.objects.filter(round__status=SelectionRound.Status.CLOSED)
    stories = list(
        _figures_stories(organisation_ids=organisation_ids, start=start, end=end, public=public)
        .filter(elements=element_id)
        .annotate(chosen=Exists(closed.filter(story=OuterRef("pk"))))
        .select_related("organisation", "place", "case_study")
        .prefetch_related(
            Prefetch(
                "selections",
                queryset=closed.select_related("round", "domain").order_by(
                    "-round__period_end", "domain__position"
                ),
                to_attr="chosen_in",
            )
        )
        .order_by("-chosen", "-changed_on", "-created_at", "pk")[:limit]
    )
    for story in stories:
        page = getattr(story, "case_study", None)
        story.case_study_page = page if page is not None and page.live else None
    return stories
