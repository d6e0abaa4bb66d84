"""How long the page session has left, staying signed in, and a kept form sent again.

The timeout warning (`api/static/javascripts/timeout-warning.mjs`) asks `GET /session` how long
is left (asking does not extend the session) and "Stay signed in" posts to `/session/extend`.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.params import PathParameter
from litestar.response import Response, Template

from api.web.kept_forms import has_page
from api.web.params import AuthedRequest
from api.web.security import allow
from api.web.session import SESSION_STATUS, extras, renewed_cookie
from api.web.templating import page
from vcs.access import kept_forms, sessions
from vcs.core.actors import PEOPLE
from vcs.core.errors import NotFound

NO_STORE = {"Cache-Control": "no-store"}
KeptKey = Annotated[str, PathParameter(max_length=64, description="A kept form's key")]


def seconds_left(request: Request[Any, Any, Any]) -> int:
    ends = extras(request.scope).get("session_ends")
    if request.scope.get("user") is None or ends is None:
        return 0
    return max(0, int((ends - request.app.state.now()).total_seconds()))


class SessionPages(Controller):
    include_in_schema = False

    @get(SESSION_STATUS)
    async def status(self, request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
        """Whether the person is still signed in and for how many seconds, without extending."""
        left = seconds_left(request)
        return Response({"signed_in": left > 0, "seconds_left": left}, headers=NO_STORE)

    @post("/session/extend", guards=[allow(*PEOPLE, door=False)], status_code=200)
    async def extend(self, request: AuthedRequest) -> Response[dict[str, Any]]:
        """ "Stay signed in": the session lasts its full idle time again from now (never past
        its absolute end)."""
        now = request.app.state.now()
        state = await sessions.resume(request.auth, now, extend=True, force=True)
        if state.renewed:
            extras(request.scope)["session_ends"] = state.ends
            cookies = [renewed_cookie(request.scope, state.renewed.access_token)]
        else:
            cookies = []
        body = {"signed_in": True, "seconds_left": seconds_left(request)}
        return Response(body, headers=NO_STORE, cookies=cookies)

    @get("/kept-forms/{key:str}", guards=[allow(*PEOPLE, door=False)])
    async def kept_form(self, request: AuthedRequest, key: KeptKey) -> Template:
        """A form sent after the session ended, to an address with no page showing it again:
        what was typed, to send again (with this session's CSRF token) or leave."""
        now = request.app.state.now()
        kept = await kept_forms.take(key, request.user.user_id, now)
        if kept is None or has_page(request.scope, kept.path):
            raise NotFound("That form is no longer kept: it was sent again, or kept too long.")
        shown = [v for k, v in kept.fields.items() if v.strip() and k not in HIDDEN]
        return page("kept_form.html", kept=kept, shown=shown)


# Fields a form carries without the person typing them.
HIDDEN = frozenset({"version", "next", "confirm"})
