"""What stories hold about a person, for a copy of their data or its erasure (see core.personal_data).

A person's stories are those about them (their account, or a journey of theirs) and those they
told themselves. Erasing one goes the way a withdrawal of consent goes (the case study page, its
revisions and pictures, the words and comments), then takes their name off the consent.
"""

from django.db import transaction
from django.db.models import Q

from core.pagecache import bump_on_commit
from core.personal_data import ERASED, DataSubject, ExportFile, Section

from .models import Consent, Selection, Story
from .services import story_take_down_everywhere


def _stories(subject: DataSubject):
    about = Q(journey__client_id__in=subject.client_ids)
    if subject.user_id is not None:
        about |= Q(subject_id=subject.user_id) | Q(told_by_id=subject.user_id)
    stories = Story.objects.filter(about)
    if not subject.everywhere:
        stories = stories.filter(organisation_id=subject.organisation_id)
    return stories


def export(subject: DataSubject) -> list[Section]:
    """Their stories, each with its consent, public version, steps, selections and pictures."""
    section = Section("stories", "Stories")
    stories = (
        _stories(subject)
        .select_related("consent", "organisation", "place")
        .prefetch_related("themes", "elements", "changes", "images")
        .order_by("changed_on", "created_at")
    )
    chosen = {}
    for selection in Selection.objects.filter(story__in=stories).select_related("round", "domain"):
        chosen.setdefault(selection.story_id, []).append(
            f"Chosen as most significant in {selection.round}"
            + (f" for {selection.domain}" if selection.domain_id else "")
        )
    for story in stories:
        consent = getattr(story, "consent", None)
        pairs = [
            ("Title", story.title),
            ("The story", story.narrative),
            ("Told by", story.get_teller_display()),
            ("Organisation", story.organisation.name if story.organisation_id else ""),
            ("Place", story.place.name if story.place_id else ""),
            ("When the change happened", story.changed_on),
            ("Status", story.get_status_display()),
            ("Themes", [t.name for t in story.themes.all()]),
            ("Outcomes and impacts", [e.title for e in story.elements.all()]),
            ("Public title", story.public_title),
            ("Public version", story.public_text),
            (
                "Steps",
                [f"{c.changed_at:%d/%m/%Y}: {c.to_label}" for c in story.changes.all()],
            ),
            ("Selections", chosen.get(story.pk, [])),
            (
                "Pictures",
                [
                    f"pictures/{image.pk}.{image.extension}: {image.alt_text}"
                    for image in story.images.all()
                ],
            ),
        ]
        if consent is not None:
            pairs += [
                ("Consent: who may read it", consent.get_level_display()),
                ("Consent: may be named", "Yes" if consent.named else "No"),
                ("Consent given by", consent.given_by),
                ("How consent was given", consent.get_method_display()),
                ("Consent given on", consent.given_on),
                ("The wording agreed to", consent.wording),
                ("Review consent by", consent.review_on),
                ("Consent withdrawn", consent.withdrawn_at),
            ]
        section.add(pairs)
    return [section]


def files(subject: DataSubject) -> list[ExportFile]:
    """The pictures of their stories, to go into the copy."""
    return [
        ExportFile(
            name=f"pictures/{image.pk}.{image.extension}",
            storage=image.file.storage,
            path=image.file.name,
        )
        for story in _stories(subject).prefetch_related("images")
        for image in story.images.all()
    ]


def _take_down(stories, *, actor, user_id=None) -> dict[str, int]:
    stories = list(stories.select_for_update(of=("self",)).select_related("consent"))
    withdrawn = 0
    for story in stories:
        if story.status != Story.Status.WITHDRAWN:
            story_take_down_everywhere(story=story, actor=actor, method=Consent.Method.WRITTEN)
            withdrawn += 1
    ids = [s.pk for s in stories]
    Consent.objects.filter(story_id__in=ids).update(given_by=ERASED)
    Story.objects.filter(pk__in=ids).update(title="Story withdrawn", narrative="", subject=None)
    if user_id is not None:
        Story.objects.filter(pk__in=ids, told_by_id=user_id).update(told_by=None)
    bump_on_commit()  # update() sends no signal
    return {"stories withdrawn": withdrawn, "stories kept without a name": len(ids)}


@transaction.atomic
def erase(subject: DataSubject, *, actor=None) -> dict[str, int]:
    """Withdraw each of their stories everywhere and take their name off it."""
    return _take_down(_stories(subject), actor=actor, user_id=subject.user_id)


def stories_anonymise_for_journeys(journey_ids) -> dict[str, int]:
    """For the retention sweep: the stories of journeys kept past their time."""
    stories = Story.objects.filter(journey_id__in=journey_ids).exclude(
        status=Story.Status.WITHDRAWN, consent__given_by=ERASED
    )
    return _take_down(stories, actor=None)
