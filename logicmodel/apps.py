from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LogicmodelConfig(AppConfig):
    name = "logicmodel"
    verbose_name = "Logic model"

    def ready(self):
        from . import signals  # noqa: F401
        from .search import index_live_elements

        post_migrate.connect(index_live_elements, sender=self, dispatch_uid="logicmodel.index")
