"""The site's root: a home page and the default Site pointing at it.

Used by the data migration, and by browser tests after live_server flushes the database.
"""

HOME_TITLE = "Business support rooted in places"
HOME_INTRODUCTION = (
    "A shared home for community hubs, the people they help to start and grow "
    "co-operatives, community businesses and local firms, and the commissioners who fund them."
)


def ensure_home_page(apps=None):
    """Create the Wagtail root, the home page and the default Site when they are missing."""
    if apps is None:
        from django.apps import apps
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("website.HomePage")

    locale = Locale.objects.order_by("pk").first() or Locale.objects.create(language_code="en-gb")
    if HomePage.objects.exists():
        home = HomePage.objects.first()
    else:
        root = Page.objects.filter(depth=1).first()
        if root is None:
            page_ct, _ = ContentType.objects.get_or_create(model="page", app_label="wagtailcore")
            root = Page.objects.create(
                title="Root",
                slug="root",
                content_type=page_ct,
                path="0001",
                depth=1,
                numchild=0,
                url_path="/",
                locale=locale,
            )
        # Wagtail's first migration leaves a placeholder welcome page under the root.
        Page.objects.filter(
            depth=2, content_type__model="page", content_type__app_label="wagtailcore"
        ).delete()
        Site.objects.filter(root_page__depth=2).exclude(
            root_page__content_type__model="homepage"
        ).delete()
        children = Page.objects.filter(depth=2).count()
        home_ct, _ = ContentType.objects.get_or_create(model="homepage", app_label="website")
        home = HomePage.objects.create(
            title=HOME_TITLE,
            draft_title=HOME_TITLE,
            slug="home",
            content_type=home_ct,
            path=f"{root.path}{children + 1:04d}",
            depth=2,
            numchild=0,
            url_path="/home/",
            locale=locale,
            live=True,
            introduction=HOME_INTRODUCTION,
        )
        root.numchild = children + 1
        root.save(update_fields=["numchild"])
    if not Site.objects.exists():
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page_id=home.pk,
            is_default_site=True,
            site_name="Empowering Places",
        )
    return home
