"""Security headers on every response: pages, API, errors, assets, even a 404 for an unknown
path or a 405 for a wrong method (which Litestar answers before any route middleware runs, so
this wraps the whole application rather than sitting in its per-route middleware list).

- Content-Security-Policy suited to server-rendered GOV.UK pages: everything from our own
  origin; the one inline script of the GOV.UK Frontend page template allowed by its hash; no
  framing. The interactive API docs at `/schema` load Redoc from its CDN and get their own
  policy; a response that sets its own (stricter) policy keeps it.
- Strict-Transport-Security only when the request came over HTTPS (directly, or through a proxy
  saying so in X-Forwarded-Proto): over plain HTTP browsers ignore it.
- X-Content-Type-Options nosniff; X-Frame-Options DENY; Referrer-Policy no-referrer.
- Cache-Control no-store on every API response (they may carry a victim's details), and on any
  other response that does not set its own caching, except static assets.
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

# GOV.UK Frontend's template.html inline script (adds `js-enabled`), as its docs publish it.
GOVUK_TEMPLATE_SCRIPT = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"
PAGE_POLICY = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' {GOVUK_TEMPLATE_SCRIPT}",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ]
)
DOCS_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' https://cdn.redoc.ly",
        "style-src 'self' 'unsafe-inline' https://fonts.googleapis.com",
        "font-src 'self' data: https://fonts.gstatic.com",
        "img-src 'self' data: https://cdn.jsdelivr.net https://cdn.redoc.ly",
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "base-uri 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ]
)
HSTS = "max-age=31536000; includeSubDomains"
STATIC_PREFIXES = ("/assets/", "/static/")
ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def came_over_https(scope: Scope) -> bool:
    """Whether the browser reached us over HTTPS, directly or through a TLS-terminating proxy."""
    if scope.get("scheme") == "https":
        return True
    for name, value in scope.get("headers", []):
        if name.lower() == b"x-forwarded-proto":
            return value.split(b",")[0].strip().lower() == b"https"
    return False


def headers_for(path: str, https: bool, already: frozenset[str] = frozenset()) -> dict[str, str]:
    """The security headers a response to `path` gets (pure, so it can be tested alone).
    `already` names (lower case) the headers the handler set itself: a stricter policy of its
    own (a document served with `default-src 'none'`) and its own caching outside /api stand."""
    headers = dict(ALWAYS)
    docs = path == "/schema" or (path.startswith("/schema/") and not path.endswith(".json"))
    if "content-security-policy" not in already:
        headers["Content-Security-Policy"] = DOCS_POLICY if docs else PAGE_POLICY
    if https:
        headers["Strict-Transport-Security"] = HSTS
    own_caching = "cache-control" in already or path.startswith(STATIC_PREFIXES)
    if path.startswith("/api/") or not own_caching:
        headers["Cache-Control"] = "no-store"
    return headers


class SecurityHeaders:
    """ASGI middleware adding `headers_for(...)` to the start of every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        https, path = came_over_https(scope), scope["path"]  # routing may rewrite the path

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                already = frozenset(name.lower() for name in headers)
                extra = headers_for(path, https, already)
                for name, value in extra.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
