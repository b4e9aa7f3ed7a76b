"""What the peer network holds about a person, for a copy of their data or its erasure
(see core.personal_data): the action learning groups they are in and the meetings they came
to. The facilitator's notes are left out of the copy: they are about the whole group."""

from django.db import transaction

from core.personal_data import DataSubject, Section

from .models import GroupMember, Meeting


def _in_reach(queryset, subject: DataSubject, organisation_field: str):
    if subject.everywhere:
        return queryset
    return queryset.filter(**{organisation_field: subject.organisation_id})


def export(subject: DataSubject) -> list[Section]:
    """Their groups and the meetings they came to."""
    groups = Section("learning_groups", "Action learning groups")
    meetings = Section("learning_meetings", "Group meetings you came to")
    if subject.user_id is None:
        return [groups, meetings]
    for member in _in_reach(
        GroupMember.objects.filter(user_id=subject.user_id), subject, "group__organisation_id"
    ).select_related("group__organisation", "group__place"):
        groups.add(
            [
                ("Group", member.group.name),
                ("Facilitated by", member.group.organisation.name),
                ("Place", member.group.place.name if member.group.place_id else ""),
                ("Joined on", member.joined_at),
            ]
        )
    for meeting in _in_reach(
        Meeting.objects.filter(attendees__id=subject.user_id), subject, "group__organisation_id"
    ).select_related("group"):
        meetings.add(
            [
                ("Group", meeting.group.name),
                ("Date and time", meeting.starts_at),
                ("Length in minutes", meeting.duration_minutes),
                ("How", meeting.get_mode_display()),
                ("What it was about", meeting.topic),
            ]
        )
    return [groups, meetings]


@transaction.atomic
def erase(subject: DataSubject, *, actor=None) -> dict[str, int]:
    """Take them out of their groups and off the meetings' lists (the meetings stay)."""
    if subject.user_id is None:
        return {}
    members, _ = _in_reach(
        GroupMember.objects.filter(user_id=subject.user_id), subject, "group__organisation_id"
    ).delete()
    through = Meeting.attendees.through
    meeting_ids = _in_reach(Meeting.objects.all(), subject, "group__organisation_id").values("pk")
    attended, _ = through.objects.filter(
        user_id=subject.user_id, meeting_id__in=meeting_ids
    ).delete()
    return {"group memberships": members, "meeting attendances": attended}
