from django.db import migrations


def load(apps, schema_editor):
    from ecosystem.reference import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0002_language_taxonomy_historicalservice_invitation_and_more")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
