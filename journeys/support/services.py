"""Asking for support: keeping a request, linking it to the person's account, telling the hubs."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.references import new_reference
from ecosystem.models import TaxonomyTerm
from journeys.models import (
    PRIVACY_NOTICE_VERSION,
    SENSITIVE_BARRIERS,
    Barrier,
    EqualityMonitoring,
    SupportRequest,
)
from journeys.selectors import hubs_serving
from journeys.services import (
    _email,
    _link,
    _place_from_postcode,
    _team_emails,
    group_name_missing,
    phone_missing,
)


@dataclass
class RequestAnswers:
    """What a person typed into the "ask for support" form, already tidied by the form."""

    kind: str
    name: str
    email: str
    contact_method: str
    postcode: str
    idea: str
    stage: str
    consent: bool
    group_name: str = ""
    phone: str = ""
    contact_times: str = ""
    business_type: TaxonomyTerm | None = None
    help_wanted: list[TaxonomyTerm] = field(default_factory=list)
    help_details: str = ""
    barriers: list[str] = field(default_factory=list)
    sensitive_barriers: list[str] = field(default_factory=list)
    sensitive_consent: bool = False
    equality: dict | None = None  # answers given under the equality consent, or None


def _account_for(email: str):
    """The account a request is linked to, so the person can follow it: or None.

    Only an account that has proved it owns the address (a verified address), or one
    nobody has ever signed in to with a proved address (so only the owner of this
    address can, by an emailed code), is linked. An address someone merely typed into
    their own account never links them to another person's request.
    """
    from allauth.account.models import EmailAddress

    User = get_user_model()
    verified = (
        EmailAddress.objects.filter(email__iexact=email, verified=True)
        .select_related("user")
        .first()
    )
    if verified is not None:
        return verified.user
    claimed = set(
        EmailAddress.objects.filter(email__iexact=email).values_list("user_id", flat=True)
    ) | set(User.objects.filter(email__iexact=email).values_list("pk", flat=True))
    unproven = User.objects.filter(pk__in=claimed).exclude(emailaddress__verified=True).first()
    if unproven is not None:
        user = unproven
    elif claimed:
        return None  # the address belongs to a proved account elsewhere: link nobody
    else:
        user = User(email=email)
        user.set_unusable_password()
        user.save()
    if not EmailAddress.objects.filter(user=user, email__iexact=email).exists():
        has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
        EmailAddress.objects.create(user=user, email=email, primary=not has_primary, verified=False)
    return user


def sensitive_consent_missing(*, sensitive_barriers: list[str], sensitive_consent: bool) -> bool:
    """Whether health or faith answers were ticked without the consent that lets us keep them."""
    return bool(sensitive_barriers) and not sensitive_consent


def _check_answers(answers: RequestAnswers) -> None:
    errors = {}
    if not answers.consent:
        errors["consent"] = "Tick the box to say we may keep your details, so we can help you."
    unknown = set(answers.barriers) - {b.value for b in Barrier if b not in SENSITIVE_BARRIERS}
    if unknown:
        errors["barriers"] = "Choose from the list."
    if set(answers.sensitive_barriers) - set(SENSITIVE_BARRIERS):
        errors["sensitive_barriers"] = "Choose from the list."
    if sensitive_consent_missing(
        sensitive_barriers=answers.sensitive_barriers, sensitive_consent=answers.sensitive_consent
    ):
        errors["sensitive_consent"] = (
            "Tick the box to let us keep this, or untick the answers above it."
        )
    if group_name_missing(kind=answers.kind, group_name=answers.group_name):
        errors["group_name"] = "Enter the group's name, or choose “a person”."
    if phone_missing(contact_method=answers.contact_method, phone=answers.phone):
        errors["phone"] = "Enter a phone number, so we can contact you that way."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def support_request_submit(
    *, answers: RequestAnswers, base_url: str, suspected_spam: bool = False
) -> SupportRequest:
    """Keep a request for support, link it to the person's account and tell them and the hubs."""
    _check_answers(answers)
    postcode, place, gss_code = _place_from_postcode(answers.postcode)
    email = answers.email.strip().lower()
    now = timezone.now()
    request = SupportRequest(
        reference=new_reference(SupportRequest, "EP-"),
        kind=answers.kind,
        name=answers.name.strip(),
        group_name=answers.group_name.strip() if answers.kind == "group" else "",
        email=email,
        phone=answers.phone.strip(),
        contact_method=answers.contact_method,
        contact_times=answers.contact_times.strip(),
        postcode=postcode,
        place=place,
        local_authority_code=gss_code,
        idea=answers.idea.strip(),
        business_type=answers.business_type,
        stage=answers.stage,
        help_details=answers.help_details.strip(),
        barriers=list(answers.barriers),
        sensitive_barriers=list(answers.sensitive_barriers) if answers.sensitive_consent else [],
        sensitive_consent_at=now if answers.sensitive_barriers else None,
        consented_at=now,
        privacy_notice_version=PRIVACY_NOTICE_VERSION,
        suspected_spam=suspected_spam,
    )
    request.full_clean(exclude=["user"])
    # A flood (see journeys.support.views) is kept for triage, but makes no account and sends no
    # email, so the form cannot be used to send mail to strangers.
    request.user = None if suspected_spam else _account_for(email)
    request.save()
    request.help_wanted.set(answers.help_wanted)
    if answers.equality is not None:
        EqualityMonitoring.objects.create(request=request, consented_at=now, **answers.equality)

    if suspected_spam:
        return request
    context = {
        "request": request,
        "sign_in_link": _link(base_url, "account_request_login_code"),
        "my_journey_link": _link(base_url, "my:journey"),
    }
    _email("request_received", context, [email])
    hubs = list(hubs_serving(place))
    team = _team_emails(hubs) if hubs else _admin_emails()
    _email(
        "request_waiting",
        {"request": request, "hubs": hubs, "link": _link(base_url, "triage:inbox")},
        team,
    )
    return request


def _admin_emails() -> list[str]:
    User = get_user_model()
    return list(
        User.objects.filter(is_superuser=True, is_active=True).values_list("email", flat=True)
    )
