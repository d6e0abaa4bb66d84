"""Changing a case safely: one place that checks who may change it, refuses closed cases, and
bumps its version so that two people saving at once cannot silently overwrite each other."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from piccolo.custom_types import Combinable

from vcs.casework.unit_scope import case_in_unit
from vcs.core.actors import Actor
from vcs.core.errors import Conflict, StaleVersion
from vcs.core.tables import Case


async def claim_case(
    actor: Actor, case_id: int, expected_version: int | None, *, allow_closed: bool = False
) -> dict[str, Any]:
    """Inside a write transaction: the case as it stands, its version bumped.

    With `expected_version` (from If-Match or the body) a change made since the caller read the
    case is refused; the version bump also takes the row lock, so concurrent changes to one
    case run one after the other."""
    case = await case_in_unit(actor, case_id)
    if case["state"] == "closed" and not allow_closed:
        raise Conflict("This case is closed: reopen it before changing it")
    where: Combinable = Case.id == case_id
    if expected_version is not None:
        where &= Case.version == expected_version
    updated = (
        await Case.update({Case.version: Case.version + 1, Case.updated_at: datetime.now(UTC)})
        .where(where)
        .returning(Case.version)
    )
    if not updated:
        raise StaleVersion(
            "Someone else changed this case since you opened it. Nothing was saved: "
            "reload the case and make your change again",
            extra={"current_version": case["version"]},
        )
    case["version"] = updated[0]["version"]
    return case
