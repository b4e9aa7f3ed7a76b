"""Site editors keep the model's assumption checks in the CMS: which assumption each rule
tests against live data, and how (insights.assumptions runs them)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import AssumptionRule


class AssumptionRuleViewSet(SnippetViewSet):
    model = AssumptionRule
    icon = "tick"
    menu_label = "Assumption checks"
    list_display = ["assumption_summary", "kind", "parameters", "is_active"]
    list_filter = ["kind", "is_active"]
    ordering = ["assumption__section__position", "assumption__sort_order", "created_at"]

    def get_queryset(self, request):
        return AssumptionRule.objects.select_related("assumption")


class InsightsGroup(SnippetViewSetGroup):
    items = (AssumptionRuleViewSet,)
    menu_icon = "view"
    menu_label = "Insights"
    menu_name = "insights"
    menu_order = 310


register_snippet(InsightsGroup)
