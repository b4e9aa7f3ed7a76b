"""Site editors manage the assumption checks in the CMS (website.roles keeps the rest of
their permissions)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SITE_EDITORS_GROUP = "Site editors"  # website.roles.SITE_EDITORS_GROUP
CODENAMES = [
    "add_assumptionrule",
    "change_assumptionrule",
    "delete_assumptionrule",
    "view_assumptionrule",
]


def grant(apps, schema_editor):
    # Permissions are made after every migration has run: make this app's now.
    app_config = apps.get_app_config("insights")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=SITE_EDITORS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="insights", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=SITE_EDITORS_GROUP).first()
    if group:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="insights", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0002_assumption_rules"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
