"""A person's rights over their data: what every app answers when asked for a copy or an erasure.

Each app that holds something about a person has a `personal_data.py` with two functions:

- `export(subject) -> list[Section]`: everything it holds about them, as readable sections
  (the copy goes to the person, so never other people's names, nor staff notes written about
  a group they were only part of);
- `erase(subject, *, actor) -> dict[str, int]`: delete or anonymise every row that
  identifies them, keeping only what the figures need, in anonymous form; returns how many
  rows of each kind it changed.

`privacy` (the app at the top) finds the person, calls each app in turn and keeps the
record. The subject says how far a request reaches: one organisation's records, when its
manager acts, or everything the platform holds, when an administrator or the person acts.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

ERASED = "Erased"


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


@dataclass(frozen=True)
class DataSubject:
    """Who a copy or an erasure is about, and how far it reaches.

    organisation_id: only what that organisation holds; None for everything the platform holds.
    The identifiers are what was found when the person was looked up: their account, their
    client records and requests (within the reach), and the words that identify them (for
    checking afterwards that nothing is left).
    """

    email: str = ""
    user_id: int | None = None
    client_ids: frozenset = frozenset()
    request_ids: frozenset = frozenset()
    organisation_id: Any = None
    names: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    postcodes: frozenset[str] = frozenset()

    @property
    def everywhere(self) -> bool:
        return self.organisation_id is None

    @property
    def found(self) -> bool:
        """Whether the reach holds anything about them. Within one organisation an account
        alone does not count: it is the platform's, and a manager must not learn from a
        search that an address has one."""
        if self.everywhere:
            return bool(self.user_id or self.client_ids or self.request_ids)
        return bool(self.client_ids or self.request_ids)

    def identifying_words(self) -> list[str]:
        """What a search for anything left of them looks for."""
        words = {self.email, *self.names, *self.phones, *self.postcodes}
        return sorted(w for w in words if w and len(w) >= 4)


@dataclass
class Section:
    """One part of a copy of someone's data: a heading and its records, each a list of
    (label, value) pairs, in the order they read best."""

    key: str
    title: str
    records: list[list[tuple[str, Any]]] = field(default_factory=list)
    note: str = ""

    def add(self, pairs: Iterable[tuple[str, Any]]) -> None:
        self.records.append([(label, value) for label, value in pairs])

    def readable(self) -> list[list[dict]]:
        """The records as a page shows them: empty values left out, dates in UK form, lists
        and mappings marked as such."""
        return [
            [_readable(label, value) for label, value in record if value not in (None, "", [], {})]
            for record in self.records
        ]

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "note": self.note,
            "records": [
                {label: _json(value) for label, value in record} for record in self.records
            ],
        }


def _readable(label: str, value) -> dict:
    from django.utils import timezone

    if isinstance(value, dict):
        return {"label": label, "kind": "map", "value": [(k, v) for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return {"label": label, "kind": "list", "value": [str(v) for v in value]}
    if hasattr(value, "hour"):
        value = timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    elif hasattr(value, "isoformat"):
        value = value.strftime("%d/%m/%Y")
    return {"label": label, "kind": "text", "value": str(value)}


def _json(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


@dataclass
class ExportFile:
    """A file to go into the copy beside the report (a story's picture)."""

    name: str
    storage: Any
    path: str


# The outbox: emails sent to the person ----------------------------------------------------


def export(subject: DataSubject) -> list[Section]:
    """Emails the platform sent (or is about to send) to their address."""
    from .models import OutboxMessage

    if not subject.everywhere or not subject.email:
        return []
    section = Section(
        "emails",
        "Emails we sent you",
        note="Sent emails are deleted 30 days after they go out.",
    )
    for message in OutboxMessage.objects.filter(payload__to__icontains=subject.email).order_by(
        "created_at"
    ):
        if subject.email not in [normalise_email(a) for a in message.payload.get("to", [])]:
            continue
        section.add(
            [
                ("Subject", message.payload.get("subject", "")),
                ("Written on", message.created_at),
                ("State", message.get_state_display()),
                ("Sent on", message.delivered_at),
                ("Message", message.payload.get("body", "")),
            ]
        )
    return [section]


def erase(subject: DataSubject, *, actor=None) -> dict[str, int]:
    """Delete every email to their address, sent or waiting."""
    from .models import OutboxMessage

    if not subject.everywhere or not subject.email:
        return {}
    ids = [
        m.pk
        for m in OutboxMessage.objects.filter(payload__to__icontains=subject.email)
        if subject.email in [normalise_email(a) for a in m.payload.get("to", [])]
    ]
    deleted, _ = OutboxMessage.objects.filter(pk__in=ids).delete()
    return {"emails": deleted}
