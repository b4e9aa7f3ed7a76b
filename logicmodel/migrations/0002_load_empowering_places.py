from django.db import migrations


def load(apps, schema_editor):
    from logicmodel.content_io import load_shipped_model

    load_shipped_model(apps)


class Migration(migrations.Migration):
    """Every database gets the shipped Empowering Places model (refreshed by later migrations if it changes)."""

    dependencies = [
        ("logicmodel", "0001_initial"),
        ("ecosystem", "0001_initial"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
