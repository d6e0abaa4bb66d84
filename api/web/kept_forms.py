"""A form sent after the session ended is kept, not lost.

The form's CSRF token still has to match the session it was issued in (`api.web.csrf`), so only
the person whose session it was can have a form kept. Its fields go to the database
(`vcs.access.kept_forms`), never into the page address or the log; the person is sent to sign in
with `next` naming the form's page and the kept form's key. After signing in, that page shows
the form again holding what they typed (`api.web.templating.Page`), ready to check and send. A
form sent to an address with no page to show it again is offered back on a page of its own.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.exceptions import MethodNotAllowedException, NotFoundException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, HTTPResponseStartEvent, Receive, Scope, Send

from api.web.forms import form_values
from api.web.session import extras
from vcs.access import kept_forms
from vcs.core.actors import Actor

KEPT = "kept"  # the query parameter naming a kept form
NOT_KEPT = frozenset({"/sign-in", "/sign-out", "/session/extend"})
CONFIRM_PAGE = "/kept-forms/"


def has_page(scope: Scope, path: str) -> bool:
    """Whether the address the form was sent to also shows it (GET)."""
    try:
        scope["app"].asgi_router.handle_routing(path, "GET")
    except (NotFoundException, MethodNotAllowedException):
        return False
    return True


async def _keep(scope: Scope, receive: Receive, send: Send) -> None:
    path = scope["path"]
    values = await form_values(Request[Any, Any, Any](scope, receive))
    user_id = extras(scope)["lapsed_user_id"]
    key = await kept_forms.keep(user_id, path, values, scope["app"].state.now())
    back = f"{path}?{urlencode({KEPT: key})}" if has_page(scope, path) else CONFIRM_PAGE + key
    location = "/sign-in?" + urlencode({"next": back, "ended": "yes"})
    start: HTTPResponseStartEvent = {
        "type": "http.response.start",
        "status": 303,
        "headers": [(b"location", location.encode()), (b"content-length", b"0")],
    }
    await send(start)
    await send({"type": "http.response.body", "body": b"", "more_body": False})


class KeepLapsedForms(ASGIMiddleware):
    """Keep a form sent just after its writer's session ended; give it back to the same
    person, once, on the form's page after they sign in again."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        method, user = scope.get("method"), scope.get("user")
        lapsed = extras(scope).get("lapsed_user_id") and user is None
        if method == "POST" and lapsed and scope["path"] not in NOT_KEPT:
            await _keep(scope, receive, send)
            return
        key = ASGIConnection[Any, Any, Any, Any](scope).query_params.get(KEPT)
        if method == "GET" and isinstance(user, Actor) and key:
            now = scope["app"].state.now()
            kept = await kept_forms.take(key, user.user_id, now, scope["path"])
            extras(scope)["kept_form"] = kept.fields if kept else None
        await next_app(scope, receive, send)
