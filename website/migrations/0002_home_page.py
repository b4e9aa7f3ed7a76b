from django.db import migrations


def create_home_page(apps, schema_editor):
    from website.home import ensure_home_page

    ensure_home_page(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
