"""Shapes of the offender side: who manages an offender, what an offender manager may know of the
offender's victims and their licence-condition requests, and national views (never a victim's
contact details). Only the door (`vcs.offender_side`) builds them: no other area may import it.

The shapes of other areas that the door's ways in (`api.offender_side`, `api.reports`,
`api.sentence.bulk_routes`) need are named here too, so that those routes import the domain
from the door alone.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, StringConstraints

from vcs.conditions.catalogue import DECISION_MAKERS as DECISION_MAKERS
from vcs.conditions.catalogue import NEEDED_FOR as NEEDED_FOR
from vcs.conditions.catalogue import ZONE_TYPES as ZONE_TYPES
from vcs.conditions.licence_schemas import LicenceConditionOut as LicenceConditionOut
from vcs.conditions.licence_schemas import LicenceConditionsOut as LicenceConditionsOut
from vcs.conditions.schemas import AlternativeIn as AlternativeIn
from vcs.conditions.schemas import AlternativeOut as AlternativeOut
from vcs.conditions.schemas import ConditionRequestFields
from vcs.conditions.schemas import ConditionRequestOut as ConditionRequestOut
from vcs.conditions.schemas import Outcome as Outcome
from vcs.core.schemas import Input, Output, Page
from vcs.mappa.schemas import MappaHistory as MappaHistory
from vcs.mappa.schemas import MappaIn as MappaIn
from vcs.mappa.schemas import MeetingIn as MeetingIn
from vcs.mappa.schemas import MeetingOut as MeetingOut
from vcs.sentence.schemas import BulkChangeIn as BulkChangeIn
from vcs.sentence.schemas import BulkChangeOut as BulkChangeOut
from vcs.sentence.schemas import KeyDatesIn as KeyDatesIn
from vcs.sentence.schemas import KeyDatesOut as KeyDatesOut
from vcs.sentence.schemas import KeyStageIn as KeyStageIn
from vcs.sentence.schemas import KeyStageOut as KeyStageOut
from vcs.sentence.schemas import ProgressionModelOut as ProgressionModelOut

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


class ConditionRequestView(ConditionRequestFields):
    """A request as the offender manager sees it: no victim contact details, no case number."""


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


class OffenderFound(Output):
    """One of an offender manager's offenders found by a search: the offender only, never
    anything of a victim."""

    kind: str = Field(description="Always offender")
    id: int = Field(description="The offender's number, for the offender's page")
    label: str = Field(description="The offender's name")
    detail: str = Field(description="The offender's CRN, prison number and PNC number")


class UnitImpact(Output):
    """What a release-policy change would do in one Victim Liaison Unit."""

    unit_code: str
    unit_name: str
    offenders: int = Field(description="Offenders whose release date moves, with a victim here")
    victims: int = Field(description="Their victims with an open case in the unit")
    victims_to_tell: int = Field(description="Of those, the victims who chose to hear of it")


class OffenderImpact(Output):
    """One offender whose release date a release-policy change would move."""

    offender_id: int
    offender_name: str
    crn: str | None
    release_date: date
    new_release_date: date
    victims: int
    victims_to_tell: int
    unit_codes: list[str]


class BulkChangePreview(Output):
    """A release-policy change before it is applied: the offenders whose release dates it would
    move and the victims to tell, per unit (no victim is named)."""

    name: str
    state: str = Field(description="new, previewed, running (stopped half-way) or done")
    sentence_types: list[str]
    release_fraction_from: str
    release_fraction_to: str
    effective_from: date
    offenders_affected: int
    victims: int
    victims_to_tell: int
    units: list[UnitImpact]
    offenders: Page[OffenderImpact]
    can_apply: bool = Field(description="Whether the caller may apply it (a national manager)")
