"""Who is using the pages: a session cookie holding the same signed token the API issues.

The cookie is HttpOnly and SameSite=Lax, and Secure when the page was asked for over HTTPS.
(Security headers, the page Content Security Policy among them, are added to every response by
`api.web.headers`.)
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from vcs.access import auth
from vcs.core.actors import Actor, Role
from vcs.core.errors import AuthenticationFailed

SESSION_COOKIE = "vcs_session"
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
    """Resolve the session cookie to an `Actor` (or None when signed out) for the page guards."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        token = ASGIConnection[Any, Any, Any, Any](scope).cookies.get(SESSION_COOKIE)
        actor: Actor | None = None
        if token:
            try:
                actor = await auth.authenticate(token)
            except AuthenticationFailed:
                token = None
        scope["user"] = actor
        scope["auth"] = token
        await next_app(scope, receive, send)


def session_cookie(request: Request[Any, Any, Any], token: str, max_age: int) -> Cookie:
    """The signed-in cookie: HttpOnly, SameSite=Lax, Secure over HTTPS."""
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=over_https(request.scope),
    )


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
