"""Site editors manage every organisation's directory entry in the CMS; personal data never appears there."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.admin.viewsets import viewsets

from ecosystem.models import Location, Organisation, Service
from ecosystem.selectors import recent_changes
from tests.ecosystem.factories import ServiceFactory
from website.roles import SITE_EDITORS_GROUP

pytestmark = pytest.mark.django_db

# What website/roles.py EDITOR_MODEL_PERMISSIONS needs for the directory (the report asks for it).
DIRECTORY_EDITOR_PERMISSIONS = [
    ("ecosystem", "add_place"),
    ("ecosystem", "change_place"),
    ("ecosystem", "add_organisation"),
    ("ecosystem", "change_organisation"),
    ("ecosystem", "add_organisationidentifier"),
    ("ecosystem", "change_organisationidentifier"),
    ("ecosystem", "delete_organisationidentifier"),
    ("ecosystem", "add_service"),
    ("ecosystem", "change_service"),
    ("ecosystem", "add_location"),
    ("ecosystem", "change_location"),
    ("ecosystem", "delete_location"),
    ("ecosystem", "add_serviceatlocation"),
    ("ecosystem", "change_serviceatlocation"),
    ("ecosystem", "delete_serviceatlocation"),
    ("ecosystem", "add_taxonomy"),
    ("ecosystem", "change_taxonomy"),
    ("ecosystem", "add_taxonomyterm"),
    ("ecosystem", "change_taxonomyterm"),
]


@pytest.fixture
def editor(cast, client_for):
    """The site editor, with the permissions the Site editors group gets after every migrate."""
    return client_for("editor")


def _directory_models():
    reverse("wagtailadmin_home")  # loads the URLs, which registers the CMS's viewsets
    return {v.model for v in viewsets.viewsets if (v.name or "").startswith("directory_")}


def test_the_cms_holds_the_directory_s_reference_data_and_nothing_personal():
    from django.contrib.auth import get_user_model

    from ecosystem.models import (
        CommissionerScope,
        Invitation,
        Membership,
        OrganisationIdentifier,
        PeerSupportMembership,
        Place,
        ServiceAtLocation,
        Taxonomy,
        TaxonomyTerm,
    )

    models = _directory_models()
    assert models == {
        Place,
        Organisation,
        OrganisationIdentifier,
        Service,
        Location,
        ServiceAtLocation,
        Taxonomy,
        TaxonomyTerm,
    }
    personal = {Membership, Invitation, CommissionerScope, PeerSupportMembership}
    registered = {getattr(v, "model", None) for v in viewsets.viewsets}
    assert not personal & registered
    # Wagtail's own user admin is there, for superusers only.
    assert get_user_model() in registered


@pytest.mark.parametrize(
    "url",
    [
        "/cms/directory_organisations/",
        "/cms/directory_services/",
        "/cms/directory_locations/",
        "/cms/directory_places/",
        "/cms/directory_terms/",
        "/cms/directory_identifiers/",
    ],
)
def test_a_site_editor_opens_each_directory_listing(editor, url):
    assert editor.get(url).status_code == 200


def test_the_site_editors_group_holds_the_directory_permissions(cast):
    group = Group.objects.get(name=SITE_EDITORS_GROUP)
    held = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert set(DIRECTORY_EDITOR_PERMISSIONS) <= held


def test_without_the_permissions_an_editor_cannot_open_them(cast, client_for):
    group = Group.objects.get(name=SITE_EDITORS_GROUP)
    for app_label, codename in DIRECTORY_EDITOR_PERMISSIONS:
        group.permissions.remove(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    response = client_for("editor").get("/cms/directory_organisations/")
    assert response.status_code == 302 and response.url == "/cms/"


def test_a_site_editor_edits_any_organisation_and_the_change_is_recorded(cast, editor):
    hub = cast.hub_b
    url = reverse("directory_organisations:edit", args=[hub.pk])
    assert editor.get(url).status_code == 200
    data = {
        "name": "Canal Side Enterprise Centre",
        "slug": hub.slug,
        "kind": "hub",
        "legal_form": "cic",
        "description": hub.description,
        "places": [str(cast.place_b.pk)],
        "website": "",
        "email": hub.email,
        "phone": "",
        "is_demo": "on",
        # is_catalyst_hub left out: an editor may turn it off, a manager may not.
    }
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    hub = Organisation.objects.get(pk=hub.pk)
    assert not hub.is_catalyst_hub
    [change, *_] = recent_changes(hub)
    assert change.who == "Eddie Demo" and change.fields == ["catalyst hub"]


def test_a_site_editor_edits_a_service(cast, editor):
    service = ServiceFactory(organisation=cast.hub_a, support_types=["coaching"])
    url = reverse("directory_services:edit", args=[service.pk])
    html = editor.get(url).content.decode()
    assert 'name="support_types"' in html and 'name="languages"' in html
    assert 'name="locations"' not in html  # linked through "Services at locations"


def test_a_location_s_postcode_is_checked_and_places_it_in_the_cms_too(cast, editor):
    url = reverse("directory_locations:add")
    data = {
        "organisation": str(cast.hub_b.pk),
        "name": "Canal Side Centre",
        "address_1": "1 Canal Road",
        "city": "Bradford",
        "postcode": "WN9 9ZZ",
    }
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "We cannot find WN9 9ZZ. Check it is right." in response.content.decode()
    assert not Location.objects.exists()

    assert editor.post(url, data | {"postcode": "bd11aa"}).status_code == 302
    location = Location.objects.get()
    assert location.postcode == "BD1 1AA" and location.place == cast.place_b
    assert location.latitude is not None


def test_the_cms_never_offers_memberships_or_invitations(editor, client_for):
    for client in (editor, client_for("admin")):
        html = client.get("/cms/").content.decode()
        assert "directory_organisations" in html
        assert "Membership" not in html and "Invitation" not in html
    assert editor.get("/cms/users/").status_code == 302  # people are not an editor's business


def test_editors_do_not_delete_organisations_or_services(cast, editor):
    service = ServiceFactory(organisation=cast.hub_a, support_types=["coaching"])
    assert editor.post(reverse("directory_services:delete", args=[service.pk])).status_code in (
        302,
        403,
    )
    assert Service.objects.filter(pk=service.pk).exists()
    assert editor.post(
        reverse("directory_organisations:delete", args=[cast.hub_a.pk])
    ).status_code in (302, 403)
    assert Organisation.objects.filter(pk=cast.hub_a.pk).exists()
