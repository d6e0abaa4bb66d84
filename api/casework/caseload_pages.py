"""The Victim Liaison Unit's pages: the caseload and a case with its timeline."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal

from litestar import Controller, get
from litestar.params import QueryParameter
from litestar.response import Template

from api.casework import allocation_pages as allocation
from api.casework import entitlement_pages
from api.casework import nominee_pages as nominee
from api.casework import preference_pages as preferences
from api.casework import step_pages as casework
from api.casework.allocation_pages import allocation_section
from api.casework.caseload_filters import back_to_caseload, list_query
from api.casework.entitlement_pages import entitlements_section
from api.casework.step_pages import casework_section
from api.casework.victim_pages import BANNERS as DETAILS_BANNERS
from api.casework.victim_pages import details_history_section
from api.conditions import form_pages as conditions
from api.conditions.form_pages import conditions_section
from api.correspondence.case_letter_pages import letters_section
from api.mappa import pages as mappa
from api.mappa.pages import mappa_section
from api.notifications import pages as notification_pages
from api.notifications.pages import notifications_section
from api.sentence import key_date_pages, tribunal_pages
from api.sentence.key_date_pages import key_dates_section
from api.sentence.tribunal_pages import tribunal_section
from api.web.params import AuthedRequest, Id, Limit, Offset
from api.web.security import allow
from api.web.templating import page, pagination
from vcs.access import admin
from vcs.casework import case_file, case_view, caseload
from vcs.core.actors import Role

# A VLO's username, or "-" for the cases not allocated to anyone yet.
NOT_ALLOCATED = "-"
Officer = Annotated[str, QueryParameter(max_length=64, pattern=r"^(-|[a-z0-9][a-z0-9._-]{1,63})?$")]
# On the caseload: absent means the VLO's own cases (a manager's: the unit's); empty, anyone.
ListOfficer = Annotated[
    str | None,
    QueryParameter(name="assigned_to", max_length=64, pattern=r"^(-|[a-z0-9][a-z0-9._-]{1,63})?$"),
]
CaseState = Annotated[Literal["open", "closed", "all"], QueryParameter(name="state")]
Urgency = Annotated[Literal["", "overdue", "due_soon"], QueryParameter()]
# What was just saved on the case (a flag, never data), shown as a success banner at the top of
# the case page in the words its area chose (an unknown flag shows nothing).
Done = Annotated[str, QueryParameter(max_length=40, pattern=r"^[a-z_-]*$")]
# The caseload's filters a case was opened from (checked again before use).
Carried = Annotated[str, QueryParameter(max_length=300)]
# On the caseload: a case allocated from it, or a case that has left for another unit.
CASELOAD_BANNERS = {
    "allocated": "The case is allocated.",
    "transferred": "The case is transferred to the other Victim Liaison Unit.",
}
CASE_BANNERS: dict[str, str] = {
    **casework.BANNERS,
    **nominee.BANNERS,
    **preferences.BANNERS,
    **allocation.BANNERS,
    **conditions.BANNERS,
    **mappa.BANNERS,
    **notification_pages.BANNERS,
    **tribunal_pages.BANNERS,
    **entitlement_pages.BANNERS,
    **key_date_pages.BANNERS,
    **DETAILS_BANNERS,
}

# What each area of casework adds to the case page: an async function of the request and the
# case id returning the variables its partial (`api/templates/cases/_<area>.html`) needs.
CaseSection = Callable[[AuthedRequest, int], Awaitable[dict[str, Any]]]
CASE_SECTIONS: list[CaseSection] = [
    letters_section,
    notifications_section,
    casework_section,
    mappa_section,
    allocation_section,
    conditions_section,
    tribunal_section,
    entitlements_section,
    key_dates_section,
    details_history_section,
]


class CaseloadPages(Controller):
    path = "/cases"
    include_in_schema = False
    guards = [allow(Role.VLO, Role.VLU_MANAGER)]

    @get("/")
    async def caseload(
        self,
        request: AuthedRequest,
        assigned_to: ListOfficer = None,
        case_state: CaseState = "open",
        deadline: Urgency = "",
        done: Done = "",
        limit: Limit = 25,
        offset: Offset = 0,
    ) -> Template:
        """The unit's cases, most urgent first, with filters by officer, state and deadline. A
        VLO starts on their own cases; "Anyone" (an empty `assigned_to`) shows the unit's."""
        if assigned_to is None:
            assigned_to = request.user.username if request.user.role is Role.VLO else ""
        unallocated = assigned_to == NOT_ALLOCATED
        filters = caseload.CaseFilter(
            None if unallocated else assigned_to or None,
            None if case_state == "all" else case_state,
            deadline or None,
            unallocated,
        )
        found = await caseload.list_cases(
            request.user, filters, request.app.state.today(), limit, offset
        )
        return page(
            "cases/caseload.html",
            cases=found,
            officers=await admin.unit_officers(request.user),
            filters={"assigned_to": assigned_to, "state": case_state, "deadline": deadline},
            list_query=list_query(
                {"assigned_to": assigned_to, "state": case_state, "deadline": deadline}
                | ({"limit": limit, "offset": offset} if offset else {})
            ),
            pagination=pagination(request, found.total, limit, offset),
            banner=CASELOAD_BANNERS.get(done),
        )

    @get("/{case_id:int}")
    async def case(
        self, request: AuthedRequest, case_id: Id, done: Done = "", caseload: Carried = ""
    ) -> Template:
        """One case: victim, offender, sentence, eligibility, participation, clocks and the
        timeline, read in one transaction with one audit entry for the view. `done` names what
        was just saved, for the success banner; `caseload` the filters of the list it was
        opened from, for the way back."""
        today = request.app.state.today()
        sections: dict[str, Any] = {}
        async with case_view.viewing_case(request.user, case_id):
            detail = await case_file.get_case(request.user, case_id, today)
            timeline = await case_file.case_timeline(request.user, case_id, 200, 0)
            for load in CASE_SECTIONS:
                sections.update(await load(request, case_id))
        banner = CASE_BANNERS.get(done)
        return page(
            "cases/case.html",
            case=detail,
            timeline=timeline,
            banner=banner,
            back_href=back_to_caseload(caseload),
            **sections,
        )
