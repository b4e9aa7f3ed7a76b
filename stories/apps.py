from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = "Stories"

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from core.pagecache import invalidated_by
        from journeys.extensions import (
            JOURNEY_PAGE_PANELS,
            MY_JOURNEY_PANELS,
            journey_stage_changed,
        )
        from logicmodel.extensions import ELEMENT_PAGE_PANELS

        from . import models, receivers
        from .pages import CaseStudyPage
        from .panels import journey_panel, my_journey_panel
        from .rounds.panels import element_panel

        if journey_panel not in JOURNEY_PAGE_PANELS:
            JOURNEY_PAGE_PANELS.append(journey_panel)
        if my_journey_panel not in MY_JOURNEY_PANELS:
            MY_JOURNEY_PANELS.append(my_journey_panel)
        if element_panel not in ELEMENT_PAGE_PANELS:
            ELEMENT_PAGE_PANELS.append(element_panel)
        # Case studies and the selections shown on element pages.
        invalidated_by(
            models.Theme,
            models.Story,
            models.Consent,
            models.StoryImage,
            models.SelectionRound,
            models.Selection,
        )
        journey_stage_changed.connect(receivers.prompt_for_story, dispatch_uid="stories-prompt")
        page_published.connect(
            receivers.case_study_published, sender=CaseStudyPage, dispatch_uid="stories-published"
        )
        page_unpublished.connect(
            receivers.case_study_unpublished,
            sender=CaseStudyPage,
            dispatch_uid="stories-unpublished",
        )
