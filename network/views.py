"""The peer-support network's pages: joining and the member's profile, the members' area,
posting a case study, and action learning groups with their meetings.

Every view reaches what it shows through network.access: a person outside the network, or
outside a group, gets 404 as for a page that does not exist; a group's members trying to
run it get 403.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import Access
from core.forms import add_errors, error_list, posted
from core.paging import page_of
from stories.selectors import reader, shown_name

from .access import (
    get_group_for_user,
    get_group_member_for_user,
    get_groups_page_for_user,
    get_meeting_for_user,
    get_members_area_for_user,
    get_own_profile,
    get_peer_member,
    get_workplaces_for_groups,
)
from .forms import CaseStudyForm, GroupForm, MeetingForm, MemberAddForm, ProfileForm, person_label
from .selectors import (
    MEMBERS_PAGE_SIZE,
    group_detail,
    group_people,
    groups_listed,
    member_candidates,
    member_case_studies,
    members_listed,
    network_person,
    peer_profile,
    profile_organisations,
    profile_places,
)
from .services import (
    case_study_post,
    group_create,
    group_member_add,
    group_member_remove,
    meeting_record,
    meeting_update,
    peer_member_join,
    peer_member_leave,
    peer_member_update,
)


def _status(request, form) -> int:
    return 400 if request.method == "POST" and form.errors else 200


def _profile_form(request, profile=None) -> ProfileForm:
    return ProfileForm(
        posted(request),
        places=profile_places(),
        organisations=profile_organisations(),
        initial=ProfileForm.initial_from(request.user, profile),
    )


# Joining and the profile -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def join(request):
    """What the network is, and the form to join it (or to come back after leaving)."""
    if network_person(request.user).is_peer_member:
        return redirect("network:profile")
    form = _profile_form(request, peer_profile(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            peer_member_join(user=request.user, details=form.details())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Welcome to the peer-support network.")
            return redirect("network:home")
    return render(
        request,
        "network/join.html",
        {"form": form, "errors": error_list(form)},
        status=_status(request, form),
    )


@require_http_methods(["GET", "POST"])
def profile(request):
    """A member's own profile: what the network knows about them, and leaving it."""
    own = get_own_profile(request.user)
    form = _profile_form(request, own)
    if request.method == "POST" and form.is_valid():
        try:
            peer_member_update(profile=own, actor=request.user, details=form.details())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("network:home")
    return render(
        request,
        "network/profile.html",
        {"form": form, "errors": error_list(form), "profile": own},
        status=_status(request, form),
    )


@require_POST
def leave(request):
    """A member leaves the network (they may join again later)."""
    peer_member_leave(profile=get_own_profile(request.user), actor=request.user)
    messages.success(
        request, "You have left the peer-support network. You are welcome to join again."
    )
    return redirect("workspace:home")


# The members' area ----------------------------------------------------------------------------


@require_GET
def home(request):
    """The members' list, the person's groups with their next meetings, and members' case
    studies."""
    who = get_members_area_for_user(request.user)
    page = page_of(request, members_listed(), per_page=MEMBERS_PAGE_SIZE).page
    case_studies = member_case_studies(request.user, reader(request.user))
    for story in case_studies:
        story.shown_name = shown_name(story, user_id=request.user.pk)
    return render(
        request,
        "network/home.html",
        {
            "who": who,
            "page": page,
            "groups": list(groups_listed(request.user, who)),
            "case_studies": case_studies,
        },
    )


@require_http_methods(["GET", "POST"])
def case_study_new(request):
    """A peer member tells their own story of change; the site's editors check it first."""
    who = get_peer_member(request.user)
    form = CaseStudyForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        places=profile_places(),
        default_place=who.profile.place,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            story = case_study_post(
                actor=request.user,
                details=form.details(),
                level=data["level"],
                named=data["named"],
                agreed=data["consent"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                "Thank you. Your case study is waiting for a check by the site's editors; "
                "other members see it once they approve it.",
            )
            return redirect(story)
    return render(
        request,
        "network/case_study_new.html",
        {"form": form, "errors": error_list(form)},
        status=_status(request, form),
    )


# Action learning groups --------------------------------------------------------------------


@require_GET
def group_list(request):
    """The groups a person is in, or that an organisation they work for facilitates."""
    who = get_groups_page_for_user(request.user)
    return render(
        request,
        "network/groups.html",
        {"who": who, "groups": list(groups_listed(request.user, who))},
    )


@require_http_methods(["GET", "POST"])
def group_new(request):
    """Start a group facilitated by an organisation the person works for."""
    organisations = get_workplaces_for_groups(request.user)
    form = GroupForm(posted(request), organisations=organisations, places=profile_places())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = group_create(
                actor=request.user,
                organisation=data["organisation"],
                name=data["name"],
                place=data.get("place"),
                description=data.get("description", ""),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The group “{group.name}” is started: now add its members.")
            return redirect(group)
    return render(
        request,
        "network/group_new.html",
        {"form": form, "errors": error_list(form)},
        status=_status(request, form),
    )


def _group_page(request, group, *, add_form=None, status=200):
    runs_group = group.viewer_access == Access.WRITE
    if runs_group and add_form is None:
        add_form = MemberAddForm(candidates=member_candidates(group))
    return render(
        request,
        "network/group.html",
        {
            "group": group,
            "runs_group": runs_group,
            "add_form": add_form,
            "errors": error_list(add_form) if add_form is not None and add_form.is_bound else [],
            **group_detail(group),
        },
        status=status,
    )


@require_GET
def group_view(request, pk):
    """A group: its members, its meetings and who came (and, for its staff, their notes)."""
    return _group_page(request, get_group_for_user(request.user, pk))


@require_POST
def group_member_add_view(request, pk):
    group = get_group_for_user(request.user, pk, manage=True)
    form = MemberAddForm(request.POST, candidates=member_candidates(group))
    if form.is_valid():
        try:
            member = group_member_add(
                group=group, actor=request.user, user=form.cleaned_data["user"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{person_label(member.user)} is now in the group.")
            return redirect(group)
    return _group_page(request, group, add_form=form, status=400)


@require_POST
def group_member_remove_view(request, pk, member_pk):
    member = get_group_member_for_user(request.user, pk, member_pk)
    group_member_remove(member=member, actor=request.user)
    messages.success(request, f"{person_label(member.user)} is no longer in the group.")
    return redirect(member.group)


@require_http_methods(["GET", "POST"])
def meeting_new(request, pk):
    """Record a meeting: one still to come, or one that took place and who came."""
    group = get_group_for_user(request.user, pk, manage=True)
    form = MeetingForm(posted(request), members=group_people(group))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_record(group=group, actor=request.user, details=form.details())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _saved_message(meeting))
            return redirect(group)
    return render(
        request,
        "network/meeting_form.html",
        {"group": group, "form": form, "errors": error_list(form)},
        status=_status(request, form),
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    """Change a meeting, or record who came once it has taken place."""
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    came = list(meeting.attendees.all())
    form = MeetingForm(
        posted(request), members=group_people(meeting.group, also=came), meeting=meeting
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_update(meeting=meeting, actor=request.user, details=form.details())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _saved_message(meeting))
            return redirect(meeting.group)
    return render(
        request,
        "network/meeting_form.html",
        {"group": meeting.group, "meeting": meeting, "form": form, "errors": error_list(form)},
        status=_status(request, form),
    )


def _saved_message(meeting) -> str:
    if meeting.session_id:
        count = meeting.session.journeys.count()
        return (
            f"The meeting is saved. It counts as an action learning session on {count} "
            f"journe{'y' if count == 1 else 'ys'} your organisation supports."
        )
    return "The meeting is saved."
