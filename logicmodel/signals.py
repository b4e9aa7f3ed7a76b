from django.dispatch import receiver
from wagtail.signals import published

from .models import Element
from .taxonomy import ACTIVITIES_SECTION, sync_activities_taxonomy


@receiver(published, sender=Element)
def refresh_activities_taxonomy(sender, instance, **kwargs):
    """An editor published an activity: the directory's taxonomy follows."""
    if instance.section.slug == ACTIVITIES_SECTION and not instance.logic_model.is_local:
        sync_activities_taxonomy(instance.logic_model.slug)
