"""The shapes of messages to victims, as the API and pages take and show them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import Field, StrictBool

from vcs.core.schemas import Input, IsoDate, Output


class MessageStage(StrEnum):
    """The key stages a message can tell (vcs.sentence.schemas.KeyStageKind's words)."""

    RELEASE = "release"
    RECALL = "recall"
    TEMPORARY_RELEASE = "temporary_release_considered"
    RELEASE_DATE_CHANGED = "release_date_changed"
    PAROLE_REVIEW_STARTED = "parole_review_started"
    OPEN_CONDITIONS = "open_conditions"
    HOSPITAL_TRANSFER = "hospital_transfer"
    LICENCE_EXPIRY = "licence_expiry"


class MessagesCreate(Input):
    """Prepare the messages that tell a victim of a key stage (sent once a VLO approves)."""

    stage: MessageStage
    on: IsoDate = Field(description="the stage's date (a letter may need it; never sent in a text)")
    release_month: IsoDate | None = Field(
        default=None, description="for release and release_date_changed: only its month is told"
    )


class MessagesApprove(Input):
    """Approve every message waiting on the case (or in one batch of a bulk change)."""

    batch: str | None = Field(default=None, max_length=64, pattern=r"^[a-z0-9-]+$")
    confirm: StrictBool = Field(description="the VLO has read the messages")


class NotificationOut(Output):
    """A message: to whom (name and role, never the number or address), how, and its state."""

    id: int
    case_id: int
    reference: str
    batch: str
    stage: str
    urgent: bool
    channel: str
    language: str
    addressee_role: str
    addressee_name: str
    state: str
    notify_status: str
    attempt: int
    failure: str
    follows: int | None
    approved_by: str
    created_at: datetime
    updated_at: datetime
    message: str = ""
    statuses: list[StatusOut] = Field(default_factory=list)


class StatusOut(Output):
    status: str
    attempt: int
    source: str
    reported_at: datetime | None
    received_at: datetime


class NotificationsOut(Output):
    """A case's messages and whether Notify is configured at all."""

    notifications_on: bool
    items: list[NotificationOut]
    total: int
    awaiting_approval: int


class BatchOut(Output):
    """The messages of one batch (a bulk change's) waiting for the unit's approval."""

    batch: str
    waiting: int
    channels: dict[str, int]  # sms | email | letter -> how many
    sample: str  # one text or email's words, as the victim will read them


class ApprovalOut(Output):
    approved: int
    on: date


class DeliveryReceipt(Input):
    """A GOV.UK Notify delivery receipt as it is posted to the callback URL."""

    model_config = Input.model_config | {"extra": "ignore"}

    id: str = Field(max_length=64)
    reference: str | None = Field(default=None, max_length=100)
    status: str = Field(max_length=40, pattern=r"^[a-z-]+$")
    notification_type: str | None = Field(default=None, max_length=16)
    created_at: datetime | None = None
    completed_at: datetime | None = None
    sent_at: datetime | None = None


NotificationOut.model_rebuild()
