from django.core.management.base import BaseCommand, CommandError

from logicmodel.content_io import LogicModelFileError, import_and_publish, read_file


class Command(BaseCommand):
    help = "Load a logic model from a JSON or YAML file; a file with any problem is refused whole."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            model = import_and_publish(read_file(file))
        except LogicModelFileError as error:
            raise CommandError(
                f"{file} was not imported; nothing changed. Problems:\n"
                + "\n".join(f"  {p}" for p in error.problems)
            ) from error
        self.stdout.write(self.style.SUCCESS(f"Imported '{model.title}' ({model.slug})."))
