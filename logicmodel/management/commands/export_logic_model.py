from django.core.management.base import BaseCommand, CommandError

from logicmodel.content_io import dump, export_model
from logicmodel.models import LogicModel
from logicmodel.selectors import NATIONAL_MODEL_SLUG


class Command(BaseCommand):
    help = "Write a logic model to standard output as JSON or YAML."

    def add_arguments(self, parser):
        parser.add_argument("--model", default=NATIONAL_MODEL_SLUG, help="The model's slug.")
        parser.add_argument("--format", choices=["json", "yaml"], default="yaml")

    def handle(self, *args, model, format, **options):
        logic_model = (
            LogicModel.objects.filter(slug=model).select_related("place", "derived_from").first()
        )
        if logic_model is None:
            known = ", ".join(LogicModel.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No logic model '{model}'. Known models: {known}.")
        self.stdout.write(dump(export_model(logic_model), format), ending="")
