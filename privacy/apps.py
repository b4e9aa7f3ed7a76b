from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"
    verbose_name = "People's rights over their data"

    def ready(self):
        from journeys.extensions import MY_JOURNEY_PANELS

        from .views import my_data_panel

        MY_JOURNEY_PANELS.append(my_data_panel)
