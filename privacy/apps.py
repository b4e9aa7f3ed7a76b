from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"
    verbose_name = "People's rights over their data"

    def ready(self):
        from journeys.extensions import JOURNEY_PAGE_PANELS, MY_JOURNEY_PANELS

        from .panels import journey_panel, my_data_panel

        if journey_panel not in JOURNEY_PAGE_PANELS:
            JOURNEY_PAGE_PANELS.append(journey_panel)
        if my_data_panel not in MY_JOURNEY_PANELS:
            MY_JOURNEY_PANELS.append(my_data_panel)
