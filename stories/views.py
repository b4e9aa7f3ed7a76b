"""The stories part's pages: browsing the stories a person may read and the check queue;
capturing a story on a journey, telling your own, reading it, changing it, checking it, its
public version, sending it to the website, its pictures, and withdrawing consent.

Every view reaches a story through stories.access: a signed-in person beyond its consent
gets 404, as for a story that does not exist; one who may read it but not do what they
asked gets 403. Both lists are built by stories.selectors from the same rule, so each person
sees only what consent and moderation allow; anyone signed in gets a list, empty when
nothing reaches them. The services (stories.services, stories.publishing) decide and save.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import Access
from core.forms import add_errors, all_valid, error_list, posted
from core.paging import page_of
from journeys.models import AccessLogEntry
from journeys.services import access_log_record

from .access import (
    get_journey_for_story,
    get_own_journeys_to_tell,
    get_story_for_user,
    get_story_image_for_user,
    get_story_prompt_for_user,
    get_story_to_moderate,
    get_story_to_withdraw,
)
from .filters import story_filter
from .forms import (
    CheckForm,
    JourneyChoiceForm,
    OwnStoryEditForm,
    PictureForm,
    PublicVersionForm,
    StoryCaptureForm,
    StoryEditForm,
    StoryEditWithConsentForm,
    StoryTellForm,
    WithdrawForm,
)
from .models import Consent, Story
from .publishing import case_study_send, may_go_public
from .selectors import (
    Reader,
    may_moderate,
    may_withdraw_consent,
    moderation_queue,
    open_story_prompt,
    reader,
    selections_for_stories,
    shown_name,
    stories_listed,
    story_access,
)
from .services import (
    story_approve,
    story_image_add,
    story_image_remove,
    story_prompt_dismiss,
    story_return,
    story_set_public_text,
    story_submit,
    story_update,
    story_withdraw_consent,
)
from .services import (
    story_capture as capture,
)

PAGE_SIZE = 20
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
PICTURE_NOT_KEPT = "Choose the picture again: a picture is not kept while the form has problems."


def _files(request):
    return request.FILES if request.method == "POST" else None


def _status(request) -> int:
    return 400 if request.method == "POST" else 200


def _picture_not_kept(request, form) -> None:
    """Browsers cannot send a chosen file back: say so when the form is shown again."""
    if request.FILES.get("image") and "image" in form.fields and not form.errors.get("image"):
        form.add_error("image", PICTURE_NOT_KEPT)


def _saved(request, story: Story, submitted: bool) -> None:
    if submitted:
        messages.success(request, f"“{story.title}” is saved and sent for a check.")
    else:
        messages.success(request, f"“{story.title}” is saved as a draft.")


# Browsing and checking ----------------------------------------------------------------


def _page(request, stories, who: Reader):
    paged = page_of(request, stories, per_page=PAGE_SIZE)
    for story in paged.page.object_list:
        story.shown_name = shown_name(
            story,
            user_id=who.user_id,
            looks_after=story_access(request.user, story, who) == Access.WRITE,
        )
    return paged.page, paged.query_string


def _looks_after_stories(who: Reader) -> bool:
    return bool(who.organisation_ids) or who.moderates_network


@require_GET
def story_list(request):
    """The stories a person may read, filtered and paged."""
    who = reader(request.user)
    filterset = story_filter(request.GET or None, stories_listed(request.user, who), who=who)
    page, query = _page(request, filterset.qs, who)
    return render(
        request,
        "stories/list.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "errors": error_list(filterset.form) if filterset.is_bound else [],
            "is_filtered": filterset.is_filtered,
            "page": page,
            "query": query,
            "looks_after": _looks_after_stories(who),
            "in_network": who.in_network or who.moderates_network,
        },
    )


@require_GET
def moderation(request):
    """Stories waiting for this person's check: their organisations', and for the network's
    moderators, peer members' own."""
    who = reader(request.user)
    page, query = _page(request, moderation_queue(request.user, who), who)
    return render(
        request,
        "stories/moderation.html",
        {
            "page": page,
            "query": query,
            "looks_after": _looks_after_stories(who),
            "moderates_network": who.moderates_network,
        },
    )


# Capturing and telling ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def story_capture(request, journey_pk):
    """Staff capture a story on a journey, with the person's consent."""
    journey = get_journey_for_story(request.user, journey_pk)
    form = StoryCaptureForm(
        posted(request), _files(request), initial={"given_by": journey.client.name}
    )
    if request.method == "POST" and form.is_valid():
        submit = form.cleaned_data["submit"]
        try:
            story = capture(
                actor=request.user,
                teller=Story.Teller.STAFF,
                journey=journey,
                details=form.story_details(),
                consent=form.consent_details(),
                submit=submit,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            _saved(request, story, submit)
            return redirect(story)
    if request.method == "POST":
        _picture_not_kept(request, form)
    return render(
        request,
        "stories/capture.html",
        {
            "journey": journey,
            "prompt": open_story_prompt(journey),
            "form": form,
            "errors": error_list(form),
            "heading": "Capture a story",
            "telling": False,
        },
        status=_status(request),
    )


@require_http_methods(["GET", "POST"])
def story_tell(request):
    """A person tells the story of their own journey; the organisation supporting them
    checks it."""
    journeys = get_own_journeys_to_tell(request.user)
    choice = JourneyChoiceForm(posted(request), journeys=journeys) if len(journeys) > 1 else None
    form = StoryTellForm(posted(request), _files(request))
    forms = [f for f in (choice, form) if f is not None]
    if request.method == "POST" and all_valid(*forms):
        journey = choice.cleaned_data["journey"] if choice else journeys[0]
        try:
            story = capture(
                actor=request.user,
                teller=Story.Teller.ENTREPRENEUR,
                journey=journey,
                subject=request.user,
                details=form.story_details(),
                consent=form.consent_details(
                    given_by=request.user.get_full_name() or journey.client.name
                ),
                submit=True,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"Thank you. {journey.organisation.name} will read your story and check it "
                "before anyone else can.",
            )
            return redirect(story)
    if request.method == "POST":
        _picture_not_kept(request, form)
    return render(
        request,
        "stories/capture.html",
        {
            "journey": None,
            "choice_form": choice,
            "organisation": journeys[0].organisation if choice is None else None,
            "form": form,
            "errors": error_list(*forms),
            "heading": "Tell your story",
            "telling": True,
        },
        status=_status(request),
    )


@require_POST
def prompt_dismiss(request, pk):
    """The lead worker has no story for this stage change."""
    prompt = get_story_prompt_for_user(request.user, pk)
    story_prompt_dismiss(prompt=prompt, actor=request.user)
    messages.success(request, "Put away: you will be asked again at the next stage.")
    return redirect("journeys:detail", pk=prompt.journey_id)


# One story ------------------------------------------------------------------------------


def _detail(request, story: Story, *, check_form=None, status=200):
    user = request.user
    who = reader(user)
    access = story_access(user, story, who)
    can_moderate = may_moderate(user, story, who)
    looks_after = access == Access.WRITE or can_moderate
    own = who.user_id in (story.told_by_id, story.subject_id)
    consent = getattr(story, "consent", None)
    withdrawn = story.status == Story.Status.WITHDRAWN
    reaches_public = consent is not None and consent.reaches(Consent.Level.PUBLIC)
    context = {
        "story": story,
        "consent": consent,
        "withdrawn": withdrawn,
        "looks_after": looks_after,
        "shows_record": looks_after or own,
        "shown_name": shown_name(story, user_id=who.user_id, looks_after=looks_after),
        # The journey is a personal record: only its organisation's staff follow it.
        "journey": story.journey if can_moderate and story.organisation_id else None,
        "can_edit": access == Access.WRITE and story.is_editable,
        "can_check": can_moderate and story.status == Story.Status.SUBMITTED,
        "can_withdraw": may_withdraw_consent(user, story, who),
        "can_moderate": can_moderate,
        "needs_public_version": can_moderate and reaches_public and not consent.named,
        "website": can_moderate and story.status in Story.SHARED,
        "go_public_problem": may_go_public(story) if can_moderate and not withdrawn else "",
        "check_form": check_form or CheckForm(),
        "errors": error_list(check_form) if check_form is not None else [],
    }
    if not withdrawn:
        context |= {
            "images": list(story.images.all()),
            "themes": list(story.themes.all()),
            "elements": list(story.elements.select_related("section")),
            "selections": selections_for_stories([story]).get(story.pk, []),
            "changes": list(story.changes.select_related("changed_by"))
            if looks_after or own
            else [],
        }
    return render(request, "stories/detail.html", context, status=status)


@require_GET
def story_detail(request, pk):
    """A story as far as its consent reaches the reader, with what they may do with it."""
    story = get_story_for_user(request.user, pk)
    if request.user.pk not in (story.subject_id, story.told_by_id):
        access_log_record(
            user=request.user,
            kind=AccessLogEntry.Kind.STORY,
            object_id=story.pk,
            organisation_id=story.organisation_id,
            client_id=story.journey.client_id if story.journey_id else None,
        )
    return _detail(request, story)


def _edit_form(user, story: Story, data=None) -> StoryEditForm:
    """The organisation's staff correct the whole consent record; a teller changing their
    own story chooses again only how far it goes and whether it names them."""
    if story.organisation_id and may_moderate(user, story):
        return StoryEditWithConsentForm(data, story=story)
    if story.told_by_id == user.pk:
        return OwnStoryEditForm(data, story=story)
    return StoryEditForm(data, story=story)


def _edit_page(request, story: Story, *, form=None, picture_form=None, status=200):
    form = form or _edit_form(request.user, story)
    picture_form = picture_form or PictureForm()
    return render(
        request,
        "stories/edit.html",
        {
            "story": story,
            "form": form,
            "picture_form": picture_form,
            "images": list(story.images.all()),
            "errors": error_list(form, picture_form),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def story_edit(request, pk):
    """Change a draft or returned story (and, for its organisation's staff, its consent)."""
    story = get_story_for_user(request.user, pk, write=True)
    if not story.is_editable:
        messages.error(request, "Only a draft or a returned story can be changed.")
        return redirect(story)
    if request.method == "GET":
        return _edit_page(request, story)
    consent = getattr(story, "consent", None)
    form = _edit_form(request.user, story, request.POST)
    if form.is_valid():
        submit = form.cleaned_data["submit"]
        try:
            story = story_update(
                story=story,
                actor=request.user,
                details=form.story_details(),
                consent=form.consent_details(existing=consent),
            )
            if submit:
                story = story_submit(story=story, actor=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            _saved(request, story, submit)
            return redirect(story)
    return _edit_page(request, story, form=form, status=400)


@require_POST
def story_submit_view(request, pk):
    """Send a draft or returned story to be checked."""
    story = get_story_for_user(request.user, pk, write=True)
    try:
        story_submit(story=story, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Sent for a check.")
    return redirect(story)


@require_POST
def story_check(request, pk):
    """Approve a story waiting for a check, or return it with a comment."""
    story = get_story_to_moderate(request.user, pk)
    form = CheckForm(request.POST)
    if form.is_valid():
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        try:
            if decision == "approve":
                story_approve(story=story, actor=request.user, comment=comment)
            else:
                story_return(story=story, actor=request.user, comment=comment)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if decision == "approve":
                messages.success(request, "Approved: it now reaches as far as its consent allows.")
            else:
                messages.success(request, "Returned with your comment.")
            return redirect(story)
    return _detail(request, story, check_form=form, status=400)


@require_http_methods(["GET", "POST"])
def story_public_version(request, pk):
    """Approve the separate public title and text an anonymous story needs for the website."""
    story = get_story_to_moderate(request.user, pk)
    if story.status == Story.Status.WITHDRAWN:
        messages.error(request, "Consent for this story has been withdrawn.")
        return redirect(story)
    form = PublicVersionForm(
        posted(request),
        initial={"public_title": story.public_title, "public_text": story.public_text},
    )
    if request.method == "POST" and form.is_valid():
        try:
            story_set_public_text(
                story=story,
                actor=request.user,
                title=form.cleaned_data["public_title"],
                text=form.cleaned_data["public_text"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The public version is approved.")
            return redirect(story)
    return render(
        request,
        "stories/public_version.html",
        {"story": story, "form": form, "errors": error_list(form)},
        status=_status(request),
    )


@require_POST
def story_send(request, pk):
    """Send an approved public story to the site editors as a draft case study."""
    story = get_story_to_moderate(request.user, pk)
    try:
        case_study_send(story=story, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Sent to the site editors to check and publish.")
    return redirect(story)


@require_http_methods(["GET", "POST"])
def story_withdraw(request, pk):
    """Say exactly what withdrawing consent does, then do it."""
    story = get_story_to_withdraw(request.user, pk)
    # The person themselves withdraws here, online; anyone else records how they heard.
    is_subject = story.subject_id == request.user.pk
    form = None if is_subject else WithdrawForm(posted(request))
    if request.method == "POST" and (form is None or form.is_valid()):
        method = Consent.Method.ONLINE if form is None else form.cleaned_data["method"]
        try:
            story_withdraw_consent(story=story, actor=request.user, method=method)
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect(story)
            add_errors(form, error)
        else:
            messages.success(
                request,
                "Consent is withdrawn: the story is taken down everywhere, and its words and "
                "pictures are erased.",
            )
            return redirect(story)
    return render(
        request,
        "stories/withdraw.html",
        {
            "story": story,
            "form": form,
            "is_subject": is_subject,
            "errors": error_list(form) if form is not None else [],
        },
        status=_status(request),
    )


# Pictures -----------------------------------------------------------------------------------


@require_POST
def image_add(request, pk):
    """Add a picture, with its description, to a story that can still be changed."""
    story = get_story_for_user(request.user, pk, write=True)
    if not story.is_editable:
        messages.error(
            request, "Pictures can be added only while the story is a draft or returned."
        )
        return redirect(story)
    form = PictureForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            story_image_add(story=story, actor=request.user, image=form.new_image())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The picture is added.")
            return redirect("stories:edit", pk=story.pk)
    return _edit_page(request, story, picture_form=form, status=400)


@require_POST
def image_remove(request, pk):
    """Remove a picture, and its file, from a story that can still be changed."""
    picture = get_story_image_for_user(request.user, pk)
    story = get_story_for_user(request.user, picture.story_id, write=True)
    try:
        story_image_remove(image=picture, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(story)
    messages.success(request, "The picture is removed.")
    return redirect("stories:edit", pk=story.pk)


@require_GET
def image(request, pk):
    """A story's picture from private storage, for those who may read the story; never
    cached on the way."""
    picture = get_story_image_for_user(request.user, pk)
    response = FileResponse(
        picture.file.open("rb"),
        content_type=CONTENT_TYPES.get(picture.extension, "application/octet-stream"),
    )
    response["Content-Disposition"] = f'inline; filename="picture-{picture.pk}.{picture.extension}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
