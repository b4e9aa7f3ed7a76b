"""Writes to stories: capture, moderation, consent and its withdrawal, pictures, prompts."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ecosystem.models import Organisation, Place
from journeys.models import Journey

from .images import strip_metadata
from .models import Consent, Story, StoryChange, StoryImage, StoryPrompt, Theme
from .selectors import may_moderate, may_withdraw_consent, outcome_elements
from .text import clean_story_html

# What a person agrees to when they let a story be kept and shared. Shown on every
# capture form and kept with each consent, so a later change of words never rewrites
# what someone agreed to.
CONSENT_WORDING = (
    "I agree that this story about me may be kept and shared as far as I have chosen: "
    "only with the organisation that wrote it down, with the partner network of hubs, peer "
    "members and commissioners, or on the public website. I have chosen whether my name "
    "may be used. I can change my mind at any time and the story will be taken down "
    "everywhere it appears."
)
REVIEW_AFTER_DAYS = 365

# What the services refuse, in the words shown beside the field; stories.forms asks the same
# questions with these words, so that every mistake on a form is listed at once.
NARRATIVE_MISSING = "Tell the story: what changed, for whom, and why."
ELEMENTS_NOT_LISTED = "Choose outcomes and impacts from the list."
PICTURE_NOT_DESCRIBED = "Describe the picture for people who cannot see it."
PUBLIC_TITLE_MISSING = "Give the public version a title."
PUBLIC_TEXT_MISSING = "Write the public version of the story."


@dataclass
class ConsentDetails:
    level: str
    named: bool
    given_by: str
    method: str
    given_on: date
    wording: str = CONSENT_WORDING
    review_on: date | None = None


@dataclass
class NewImage:
    file: object
    alt_text: str


@dataclass
class StoryDetails:
    title: str
    narrative: str
    changed_on: date
    themes: Sequence[Theme] = ()
    elements: Sequence = ()
    stage: str = ""
    place: Place | None = None
    images: Sequence[NewImage] = field(default_factory=tuple)


def _change(story: Story, old: str, new: str, actor, comment: str = "") -> None:
    StoryChange.objects.create(
        story=story,
        from_status=old,
        to_status=new,
        comment=comment,
        changed_by=actor,
        changed_at=timezone.now(),
    )


def _move(story: Story, new: str, actor, comment: str = "") -> Story:
    old = story.status
    story.status = new
    story.save(update_fields=["status", "updated_at"])
    _change(story, old, new, actor, comment)
    return story


def _email(template: str, context: dict, to: Sequence[str]) -> None:
    """One email (through the outbox) from templates/stories/email/<template>_{subject,message}.txt."""
    recipients = [address for address in to if address]
    if recipients:
        send_mail(
            render_to_string(f"stories/email/{template}_subject.txt", context).strip(),
            render_to_string(f"stories/email/{template}_message.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )


def _check_elements(elements) -> None:
    allowed = set(outcome_elements().values_list("pk", flat=True))
    if any(e.pk not in allowed for e in elements):
        raise ValidationError({"elements": ELEMENTS_NOT_LISTED})


def picture_description(alt_text: str) -> str:
    """A picture's description as it is kept, refused when there is none: people who cannot
    see the picture read it instead."""
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise ValidationError({"alt_text": PICTURE_NOT_DESCRIBED})
    return alt_text


def _consent(story: Story, details: ConsentDetails, actor) -> Consent:
    consent = getattr(story, "consent", None) or Consent(story=story)
    consent.level = details.level
    consent.named = details.named
    consent.given_by = (details.given_by or "").strip()
    consent.method = details.method
    consent.given_on = details.given_on
    consent.wording = (details.wording or CONSENT_WORDING).strip()
    consent.review_on = details.review_on or details.given_on + timedelta(days=REVIEW_AFTER_DAYS)
    consent.recorded_by = actor
    if consent.given_on and consent.given_on > timezone.localdate():
        raise ValidationError({"given_on": "Consent cannot be given in the future."})
    if consent.review_on and consent.given_on and consent.review_on <= consent.given_on:
        raise ValidationError({"review_on": "The review date must be after consent was given."})
    consent.full_clean(exclude=["story"])
    consent.save()
    return consent


def _add_images(story: Story, images: Sequence[NewImage]) -> None:
    """Check every picture before writing any file: a bad one must not leave the files of
    the others behind when the transaction rolls back (files are not rolled back)."""
    start = story.images.count()
    checked = []
    for new in images:
        alt_text = picture_description(new.alt_text)
        try:
            checked.append((alt_text, strip_metadata(new.file)))
        except ValidationError as error:
            raise ValidationError({"image": error.messages}) from error
    written = []
    try:
        for offset, (alt_text, clean) in enumerate(checked):
            image = StoryImage(
                story=story, alt_text=alt_text, extension=clean.extension, position=start + offset
            )
            image.file.save(f"{image.id}.{clean.extension}", clean.content, save=False)
            written.append(image.file)
            image.full_clean()
            image.save()
    except Exception:
        for file in written:
            file.delete(save=False)
        raise


def _fill(story: Story, details: StoryDetails) -> None:
    story.title = (details.title or "").strip()
    story.narrative = clean_story_html(details.narrative)
    story.changed_on = details.changed_on
    story.stage = details.stage or story.stage
    if details.place is not None:
        story.place = details.place
    if story.changed_on and story.changed_on > timezone.localdate():
        raise ValidationError({"changed_on": "The change must have happened already."})
    if not story.narrative:
        raise ValidationError({"narrative": NARRATIVE_MISSING})
    _check_elements(details.elements)


@transaction.atomic
def story_capture(
    *,
    actor,
    teller: str,
    details: StoryDetails,
    consent: ConsentDetails,
    organisation: Organisation | None = None,
    journey: Journey | None = None,
    subject=None,
    submit: bool = False,
) -> Story:
    """Keep a new story with its consent and pictures; nothing is kept if any part is wrong."""
    if journey is not None:
        organisation = journey.organisation
        subject = subject or journey.client.user
    story = Story(
        teller=teller,
        told_by=actor,
        subject=subject,
        organisation=organisation,
        journey=journey,
        stage=journey.stage if journey is not None else "",
        place=(journey.client.place if journey is not None else None)
        or (organisation.places.first() if organisation is not None else None),
    )
    _fill(story, details)
    story.full_clean()
    story.save()
    story.themes.set(details.themes)
    story.elements.set(details.elements)
    _consent(story, consent, actor)
    _add_images(story, details.images)
    _change(story, "", Story.Status.DRAFT, actor)
    if journey is not None:
        StoryPrompt.objects.filter(journey=journey, closed_at__isnull=True).update(
            closed_at=timezone.now(), story=story
        )
    if submit:
        story = story_submit(story=story, actor=actor)
    return story


@transaction.atomic
def story_update(
    *, story: Story, actor, details: StoryDetails, consent: ConsentDetails | None = None
) -> Story:
    """Change a draft or a returned story (and, for those who record it, its consent)."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    if not story.is_editable:
        raise ValidationError("Only a draft or a returned story can be changed.")
    _fill(story, details)
    story.full_clean()
    story.save()
    story.themes.set(details.themes)
    story.elements.set(details.elements)
    if consent is not None:
        _consent(story, consent, actor)
    _add_images(story, details.images)
    return story


@transaction.atomic
def story_submit(*, story: Story, actor) -> Story:
    """Send a draft or returned story to be checked."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    if not story.is_editable:
        raise ValidationError("Only a draft or a returned story can be sent to be checked.")
    return _move(story, Story.Status.SUBMITTED, actor)


@transaction.atomic
def story_return(*, story: Story, actor, comment: str) -> Story:
    """Send a story back to its teller with what to change."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    if not may_moderate(actor, story):
        raise PermissionDenied("Only those who look after this story can check it.")
    if story.status != Story.Status.SUBMITTED:
        raise ValidationError("Only a story waiting for a check can be returned.")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Say what should change before it can be approved."})
    _move(story, Story.Status.RETURNED, actor, comment)
    if story.told_by and story.told_by != actor:
        _email(
            "returned",
            {"story": story, "comment": comment, "url": _url(story)},
            [story.told_by.email],
        )
    return story


@transaction.atomic
def story_approve(*, story: Story, actor, comment: str = "") -> Story:
    """Approve a checked story: it now reaches as far as its consent allows."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    if not may_moderate(actor, story):
        raise PermissionDenied("Only those who look after this story can check it.")
    if story.status != Story.Status.SUBMITTED:
        raise ValidationError("Only a story waiting for a check can be approved.")
    _move(story, Story.Status.APPROVED, actor, (comment or "").strip())
    if story.told_by and story.told_by != actor:
        _email("approved", {"story": story, "url": _url(story)}, [story.told_by.email])
    return story


@transaction.atomic
def story_set_public_text(*, story: Story, actor, title: str, text: str) -> Story:
    """Approve the separate public version of a story (needed before an anonymous story goes
    on the website: the original may name people or places)."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    if not may_moderate(actor, story):
        raise PermissionDenied(
            "Only those who look after this story can approve its public version."
        )
    if story.status == Story.Status.WITHDRAWN:
        raise ValidationError("Consent for this story has been withdrawn.")
    story.public_title = (title or "").strip()
    story.public_text = clean_story_html(text)
    if not story.public_title:
        raise ValidationError({"public_title": PUBLIC_TITLE_MISSING})
    if not story.public_text:
        raise ValidationError({"public_text": PUBLIC_TEXT_MISSING})
    story.public_text_approved_by = actor
    story.public_text_approved_at = timezone.now()
    story.save()
    return story


@transaction.atomic
def story_withdraw_consent(*, story: Story, actor, method: str) -> Story:
    """Take a story down everywhere at once and record it: the case study page with its
    revisions, log, search entry and picture; the story's words, pictures and the comments
    on it are erased, and what stays is the record that consent was withdrawn, by whom
    and when."""
    story = Story.objects.select_for_update(of=("self",)).select_related("consent").get(pk=story.pk)
    if not may_withdraw_consent(actor, story):
        raise PermissionDenied("You cannot withdraw consent for this story.")
    if method not in Consent.Method.values:
        raise ValidationError({"method": "Say how consent was withdrawn."})
    return story_take_down_everywhere(story=story, actor=actor, method=method)


def story_take_down_everywhere(*, story: Story, actor, method: str) -> Story:
    """The withdrawal itself, for a caller that has already checked who may do it (an erasure
    of the person's data); inside the caller's transaction, with the story locked."""
    from .publishing import case_study_take_down

    case_study_take_down(story)
    # The files go once the erasure is committed, so a failure leaves no row without its file.
    files = [(image.file.storage, image.file.name) for image in story.images.all()]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    story.images.all().delete()
    # Comments made while checking it may quote the story: they go with its words.
    story.changes.update(comment="")
    consent = getattr(story, "consent", None)
    if consent is not None:
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = actor
        consent.withdrawal_method = method
        consent.save()
    story.title = "Story withdrawn"
    story.narrative = ""
    story.public_title = ""
    story.public_text = ""
    story.save()
    story.themes.clear()
    story.elements.clear()
    story.selections.all().delete()
    _move(story, Story.Status.WITHDRAWN, actor)
    return story


@transaction.atomic
def story_image_add(*, story: Story, actor, image: NewImage) -> Story:
    """Add a picture to a story that can still be changed."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    if not story.is_editable:
        raise ValidationError("Pictures can be added only while the story is a draft or returned.")
    _add_images(story, [image])
    return story


@transaction.atomic
def story_image_remove(*, image: StoryImage, actor) -> None:
    """Remove a picture from a story, and its file."""
    # Locked and read afresh: a story sent for a check meanwhile keeps its pictures.
    story = Story.objects.select_for_update().get(pk=image.story_id)
    if not story.is_editable:
        raise ValidationError(
            "Pictures can be removed only while the story is a draft or returned."
        )
    image.file.delete(save=False)
    image.delete()


# Prompts ----------------------------------------------------------------------------


def _url(story: Story) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + story.get_absolute_url()


def story_prompt_for_stage_change(*, journey: Journey, stage: str) -> StoryPrompt | None:
    """Ask the lead worker to capture the story of a journey's move to a new stage."""
    if journey.lead_worker_id is None:
        return None
    StoryPrompt.objects.filter(journey=journey, closed_at__isnull=True).exclude(stage=stage).update(
        closed_at=timezone.now()
    )
    prompt, created = StoryPrompt.objects.get_or_create(
        journey=journey,
        stage=stage,
        closed_at=None,
        defaults={"user_id": journey.lead_worker_id},
    )
    if created:
        url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "stories:capture", kwargs={"journey_pk": journey.pk}
        )
        _email(
            "prompt",
            {"journey": journey, "prompt": prompt, "url": url},
            [journey.lead_worker.email],
        )
    return prompt


def story_prompt_dismiss(*, prompt: StoryPrompt, actor) -> None:
    """The lead worker has no story to capture for this change."""
    StoryPrompt.objects.filter(pk=prompt.pk, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )
