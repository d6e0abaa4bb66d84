"""CSRF protection for every form on the pages: Litestar's double-submit cookie check
(`CSRFConfig`, `CSRFMiddleware`), with tokens bound to the session they were issued in.

Litestar signs each token with the config's secret. Here that secret is derived, per request,
from the service's token signing key (so every app process accepts the others' tokens) and from
the session: a hash of the session's id (shared by the tokens it is renewed with while the person
works, and still known for a session that has just ended, so a form sent then can be kept), or
"signed out". A token issued to a signed-out page (the sign-in form) therefore fails the check
inside a signed-in session, and one issued in a session fails in any other. Signing in and
signing out each set a new CSRF cookie for the session that begins; a page asked for with a
cookie from another session gets a new one.
The JSON API under /api/v1 uses bearer tokens and is not behind this check.
"""

from __future__ import annotations

import hashlib
import hmac
from secrets import compare_digest
from typing import Any

from litestar import Request
from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.middleware.csrf import (
    CSRF_SECRET_LENGTH,
    CSRFMiddleware,
    generate_csrf_hash,
    generate_csrf_token,
)
from litestar.types import ASGIApp, Receive, Scope, Send

from api.web.session import extras, over_https
from vcs.access import auth

CSRF_COOKIE = "vcs_csrf"
CSRF_FIELD = "_csrf_token"  # the form field Litestar's check reads
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def csrf_secret() -> str:
    """A key for CSRF tokens, derived from (never equal to) the token signing key."""
    key = await auth.signing_key()
    return hmac.new(key.encode(), b"vcs pages csrf", hashlib.sha256).hexdigest()


def session_secret(key: str, session_id: str | None) -> str:
    """The secret one session's CSRF tokens are signed with: bound to that session,
    or to being signed out."""
    session = hashlib.sha256(session_id.encode()).hexdigest() if session_id else "signed out"
    return hmac.new(key.encode(), f"session {session}".encode(), hashlib.sha256).hexdigest()


def issued_for(token: str, secret: str) -> bool:
    """Whether a CSRF token was signed with this session's secret (Litestar's token layout:
    a random part, then its HMAC)."""
    random_part, signature = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:]
    return bool(signature) and compare_digest(signature, generate_csrf_hash(random_part, secret))


def csrf_config(secret: str, *, secure: bool) -> CSRFConfig:
    return CSRFConfig(
        secret=secret,
        cookie_name=CSRF_COOKIE,
        cookie_httponly=True,
        cookie_samesite="lax",
        cookie_secure=secure,
    )


def _forget_csrf_cookie(scope: Scope) -> None:
    """Drop the CSRF cookie from the request, so Litestar issues a new one on this page."""
    ASGIConnection[Any, Any, Any, Any](scope).cookies.pop(CSRF_COOKIE, None)  # the parsed copy
    headers = []
    for name, value in scope["headers"]:
        if name.lower() == b"cookie":
            parts = value.decode("latin-1").split(";")
            kept = [p for p in parts if p.split("=", 1)[0].strip() != CSRF_COOKIE]
            value = ";".join(kept).encode("latin-1")
        headers.append((name, value))
    scope["headers"] = headers


class PageCSRF:
    """Litestar's `CSRFMiddleware` with this request's session-bound secret, and a Secure
    cookie when the page is served over HTTPS. Runs after `PageSession`, which leaves the
    session's id (or None when signed out) in `scope["session_id"]`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        secret = session_secret(await csrf_secret(), extras(scope).get("session_id"))
        if scope.get("method") in SAFE_METHODS:
            cookie = ASGIConnection[Any, Any, Any, Any](scope).cookies.get(CSRF_COOKIE)
            if cookie and not issued_for(cookie, secret):
                _forget_csrf_cookie(scope)
        check = CSRFMiddleware(self.app, csrf_config(secret, secure=over_https(scope)))
        await check(scope, receive, send)


async def new_csrf_cookie(request: Request[Any, Any, Any], session_id: str | None) -> Cookie:
    """A fresh CSRF cookie for the session that begins as someone signs in (their new session)
    or signs out (None), so no token from before carries over."""
    secret = session_secret(await csrf_secret(), session_id)
    return Cookie(
        key=CSRF_COOKIE,
        value=generate_csrf_token(secret),
        path="/",
        httponly=True,
        samesite="lax",
        secure=over_https(request.scope),
    )
