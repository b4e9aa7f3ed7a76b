"""Most significant change: selection rounds, the stories a panel chooses from, its choices.

A round has a panel area (an organisation's team; a place's teams and commissioners; or the
whole network) and, within it, a named panel. The panel reads the stories of changes that
happened in a period and picks, for each of the model's outcome domains (5a short-term
outcomes ... 6b wider impacts), the one that matters most, saying why. Everyone in the area
may read the round (stories.access.rounds_visible_to); only the panel chooses, and only the
round's convenor (who started it) closes it, reopens it with a reason and names the panel.
The candidates are built so that everyone in the area may read each of them: an
organisation's own stories for its team, and otherwise only stories whose consent reaches
the network.

Once a round is closed its choices stay as they are, and those whose story is on the
website as a case study appear on the model's public element pages (element_panel).
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.text import Truncator

from ecosystem.models import Organisation, Place

from .access import (
    may_read_round,
    panel_places,
    require_round_convenor,
    require_round_panel,
    rounds_visible_to,
)
from .models import Consent, RoundEvent, Selection, SelectionRound, Story, Theme
from .selectors import Reader, network_reach, outcome_domains, reader
from .text import plain_text

EXTRACT_WORDS = 40
ROUND_CLOSED = "This round is closed: its choices can no longer change."
PANEL_CLOSED = "This round is closed: reopen it to change its panel."
NOT_IN_AREA = (
    "We cannot add that person: no one with that email address is part of this round's panel area."
)


def last_quarter(today: date) -> tuple[date, date]:
    """The calendar quarter before the one today is in: a round's usual period."""
    first_of_this = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = first_of_this - timedelta(days=1)
    return date(end.year, 3 * ((end.month - 1) // 3) + 1, 1), end


# Who may start which round --------------------------------------------------------


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


# Starting, choosing and closing ------------------------------------------------------------


def _locked(selection_round: SelectionRound) -> SelectionRound:
    return SelectionRound.objects.select_for_update().get(pk=selection_round.pk)


@transaction.atomic
def round_create(
    *,
    actor,
    title: str,
    panel: str,
    period_start: date,
    period_end: date,
    organisation: Organisation | None = None,
    place: Place | None = None,
) -> SelectionRound:
    """Start a round for a panel area this person may start one for: they convene it and are
    the first on its panel."""
    scopes = round_scopes(actor)
    allowed = {
        SelectionRound.Panel.ORGANISATION: organisation in scopes.organisations and place is None,
        SelectionRound.Panel.PLACE: place in scopes.places and organisation is None,
        SelectionRound.Panel.NETWORK: scopes.network and organisation is None and place is None,
    }
    if not allowed.get(panel, False):
        raise ValidationError({"scope": "Choose a panel area from the list."})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Give the round a title."})
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": "The period must end on or after its start."})
    selection_round = SelectionRound(
        title=title,
        panel=panel,
        organisation=organisation,
        place=place,
        period_start=period_start,
        period_end=period_end,
        created_by=actor,
        convenor=actor,
    )
    selection_round.full_clean()
    selection_round.save()
    selection_round.panel_members.add(actor)
    return selection_round


@transaction.atomic
def round_select(
    *, selection_round: SelectionRound, actor, domain, story: Story, reason: str
) -> Selection:
    """The panel's choice for one domain, with why; choosing again replaces it."""
    selection_round = _locked(selection_round)
    require_round_panel(actor, selection_round)
    if selection_round.status != SelectionRound.Status.OPEN:
        raise ValidationError(ROUND_CLOSED)
    if not outcome_domains().filter(pk=domain.pk).exists():
        raise ValidationError({"domain": "Choose one of the model's outcomes or impacts."})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the panel chose this story."})
    if not round_candidates(selection_round, [domain]).filter(pk=story.pk).exists():
        raise ValidationError({"story": "Choose one of the round's stories for this outcome."})
    selection, _ = Selection.objects.update_or_create(
        round=selection_round,
        domain=domain,
        defaults={"story": story, "reason": reason, "selected_by": actor},
    )
    return selection


@transaction.atomic
def round_close(*, selection_round: SelectionRound, actor) -> SelectionRound:
    """The convenor closes a round: its choices stay as they are."""
    selection_round = _locked(selection_round)
    require_round_convenor(actor, selection_round)
    if selection_round.status != SelectionRound.Status.OPEN:
        raise ValidationError("This round is already closed.")
    selection_round.status = SelectionRound.Status.CLOSED
    selection_round.save(update_fields=["status"])
    RoundEvent.objects.create(round=selection_round, action=RoundEvent.Action.CLOSED, by=actor)
    return selection_round


@transaction.atomic
def round_reopen(*, selection_round: SelectionRound, actor, reason: str) -> SelectionRound:
    """The convenor reopens a closed round, saying why, so its panel may choose again."""
    selection_round = _locked(selection_round)
    require_round_convenor(actor, selection_round)
    if selection_round.status != SelectionRound.Status.CLOSED:
        raise ValidationError("This round is already open.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why you are reopening the round."})
    selection_round.status = SelectionRound.Status.OPEN
    selection_round.save(update_fields=["status"])
    RoundEvent.objects.create(
        round=selection_round, action=RoundEvent.Action.REOPENED, by=actor, reason=reason
    )
    return selection_round


@transaction.atomic
def round_panel_add(*, selection_round: SelectionRound, actor, email: str):
    """The convenor names someone the round's panel area reaches to its panel, by their email
    address."""
    selection_round = _locked(selection_round)
    require_round_convenor(actor, selection_round)
    if selection_round.status != SelectionRound.Status.OPEN:
        raise ValidationError(PANEL_CLOSED)
    person = get_user_model().objects.filter(email__iexact=(email or "").strip()).first()
    # One answer for no such account and an account beyond the area: the form must not tell
    # who has an account here.
    if person is None or not may_read_round(person, selection_round):
        raise ValidationError({"email": NOT_IN_AREA})
    if selection_round.panel_members.filter(pk=person.pk).exists():
        raise ValidationError({"email": f"{person} is already on the panel."})
    selection_round.panel_members.add(person)
    RoundEvent.objects.create(
        round=selection_round, action=RoundEvent.Action.MEMBER_ADDED, by=actor, member=person
    )
    return person


@transaction.atomic
def round_panel_remove(*, selection_round: SelectionRound, actor, member) -> None:
    """The convenor takes someone off the round's panel (never themselves); their choices
    stay."""
    selection_round = _locked(selection_round)
    require_round_convenor(actor, selection_round)
    if selection_round.status != SelectionRound.Status.OPEN:
        raise ValidationError(PANEL_CLOSED)
    if member.pk == selection_round.convenor_id:
        raise ValidationError({"member": "You convene this round, so you stay on its panel."})
    if not selection_round.panel_members.filter(pk=member.pk).exists():
        raise ValidationError({"member": f"{member} is not on the panel."})
    selection_round.panel_members.remove(member)
    RoundEvent.objects.create(
        round=selection_round, action=RoundEvent.Action.MEMBER_REMOVED, by=actor, member=member
    )


# On the model's public element pages ---------------------------------------------------


def element_selections(element) -> list[Selection]:
    """Closed rounds' choices whose story shows this outcome and is on the website as a case
    study, each with its case study page (selection.case_study). Nothing of any other story."""
    from .pages import CaseStudyPage

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


def element_panel(request, element) -> dict | None:
    """On a model element's public page: the most significant changes chosen for it."""
    selections = element_selections(element)
    if not selections:
        return None
    return {"template": "stories/rounds/element_panel.html", "selections": selections}
