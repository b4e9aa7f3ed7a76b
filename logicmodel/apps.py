from django.apps import AppConfig


class LogicmodelConfig(AppConfig):
    name = "logicmodel"
    verbose_name = "Logic model"
