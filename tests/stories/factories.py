"""Stories for tests. `capture_story` goes through the service, as the capture form does;
`StoryFactory` makes a story and its consent cheaply, to fill a list; `SelectionRoundFactory`
makes a most significant change round with its convenor and panel."""

import io
from datetime import date

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory
from PIL import Image

from stories.models import Consent, SelectionRound, Story, Theme
from stories.services import (
    ConsentDetails,
    NewImage,
    StoryDetails,
    story_approve,
    story_capture,
)

CHANGED_ON = date(2026, 10, 1)
GIVEN_ON = date(2026, 11, 1)


def jpeg_upload(name="photo.jpg", exif: bytes | None = None, size=(60, 40)) -> SimpleUploadedFile:
    """A small JPEG, with EXIF when asked (to test that it is stripped)."""
    buffer = io.BytesIO()
    options = {"exif": exif} if exif else {}
    Image.new("RGB", size, "teal").save(buffer, "JPEG", **options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def consent_details(level=Consent.Level.PUBLIC, named=True, **kwargs) -> ConsentDetails:
    return ConsentDetails(
        level=level,
        named=named,
        given_by=kwargs.pop("given_by", "Amira Example"),
        method=kwargs.pop("method", Consent.Method.WRITTEN),
        given_on=kwargs.pop("given_on", GIVEN_ON),
        **kwargs,
    )


def capture_story(
    *,
    actor,
    journey=None,
    organisation=None,
    teller=Story.Teller.STAFF,
    level=Consent.Level.PUBLIC,
    named=True,
    title="From kitchen table to market stall",
    narrative="She started baking at home.\n\nNow the stall pays two wages.",
    themes=("food",),
    elements=(),
    images=(),
    subject=None,
    submit=False,
    approve_by=None,
) -> Story:
    """A story captured through the service (and approved by approve_by, when given)."""
    story = story_capture(
        actor=actor,
        teller=teller,
        journey=journey,
        organisation=organisation,
        subject=subject,
        details=StoryDetails(
            title=title,
            narrative=narrative,
            changed_on=CHANGED_ON,
            themes=list(Theme.objects.filter(slug__in=themes)),
            elements=list(elements),
            images=[NewImage(file, alt) for file, alt in images],
        ),
        consent=consent_details(level=level, named=named),
        submit=submit or approve_by is not None,
    )
    if approve_by is not None:
        story = story_approve(story=story, actor=approve_by)
    return story


class StoryFactory(DjangoModelFactory):
    class Meta:
        model = Story
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Story {n}")
    narrative = "<p>Something changed.</p>"
    teller = Story.Teller.STAFF
    changed_on = CHANGED_ON
    status = Story.Status.APPROVED

    @factory.post_generation
    def consent(self, create, extracted, **kwargs):
        if create:
            Consent.objects.create(
                story=self,
                level=extracted or Consent.Level.NETWORK,
                named=kwargs.get("named", False),
                given_by="A Person",
                method=Consent.Method.WRITTEN,
                given_on=GIVEN_ON,
                wording="I agree.",
                review_on=date(2027, 11, 1),
            )


class SelectionRoundFactory(DjangoModelFactory):
    """A round for the whole network unless told; its convenor (if any) sits on its panel with
    the people passed as panel_members."""

    class Meta:
        model = SelectionRound
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Round {n}")
    panel = SelectionRound.Panel.NETWORK
    period_start = date(2026, 9, 1)
    period_end = date(2026, 10, 31)
    convenor = None
    created_by = factory.SelfAttribute("convenor")

    @factory.post_generation
    def panel_members(self, create, extracted, **kwargs):
        if create:
            members = [m for m in [self.convenor, *(extracted or [])] if m is not None]
            self.panel_members.add(*members)
