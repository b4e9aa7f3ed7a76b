from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = "Website"

    def ready(self):
        from .roles import ensure_site_editors_group

        # Wagtail's core app migrates after ours and after its admin, images and
        # documents apps, so every permission the group needs exists by then.
        post_migrate.connect(
            ensure_site_editors_group,
            sender=apps.get_app_config("wagtailcore"),
            dispatch_uid="website.ensure_site_editors_group",
        )
