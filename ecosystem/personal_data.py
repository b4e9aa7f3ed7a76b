"""What the directory side holds about a person, for a copy of their data or its erasure
(see core.personal_data): their peer-network profile, their roles in organisations and the
invitations sent to their address. These belong to the platform, not to one organisation,
so they are in a copy or an erasure only when it reaches everywhere."""

from django.db import transaction

from core.personal_data import DataSubject, Section

from .models import Invitation, Membership, PeerSupportMembership


def export(subject: DataSubject) -> list[Section]:
    """Their peer profile, roles and invitations."""
    profile = Section("peer_profile", "Your peer-network profile")
    roles = Section("roles", "Your roles in organisations")
    invitations = Section("invitations", "Invitations to join a team")
    if not subject.everywhere:
        return []
    if subject.user_id is not None:
        for p in PeerSupportMembership.objects.filter(user_id=subject.user_id).select_related(
            "organisation", "place"
        ):
            profile.add(
                [
                    ("Organisation", p.organisation.name if p.organisation_id else ""),
                    ("Place", p.place.name if p.place_id else ""),
                    ("Interests", p.interests),
                    ("About you", p.about),
                    ("Shown in the members' list", "Yes" if p.show_in_members_list else "No"),
                    ("Still a member", "Yes" if p.is_active else "No"),
                    ("Joined on", p.joined_at),
                ]
            )
        for m in Membership.objects.filter(user_id=subject.user_id).select_related("organisation"):
            roles.add([("Organisation", m.organisation.name), ("Role", m.get_role_display())])
    if subject.email:
        for i in Invitation.objects.filter(email__iexact=subject.email).select_related(
            "organisation"
        ):
            invitations.add(
                [
                    ("Organisation", i.organisation.name),
                    ("Sent on", i.created_at),
                    ("Accepted", "Yes" if i.accepted_by_id else "No"),
                ]
            )
    return [profile, roles, invitations]


@transaction.atomic
def erase(subject: DataSubject, *, actor=None) -> dict[str, int]:
    """Delete their peer profile and the invitations sent to their address."""
    if not subject.everywhere:
        return {}
    profiles = invitations = 0
    if subject.user_id is not None:
        profiles, _ = PeerSupportMembership.objects.filter(user_id=subject.user_id).delete()
    if subject.email:
        invitations, _ = Invitation.objects.filter(email__iexact=subject.email).delete()
    return {"peer profiles": profiles, "invitations": invitations}
