"""The persona cast every test shares: one user per kind of person, as in the demo."""

from functools import cached_property

from django.contrib.auth import get_user_model

from demo.directory import HUB_A, HUB_B
from demo.personas import PERSONAS, build_persona_cast
from ecosystem.models import Organisation, Place

PERSONA_PASSWORD = "persona-password-for-tests"
ANONYMOUS = "anonymous"
PERSONA_KEYS = [ANONYMOUS, *[p.key for p in PERSONAS]]
EMAILS = {p.key: p.email for p in PERSONAS}


def restore_baseline():
    """What every database has after migrate, plus the cast: for tests after a flush."""
    from wagtail.models import Collection

    from website.home import ensure_home_page

    ensure_home_page()
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    from website.roles import ensure_site_editors_group

    ensure_site_editors_group()
    build_persona_cast(PERSONA_PASSWORD)
    from ecosystem.reference import load_reference_data
    from logicmodel.content_io import load_shipped_model
    from logicmodel.models import LogicModel
    from logicmodel.taxonomy import sync_activities_taxonomy

    load_reference_data()
    from stories.themes import ensure_default_themes

    ensure_default_themes()
    if not LogicModel.objects.filter(slug="empowering-places").exists():
        load_shipped_model()  # saved through the ORM, so the search index follows
        sync_activities_taxonomy("empowering-places")


class Cast:
    """Look up the cast's users, places and organisations by their short keys."""

    def user(self, key):
        if key == ANONYMOUS:
            return None
        return get_user_model().objects.get(email=EMAILS[key])

    @cached_property
    def hub_a(self) -> Organisation:
        return Organisation.objects.get(slug=HUB_A)

    @cached_property
    def hub_b(self) -> Organisation:
        return Organisation.objects.get(slug=HUB_B)

    @cached_property
    def place_a(self) -> Place:
        return Place.objects.get(slug="wigan")

    @cached_property
    def place_b(self) -> Place:
        return Place.objects.get(slug="bradford")
