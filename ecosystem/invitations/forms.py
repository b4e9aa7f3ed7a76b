"""The form for inviting someone to an organisation's team."""

from django import forms

from core.forms import inner_form_helper
from ecosystem.forms import EMAIL_INVALID
from ecosystem.models import Membership


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Their email address",
        help_text="They must sign in, or create an account, with this address to accept.",
        error_messages={
            "required": "Enter the email address to send the invitation to.",
            **EMAIL_INVALID,
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Membership.Role.choices,
        initial=Membership.Role.STAFF,
        widget=forms.RadioSelect,
        help_text="Managers can also change the organisation's details, services and team.",
        error_messages={"invalid_choice": "Choose staff or manager."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.helper = inner_form_helper("email", "role")
