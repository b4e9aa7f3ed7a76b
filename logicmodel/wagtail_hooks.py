"""The logic model's content in the CMS: site editors change it with revisions and preview."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Column, Element, LogicModel, Section


class ElementViewSet(SnippetViewSet):
    model = Element
    icon = "doc-full"
    menu_label = "Elements"
    list_display = ["title", "section", "logic_model", "live"]
    list_filter = ["logic_model", "section__column"]
    search_fields = ["title", "summary"]
    ordering = ["logic_model", "section__position", "position"]


class SectionViewSet(SnippetViewSet):
    model = Section
    icon = "list-ol"
    menu_label = "Sections"
    list_display = ["__str__", "column", "logic_model"]
    list_filter = ["logic_model"]
    ordering = ["logic_model", "position"]


class ColumnViewSet(SnippetViewSet):
    model = Column
    icon = "table"
    menu_label = "Columns"
    list_display = ["title", "logic_model", "position"]
    list_filter = ["logic_model"]
    ordering = ["logic_model", "position"]


class LogicModelViewSet(SnippetViewSet):
    model = LogicModel
    icon = "site"
    menu_label = "Models"
    list_display = ["title", "kind", "place"]


class LogicModelGroup(SnippetViewSetGroup):
    items = (ElementViewSet, SectionViewSet, ColumnViewSet, LogicModelViewSet)
    menu_icon = "table"
    menu_label = "Logic model"
    menu_name = "logic-model"


register_snippet(LogicModelGroup)
