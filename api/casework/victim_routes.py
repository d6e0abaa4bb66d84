"""The victim's own details: changed by the case's Victim Liaison Unit with a reason, and the
history of those changes (which details, who, when, why; never the values)."""

from __future__ import annotations

from litestar import Controller, get, patch
from litestar.params import JSONBody

from api.casework.routes import CASEWORK, IfMatch, with_version
from api.web.params import AuthedRequest, Id, Limit, Offset
from vcs.casework import victim_details
from vcs.casework.schemas import CaseChanged
from vcs.casework.victim_schemas import VictimDetailsChange, VictimDetailsChangeOut
from vcs.core.schemas import Page


class VictimDetailsController(Controller):
    path = "/api/v1/cases/{case_id:int}/victim"
    tags = ["Casework"]
    guards = [CASEWORK]

    @patch("/")
    async def change(
        self,
        request: AuthedRequest,
        case_id: Id,
        data: JSONBody[VictimDetailsChange],
        if_match: IfMatch = None,
    ) -> CaseChanged:
        """Change the victim's name, address, phone, email, date of birth or language, with a
        reason. Only the fields sent change; `null` removes an address, phone, email or date
        of birth. Audited, and kept in the case's history."""
        return await victim_details.change_victim_details(
            request.user, case_id, with_version(data, if_match), request.app.state.today()
        )

    @get("/history")
    async def history(
        self, request: AuthedRequest, case_id: Id, limit: Limit = 100, offset: Offset = 0
    ) -> Page[VictimDetailsChangeOut]:
        """Every change to the victim's details, oldest first: which details, who, when and
        why. Never the values."""
        return await victim_details.victim_details_history(request.user, case_id, limit, offset)
