"""The search results page, reached from the search box in every page's header."""

from __future__ import annotations

from litestar import Controller, get
from litestar.response import Template

from api.search.routes import Query
from api.web.params import AuthedRequest, Limit, Offset
from api.web.security import allow
from api.web.templating import page, pagination
from vcs.core.actors import Role
from vcs.core.errors import InvalidInput
from vcs.search import finding


class SearchPages(Controller):
    path = "/search"
    include_in_schema = False
    guards = [allow(Role.VLO, Role.VLU_MANAGER, Role.WCU)]

    @get("/")
    async def results(
        self, request: AuthedRequest, q: Query = "", limit: Limit = 20, offset: Offset = 0
    ) -> Template:
        """The cases found, closest first, each with what tells it apart."""
        try:
            found = await finding.search(request.user, q, limit, offset)
        except InvalidInput as exc:
            error = exc.problems[0].message
            return page(
                "search/results.html",
                400,
                query=q[:100],
                found=None,
                errors={"q": error},
                error_list=[{"text": error, "href": "#search-q"}],
            )
        return page(
            "search/results.html",
            query=q,
            found=found,
            pagination=pagination(request, found.total, limit, offset),
        )
