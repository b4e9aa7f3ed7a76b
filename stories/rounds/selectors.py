"""Reads for most significant change rounds: whose panel area reaches which round, who may
start one, the rounds a person's panels run, and what a round's page shows."""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.text import Truncator

from core.access import Access
from ecosystem.models import Organisation, Place

from ..models import Consent, RoundEvent, Selection, SelectionRound, Story, Theme
from ..selectors import Reader, network_reach, outcome_domains, reader
from ..text import plain_text

EXTRACT_WORDS = 40


def last_quarter(today: date) -> tuple[date, date]:
    """The calendar quarter before the one today is in: a round's usual period."""
    first_of_this = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = first_of_this - timedelta(days=1)
    return date(end.year, 3 * ((end.month - 1) // 3) + 1, 1), end


# Who may read, convene and start which round ------------------------------------------


def panel_places(who: Reader):
    """The places whose rounds a person sits on: where their organisations work, and those
    they commission (a subquery, not yet run)."""
    return Place.objects.filter(
        Q(organisations__in=who.organisation_ids) | Q(commissioner_scopes__user_id=who.user_id)
    ).values("pk")


def rounds_visible_to(user, who: Reader | None = None):
    """Selection rounds this person may read: those whose panel area reaches them (for an
    organisation, its team; for a place, the teams of organisations working there and its
    commissioners; for the network, the whole network and its moderators)."""
    who = who or reader(user)
    if who.user_id is None:
        return SelectionRound.objects.none()
    rule = Q(panel=SelectionRound.Panel.ORGANISATION, organisation_id__in=who.organisation_ids)
    rule |= Q(panel=SelectionRound.Panel.PLACE, place_id__in=panel_places(who))
    if who.in_network or who.moderates_network:
        rule |= Q(panel=SelectionRound.Panel.NETWORK)
    return SelectionRound.objects.filter(rule)


def round_access(selection_round: SelectionRound | None) -> Access:
    """READ for everyone a round's panel area reaches, WRITE (choosing) for its named panel;
    for a round fetched by get_round_for_user, which notes whether the person is on it."""
    if selection_round is None:
        return Access.NONE
    return Access.WRITE if selection_round.on_panel else Access.READ


def is_convenor(user, selection_round: SelectionRound) -> bool:
    """Whether this person convenes the round (closes, reopens, names its panel)."""
    return selection_round.convenor_id is not None and selection_round.convenor_id == user.pk


def may_read_round(user, selection_round: SelectionRound) -> bool:
    """Whether a round's panel area reaches this person: who may be named on its panel."""
    return rounds_visible_to(user).filter(pk=selection_round.pk).exists()


@dataclass(frozen=True)
class RoundScopes:
    """The panels a person may start a round for."""

    organisations: list = field(default_factory=list)
    places: list = field(default_factory=list)
    network: bool = False

    def __bool__(self) -> bool:
        return bool(self.organisations or self.places or self.network)


def round_scopes(user, who: Reader | None = None) -> RoundScopes:
    """Staff start rounds for their organisations and for the places those work in;
    commissioners for the places they commission; site editors and administrators for the
    whole network."""
    who = who or reader(user)
    if who.user_id is None:
        return RoundScopes()
    organisations = list(Organisation.objects.filter(pk__in=who.organisation_ids).order_by("name"))
    places = list(Place.objects.filter(pk__in=panel_places(who)).order_by("name"))
    return RoundScopes(organisations, places, who.moderates_network)


# Reading rounds ----------------------------------------------------------------------


def rounds_listed(user, who: Reader | None = None) -> dict:
    """The rounds this person's panels run, open ones first, with how many choices each has."""
    rounds = list(
        rounds_visible_to(user, who)
        .select_related("organisation", "place")
        .annotate(chosen=Count("selections"))
        .order_by("-period_end", "title", "pk")
    )
    return {
        "open_rounds": [r for r in rounds if r.status == SelectionRound.Status.OPEN],
        "closed_rounds": [r for r in rounds if r.status == SelectionRound.Status.CLOSED],
    }


def round_panel(selection_round: SelectionRound) -> list:
    """The people on a round's panel, by name."""
    return list(selection_round.panel_members.order_by("first_name", "last_name", "email"))


def round_panel_member(selection_round: SelectionRound, pk):
    """Someone on a round's panel, by their id (None for anyone else or anything else)."""
    try:
        return selection_round.panel_members.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def round_history(selection_round: SelectionRound) -> list[RoundEvent]:
    """What the convenor has done to the round (closed, reopened, changed the panel), oldest
    first, with who did it and why."""
    return list(selection_round.events.select_related("by", "member").order_by("at"))


def _in_scope(selection_round: SelectionRound) -> Q:
    if selection_round.panel == SelectionRound.Panel.ORGANISATION:
        # The team reads all of its own stories, whatever consent level they have.
        return Q(
            organisation_id=selection_round.organisation_id,
            status__in=Story.SHARED,
            consent__withdrawn_at__isnull=True,
        )
    if selection_round.panel == SelectionRound.Panel.PLACE:
        return network_reach() & Q(place_id=selection_round.place_id)
    return network_reach()


def round_candidates(selection_round: SelectionRound, domains) -> QuerySet[Story]:
    """The stories a round's panel may choose for some outcome domains: in the panel's scope,
    approved or published, consent not withdrawn, the change within the round's period, and
    evidencing at least one outcome or impact of those domains."""
    evidences = Story.elements.through.objects.filter(
        story_id=OuterRef("pk"), element__section__in=domains
    )
    return (
        Story.objects.filter(
            _in_scope(selection_round),
            consent__isnull=False,
            changed_on__gte=selection_round.period_start,
            changed_on__lte=selection_round.period_end,
        )
        .filter(Exists(evidences))
        .order_by("-changed_on", "title", "pk")
    )


def _with_details(stories: QuerySet[Story]) -> QuerySet[Story]:
    """What a story's card on the round page shows, fetched once for every story."""
    from logicmodel.models import Element

    return stories.select_related("organisation", "place").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("position", "name")),
        Prefetch(
            "elements",
            queryset=Element.objects.order_by("section__position", "position"),
        ),
    )


def _extract(story: Story) -> str:
    """The story's first words, its paragraphs run together."""
    spaced = re.sub(r"(</p>|<br\s*/?>)", r"\1 ", story.narrative or "")
    return Truncator(plain_text(spaced)).words(EXTRACT_WORDS)


@dataclass
class DomainRow:
    """One outcome domain on a round's page: the panel's choice, and what it may choose from."""

    domain: object
    selection: Selection | None = None
    candidates: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return domain_label(self.domain)


def domain_label(domain) -> str:
    """ "5a. Outcomes, short term": a domain named with its column."""
    return f"{domain.number}. {domain.column.title}, {domain.title.lower()}"


def round_domain(pk) -> object | None:
    """One of the outcome domains, by id (None for anything else)."""
    try:
        return outcome_domains().filter(pk=pk).first()
    except ValidationError:  # not an id at all
        return None


def round_detail(selection_round: SelectionRound) -> list[DomainRow]:
    """Each outcome domain with the panel's choice and, while the round is open, the stories it
    may choose from; in a fixed number of queries however many stories there are."""
    domains = list(outcome_domains())
    rows = {domain.pk: DomainRow(domain) for domain in domains}
    selections = (
        Selection.objects.filter(round=selection_round)
        .select_related("selected_by")
        .prefetch_related(Prefetch("story", queryset=_with_details(Story.objects.all())))
    )
    for selection in selections:
        if selection.domain_id in rows:
            selection.story.extract = _extract(selection.story)
            rows[selection.domain_id].selection = selection
    if selection_round.status == SelectionRound.Status.OPEN:
        for story in _with_details(round_candidates(selection_round, domains)):
            story.extract = _extract(story)
            for section_id in dict.fromkeys(e.section_id for e in story.elements.all()):
                if section_id in rows:
                    rows[section_id].candidates.append(story)
    return list(rows.values())


# On the model's public element pages ---------------------------------------------------


def element_selections(element) -> list[Selection]:
    """Closed rounds' choices whose story shows this outcome and is on the website as a case
    study, each with its case study page (selection.case_study). Nothing of any other story."""
    from ..pages import CaseStudyPage

    selections = list(
        Selection.objects.filter(
            round__status=SelectionRound.Status.CLOSED,
            story__elements=element,
            story__status=Story.Status.PUBLISHED,
            story__consent__level=Consent.Level.PUBLIC,
            story__consent__withdrawn_at__isnull=True,
        )
        .select_related("round", "domain__column")
        .order_by("-round__period_end", "round__title", "domain__position")
    )
    if not selections:
        return []
    pages = (
        CaseStudyPage.objects.live().public().filter(story_id__in={s.story_id for s in selections})
    )
    by_story = {page.story_id: page for page in pages}
    shown = []
    for selection in selections:
        selection.case_study = by_story.get(selection.story_id)
        if selection.case_study is not None:
            shown.append(selection)
    return shown
