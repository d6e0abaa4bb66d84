"""The web application: one factory, used by `vcs serve`, the tests and the benchmarks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, get
from litestar.datastructures import State
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig

# Every area of the service: its JSON routes (`ROUTES`) and its pages (`PAGES`).
from api import (
    access,
    casework,
    conditions,
    correspondence,
    events,
    mappa,
    notifications,
    offender_side,
    records,
    referrals,
    reports,
    search,
    sentence,
)
from api.web.bodies import MAX_BODY_BYTES, check_body
from api.web.clock import Now, Today, london_today, utc_now
from api.web.errors import EXCEPTION_HANDLERS, document_errors
from api.web.headers import SecurityHeaders
from api.web.logging import AccessLog, litestar_logging
from api.web.pages import page_routers
from api.web.security import BEARER, PUBLIC_PATHS, BearerAuthentication
from api.web.templating import template_config
from vcs.access.audit_key import audit_key
from vcs.core import db

AREAS = (
    access,
    referrals,
    casework,
    conditions,
    correspondence,
    notifications,
    offender_side,
    sentence,
    mappa,
    reports,
    records,
    events,
    search,
)


@get("/health", tags=["Service"], security=[])
async def health() -> dict[str, str]:
    """The service is up and can reach its database."""
    await db.ping()
    return {"status": "ok"}


def create_app(*, today: Today = london_today, now: Now = utc_now, pool: bool = True) -> Litestar:
    """Build the app. `today` decides every deadline state; tests pass a fixed date. `now` is
    the instant sign-ins are judged and counted at (tests move it to see a wait end)."""

    @asynccontextmanager
    async def database(_: Litestar) -> AsyncIterator[None]:
        audit_key()  # a missing or unusable audit key stops the start, not the first request
        if pool:
            await db.start_pool()
        try:
            yield
        finally:
            if pool:
                await db.close_pool()

    app = Litestar(
        route_handlers=[
            health,
            *(handler for area in AREAS for handler in area.ROUTES),
            *page_routers([page for area in AREAS for page in area.PAGES]),
        ],
        middleware=[DefineMiddleware(BearerAuthentication, exclude=PUBLIC_PATHS)],
        before_request=check_body,
        request_max_body_size=MAX_BODY_BYTES,
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[database],
        template_config=template_config(),
        state=State({"today": today, "now": now}),
        openapi_config=OpenAPIConfig(
            title="Victim Contact Scheme tracker",
            version="1.0.0",
            description=(
                "For Victim Liaison Units, Witness Care Units and offender managers in England "
                "and Wales. Victims' contact details are never shown to offender managers."
            ),
            components=[BEARER],
            security=[{"bearer": []}],
            use_handler_docstrings=True,
        ),
        debug=False,
        logging_config=litestar_logging(),
    )
    document_errors(app)
    # Outside Litestar's own error handling, so every response, 404 and 405 included, gets the
    # security headers and one access-log line.
    app.asgi_handler = AccessLog(SecurityHeaders(app.asgi_handler))
    return app
