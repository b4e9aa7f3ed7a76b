"""The site editors' group: everything a content editor needs in the CMS, and nothing personal."""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission

SITE_EDITORS_GROUP = "Site editors"

# Model permissions (app_label, codename) that editors hold. Apps that add
# reference data edited in the CMS append theirs here.
EDITOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("website", "change_sitesettings"),
    ("wagtailredirects", "add_redirect"),
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
    ("insights", "add_assumptionrule"),
    ("insights", "change_assumptionrule"),
    ("insights", "delete_assumptionrule"),
    ("insights", "view_assumptionrule"),
    ("logicmodel", "change_logicmodel"),
    ("logicmodel", "add_column"),
    ("logicmodel", "change_column"),
    ("logicmodel", "add_section"),
    ("logicmodel", "change_section"),
    ("logicmodel", "add_element"),
    ("logicmodel", "change_element"),
    ("logicmodel", "publish_element"),
    # The directory's reference data. No deleting organisations, services, places or
    # terms: services are retired, and an organisation carries its memberships.
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
    # Story themes (stories themselves never appear in the CMS).
    ("stories", "add_theme"),
    ("stories", "change_theme"),
]
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def ensure_site_editors_group(sender=None, apps=global_apps, **kwargs):
    """Create or refresh the group (idempotent; runs after every migrate)."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    group, _ = Group.objects.get_or_create(name=SITE_EDITORS_GROUP)
    wanted = []
    for app_label, codename in EDITOR_MODEL_PERMISSIONS:
        perm = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if perm:
            wanted.append(perm)
    group.permissions.add(*wanted)

    root_page = Page.get_first_root_node()
    if root_page:
        for codename in PAGE_PERMISSIONS:
            perm = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if perm:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=perm
                )
    root_collection = Collection.get_first_root_node()
    if root_collection:
        for app_label, codename in [
            ("wagtailimages", "add_image"),
            ("wagtailimages", "change_image"),
            ("wagtailimages", "choose_image"),
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "change_document"),
            ("wagtaildocs", "choose_document"),
        ]:
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=perm
                )
    return group
