"""Shapes for signing in and for managing units and users (adding, changing, deactivating).

The shape of an audit entry as the service administrator sees it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import StringConstraints

from vcs.core.actors import Role
from vcs.core.schemas import Email, Input, Label, Name, OptionalLine, OptionalShort, Output, Phone
from vcs.referrals.schemas import UnitCode

Username = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[a-z0-9][a-z0-9._-]{1,63}$"),
]


Password = Annotated[str, StringConstraints(min_length=1, max_length=256)]


class UnitKind(StrEnum):
    VLU = "vlu"
    WCU = "wcu"
    PROBATION = "probation"


class TokenRequest(Input):
    username: Annotated[str, StringConstraints(max_length=64)]
    password: Password


class UserSummary(Output):
    username: str
    role: Role
    unit_code: str | None
    display_name: str = ""


class TokenResponse(Output):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 (the scheme's name, not a secret)
    expires_in: int
    user: UserSummary


class UnitCreate(Input):
    code: UnitCode
    name: Name
    welsh_name: OptionalLine = ""  # the unit's name on Welsh letters
    region: Label
    kind: UnitKind
    address: OptionalShort = ""
    phone: Phone | None = None
    email: Email | None = None


class UnitOut(Output):
    id: int
    code: str
    name: str
    region: str
    kind: UnitKind


class UserCreate(Input):
    username: Username
    password: Password
    role: Role
    unit_code: UnitCode | None = None
    display_name: OptionalLine = ""


class UserOut(Output):
    id: int
    username: str
    role: Role
    unit_code: str | None
    display_name: str
    active: bool
    unit_name: str | None = None
    last_signed_in_at: datetime | None = None


class UserUpdate(Input):
    """A change to a user: any of their role, unit and display name. A change of role or unit
    ends every session the user has; `unit_code` null takes them out of any unit (for the
    roles that belong to none)."""

    role: Role | None = None
    unit_code: UnitCode | None = None
    display_name: OptionalLine | None = None


class AuditEntryOut(Output):
    """Who did what to which record, when; numbered without gaps by `seq` within its `lane`
    and chained to the entry before in that lane by `prev_hash`. Never holds a victim's
    personal details, only which record was read."""

    id: int
    lane: int
    seq: int
    at: datetime
    actor: str
    role: str
    action: str
    record_type: str
    record_id: int | None
    detail: str
    prev_hash: str
    hash: str
