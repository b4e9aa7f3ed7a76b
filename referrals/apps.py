from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Referrals"

    def ready(self):
        from journeys.extensions import JOURNEY_PAGE_PANELS, MY_JOURNEY_PANELS

        from .panels import journey_panel, my_journey_panel

        if journey_panel not in JOURNEY_PAGE_PANELS:
            JOURNEY_PAGE_PANELS.append(journey_panel)
        if my_journey_panel not in MY_JOURNEY_PANELS:
            MY_JOURNEY_PANELS.append(my_journey_panel)
