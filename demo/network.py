"""Demo peer-support network: a few peer members in Wigan and Bradford, and an action
learning group facilitated by hub A with the peer and entrepreneur personas in it, two past
meetings (counted as sessions on Amira's journey) and one to come.

Every person here is invented; email addresses use demo.test and nobody but the personas
can sign in. Meetings go through network.services.meeting_record, so they count as
sessions exactly as recorded ones do. Running it twice changes nothing.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from ecosystem.models import Organisation, PeerSupportMembership, Place
from journeys.models import Session
from network.models import ActionLearningGroup, GroupMember
from network.services import MeetingDetails, meeting_record

from .directory import HUB_A

GROUP_NAME = "Wigan food and growing founders"

# (first name, last name, email, place slug, interests, about)
PEER_MEMBERS = [
    (
        "Gwen",
        "Fakenham",
        "gwen.peer@demo.test",
        "wigan",
        "Community growing, veg boxes, selling at markets",
        "I run a small growers' co-operative on the Scholes allotments.",
    ),
    (
        "Raj",
        "Inventwell",
        "raj.peer@demo.test",
        "wigan",
        "Repair cafés, reuse, volunteers",
        "Started a repair café in a church hall; happy to talk about running volunteers.",
    ),
    (
        "Ellie",
        "Storyfield",
        "ellie.peer@demo.test",
        "bradford",
        "Community shares, social enterprise finance",
        "Raised community shares for a village shop and would do it again.",
    ),
    (
        "Yusuf",
        "Demoson",
        "yusuf.peer@demo.test",
        "bradford",
        "Catering, halal food businesses, food hygiene",
        "Caterer for weddings and community events across Bradford.",
    ),
]
PRIYA_ABOUT = "Starting a community café with neighbours; keen to meet other food co-ops."


def _at(days_ago: int, hour: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _peer_member(first, last, email, place, interests, about):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, first_name=first, last_name=last)
        user.set_unusable_password()
        user.save()
    PeerSupportMembership.objects.get_or_create(
        user=user,
        defaults={
            "place": Place.objects.filter(slug=place).first(),
            "interests": interests,
            "about": about,
            "show_in_members_list": True,
        },
    )
    return user


def seed_network(*, users: dict) -> None:
    """Peer members, and hub A's action learning group with its meetings (idempotent)."""
    hub_a = Organisation.objects.filter(slug=HUB_A).first()
    if hub_a is None:
        return
    members = {row[2]: _peer_member(*row) for row in PEER_MEMBERS}
    PeerSupportMembership.objects.filter(user=users["peer"], about="").update(
        about=PRIYA_ABOUT, show_in_members_list=True
    )
    if ActionLearningGroup.objects.filter(organisation=hub_a, name=GROUP_NAME).exists():
        return
    group = ActionLearningGroup.objects.create(
        organisation=hub_a,
        name=GROUP_NAME,
        place=Place.objects.filter(slug="wigan").first(),
        description=(
            "Founders of food and growing ventures around Wigan. We meet every month or so; "
            "each time two members bring a challenge and the rest of us ask questions."
        ),
    )
    priya, amira = users["peer"], users["entrepreneur"]
    gwen, raj = members["gwen.peer@demo.test"], members["raj.peer@demo.test"]
    for person in (priya, amira, gwen, raj):
        GroupMember.objects.get_or_create(group=group, user=person)
    staff_a = users["staff_a"]
    for days_ago, topic, notes, came in [
        (
            35,
            "Pricing for people who are not used to paying a fair price",
            "Amira and Gwen brought challenges. Good energy; Raj sent apologies.",
            [priya, amira, gwen],
        ),
        (
            7,
            "Finding premises: leases, landlords and shared kitchens",
            "Amira is close to signing for the Market Street unit.",
            [priya, amira, raj],
        ),
        (-14, "Recruiting and keeping volunteers", "", []),
    ]:
        meeting_record(
            group=group,
            actor=staff_a,
            details=MeetingDetails(
                starts_at=_at(days_ago, 18),
                duration_minutes=90,
                mode=Session.Mode.IN_PERSON,
                topic=topic,
                notes=notes,
                attendees=came,
            ),
        )
