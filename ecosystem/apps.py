from django.apps import AppConfig


class EcosystemConfig(AppConfig):
    name = "ecosystem"
    verbose_name = "Directory"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.pagecache import invalidated_by

        from . import models
        from .selectors import forget_roles

        post_save.connect(forget_roles, sender=models.Membership, dispatch_uid="forget-roles-save")
        post_delete.connect(
            forget_roles, sender=models.Membership, dispatch_uid="forget-roles-delete"
        )

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
