"""A unit's print run in the JSON API: the letters drafted on a day, and marking the listed
ones sent at once (`vcs.correspondence.print_runs`)."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.params import JSONBody

from api.correspondence.routes import CASEWORK, RunDate
from api.web.params import AuthedRequest, Limit, Offset
from vcs.core.schemas import Page
from vcs.correspondence import print_runs
from vcs.correspondence.print_runs import RunLetter, RunMarked, RunSent


class PrintRunController(Controller):
    path = "/api/v1/letters/print-run"
    tags = ["Letters"]
    guards = [CASEWORK]

    @get("/")
    async def letters(
        self, request: AuthedRequest, drafted_on: RunDate, limit: Limit = 50, offset: Offset = 0
    ) -> Page[RunLetter]:
        """The letters the unit drafted on the day (not cancelled), in the order they print."""
        found = await print_runs.run_letters(request.user, drafted_on)
        items = found[offset : offset + limit]
        return Page[RunLetter](items=items, total=len(found), limit=limit, offset=offset)

    @post("/sent", status_code=200)
    async def sent(
        self, request: AuthedRequest, drafted_on: RunDate, data: JSONBody[RunSent]
    ) -> RunMarked:
        """Mark the listed letters of the run still drafts as sent, all or none."""
        today = request.app.state.today()
        return await print_runs.mark_run_sent(
            request.user, drafted_on, data.letter_ids, data.on, today, data.late_reason
        )
