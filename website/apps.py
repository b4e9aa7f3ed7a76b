from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = "Website"

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Site, get_page_models

        from core.pagecache import invalidated_by

        from .models import FooterLink, NavigationLink, SiteSettings
        from .roles import ensure_site_editors_group

        # Every kind of page (publishing saves the page), what pages show and the site's frame.
        invalidated_by(
            *get_page_models(),
            get_image_model(),
            get_document_model(),
            Site,
            SiteSettings,
            NavigationLink,
            FooterLink,
        )
        # Wagtail's core app migrates after ours and after its admin, images and
        # documents apps, so every permission the group needs exists by then.
        post_migrate.connect(
            ensure_site_editors_group,
            sender=apps.get_app_config("wagtailcore"),
            dispatch_uid="website.ensure_site_editors_group",
        )
