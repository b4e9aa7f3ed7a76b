"""Signal receivers: each only calls one of this app's services."""

from .publishing import story_published, story_unpublished
from .services import story_prompt_for_stage_change


def prompt_for_story(sender, journey, stage, actor=None, **kwargs):
    story_prompt_for_stage_change(journey=journey, stage=stage)


def case_study_published(sender, instance, revision=None, **kwargs):
    story_published(instance, getattr(revision, "user", None))


def case_study_unpublished(sender, instance, **kwargs):
    story_unpublished(instance, kwargs.get("user"))
