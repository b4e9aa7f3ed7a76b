from django.db import migrations


def forwards(apps, schema_editor):
    from stories.themes import ensure_default_themes

    ensure_default_themes(apps)


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
