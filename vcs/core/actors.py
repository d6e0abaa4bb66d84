"""Who is acting: the signed-in user as the domain sees them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    WCU = "wcu"
    VLO = "vlo"
    VLU_MANAGER = "vlu_manager"
    OFFENDER_MANAGER = "offender_manager"
    ADMIN = "admin"
    # Reads the Victims' Code compliance reports of every Victim Liaison Unit and the national
    # total (Victims and Prisoners Act 2024, Part 1); belongs to no unit, sees no case content.
    NATIONAL_MANAGER = "national_manager"
    # A service account of another HMPPS system pushing domain events (releases, recalls, date
    # changes); it may only post events (`POST /api/v1/events`), never read a case.
    INTEGRATION = "integration"


CASEWORK_ROLES = frozenset({Role.VLO, Role.VLU_MANAGER})
# The roles of people (every role but the service accounts of other systems).
PEOPLE = tuple(r for r in Role if r is not Role.INTEGRATION)


@dataclass(frozen=True)
class Actor:
    """The signed-in user; every use case is given one and checks it."""

    user_id: int
    username: str
    role: Role
    unit_id: int | None
    unit_code: str | None
    display_name: str = ""
    unit_name: str = ""  # the unit's name, for people to read

    @property
    def does_casework(self) -> bool:
        return self.role in CASEWORK_ROLES


SYSTEM = Actor(user_id=0, username="system", role=Role.ADMIN, unit_id=None, unit_code=None)
