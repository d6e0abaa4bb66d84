"""CSRF protection for every form on the pages: Litestar's double-submit cookie check
(`CSRFConfig`), with a secret derived from the service's token signing key so that every app
process accepts the others' tokens. The JSON API under /api/v1 uses bearer tokens and is not
behind this check."""

from __future__ import annotations

import hashlib
import hmac

from litestar.config.csrf import CSRFConfig
from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from api.web.session import over_https
from vcs.access import auth

CSRF_COOKIE = "vcs_csrf"
CSRF_FIELD = "_csrf_token"  # the form field Litestar's check reads


async def csrf_secret() -> str:
    """A key for CSRF tokens, derived from (never equal to) the token signing key."""
    key = await auth.signing_key()
    return hmac.new(key.encode(), b"vcs pages csrf", hashlib.sha256).hexdigest()


def csrf_config(secret: str, *, secure: bool) -> CSRFConfig:
    return CSRFConfig(
        secret=secret,
        cookie_name=CSRF_COOKIE,
        cookie_httponly=True,
        cookie_samesite="lax",
        cookie_secure=secure,
    )


class PageCSRF:
    """Litestar's `CSRFMiddleware`, built on first use (the secret comes from the database) with
    a Secure cookie when the page is served over HTTPS."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._checks: dict[bool, CSRFMiddleware] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        secure = over_https(scope)
        check = self._checks.get(secure)
        if check is None:
            check = CSRFMiddleware(self.app, csrf_config(await csrf_secret(), secure=secure))
            self._checks[secure] = check
        await check(scope, receive, send)
