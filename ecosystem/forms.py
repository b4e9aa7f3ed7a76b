"""Forms for managing an organisation's directory entry and its team.

They are plain forms: they check what was typed and hand the service functions
(ecosystem.services) clean values; the services decide and save. Layouts are crispy
Bootstrap 5, rendered inside the page's own <form> so a form and its formsets post together.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field
from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from core.forms import Heading, error_list, inner_form_helper  # noqa: F401  (error_list is used by views)

from .models import (
    BUSINESS_TYPES,
    SUPPORT_TYPES,
    Language,
    Location,
    Membership,
    Organisation,
    OrganisationIdentifier,
    Place,
    Schedule,
    Service,
)
from .selectors import activity_terms, terms_of
from .services import (
    LOCATION_FIELDS,
    ORGANISATION_MANAGER_FIELDS,
    SERVICE_FIELDS,
    Identifier,
    OpeningTime,
    organisation_identifier_normalise,
)

EMAIL_INVALID = {"invalid": "Enter an email address like name@example.org."}
URL_INVALID = {"invalid": "Enter a web address like https://www.example.org."}
TIME_INVALID = {"invalid": "Enter a time on the 24-hour clock, like 09:30 or 17:00."}


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices, label="Role")


def _helper(*layout) -> FormHelper:
    return inner_form_helper(*layout)


def _model_field(model, name: str, **kwargs):
    """The form field Django would make for a model field (label, length, help), with changes."""
    return model._meta.get_field(name).formfield(**kwargs)


def make_read_only(*forms_or_formsets) -> None:
    """Show forms without letting anyone change them (for staff, who read but do not write)."""
    for item in forms_or_formsets:
        for form in getattr(item, "forms", [item]):
            for field in form.fields.values():
                field.disabled = True


def _remove_box(form) -> list:
    """The formset's "remove" tick box, on rows that have one (saved rows, not new ones)."""
    return [Div("DELETE", css_class="col-12")] if "DELETE" in form.fields else []


class RemovableRowsFormSet(forms.BaseFormSet):
    """Saved rows get a "Remove" tick box; new, empty rows do not need one."""

    removal_label = "Remove"

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.removal_label


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


# An organisation --------------------------------------------------------------------


class OrganisationForm(forms.Form):
    name = _model_field(
        Organisation, "name", error_messages={"required": "Enter the organisation's name."}
    )
    description = _model_field(
        Organisation,
        "description",
        help_text="What the organisation does and who for, in plain words.",
    )
    legal_form = forms.ChoiceField(
        label="Legal form",
        choices=[("", "Not given"), *Organisation.LegalForm.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a legal form from the list."},
    )
    places = forms.ModelMultipleChoiceField(
        label="Places it serves",
        queryset=Place.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose places from the list."},
    )
    website = _model_field(
        Organisation, "website", assume_scheme="https", error_messages=URL_INVALID
    )
    email = _model_field(Organisation, "email", error_messages=EMAIL_INVALID)
    phone = _model_field(Organisation, "phone", label="Phone number")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].widget.attrs["rows"] = 5
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.helper = _helper(
            Heading(2, "About the organisation", "h4 mt-2"),
            "name",
            "description",
            "legal_form",
            Div("places", css_class="choice-columns"),
            Heading(2, "Contact", "h4 mt-4"),
            "website",
            "email",
            "phone",
        )

    def service_arguments(self) -> dict:
        """The cleaned values as organisation_update takes them."""
        data = self.cleaned_data
        return {
            "fields": {name: data[name] for name in ORGANISATION_MANAGER_FIELDS},
            "places": list(data["places"]),
        }


class IdentifierForm(forms.Form):
    scheme = forms.ChoiceField(
        label="Register",
        choices=[("", "Choose a register"), *OrganisationIdentifier.Scheme.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a register from the list."},
    )
    identifier = forms.CharField(label="Number", max_length=40, required=False)

    @property
    def helper(self) -> FormHelper:
        return _helper(
            Div(
                Div("scheme", css_class="col-md-7"),
                Div("identifier", css_class="col-md-5"),
                *_remove_box(self),
                css_class="row",
            )
        )

    def clean(self):
        data = super().clean()
        scheme, identifier = data.get("scheme"), data.get("identifier", "")
        if scheme and not identifier.strip():
            self.add_error("identifier", "Enter the number, or remove this row.")
        elif identifier.strip() and not scheme:
            self.add_error("scheme", "Choose the register this number is on.")
        elif scheme:
            try:
                data["identifier"] = organisation_identifier_normalise(
                    scheme=scheme, identifier=identifier
                )
            except ValidationError as error:
                self.add_error(None, error)
        return data


class BaseIdentifierFormSet(RemovableRowsFormSet):
    removal_label = "Remove this number"
    row_name = "Registration number"

    def clean(self):
        seen = set()
        for form in self.forms:
            if self._should_delete_form(form) or not hasattr(form, "cleaned_data"):
                continue
            scheme = form.cleaned_data.get("scheme")
            if scheme and scheme in seen:
                form.add_error("scheme", "You have given a number for this register already.")
            seen.add(scheme)

    def identifiers(self) -> list[Identifier]:
        return [
            Identifier(form.cleaned_data["scheme"], form.cleaned_data["identifier"])
            for form in self.forms
            if not self._should_delete_form(form) and form.cleaned_data.get("scheme")
        ]


IdentifierFormSet = formset_factory(
    IdentifierForm,
    formset=BaseIdentifierFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=10,
)


def identifier_formset(data, organisation: Organisation):
    initial = [
        {"scheme": i.scheme, "identifier": i.identifier} for i in organisation.identifiers.all()
    ]
    return IdentifierFormSet(data, initial=initial, prefix="identifiers")


def organisation_form(data, organisation: Organisation) -> OrganisationForm:
    initial = {name: getattr(organisation, name) for name in ORGANISATION_MANAGER_FIELDS}
    initial["places"] = [p.pk for p in organisation.places.all()]
    return OrganisationForm(data, initial=initial)


# A service --------------------------------------------------------------------------


class ServiceForm(forms.Form):
    name = _model_field(Service, "name", error_messages={"required": "Enter the service's name."})
    description = _model_field(
        Service,
        "description",
        label="What it is",
        help_text="What someone gets from it, in plain words.",
        error_messages={"required": "Say what the service is."},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=Service.Status.choices,
        help_text="Only active and temporarily closed services are listed in the directory.",
        error_messages={"invalid_choice": "Choose a status from the list."},
    )
    support_types = forms.ModelMultipleChoiceField(
        label="Type of support",
        queryset=terms_of(SUPPORT_TYPES),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one type of support, so people can find it.",
            "invalid_choice": "Choose types of support from the list.",
        },
    )
    in_kind_offer = forms.ChoiceField(
        label="Is it an in-kind offer?",
        choices=Service.InKindOffer.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose an answer from the list."},
    )
    eligibility = _model_field(Service, "eligibility", label="Who it is for")
    minimum_age = forms.IntegerField(
        label="Youngest age it is for",
        required=False,
        min_value=0,
        max_value=150,
        help_text="In years. Leave it blank if there is no lower age limit.",
        error_messages={
            "invalid": "Enter the age as a whole number of years, for example 16.",
            "min_value": "The age cannot be below 0.",
            "max_value": "Enter an age of 150 or below.",
        },
    )
    maximum_age = forms.IntegerField(
        label="Oldest age it is for",
        required=False,
        min_value=0,
        max_value=150,
        help_text="In years. Leave it blank if there is no upper age limit.",
        error_messages={
            "invalid": "Enter the age as a whole number of years, for example 25.",
            "min_value": "The age cannot be below 0.",
            "max_value": "Enter an age of 150 or below.",
        },
    )
    business_types = forms.ModelMultipleChoiceField(
        label="Kinds of business it is for",
        queryset=terms_of(BUSINESS_TYPES),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave them all unticked if it serves every kind of business.",
        error_messages={"invalid_choice": "Choose kinds of business from the list."},
    )
    activities = forms.ModelMultipleChoiceField(
        label="Which of the model's activities it delivers",
        queryset=activity_terms(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Optional: this links the service to the Empowering Places model.",
        error_messages={"invalid_choice": "Choose activities from the list."},
    )
    is_free = forms.TypedChoiceField(
        label="Is it free?",
        choices=[("yes", "Yes, it is free"), ("no", "No, there is a charge")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it is free."},
    )
    fees_description = _model_field(
        Service,
        "fees_description",
        label="What it costs",
        help_text="If there is a charge: how much, and whether help with it is available.",
    )
    delivery_mode = forms.ChoiceField(
        label="How it is delivered",
        choices=Service.DeliveryMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how it is delivered."},
    )
    languages = forms.ModelMultipleChoiceField(
        label="Languages it is offered in",
        queryset=Language.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose languages from the list."},
    )
    capacity = forms.ChoiceField(
        label="Is it taking new people?",
        choices=Service.Capacity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it is taking new people."},
    )
    accessibility = _model_field(
        Service,
        "accessibility",
        help_text="Anything that makes it easier to use: interpreters, large print, a quiet room...",
    )
    locations = forms.ModelMultipleChoiceField(
        label="Where it is offered",
        queryset=Location.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Your organisation's locations. Leave them unticked if it is only online or by phone.",
        error_messages={"invalid_choice": "Choose from your organisation's own locations."},
    )
    url = _model_field(Service, "url", assume_scheme="https", error_messages=URL_INVALID)
    email = _model_field(Service, "email", error_messages=EMAIL_INVALID)
    phone = _model_field(Service, "phone", label="Phone number")

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = organisation.locations.order_by("name")
        for name in ("description", "eligibility", "fees_description", "accessibility"):
            self.fields[name].widget.attrs["rows"] = 3
        self.helper = _helper(
            Heading(2, "What it is", "h4 mt-2"),
            "name",
            "description",
            "status",
            Div("support_types", css_class="choice-columns"),
            "in_kind_offer",
            Div("activities", css_class="choice-columns"),
            Heading(2, "Who it is for", "h4 mt-4"),
            "eligibility",
            "minimum_age",
            "maximum_age",
            Div("business_types", css_class="choice-columns"),
            Heading(2, "Cost", "h4 mt-4"),
            "is_free",
            "fees_description",
            Heading(2, "How it is delivered", "h4 mt-4"),
            "delivery_mode",
            Div("languages", css_class="choice-columns"),
            "capacity",
            "accessibility",
            Heading(2, "Where", "h4 mt-4"),
            "locations",
            Heading(2, "Contact", "h4 mt-4"),
            "url",
            "email",
            "phone",
        )

    def clean(self):
        data = super().clean()
        if data.get("is_free") is False and not data.get("fees_description", "").strip():
            self.add_error("fees_description", "Say what it costs, or choose that it is free.")
        youngest, oldest = data.get("minimum_age"), data.get("maximum_age")
        if youngest is not None and oldest is not None and youngest > oldest:
            self.add_error("maximum_age", "The oldest age cannot be below the youngest age.")
        return data

    def service_arguments(self) -> dict:
        """The cleaned values as service_create and service_update take them."""
        data = self.cleaned_data
        return {
            "fields": {name: data[name] for name in SERVICE_FIELDS},
            "support_types": list(data["support_types"]),
            "business_types": list(data["business_types"]),
            "activities": list(data["activities"]),
            "languages": list(data["languages"]),
            "locations": list(data["locations"]),
        }


def service_form(data, organisation: Organisation, service: Service | None = None):
    if service is None:
        initial = {"status": Service.Status.ACTIVE, "capacity": Service.Capacity.OPEN}
        initial |= {"delivery_mode": Service.DeliveryMode.IN_PERSON, "is_free": "yes"}
    else:
        initial = {name: getattr(service, name) for name in SERVICE_FIELDS}
        initial["is_free"] = "yes" if service.is_free else "no"
        for name in ("support_types", "business_types", "activities", "languages", "locations"):
            initial[name] = [obj.pk for obj in getattr(service, name).all()]
    return ServiceForm(data, initial=initial, organisation=organisation)


class OpeningTimeForm(forms.Form):
    id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    byday = forms.ChoiceField(
        label="Day",
        choices=[("", "Choose a day"), *Schedule.Day.choices],
        error_messages={"required": "Choose a day.", "invalid_choice": "Choose a day."},
    )
    opens_at = forms.TimeField(
        label="Opens at",
        widget=TimeInput,
        error_messages={**TIME_INVALID, "required": "Enter when it opens, like 09:30."},
    )
    closes_at = forms.TimeField(
        label="Closes at",
        widget=TimeInput,
        error_messages={**TIME_INVALID, "required": "Enter when it closes, like 17:00."},
    )
    location = forms.ModelChoiceField(
        label="At",
        queryset=Location.objects.none(),
        required=False,
        empty_label="All its locations, or online",
        error_messages={"invalid_choice": "Choose from your organisation's own locations."},
    )
    description = forms.CharField(
        label="Note", max_length=200, required=False, help_text="For example “by appointment”."
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = organisation.locations.order_by("name")

    @property
    def helper(self) -> FormHelper:
        return _helper(
            "id",
            Div(
                Div("byday", css_class="col-sm-6 col-lg-3"),
                Div(Field("opens_at", css_class="w-auto"), css_class="col-6 col-lg-2"),
                Div(Field("closes_at", css_class="w-auto"), css_class="col-6 col-lg-2"),
                Div("location", css_class="col-sm-6 col-lg-5"),
                Div("description", css_class="col-lg-7"),
                *_remove_box(self),
                css_class="row",
            ),
        )

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The closing time must be after the opening time.")
        return data


class BaseOpeningTimeFormSet(RemovableRowsFormSet):
    removal_label = "Remove this opening time"
    row_name = "Opening time"

    def opening_times(self) -> list[OpeningTime]:
        return [
            OpeningTime(
                byday=form.cleaned_data["byday"],
                opens_at=form.cleaned_data["opens_at"],
                closes_at=form.cleaned_data["closes_at"],
                location=form.cleaned_data["location"],
                description=form.cleaned_data["description"],
                id=form.cleaned_data["id"],
            )
            for form in self.forms
            if form.cleaned_data.get("byday") and not self._should_delete_form(form)
        ]


OpeningTimeFormSet = formset_factory(
    OpeningTimeForm,
    formset=BaseOpeningTimeFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=50,
)


def opening_time_formset(data, organisation: Organisation, service: Service | None = None):
    initial = []
    if service is not None:
        schedules = service.schedules.select_related("service_at_location")
        day_order = Schedule.Day.values
        for s in sorted(schedules, key=lambda s: (day_order.index(s.byday), s.opens_at)):
            link = s.service_at_location
            initial.append(
                {
                    "id": s.pk,
                    "byday": s.byday,
                    "opens_at": s.opens_at,
                    "closes_at": s.closes_at,
                    "location": link.location_id if link else None,
                    "description": s.description,
                }
            )
    return OpeningTimeFormSet(
        data,
        initial=initial,
        prefix="times",
        form_kwargs={"organisation": organisation},
    )


# A location -------------------------------------------------------------------------


class LocationForm(forms.Form):
    name = _model_field(
        Location,
        "name",
        help_text="What people call it, like “Northway Community Centre”.",
        error_messages={"required": "Enter the location's name."},
    )
    address_1 = _model_field(
        Location, "address_1", error_messages={"required": "Enter the first line of the address."}
    )
    address_2 = _model_field(Location, "address_2")
    city = _model_field(Location, "city", error_messages={"required": "Enter the town or city."})
    postcode = forms.CharField(
        label="Postcode",
        max_length=12,
        help_text="A UK postcode, like WN1 1AA.",
        error_messages={"required": "Enter the postcode, like WN1 1AA."},
    )
    description = _model_field(
        Location, "description", help_text="How to find it: entrances, landmarks, buses."
    )
    accessibility = _model_field(Location, "accessibility")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address_1"].widget.attrs["autocomplete"] = "address-line1"
        self.fields["address_2"].widget.attrs["autocomplete"] = "address-line2"
        self.fields["city"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["postcode"].widget.attrs.update(
            {"autocomplete": "postal-code", "class": "w-auto", "size": 10}
        )
        for name in ("description", "accessibility"):
            self.fields[name].widget.attrs["rows"] = 3
        self.helper = _helper(
            "name",
            "address_1",
            "address_2",
            "city",
            Field("postcode", css_class="w-auto"),
            "description",
            "accessibility",
        )

    def service_arguments(self) -> dict:
        return {"fields": {name: self.cleaned_data[name] for name in LOCATION_FIELDS}}


def location_form(data, location: Location | None = None) -> LocationForm:
    initial = {name: getattr(location, name) for name in LOCATION_FIELDS} if location else {}
    return LocationForm(data, initial=initial)
