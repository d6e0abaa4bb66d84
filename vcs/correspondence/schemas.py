"""Shapes of a letter going in (what to write) and coming out (what was written, to whom)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field

from letters import Template
from vcs.casework.schemas import ParticipationLevel, Version
from vcs.core.schemas import Input, IsoDate, Output, Reason, ShortText
from vcs.referrals.schemas import Language


class LetterChannel(StrEnum):
    """How a letter travels: printed and posted, or sent as an email attachment."""

    POST = "post"
    EMAIL = "email"


class LetterFields(Input):
    """The merge fields a template needs beyond what the case holds. Each template uses only
    its own; a field it does not use is refused, as is anything naming a prison or an
    offender's address (a letter never carries them)."""

    model_config = ConfigDict(extra="allow", hide_input_in_errors=True)

    hearing_date: IsoDate | None = Field(default=None, description="key_stage_parole_review")
    vps_deadline: IsoDate | None = Field(
        default=None, description="key_stage_parole_review: when the VPS is needed by"
    )
    release_date: IsoDate | None = Field(
        default=None, description="key_stage_release: only the month is printed"
    )
    recall_date: IsoDate | None = Field(default=None, description="key_stage_recall")
    conditions: Annotated[list[ShortText], Field(min_length=1, max_length=20)] | None = Field(
        default=None,
        description="conditions_outcome: the conditions that relate to the victim; when left "
        "out, the conditions granted on the victim's requests, in the decided words",
    )
    conditions_end: IsoDate | None = Field(default=None, description="conditions_outcome")
    closure_reason: ShortText | None = Field(
        default=None, description="case_closure, for a case not yet closed"
    )
    level: ParticipationLevel | None = Field(
        default=None, description="opt_in_confirmation, when the case records none"
    )


class LetterCreate(Input):
    template: Template
    language: Language | None = Field(
        default=None, description="default: the language in the case's preferences"
    )
    channel: LetterChannel | None = Field(
        default=None, description="default: the first preferred channel that is post or email"
    )
    fields: LetterFields = Field(default_factory=LetterFields)
    version: Version = None


class LetterSend(Input):
    on: IsoDate
    late_reason: Reason = Field(default="", description="needed when first contact is late")


class LetterCancel(Input):
    reason: Reason = ""


class LetterOut(Output):
    """A letter as recorded. The addressee's address is never shown here: it is in the PDF."""

    id: int
    case_id: int
    reference: str
    template: str
    template_version: str
    language: str
    channel: str
    large_print: bool
    addressed_to: str
    addressee_role: str
    status: str
    drafted_on: date
    sent_on: date | None
    created_by: str
    sent_by: str
    pdf_sha256: str
