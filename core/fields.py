import uuid

from django.db import models


class UUIDField(models.UUIDField):
    """A UUID stored with hyphens where the database has no UUID type (SQLite).

    Wagtail's search index records each object's id as str(pk); Django's own
    UUIDField keeps 32 bare hex digits on SQLite, so search results never match
    there. PostgreSQL stores a native uuid either way.
    """

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        if not isinstance(value, uuid.UUID):
            value = self.to_python(value)
        if connection.features.has_native_uuid_field:
            return value
        return str(value)


def uuid_primary_key():
    return UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
