"""Action learning groups of the peer-support network: who is in each, and their meetings.

A group is facilitated by one organisation (a hub), whose staff add its members (peer
members, and people the hub supports) and record its meetings. A meeting attended by
people with active journeys at that hub counts as an action learning session on those
journeys (Meeting.session), so it shows in their timelines like any other support.
The peer member's own profile is ecosystem.PeerSupportMembership.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from core.fields import uuid_primary_key
from ecosystem.models import Organisation, Place
from journeys.models import Session


class ActionLearningGroup(models.Model):
    """A small group of peers who meet to work through each other's challenges."""

    id = uuid_primary_key()
    name = models.CharField(max_length=150)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="learning_groups",
        verbose_name="facilitated by",
    )
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="learning_groups"
    )
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:group", kwargs={"pk": self.pk})


class GroupMember(models.Model):
    """A person taking part in an action learning group."""

    group = models.ForeignKey(
        ActionLearningGroup, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_groups"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__first_name", "user__last_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_place_in_each_group")
        ]

    def __str__(self):
        return f"{self.user} in {self.group}"


class Meeting(models.Model):
    """One meeting of a group: when, what it was about, and who came."""

    id = uuid_primary_key()
    group = models.ForeignKey(
        ActionLearningGroup, on_delete=models.CASCADE, related_name="meetings"
    )
    starts_at = models.DateTimeField("date and time", db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(
        "length in minutes", validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    mode = models.CharField(
        max_length=10, choices=Session.Mode.choices, default=Session.Mode.IN_PERSON
    )
    topic = models.CharField("what it is about", max_length=200)
    notes = models.TextField(
        "facilitator's notes", blank=True, help_text="Only the facilitating hub's staff see these."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="learning_meetings"
    )
    # The action learning session it counts as, on the journeys of the attendees the
    # facilitating hub supports; none when nobody there has an active journey with it.
    session = models.OneToOneField(
        Session,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="learning_meeting",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self):
        return f"{self.group}, {self.starts_at:%d/%m/%Y}"
