"""Who is using the pages: a session cookie holding the same signed token the API issues.

The cookie is HttpOnly and SameSite=Lax, and Secure when the page was asked for over HTTPS.
(Security headers, the page Content Security Policy among them, are added to every response by
`api.web.headers`.) Each page opened renews the token while the session lasts
(`vcs.access.sessions`); the cookie outlives the token, so that a form sent just after the
session ended can be kept for its writer (`api.web.kept_forms`).
"""

from __future__ import annotations

from typing import Any, cast

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from vcs.access import sessions
from vcs.core.actors import Actor, Role
from vcs.core.config import settings

SESSION_COOKIE = "vcs_session"
# The timeout warning asks how long is left here; asking does not extend the session.
SESSION_STATUS = "/session"
HOME = {
    Role.VLO: "/my-work",
    Role.VLU_MANAGER: "/my-work",
    Role.WCU: "/referrals",
    Role.OFFENDER_MANAGER: "/offenders",
    Role.NATIONAL_MANAGER: "/manager/reports",
}


def over_https(scope: Scope) -> bool:
    """Whether the browser reached us over HTTPS, directly or through a proxy saying so."""
    if scope.get("scheme") == "https":
        return True
    for name, value in scope.get("headers", []):
        if name.lower() == b"x-forwarded-proto":
            return bool(value.split(b",")[0].strip().lower() == b"https")
    return False


class PageSession(ASGIMiddleware):
    """Resolve the session cookie to an `Actor` (or None when signed out) for the page guards,
    renewing the session's token while the person works. The scope also carries the session's
    id (its CSRF tokens are bound to it), when it ends, and whose session it was if it has just
    ended."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        token = ASGIConnection[Any, Any, Any, Any](scope).cookies.get(SESSION_COOKIE)
        asking = scope.get("method") == "GET" and scope["path"] == SESSION_STATUS
        now = scope["app"].state.now()
        state = await sessions.state_of(token, now, extend=not asking)
        if state.renewed:
            token = state.renewed.access_token
            send = _setting_cookie(send, renewed_cookie(scope, token))
        scope["user"] = state.actor
        scope["auth"] = token if state.actor else None
        extra = extras(scope)
        extra["session_id"] = state.session_id
        extra["session_ends"] = state.ends
        extra["lapsed_user_id"] = state.lapsed_user_id
        await next_app(scope, receive, send)


def extras(scope: Scope) -> dict[str, Any]:
    """The scope's keys of our own: the session's id and end, whose session has just lapsed,
    a kept form given back."""
    return cast("dict[str, Any]", scope)


def _setting_cookie(send: Send, cookie: Cookie) -> Send:
    """Add the renewed session cookie to the response, unless the page set its own (signing
    out ends the session; signing in starts another)."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableScopeHeaders.from_message(message)
            own = any(f"{SESSION_COOKIE}=" in value for value in headers.getall("set-cookie", []))
            if not own:
                name, value = cookie.to_encoded_header()
                headers.add(name.decode("latin-1"), value.decode("latin-1"))
        await send(message)

    return sending


def cookie_life() -> int:
    """How long the browser keeps the session cookie: as long as a session can last, and then
    as long as a form sent after it ended is kept."""
    return settings.session_max_seconds + settings.kept_form_seconds


def renewed_cookie(scope: Scope, token: str) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        max_age=cookie_life(),
        path="/",
        httponly=True,
        samesite="lax",
        secure=over_https(scope),
    )


def session_cookie(request: Request[Any, Any, Any], token: str) -> Cookie:
    """The signed-in cookie: HttpOnly, SameSite=Lax, Secure over HTTPS."""
    return renewed_cookie(request.scope, token)


def ended_session_cookie(request: Request[Any, Any, Any]) -> Cookie:
    """A cookie that replaces the session cookie and expires at once."""
    return Cookie(
        key=SESSION_COOKIE,
        value="",
        max_age=0,
        path="/",
        httponly=True,
        samesite="lax",
        secure=over_https(request.scope),
    )


def home_for(actor: Actor | None) -> str:
    """Where a signed-in person starts: their role's main page."""
    if actor is None:
        return "/"
    return HOME.get(actor.role, "/")


def safe_next(target: str | None) -> str | None:
    """A page to return to after signing in: only a path on this site (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ord(c) < 32 or c == "\\" for c in target) or len(target) > 500:
        return None
    return target
