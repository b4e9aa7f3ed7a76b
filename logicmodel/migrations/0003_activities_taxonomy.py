from django.db import migrations


def sync(apps, schema_editor):
    from logicmodel.taxonomy import sync_activities_taxonomy

    sync_activities_taxonomy("empowering-places", apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("logicmodel", "0002_load_empowering_places"),
        ("ecosystem", "0003_reference_data"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
