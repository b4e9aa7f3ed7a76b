from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LogicmodelConfig(AppConfig):
    name = "logicmodel"
    verbose_name = "Logic model"

    def ready(self):
        from core.pagecache import invalidated_by

        from . import models, signals  # noqa: F401
        from .search import index_live_elements

        invalidated_by(
            models.LogicModel,
            models.Column,
            models.Section,
            models.Assumption,
            models.FoundationStatement,
            models.Element,
            models.Example,
            models.ChecklistItem,
            models.Resource,
        )
        post_migrate.connect(index_live_elements, sender=self, dispatch_uid="logicmodel.index")
