"""Site editors keep the list of story themes in the CMS. Stories themselves are personal
data and never appear in the CMS; only their public case study pages do."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Story themes"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug", "position"]
    search_fields = ["name"]
    form_fields = ["name", "slug", "position"]


register_snippet(ThemeViewSet)
