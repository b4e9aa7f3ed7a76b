"""The model's activities, published as a taxonomy in the directory (and so in the ORUK feed).

Each activity element of a national model becomes a term whose id is the
element's id, so services and sessions can be tagged with what the model calls
them, and feeds keep stable ids.
"""

import uuid

from django.apps import apps as global_apps

from ecosystem.selectors import ACTIVITIES_TAXONOMY_SUFFIX

ACTIVITIES_SECTION = "activities"
NAMESPACE = uuid.UUID("c1f3b0a2-6a8e-4c0b-9f7e-3d5a1b2c4e6f")


def activities_taxonomy_slug(model_slug: str) -> str:
    return f"{model_slug}{ACTIVITIES_TAXONOMY_SUFFIX}"


def sync_activities_taxonomy(model_slug: str, *, apps=global_apps) -> None:
    """Create or refresh the taxonomy of a national model's activities (idempotent)."""
    LogicModel = apps.get_model("logicmodel", "LogicModel")
    Element = apps.get_model("logicmodel", "Element")
    Taxonomy = apps.get_model("ecosystem", "Taxonomy")
    TaxonomyTerm = apps.get_model("ecosystem", "TaxonomyTerm")
    model = LogicModel.objects.filter(slug=model_slug, kind="national").first()
    if model is None:
        return
    slug = activities_taxonomy_slug(model_slug)
    taxonomy, _ = Taxonomy.objects.update_or_create(
        id=uuid.uuid5(NAMESPACE, slug),
        defaults={
            "slug": slug,
            "name": f"Activities of {model.title}",
            "description": "The core ways of delivering support that the logic model describes.",
            "version": "1",
        },
    )
    elements = Element.objects.filter(
        logic_model=model, section__slug=ACTIVITIES_SECTION, live=True
    ).order_by("position")
    keep = []
    for element in elements:
        TaxonomyTerm.objects.update_or_create(
            id=element.pk,
            defaults={
                "taxonomy": taxonomy,
                "code": element.slug,
                "name": element.title,
                "description": element.summary,
                "position": element.position,
            },
        )
        keep.append(element.pk)
    TaxonomyTerm.objects.filter(taxonomy=taxonomy).exclude(pk__in=keep).delete()
