"""What the account holds about a person, for a copy of their data or its erasure
(see core.personal_data): the account itself, its email addresses and its sign-in methods.
The account belongs to the platform, so it is in a copy or an erasure only when that reaches
everywhere."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from core.personal_data import DataSubject, Section


def _user(subject: DataSubject):
    if not subject.everywhere or subject.user_id is None:
        return None
    return get_user_model().objects.filter(pk=subject.user_id).first()


def export(subject: DataSubject) -> list[Section]:
    """The account, its addresses and how it signs in (never the secrets themselves)."""
    user = _user(subject)
    if user is None:
        return []
    account = Section("account", "Your account")
    account.add(
        [
            ("Email", user.email),
            ("First name", user.first_name),
            ("Last name", user.last_name),
            ("Joined on", user.date_joined),
            ("Last signed in", user.last_login),
            ("Has a password", "Yes" if user.has_usable_password() else "No"),
            (
                "Email addresses",
                [
                    f"{a.email} ({'checked' if a.verified else 'not checked'}"
                    f"{', main' if a.primary else ''})"
                    for a in EmailAddress.objects.filter(user=user)
                ],
            ),
            (
                "Second steps at sign-in",
                [
                    f"{a.get_type_display()} since {a.created_at:%d/%m/%Y}"
                    for a in Authenticator.objects.filter(user=user)
                ],
            ),
        ]
    )
    return [account]


def _sessions_of(user_id: int) -> list[str]:
    """The keys of the signed-in sessions of one account (they are stored encoded)."""
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=500):
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            keys.append(session.session_key)
    return keys


@transaction.atomic
def erase(subject: DataSubject, *, actor=None) -> dict[str, int]:
    """Sign the account out everywhere and delete it with its addresses and sign-in methods."""
    user = _user(subject)
    if user is None:
        return {}
    sessions, _ = Session.objects.filter(session_key__in=_sessions_of(user.pk)).delete()
    addresses, _ = EmailAddress.objects.filter(user=user).delete()
    user.delete()
    return {"accounts": 1, "email addresses": addresses, "signed-in sessions": sessions}
