"""The query parameters of the ORUK API, one schema per endpoint, named as in the standard's openapi.json.

Each list endpoint accepts exactly the parameters its schema declares (see
``api.refuse_unknown_parameters``); ninja validates their values and the API
turns a failure into a 400 that names the parameter.
"""

import re
from datetime import datetime, time
from typing import Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field, field_validator

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000

Day = Literal["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# HH:MM on the 24-hour clock (seconds allowed); not pydantic's looser reading, which takes 900 as 00:15.
_CLOCK_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$")


class ListParams(Schema):
    search: str | None = Field(
        None, description="Only records whose name or description contains this text (any case)."
    )
    page: int = Field(1, ge=1, description="Page number, from 1.")
    per_page: int = Field(
        DEFAULT_PER_PAGE,
        ge=1,
        le=MAX_PER_PAGE,
        description=f"Records per page, from 1 to {MAX_PER_PAGE}.",
    )
    format: Literal["json"] = Field(
        "json", description="Only json is offered (ndjson streaming is not)."
    )

    @field_validator("search")
    @classmethod
    def _no_nul(cls, value):
        # PostgreSQL cannot compare with a string holding NUL.
        if value is not None and "\x00" in value:
            raise ValueError("must not contain a NUL character")
        return value


class FilteredListParams(ListParams):
    taxonomy_term_id: UUID | None = Field(
        None, description="Only services classified with this taxonomy term."
    )
    taxonomy_id: UUID | None = Field(
        None, description="Only services classified with any term of this taxonomy."
    )
    organization_id: UUID | None = Field(
        None, description="Only services this organisation provides."
    )
    modified_after: datetime | None = Field(
        None,
        description="Only records changed on or after this date-time (ISO 8601; UTC when no offset is given).",
    )
    full: bool = Field(False, description="Fully nested records.")
    # Declared by the current 3.0 document (current/openapi.json) on /services and /service_at_locations.
    minimum_age: float | None = Field(
        None,
        ge=0,
        allow_inf_nan=False,
        description="Only services whose minimum age is at least this many years.",
    )
    maximum_age: float | None = Field(
        None,
        ge=0,
        allow_inf_nan=False,
        description="Only services whose maximum age is this many years or below.",
    )
    day: Day | None = Field(
        None, description="Only services open on this day: MO, TU, WE, TH, FR, SA or SU."
    )
    start_time: time | None = Field(
        None,
        description="Only services with an opening that starts at this time (HH:MM) or later.",
    )
    end_time: time | None = Field(
        None,
        description="Only services with an opening that ends at this time (HH:MM) or earlier.",
    )

    @field_validator("day", mode="before")
    @classmethod
    def _day_in_any_case(cls, value):
        return value.upper() if isinstance(value, str) else value

    @field_validator("start_time", "end_time", mode="before")
    @classmethod
    def _clock_time(cls, value):
        if value is not None and not (isinstance(value, str) and _CLOCK_TIME.match(value)):
            raise ValueError("must be a time on the 24-hour clock, like 09:30 or 17:00")
        return value


class ServiceListParams(FilteredListParams):
    minimal: bool = Field(
        False, description="Only each service's id, name, status and last_modified."
    )


class ServiceAtLocationListParams(FilteredListParams):
    postcode: str | None = Field(
        None, description="A UK postcode: results are ordered by distance from it."
    )
    proximity: float | None = Field(
        None,
        gt=0,
        allow_inf_nan=False,
        description="With postcode: only locations within this many metres of it.",
    )


class OrganizationListParams(ListParams):
    full: bool = Field(False, description="Fully nested organisations, with their services.")
    full_service: bool = Field(False, description="Fully nested services inside each organisation.")


class OrganizationParams(Schema):
    full_service: bool = Field(False, description="Fully nested services inside the organisation.")


class TaxonomyTermListParams(ListParams):
    taxonomy_id: UUID | None = Field(None, description="Only terms of this taxonomy.")
    top_only: bool = Field(False, description="Only terms that have no parent term.")
    parent_id: UUID | None = Field(None, description="Only the children of this term.")
