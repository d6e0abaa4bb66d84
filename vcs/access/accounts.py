"""The administrator's work on accounts: the list of users; deactivating and reactivating a user;
changing a user's role, unit or display name.

Deactivating a user, or changing their role or unit, moves their session generation on, which
ends every bearer token and page session they hold at once (`vcs.access.auth.authenticate`).
Every change is an entry in the audit trail, written in the same transaction. There is always
an active administrator: nobody deactivates or demotes themselves, nor the last one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from vcs.access import audit, throttle
from vcs.access.admin import ROLE_UNIT_KIND
from vcs.access.schemas import UserOut, UserUpdate
from vcs.access.tables import AuditEntry
from vcs.core.actors import Actor, Role
from vcs.core.db import serialise_on, write_transaction
from vcs.core.errors import Conflict, FieldProblem, InvalidInput, NotFound, PermissionDenied
from vcs.core.schemas import Page
from vcs.core.tables import Unit, User

COLUMNS = (
    User.id,
    User.username,
    User.role,
    User.unit,
    User.unit.code,
    User.unit.name,
    User.unit.kind,
    User.display_name,
    User.active,
    User.last_signed_in_at,
)


def _require_admin(actor: Actor) -> None:
    if actor.role is not Role.ADMIN:
        raise PermissionDenied("Only a service administrator can manage users")


def _refuse(field: str, message: str) -> Conflict:
    return Conflict(message, [FieldProblem(field, message)])


def _out(row: dict[str, Any]) -> UserOut:
    return UserOut(
        id=row["id"],
        username=row["username"],
        role=Role(row["role"]),
        unit_code=row["unit.code"],
        unit_name=row["unit.name"],
        display_name=row["display_name"],
        active=row["active"],
        last_signed_in_at=row["last_signed_in_at"],
    )


async def _row(username: str) -> dict[str, Any]:
    row = await User.select(*COLUMNS).where(User.username == username.strip().lower()).first()
    if row is None:
        message = "No user has this username"
        raise NotFound(message, [FieldProblem("username", message)])
    return dict(row)


async def list_users(actor: Actor, limit: int, offset: int) -> Page[UserOut]:
    """Every user, by username: role, unit, last sign-in and whether active."""
    _require_admin(actor)
    rows = await User.select(*COLUMNS).order_by(User.username).limit(limit).offset(offset)
    return Page[UserOut](
        items=[_out(r) for r in rows], total=await User.count(), limit=limit, offset=offset
    )


async def get_user(actor: Actor, username: str) -> UserOut:
    _require_admin(actor)
    return _out(await _row(username))


async def _keep_an_administrator(row: dict[str, Any]) -> None:
    """Refuse to leave the service without an active administrator."""
    others = await User.count().where(
        (User.role == Role.ADMIN.value) & (User.active == True) & (User.id != row["id"])  # noqa: E712
    )
    if row["role"] == Role.ADMIN.value and row["active"] and not others:
        raise _refuse("username", "This is the only active administrator: add another first")


async def deactivate(actor: Actor, username: str) -> UserOut:
    """Stop a user signing in, and end every session they have at once. Deactivating a user
    already deactivated changes nothing."""
    _require_admin(actor)
    async with write_transaction():
        await serialise_on("administrators")
        row = await _row(username)
        if row["username"] == actor.username:
            raise _refuse(
                "username", "You cannot deactivate your own account: another administrator can"
            )
        if row["active"]:
            await _keep_an_administrator(row)
            await User.update(
                {User.active: False, User.session_generation: User.session_generation + 1}
            ).where(User.id == row["id"])
            detail = f"{row['username']} deactivated; every session ended"
            await audit.record(actor, "user_deactivated", "user", row["id"], detail)
    return _out(await _row(username))


async def reactivate(actor: Actor, username: str) -> UserOut:
    """Let a deactivated user sign in again (their old sessions stay ended). Reactivating an
    active user changes nothing."""
    _require_admin(actor)
    async with write_transaction():
        row = await _row(username)
        if not row["active"]:
            await User.update({User.active: True}).where(User.id == row["id"])
            detail = f"{row['username']} reactivated"
            await audit.record(actor, "user_reactivated", "user", row["id"], detail)
    return _out(await _row(username))


async def _unit_for(role: Role, unit_code: str | None, changed: bool) -> int | None:
    """The unit a user of `role` belongs to: one of the kind the role works in, or none."""
    kind = ROLE_UNIT_KIND.get(role)
    if kind is None:
        if changed and unit_code is not None:
            raise InvalidInput.on("unit_code", "This role belongs to no unit: leave the unit out")
        return None
    if unit_code is None:
        raise InvalidInput.on("unit_code", "Choose the unit this person works in")
    unit = await Unit.select(Unit.id, Unit.kind).where(Unit.code == unit_code).first()
    if unit is None or unit["kind"] != kind.value:
        raise InvalidInput.on("unit_code", "Choose a unit of the kind this role works in")
    return int(unit["id"])


def _asked(data: UserUpdate) -> set[str]:
    asked = set(data.model_fields_set)
    if not asked:
        raise InvalidInput.on("body", "Send the role, unit or display name to change")
    for name in ("role", "display_name"):
        if name in asked and getattr(data, name) is None:
            raise InvalidInput.on(name, "Give a value, or leave this out to keep it")
    return asked


async def update_user(actor: Actor, username: str, data: UserUpdate) -> UserOut:
    """Change a user's role, unit or display name. A change of role or unit ends every session
    they have, so the next request is made with the new role or unit after signing in again."""
    _require_admin(actor)
    asked = _asked(data)
    async with write_transaction():
        await serialise_on("administrators")
        row = await _row(username)
        role = data.role if data.role is not None else Role(row["role"])
        unit_code = data.unit_code if "unit_code" in asked else row["unit.code"]
        unit_id = await _unit_for(role, unit_code, "unit_code" in asked)
        name = row["display_name"] if data.display_name is None else data.display_name
        name = name or row["username"]
        changes = []
        if role.value != row["role"]:
            if row["username"] == actor.username:
                raise _refuse("role", "You cannot change your own role: another administrator can")
            await _keep_an_administrator(row)
            changes.append(f"role {row['role']} to {role.value}")
        if unit_id != row["unit"]:
            new_code = unit_code if unit_id is not None else None
            changes.append(f"unit {row['unit.code'] or 'none'} to {new_code or 'none'}")
        ends_sessions = bool(changes)
        if name != row["display_name"]:
            changes.append("display name changed")
        if not changes:
            return _out(row)
        values: dict[Any, Any] = {
            User.role: role.value,
            User.unit: unit_id,
            User.display_name: name,
        }
        if ends_sessions:
            values[User.session_generation] = User.session_generation + 1
            changes.append("every session ended")
        await User.update(values).where(User.id == row["id"])
        await audit.record(actor, "user_changed", "user", row["id"], "; ".join(changes))
    return _out(await _row(username))


async def sign_in_holds_since(actor: Actor, since: datetime) -> list[str]:
    """What the administrator is told of repeated failed sign-ins: the audit trail's words for
    each hold since `since`, newest first (an account or an address, never a password)."""
    _require_admin(actor)
    rows = (
        await AuditEntry.select(AuditEntry.detail)
        .where((AuditEntry.action == throttle.ACTION) & (AuditEntry.at >= since))
        .order_by(AuditEntry.at, AuditEntry.id, ascending=False)
        .limit(20)
    )
    return [row["detail"] for row in rows]
