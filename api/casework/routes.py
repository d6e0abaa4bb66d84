"""A VLO's work on a case: allocation, contact attempts, choices, nominated contact,
preferences, closure, tasks and the sweep.

Every change may carry the case version it was read at, as `If-Match: "<version>"` or a `version`
field (a query parameter for a removal): checked when sent, a stale version getting 412; the
change is applied when it is absent.
"""

from __future__ import annotations

from typing import Annotated, TypeVar

from litestar import Controller, delete, get, post, put
from litestar.params import HeaderParameter, JSONBody, QueryParameter

from api.web.params import AuthedRequest, Id, Limit, Offset
from api.web.security import allow
from vcs.casework import contacts, entitlements, participation, sweep, tasks
from vcs.casework import lifecycle as casework
from vcs.casework.schemas import (
    AllocationIn,
    CaseChanged,
    CloseIn,
    ContactIn,
    ContactOut,
    EntitlementIn,
    EntitlementOut,
    NominatedContactIn,
    ParticipationIn,
    ParticipationOut,
    PreferencesIn,
    PreferencesOut,
    ReopenIn,
    SweepIn,
    SweepOut,
    TaskDoneIn,
    TaskOut,
    VictimDeathIn,
)
from vcs.core.actors import Role
from vcs.core.errors import InvalidInput
from vcs.core.schemas import Input, Page

CASEWORK = allow(Role.VLO, Role.VLU_MANAGER)
IfMatch = Annotated[
    str | None,
    HeaderParameter(name="If-Match", max_length=40, description='The case version read, e.g. "3"'),
]
M = TypeVar("M", bound=Input)


def version_from(if_match: str | None) -> int | None:
    if if_match is None:
        return None
    raw = if_match.strip().removeprefix("W/").strip('"')
    if not raw.isdigit() or not 0 < int(raw) < 2**31:
        raise InvalidInput.on("If-Match", 'Send the case version as If-Match: "<number>"')
    return int(raw)


def with_version(data: M, if_match: str | None) -> M:
    """The body, its `version` taken from If-Match when the body has none."""
    header = version_from(if_match)
    if header is not None and getattr(data, "version", None) is None:
        return data.model_copy(update={"version": header})
    return data


class CaseworkController(Controller):
    path = "/api/v1/cases/{case_id:int}"
    tags = ["Casework"]
    guards = [CASEWORK]

    @post("/allocation")
    async def allocate(
        self,
        request: AuthedRequest,
        case_id: Id,
        data: JSONBody[AllocationIn],
        if_match: IfMatch = None,
    ) -> CaseChanged:
        """Allocate the case to a VLO (managers), or take an unallocated case (VLOs)."""
        return await casework.allocate(
            request.user, case_id, with_version(data, if_match), request.app.state.today()
        )

    @post("/contacts")
    async def add_contact(
        self,
        request: AuthedRequest,
        case_id: Id,
        data: JSONBody[ContactIn],
        if_match: IfMatch = None,
    ) -> CaseChanged:
        """Log a contact attempt or a note; the first real attempt meets the first-contact clock."""
        return await contacts.record_contact(
            request.user, case_id, with_version(data, if_match), request.app.state.today()
        )

    @get("/contacts")
    async def list_contacts(
        self, request: AuthedRequest, case_id: Id, limit: Limit = 100, offset: Offset = 0
    ) -> Page[ContactOut]:
        """Every contact attempt and note, oldest first."""
        return await contacts.list_contacts(request.user, case_id, limit, offset)

    @post("/participation")
    async def participate(
        self,
        request: AuthedRequest,
        case_id: Id,
        data: JSONBody[ParticipationIn],
        if_match: IfMatch = None,
    ) -> CaseChanged:
        """Record the victim opting in (with a level) or out."""
        return await participation.record_participation(
            request.user, case_id, with_version(data, if_match), request.app.state.today()
        )

    @get("/participation")
    async def participation_history(
        self, request: AuthedRequest, case_id: Id, limit: Limit = 100, offset: Offset = 0
    ) -> Page[ParticipationOut]:
        """The full opt-in and opt-out history, oldest first."""
        return await participation.participation_history(request.user, case_id, limit, offset)

    @post("/entitlements")
    async def record_entitlement(
        self,
        request: AuthedRequest,
        case_id: Id,
        data: JSONBody[EntitlementIn],
        if_match: IfMatch = None,
    ) -> EntitlementOut:
        """Record whether one of the victim's entitlements under the Victims' Code was
        delivered, when, and the reason for any departure (needed when not delivered)."""
        return await entitlements.record_entitlement(
            request.user, case_id, with_version(data, if_match), request.app.state.today()
        )

    @get("/entitlements")
    async def list_entitlements(
        self, request: AuthedRequest, case_id: Id, limit: Limit = 50, offset: Offset = 0
    ) -> Page[EntitlementOut]:
        """The case's entitlement records, oldest first."""
        return await entitlements.list_entitlements(request.user, case_id, limit, offset)

    @put("/nominated-contact")
    async def set_nominated_contact(
        self,
        request: AuthedRequest,
        case_id: Id,
        data: JSONBody[NominatedContactIn],
        if_match: IfMatch = None,
    ) -> CaseChanged:
        """Add or replace the person who receives information for the victim."""
        return await participation.set_nominated_contact(
            request.user, case_id, with_version(data, if_match), request.app.state.today()
        )

    @delete("/nominated-contact", status_code=200)
    async def remove_nominated_contact(
        self,
        request: AuthedRequest,
        case_id: Id,
        if_match: IfMatch = None,
        version: Annotated[int | None, QueryParameter(ge=1, le=2**31 - 1)] = None,
    ) -> CaseChanged:
        """Remove the nominated contact."""
        chosen = version if version is not None else version_from(if_match)
        return await participation.remove_nominated_contact(
            request.user, case_id, chosen, request.app.state.today()
        )

    @get("/preferences")
    async def get_preferences(self, request: AuthedRequest, case_id: Id) -> PreferencesOut:
        """How the victim wants to hear from us."""
        return await participation.get_preferences(request.user, case_id)

    @put("/preferences")
    async def set_preferences(
        self,
        request: AuthedRequest,
        case_id: Id,
        data: JSONBody[PreferencesIn],
        if_match: IfMatch = None,
    ) -> PreferencesOut:
        """Record channels, language, accessibility needs, safe times and postal limits."""
        return await participation.set_preferences(
            request.user, case_id, with_version(data, if_match), request.app.state.today()
        )

    @post("/close")
    async def close(
        self, request: AuthedRequest, case_id: Id, data: JSONBody[CloseIn], if_match: IfMatch = None
    ) -> CaseChanged:
        """Close the case with a reason, or transfer it to another VLU."""
        return await casework.close(
            request.user, case_id, with_version(data, if_match), request.app.state.today()
        )

    @post("/reopen")
    async def reopen(
        self,
        request: AuthedRequest,
        case_id: Id,
        data: JSONBody[ReopenIn],
        if_match: IfMatch = None,
    ) -> CaseChanged:
        """Reopen a closed case, with a reason."""
        return await casework.reopen(
            request.user, case_id, with_version(data, if_match), request.app.state.today()
        )

    @post("/victim-death")
    async def victim_death(
        self,
        request: AuthedRequest,
        case_id: Id,
        data: JSONBody[VictimDeathIn],
        if_match: IfMatch = None,
    ) -> CaseChanged:
        """Record that the victim has died: nothing can be addressed to them again."""
        return await casework.record_victim_death(
            request.user, case_id, with_version(data, if_match), request.app.state.today()
        )


class TaskController(Controller):
    path = "/api/v1/tasks"
    tags = ["Casework"]
    guards = [CASEWORK]

    @get("/")
    async def list_tasks(
        self,
        request: AuthedRequest,
        open_only: Annotated[bool, QueryParameter(name="open")] = True,
        case_id: Annotated[int | None, QueryParameter(ge=1, le=2**31 - 1)] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[TaskOut]:
        """The unit's tasks, soonest due first."""
        return await tasks.list_tasks(request.user, open_only, case_id, limit, offset)

    @post("/{task_id:int}/done")
    async def done(
        self, request: AuthedRequest, task_id: Id, data: JSONBody[TaskDoneIn]
    ) -> TaskOut:
        """Mark a task done."""
        casework.check_not_future(data.on, request.app.state.today())
        return await tasks.complete_task(request.user, task_id, data.on)


class SweepController(Controller):
    path = "/api/v1/sweep"
    tags = ["Casework"]
    guards = [allow(Role.VLU_MANAGER)]

    @post("/", status_code=200)
    async def run(self, request: AuthedRequest, data: JSONBody[SweepIn]) -> SweepOut:
        """Run the sweep over the unit's open clocks (also run nightly by `vcs sweep`)."""
        on = data.on or request.app.state.today()
        return await sweep.sweep(on, sweep.Scope(unit_id=request.user.unit_id))
