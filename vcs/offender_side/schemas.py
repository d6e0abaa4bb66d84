"""Shapes of the offender side: who manages an offender, and what an offender manager may know
of the offender's victims (never their contact details)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from vcs.conditions.schemas import ConditionRequestView
from vcs.core.schemas import Input, Output

Username = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, to_lower=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$"
    ),
]


class OffenderManagerAssign(Input):
    username: Username


class OffenderManagerOut(Output):
    username: str
    display_name: str
    unit_code: str | None


class OffenderAssignment(Output):
    offender_id: int
    offender_name: str
    offender_manager: OffenderManagerOut


class VictimSummary(Output):
    """What the offender manager may know of the offender's victims in the scheme."""

    offender_id: int
    offender_name: str
    victims_in_scheme: int = Field(description="Open Victim Contact Scheme cases")
    opted_in: int = Field(description="Of those, victims who have opted in")
    vlo: str | None = Field(description="The VLO to contact (else the Victim Liaison Unit)")
    vlos: list[str]
    requests: list[ConditionRequestView]


class OffenderListItem(Output):
    id: int
    name: str
    crn: str | None
    prison_number: str | None
    victims_in_scheme: int
    opted_in: int
    condition_requests: int
