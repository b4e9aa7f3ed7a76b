"""The themes every site starts with; site editors add more in the CMS."""

DEFAULT_THEMES = [
    ("creative", "Creative"),
    ("environmental", "Environmental"),
    ("social-care", "Social care"),
    ("food", "Food"),
    ("retail", "Retail"),
    ("digital", "Digital"),
    ("community-spaces", "Community spaces"),
    ("skills-and-work", "Skills and work"),
]


def ensure_default_themes(apps=None):
    """Create the default themes that are missing (idempotent; also after a test flush)."""
    if apps is None:
        from django.apps import apps
    Theme = apps.get_model("stories", "Theme")
    for position, (slug, name) in enumerate(DEFAULT_THEMES):
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
