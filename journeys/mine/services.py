"""My journey: what the person supported may change themselves."""

from django.core.exceptions import ValidationError
from django.db import transaction

from journeys.models import Client
from journeys.services import phone_missing


@transaction.atomic
def client_contact_update(
    *, client: Client, user, contact_method: str, phone: str, contact_times: str
) -> Client:
    """The person supported changes how their hub should contact them."""
    client = Client.objects.select_for_update().get(pk=client.pk, user=user)
    phone = (phone or "").strip()
    if phone_missing(contact_method=contact_method, phone=phone):
        raise ValidationError({"phone": "Enter a phone number, so we can contact you that way."})
    client.contact_method = contact_method
    client.phone = phone
    client.contact_times = (contact_times or "").strip()
    client.full_clean()
    client.save()
    return client
