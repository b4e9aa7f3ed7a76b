"""Writes for people's data rights: copies of their data, erasure, and keeping things no longer
than needed.

A copy is asked for in one transaction and built by Celery after commit (privacy.tasks); if
the broker is down the row waits and the sweep builds it. A worker claims a copy with a lease,
builds it with no transaction open, and records the outcome only while the lease is its own.
"""

import io
import json
import logging
import zipfile
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from core.personal_data import DataSubject
from core.references import new_reference
from ecosystem.models import Membership
from journeys.models import Journey
from journeys.personal_data import (
    access_log_export,
    clients_anonymise,
    journeys_anonymise,
    requests_anonymise,
)
from journeys.services import access_log_record
from referrals.personal_data import organisations_told, referrals_anonymise_for_journeys
from stories.personal_data import stories_anonymise_for_journeys

from .access import Scope
from .models import DataExport, Erasure, email_fingerprint
from .registry import APPS, ERASE_ORDER
from .selectors import subject_find, subject_label

logger = logging.getLogger(__name__)

Status = DataExport.Status
LEASE = timedelta(minutes=10)
WAIT_BEFORE_SWEEP = timedelta(seconds=60)
MAX_ATTEMPTS = 3

WENT_WRONG = "Something went wrong while making the copy. Please ask for it again."
GAVE_UP = "The copy could not be made after several tries. Please ask for it again."
NOT_FOUND_ANY_MORE = "The person's records are no longer there: they may have been erased."


def _scope_of(export: DataExport) -> Scope:
    return Scope(None if export.for_self else export.organisation)


@transaction.atomic
def export_request(*, scope: Scope, query: str, actor, for_self: bool = False) -> DataExport:
    """Ask for a copy of everything the scope holds about the person the query finds; it is
    built in the background after commit."""
    subject = subject_find(query, scope)
    if subject is None:
        raise ValidationError({"query": "We found nobody with that address or reference here."})
    export = DataExport.objects.create(
        organisation=scope.organisation,
        query=query.strip(),
        subject_label=subject_label(subject),
        for_self=for_self,
        requested_by=actor,
    )
    transaction.on_commit(lambda: export_relay(export_id=export.pk))
    return export


def export_relay(*, export_id) -> bool:
    """Hand one copy to Celery; a broker failure is logged and left to the sweep."""
    from .tasks import build_export

    try:
        build_export.apply_async(args=[str(export_id)], retry=False)
    except Exception:  # the broker is down: the sweep will build it later
        logger.warning("Export relay failed for %s; the sweep will build it.", export_id)
        return False
    return True


def _claim(export_id) -> DataExport | None:
    now = timezone.now()
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                Q(status=Status.WAITING) | Q(status=Status.BUILDING, started_at__lte=now - LEASE),
                pk=export_id,
            )
            .select_related("organisation")
            .first()
        )
        if export is None:
            return None
        if export.attempts >= MAX_ATTEMPTS:
            _finish(export, status=Status.FAILED, error=GAVE_UP)
            return None
        export.status = Status.BUILDING
        export.started_at = now
        export.progress = 5
        export.attempts += 1
        export.save(update_fields=["status", "started_at", "progress", "attempts"])
    return export


def _ours(export: DataExport):
    return DataExport.objects.filter(
        pk=export.pk, status=Status.BUILDING, started_at=export.started_at
    )


def _finish(export: DataExport, **fields) -> None:
    for name, value in fields.items():
        setattr(export, name, value)
    export.save(update_fields=list(fields))


def export_sections(subject: DataSubject, *, progress=None) -> list:
    """Every app's sections about the person, in reading order."""
    sections = []
    for n, module in enumerate(APPS, start=1):
        sections.extend(s for s in module.export(subject) if s.records)
        if progress is not None:
            progress(5 + int(80 * n / len(APPS)))
    return sections


def export_zip(subject: DataSubject, *, scope: Scope, made_at, progress=None) -> bytes:
    """The copy itself: a readable report, the same as JSON, and the pictures."""
    sections = export_sections(subject, progress=progress)
    access = access_log_section(subject)
    if access.records:
        sections.append(access)
    context = {
        "sections": sections,
        "scope": scope,
        "made_at": made_at,
        "subject": subject,
        "settings": settings,
    }
    data = {
        "made_at": made_at.isoformat(),
        "held_by": scope.name,
        "sections": {s.key: s.as_json() for s in sections},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("report.html", render_to_string("privacy/export_report.html", context))
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        for module in APPS:
            for item in getattr(module, "files", lambda s: [])(subject):
                try:
                    with item.storage.open(item.path, "rb") as handle:
                        archive.writestr(item.name, handle.read())
                except OSError:
                    logger.warning("A picture for a copy was missing: %s", item.path)
    return buffer.getvalue()


def access_log_section(subject: DataSubject):
    return access_log_export(subject)


def export_build(*, export_id) -> bool:
    """Build one copy if it is waiting (or its worker died); harmless to run twice."""
    export = _claim(export_id)
    if export is None:
        return False
    scope = _scope_of(export)
    try:
        subject = subject_find(export.query, scope)
        if subject is None:
            _ours(export).update(status=Status.FAILED, error=NOT_FOUND_ANY_MORE)
            return False
        now = timezone.now()
        content = export_zip(
            subject,
            scope=scope,
            made_at=now,
            progress=lambda value: _ours(export).update(progress=value),
        )
    except Exception:
        logger.exception("Building copy %s failed", export.pk)
        _ours(export).update(status=Status.FAILED, error=WENT_WRONG)
        return False
    with transaction.atomic():
        current = _ours(export).select_for_update().first()
        if current is None:  # the lease ran out and another worker took it over
            return False
        current.file.save(current.filename, ContentFile(content), save=False)
        current.status = Status.READY
        current.progress = 100
        current.ready_at = now
        current.expires_at = now + timedelta(days=settings.DATA_EXPORT_KEEP_DAYS)
        current.save()
    return True


def export_due_ids() -> list:
    """Copies waiting longer than the relay should take, or whose worker's lease ran out."""
    now = timezone.now()
    return list(
        DataExport.objects.filter(
            Q(status=Status.WAITING, requested_at__lte=now - WAIT_BEFORE_SWEEP)
            | Q(status=Status.BUILDING, started_at__lte=now - LEASE)
        ).values_list("pk", flat=True)
    )


def export_downloaded(*, export: DataExport, actor) -> None:
    """Count a download and put it in the access log of the organisation that holds the records."""
    now = timezone.now()
    DataExport.objects.filter(pk=export.pk).update(
        downloads=F("downloads") + 1, last_downloaded_at=now
    )
    subject = subject_find(export.query, _scope_of(export))
    if subject is not None:
        access_log_record(
            user=actor,
            kind="export",
            object_id=export.pk,
            client_ids=subject.client_ids,
            organisation_id=export.organisation_id,
        )


def exports_expire(*, now=None) -> int:
    """Delete the files of copies past their time, and forget whom they were about."""
    now = now or timezone.now()
    expired = list(
        DataExport.objects.filter(
            Q(expires_at__lte=now) | Q(status=Status.FAILED, requested_at__lte=now - LEASE * 6)
        ).exclude(status=Status.EXPIRED)
    )
    for export in expired:
        _forget(export)
    return len(expired)


def _forget(export: DataExport) -> None:
    if export.file:
        name, storage = export.file.name, export.file.storage
        transaction.on_commit(lambda: storage.delete(name))
    DataExport.objects.filter(pk=export.pk).update(
        status=Status.EXPIRED, file="", query="", subject_label="", progress=0
    )


# Erasure ----------------------------------------------------------------------------


def erase_blockers(subject: DataSubject) -> list[str]:
    """Reasons this erasure cannot be done here (an empty list when it can)."""
    reasons = []
    if subject.everywhere and subject.user_id is not None:
        if Membership.objects.filter(user_id=subject.user_id).exists():
            reasons.append(
                "This account works for an organisation. Take them off its team first; "
                "their work records are the organisation's, not a request of this kind."
            )
        if get_user_model().objects.filter(pk=subject.user_id, is_superuser=True).exists():
            reasons.append("This is an administrator's account: it cannot be erased here.")
    return reasons


def person_erase(
    *, subject: DataSubject, scope: Scope, actor, how_asked: str, asked_on: date
) -> Erasure:
    """Erase everything the scope holds about the person, keep the anonymous record of it, and
    tell the other organisations their referrals reached."""
    if scope.organisation_id != subject.organisation_id:
        raise PermissionDenied("The person was looked up in other records.")
    blockers = erase_blockers(subject)
    if blockers:
        raise ValidationError(blockers)
    if how_asked not in Erasure.HowAsked.values:
        raise ValidationError({"how_asked": "Say how they asked."})
    with transaction.atomic():
        told = organisations_told(subject)
        counts = {}
        for module in ERASE_ORDER:
            for label, number in module.erase(subject, actor=actor).items():
                counts[label] = counts.get(label, 0) + number
        counts["copies of their data"] = _exports_about(subject)
        erasure = Erasure.objects.create(
            reference=new_reference(Erasure, "ER-"),
            organisation=scope.organisation,
            everywhere=scope.everywhere,
            email_fingerprint=email_fingerprint(subject.email) if subject.email else "",
            how_asked=how_asked,
            asked_on=asked_on,
            done_by=actor,
            counts={k: v for k, v in counts.items() if v},
            organisations_told=told,
        )
        access_log_record(
            user=actor,
            kind="erasure",
            object_id=erasure.pk,
            client_ids=subject.client_ids,
            organisation_id=scope.organisation_id,
        )
    return erasure


def _exports_about(subject: DataSubject) -> int:
    """Delete the copies made of the person's data: they hold everything that was erased."""
    copies = DataExport.objects.exclude(status=Status.EXPIRED)
    if not subject.everywhere:
        copies = copies.filter(organisation_id=subject.organisation_id, for_self=False)
    mine = Q(requested_by_id=subject.user_id, for_self=True) if subject.user_id else Q(pk=None)
    ids = [subject.email, *map(str, subject.client_ids)]
    deleted = 0
    for export in copies.filter(Q(query__in=[i for i in ids if i]) | mine):
        _forget(export)
        deleted += 1
    for export in copies.exclude(Q(query__in=ids) | mine).exclude(query=""):
        # A copy found by a reference: look again at whom it was about.
        found = subject_find(export.query, _scope_of(export))
        if (
            found is None
            or found.client_ids & subject.client_ids
            or (subject.email and found.email == subject.email)
        ):
            _forget(export)
            deleted += 1
    return deleted


# Retention --------------------------------------------------------------------------


def retention_apply(*, today: date | None = None) -> dict[str, int]:
    """Anonymise journeys closed longer ago than RETENTION_CLOSED_JOURNEY_DAYS, with their
    stories and referrals; then the client records and requests left with nothing open."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.RETENTION_CLOSED_JOURNEY_DAYS)
    due = list(
        Journey.objects.filter(status=Journey.Status.CLOSED, closed_on__lt=cutoff)
        .exclude(venture_name="Erased")
        .values_list("pk", "client_id", "request_id")
    )
    if not due:
        return {}
    journey_ids = [pk for pk, _, _ in due]
    with transaction.atomic():
        counts = {}
        counts.update(stories_anonymise_for_journeys(journey_ids))
        counts.update(referrals_anonymise_for_journeys(journey_ids))
        counts.update(journeys_anonymise(journey_ids))
        client_ids = {client for _, client, _ in due}
        still_open = set(
            Journey.objects.filter(client_id__in=client_ids)
            .exclude(status=Journey.Status.CLOSED, closed_on__lt=cutoff)
            .values_list("client_id", flat=True)
        )
        counts["client records"] = clients_anonymise(client_ids - still_open)
        counts.update(requests_anonymise([r for _, _, r in due if r]))
    return {k: v for k, v in counts.items() if v}
