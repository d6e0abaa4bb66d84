"""Managing units and users (the service administrator's work)."""

from __future__ import annotations

from vcs.access import auth, passwords
from vcs.access.schemas import UnitCreate, UnitKind, UnitOut, UserCreate, UserOut, UserSummary
from vcs.core.actors import Actor, Role
from vcs.core.db import write_transaction
from vcs.core.errors import Conflict, InvalidInput, PermissionDenied
from vcs.core.tables import Unit, User

# Which kind of unit each role belongs to; an admin belongs to none.
ROLE_UNIT_KIND = {
    Role.WCU: UnitKind.WCU,
    Role.VLO: UnitKind.VLU,
    Role.VLU_MANAGER: UnitKind.VLU,
    Role.OFFENDER_MANAGER: UnitKind.PROBATION,
}


def _require_admin(actor: Actor) -> None:
    if actor.role is not Role.ADMIN:
        raise PermissionDenied("Only a service administrator can manage units and users")


async def create_unit(actor: Actor, data: UnitCreate) -> UnitOut:
    """Add a Victim Liaison Unit, a Witness Care Unit or a probation unit."""
    _require_admin(actor)
    async with write_transaction():
        if await Unit.exists().where(Unit.code == data.code):
            raise Conflict(
                f"A unit with the code {data.code} already exists", extra={"field": "code"}
            )
        row = Unit(
            code=data.code,
            name=data.name,
            welsh_name=data.welsh_name,
            region=data.region,
            kind=data.kind.value,
            address=data.address,
            phone=data.phone or "",
            email=data.email or "",
        )
        await row.save()
    return UnitOut(id=row.id, code=row.code, name=row.name, region=row.region, kind=data.kind)


async def create_user(actor: Actor, data: UserCreate) -> UserOut:
    """Add a user with a role, in a unit of the kind that role works in."""
    _require_admin(actor)
    return await add_user(data)


async def add_user(data: UserCreate, *, demo: bool = False) -> UserOut:
    """Add a user (also used by the command line and the bootstrap admin) with a password that
    passes `vcs.access.passwords`; `demo` lets the demo loader use the published demo password."""
    await passwords.check_new_password(data.password, data.username, data.display_name, demo=demo)
    kind = ROLE_UNIT_KIND.get(data.role)
    async with write_transaction():
        unit_id = None
        if kind is not None:
            if data.unit_code is None:
                raise InvalidInput.on("unit_code", f"A {data.role.value} user needs a unit")
            unit = await Unit.select(Unit.id, Unit.kind).where(Unit.code == data.unit_code).first()
            if unit is None or unit["kind"] != kind.value:
                raise InvalidInput.on(
                    "unit_code", f"No {kind.value} unit has the code {data.unit_code}"
                )
            unit_id = unit["id"]
        if await User.exists().where(User.username == data.username):
            raise Conflict(f"The username {data.username} is taken", extra={"field": "username"})
        user = User(
            username=data.username,
            display_name=data.display_name or data.username,
            password_hash=auth.hash_password(data.password),
            role=data.role.value,
            unit=unit_id,
        )
        await user.save()
    return UserOut(
        id=user.id,
        username=user.username,
        role=data.role,
        unit_code=data.unit_code if unit_id else None,
        display_name=user.display_name,
        active=True,
    )


async def ensure_admin(password: str) -> bool:
    """Create the `admin` user with this password if no administrator exists yet."""
    if await User.exists().where(User.role == Role.ADMIN.value):
        return False
    await add_user(UserCreate(username="admin", password=password, role=Role.ADMIN))
    return True


async def unit_officers(actor: Actor) -> list[UserSummary]:
    """The active Victim Liaison Officers of the actor's own unit, by name (to filter a caseload
    by officer or to allocate a case); only for the unit's VLOs and manager."""
    if not actor.does_casework or actor.unit_id is None:
        raise PermissionDenied("Only a Victim Liaison Unit can see its officers")
    rows = await User.select(User.username, User.display_name).where(
        (User.unit == actor.unit_id) & (User.role == Role.VLO.value) & (User.active == True)  # noqa: E712
    )
    return sorted(
        (
            UserSummary(
                username=r["username"],
                role=Role.VLO,
                unit_code=actor.unit_code,
                display_name=r["display_name"],
            )
            for r in rows
        ),
        key=lambda u: (u.display_name or u.username).casefold(),
    )
