from django.urls import path

from . import views
from .local_models import views as local_models_views

app_name = "logicmodel"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:model_slug>/", views.model_detail, name="model"),
    path("<slug:model_slug>/guide/", views.guide, name="guide"),
    path("<slug:model_slug>/search/", views.search, name="search"),
    path("<slug:model_slug>/compare/", local_models_views.compare, name="compare"),
    path("<slug:model_slug>/export.<str:fmt>", views.export, name="export"),
    path("<slug:model_slug>/<slug:column_slug>/", views.column, name="column"),
    path(
        "<slug:model_slug>/<slug:column_slug>/<slug:element_slug>/",
        views.element,
        name="element",
    ),
    path(
        "<slug:model_slug>/<slug:column_slug>/<slug:element_slug>/checklist.pdf",
        views.checklist_pdf,
        name="checklist_pdf",
    ),
]
