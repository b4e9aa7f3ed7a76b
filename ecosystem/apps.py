from django.apps import AppConfig


class EcosystemConfig(AppConfig):
    name = "ecosystem"
    verbose_name = "Directory"

    def ready(self):
        from core.pagecache import invalidated_by

        from . import models

        # What the public directory and the ORUK API show.
        invalidated_by(
            models.Place,
            models.Organisation,
            models.OrganisationIdentifier,
            models.Taxonomy,
            models.TaxonomyTerm,
            models.Language,
            models.Location,
            models.Service,
            models.ServiceAtLocation,
            models.Schedule,
        )
