from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = "Insights"

    def ready(self):
        from core.pagecache import invalidated_by
        from logicmodel.extensions import ELEMENT_PAGE_PANELS, MODEL_TABLE_EVIDENCE

        from .model_table import model_table_evidence
        from .models import AssumptionRule
        from .panels import element_panel

        invalidated_by(AssumptionRule)
        if element_panel not in ELEMENT_PAGE_PANELS:
            ELEMENT_PAGE_PANELS.append(element_panel)
        if model_table_evidence not in MODEL_TABLE_EVIDENCE:
            MODEL_TABLE_EVIDENCE.append(model_table_evidence)
