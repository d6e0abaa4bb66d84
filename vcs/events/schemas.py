"""Shapes of an HMPPS domain event (as published in ministryofjustice/hmpps-domain-events) and of
the inbox as the API shows it.

An event: `eventType`, `version`, `occurredAt`, `description`, `detailUrl`,
`additionalInformation` and `personReference.identifiers` (`NOMS`, `CRN`, ...). Fields we do not
use (`publishedAt`, new ones) are accepted and ignored, as HMPPS add fields without a new version.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from vcs.core.schemas import Output, RecordId, RequiredReason, StrictInt

NOMS = re.compile(r"^[A-Z]\d{4}[A-Z]{2}$")
CRN = re.compile(r"^[A-Z]\d{6}$")


def _text_instant(value: Any) -> Any:
    if not isinstance(value, str | datetime):
        raise ValueError("must be a date and time written as in ISO 8601, with its offset")
    return value


def _plausible(value: datetime) -> datetime:
    if not 1900 <= value.year <= 2199:
        raise ValueError("is outside the years 1900 to 2199")
    return value


def _no_nul(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("must not contain control characters")
    return value


EventText = Annotated[str, BeforeValidator(_no_nul), StringConstraints(max_length=2000)]


class Identifier(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)

    type: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    value: Annotated[EventText, StringConstraints(min_length=1, max_length=64)]


class PersonReference(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)

    identifiers: list[Identifier] = Field(default_factory=list, max_length=20)


class HmppsEvent(BaseModel):
    """One HMPPS domain event, as published on the domain events topic."""

    model_config = ConfigDict(hide_input_in_errors=True, populate_by_name=True, extra="ignore")

    event_type: Annotated[
        str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.\-_]{0,119}$", max_length=120)
    ] = Field(alias="eventType")
    version: StrictInt = Field(ge=1, le=1000)
    occurred_at: Annotated[
        AwareDatetime, BeforeValidator(_text_instant), AfterValidator(_plausible)
    ] = Field(alias="occurredAt")
    description: EventText = ""
    detail_url: EventText | None = Field(default=None, alias="detailUrl")
    additional_information: dict[str, Any] | None = Field(
        default=None, alias="additionalInformation"
    )
    person_reference: PersonReference | None = Field(default=None, alias="personReference")

    def identifier(self, kind: str) -> str | None:
        """The person's identifier of this type (NOMS, CRN), where given."""
        for item in self.person_reference.identifiers if self.person_reference else []:
            if item.type.upper() == kind:
                return item.value.strip().upper()
        if kind == "NOMS":
            found = (self.additional_information or {}).get("nomsNumber")
            return found.strip().upper() if isinstance(found, str) else None
        return None

    def info(self, name: str) -> str | None:
        """A text field of `additionalInformation`, where given."""
        value = (self.additional_information or {}).get(name)
        return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None


class EventReceipt(Output):
    """What became of one event: `processed` (effects made), `unmatched` (in the review queue),
    `ignored` (nothing to do here), `duplicate` (already recorded), `parked` (failed; waits for
    the administrator), `received` (failed, to be tried again)."""

    id: int | None
    status: str


class InboxItem(Output):
    id: int
    source: str
    event_type: str
    occurred_at: datetime | None
    noms: str | None
    crn: str | None
    status: str
    attempts: int
    error: str
    effect: str
    offender_id: int | None
    resolved_by: str
    resolution: str
    received_at: datetime
    handled_at: datetime | None


class MatchIn(BaseModel):
    """A manager's match of an event waiting in the review queue to one of our offenders."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    offender_id: RecordId


class DismissIn(BaseModel):
    """A manager's decision that an event concerns none of our offenders, and why."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    reason: RequiredReason
