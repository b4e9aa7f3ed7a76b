"""My journey's form: how the person supported wants their hub to contact them."""

from django import forms

from core.forms import inner_form_helper
from journeys.forms import _radios
from journeys.models import ContactMethod


class ContactForm(forms.Form):
    """The person supported says how they want to be contacted."""

    contact_method = _radios(ContactMethod.choices, "How would you like to be contacted?")
    phone = forms.CharField(label="Phone number", max_length=30, required=False)
    contact_times = forms.CharField(label="Best times", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.helper = inner_form_helper("contact_method", "phone", "contact_times")
