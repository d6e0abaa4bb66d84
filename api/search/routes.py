"""`GET /api/v1/search`: a VLU's cases found by victim, offender or case number."""

from __future__ import annotations

from litestar import Controller, get

from api.web.params import AuthedRequest, Limit, Offset, SearchQuery
from api.web.security import allow
from vcs.core.actors import Role
from vcs.core.schemas import Page
from vcs.search import finding
from vcs.search.schemas import SearchHit

Query = SearchQuery


class SearchController(Controller):
    path = "/api/v1/search"
    tags = ["Search"]
    guards = [allow(Role.VLO, Role.VLU_MANAGER, Role.WCU)]

    @get("/")
    async def search(
        self, request: AuthedRequest, q: Query = "", limit: Limit = 20, offset: Offset = 0
    ) -> Page[SearchHit]:
        """The caller's unit's cases whose victim's name is close to `q` (misspelt, partial,
        with or without accents), or whose number, offender's name, CRN, prison number or PNC
        number it is; closest first. Showing the results is audited."""
        return await finding.search(request.user, q, limit, offset)
