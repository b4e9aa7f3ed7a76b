from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = "Accounts"

    def ready(self):
        from . import receivers  # noqa: F401  connects the sign-in receivers
