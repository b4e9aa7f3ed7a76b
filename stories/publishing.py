"""From an approved public story to a case study on the website, and back down again.

Staff send an approved story whose consent reaches the public: a draft CaseStudyPage is
made from its public version and put into the "Case study review" workflow, where a site
editor checks and publishes it in the CMS. Publishing and unpublishing there move the
story's status (see StoriesConfig.ready). Withdrawing consent deletes the page with
everything Wagtail keeps of it.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageLogEntry, Workflow, WorkflowPage, WorkflowTask

from core.pagecache import bump_on_commit
from website.roles import SITE_EDITORS_GROUP

from .models import Consent, Story, StoryChange
from .pages import CaseStudyIndexPage, CaseStudyPage
from .selectors import may_moderate
from .text import plain_text

INDEX_SLUG = "case-studies"
INDEX_TITLE = "Stories of change"
INDEX_INTRODUCTION = (
    "People starting and growing businesses in their places, in their own words or in ours, "
    "shared with their permission."
)
WORKFLOW_NAME = "Case study review"
BLOCK_ENDS = re.compile(r"</(?:p|li|h3|blockquote)>|<br\s*/?>", re.IGNORECASE)
COLLECTION_NAME = "Case studies"


def ensure_case_study_index() -> CaseStudyIndexPage:
    """The one case study index page, under the home page (made when first needed)."""
    from website.models import HomePage

    index = CaseStudyIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        index = CaseStudyIndexPage(
            title=INDEX_TITLE, slug=INDEX_SLUG, introduction=INDEX_INTRODUCTION
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    ensure_review_workflow(index)
    return index


def ensure_review_workflow(index: Page) -> Workflow:
    """Case studies go through one review task for the site editors (idempotent)."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.filter(name="Site editors check").first()
        if task is None:
            task = GroupApprovalTask.objects.create(name="Site editors check")
            editors, _ = Group.objects.get_or_create(name=SITE_EDITORS_GROUP)
            task.groups.set([editors])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def _collection() -> Collection:
    existing = Collection.objects.filter(name=COLLECTION_NAME).first()
    return existing or Collection.get_first_root_node().add_child(name=COLLECTION_NAME)


def _public_words(story: Story) -> tuple[str, str, str]:
    """Title, body and attribution the public may read."""
    consent = story.consent
    if consent.named:
        name = consent.given_by
        return story.title, story.narrative, name
    return story.public_title, story.public_text, "Anonymous"


def may_go_public(story: Story) -> str:
    """Why a story cannot go on the website yet, or "" when it can."""
    consent = getattr(story, "consent", None)
    if consent is None or not consent.reaches(Consent.Level.PUBLIC):
        return "Its consent does not reach the public website."
    if story.status != Story.Status.APPROVED:
        return "It must be approved first."
    if not consent.named and not story.public_text_approved_at:
        return "An anonymous story needs an approved public version first."
    if consent.review_on < timezone.localdate():
        return "Its consent is past its review date: check it with the person first."
    return ""


@transaction.atomic
def case_study_send(*, story: Story, actor) -> CaseStudyPage:
    """Make the story's case study page as a draft and put it into the editors' review."""
    story = (
        Story.objects.select_for_update(of=("self",))
        .select_related("consent", "place")
        .get(pk=story.pk)
    )
    if not may_moderate(actor, story):
        raise PermissionDenied("Only those who look after this story can send it to the website.")
    problem = may_go_public(story)
    if problem:
        raise ValidationError(problem)
    title, body, attribution = _public_words(story)
    page = CaseStudyPage.objects.filter(story=story).first()
    if page is None:
        index = ensure_case_study_index()
        page = CaseStudyPage(title=title, slug=f"story-{str(story.pk)[:8]}", live=False)
        page.story = story
        _fill_page(page, story, title, body, attribution)
        index.add_child(instance=page)
    else:
        _fill_page(page, story, title, body, attribution)
    page.themes.set(list(story.themes.all()))
    page.outcomes.set(list(story.elements.all()))
    # A picture (and its description) was never part of an anonymous story's checked public
    # version: it can show or name the person, so only a named story takes one.
    image = story.images.first() if story.consent.named else None
    if image is not None and page.image_id is None:
        page.image = _public_image(image, title)
        page.image_alt_text = image.alt_text
    page.save_revision(user=actor, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None and page.current_workflow_state is None:
        workflow.start(page, actor)
    StoryChange.objects.create(
        story=story,
        from_status=story.status,
        to_status=story.status,
        comment="Sent to the website for a site editor to check and publish.",
        changed_by=actor,
        changed_at=timezone.now(),
    )
    return page


def _fill_page(page, story, title, body, attribution) -> None:
    page.title = title
    page.draft_title = title
    # Paragraphs and lines end in a space, or the summary runs their sentences together.
    words = " ".join(plain_text(BLOCK_ENDS.sub(" ", body)).split())
    page.summary = words if len(words) <= 280 else words[:280].rsplit(" ", 1)[0] + "…"
    page.body = body
    page.attribution = attribution
    page.place = story.place
    page.stage = story.stage
    page.changed_on = story.changed_on


def _public_image(image, title):
    """A copy of the story's first picture in the CMS, made only once it goes public."""
    from django.core.files.base import ContentFile

    with image.file.open("rb") as source:
        content = ContentFile(source.read(), name=f"case-study-{image.pk}.{image.extension}")
    return get_image_model().objects.create(
        title=f"Case study picture: {title}"[:255],
        file=content,
        collection=_collection(),
        description=image.alt_text,
    )


def case_study_take_down(story: Story) -> None:
    """Delete a story's case study page, its revisions, workflow states, log entries,
    search entry and picture (with every rendition): nothing of it stays in the CMS."""
    for page in CaseStudyPage.objects.filter(story=story):
        image = page.image
        page_id = page.pk
        # Detached first: deleting a live page sends "unpublished", which would otherwise log
        # the story as taken off the website, back to approved, before it is withdrawn.
        CaseStudyPage.objects.filter(pk=page_id).update(story=None)
        page.story = None
        page.delete()  # revisions, workflow states and the search entry go with it
        PageLogEntry.objects.filter(page_id=page_id).delete()
        if image is not None:
            image.delete()  # renditions and files go with it


def _acting_user(page: CaseStudyPage, fallback, *, logged_action: str = ""):
    """Who took a case study up or down. Wagtail's signals do not say (a published revision's
    user is whoever saved it: the staff member who sent it), so: the person signed in to the
    CMS (Wagtail's log context), else the user of the log entry Wagtail wrote just before
    the signal (it does for unpublishing), else the fallback."""
    from wagtail.log_actions import get_active_log_context

    user = get_active_log_context().user
    if user is not None:
        return user
    if logged_action:
        entry = (
            PageLogEntry.objects.filter(page_id=page.pk, action=logged_action)
            .select_related("user")
            .order_by("-timestamp", "-pk")
            .first()
        )
        if entry is not None and entry.user_id:
            return entry.user
    return fallback


def story_published(page: CaseStudyPage, actor=None) -> None:
    """A site editor published a story's case study."""
    story = page.story
    if story is not None and story.status == Story.Status.APPROVED:
        actor = _acting_user(page, actor)
        _status(story, Story.Status.PUBLISHED, actor, "Published on the website.")


def story_unpublished(page: CaseStudyPage, actor=None) -> None:
    """A site editor took a case study off the website: the story stays approved."""
    story = page.story
    if story is not None and story.status == Story.Status.PUBLISHED:
        actor = _acting_user(page, actor, logged_action="wagtail.unpublish")
        _status(story, Story.Status.APPROVED, actor, "Taken off the website.")


def _status(story: Story, new: str, actor, comment: str) -> None:
    old = story.status
    Story.objects.filter(pk=story.pk).update(status=new, updated_at=timezone.now())
    bump_on_commit()  # update() sends no signal
    StoryChange.objects.create(
        story=story,
        from_status=old,
        to_status=new,
        comment=comment,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        changed_at=timezone.now(),
    )
