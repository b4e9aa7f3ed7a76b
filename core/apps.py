from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import outbox_handlers  # noqa: F401  registers the email handler
        from .converters import register_converters

        # Before any URLconf is read: several apps' URLs take an "exportformat" (csv or xlsx).
        register_converters()
