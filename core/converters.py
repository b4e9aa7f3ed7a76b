"""URL converters more than one app's URLs use; registered when the core app is ready."""

from django.urls import register_converter


class OneOf:
    """A path segment that is one of a few fixed words (its regex), passed on as it is."""

    regex = ""

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class ExportFormatConverter(OneOf):
    regex = "csv|xlsx"


def register_converters() -> None:
    register_converter(ExportFormatConverter, "exportformat")
