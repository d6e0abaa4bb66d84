"""The web application: one factory, used by `vcs serve`, the tests and the benchmarks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, get
from litestar.datastructures import State
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig

from api.clock import Today, london_today
from api.controllers.auth_admin import AdminController, AuthController
from api.controllers.cases import CaseController, DeadlineController
from api.controllers.casework import CaseworkController, SweepController, TaskController
from api.controllers.referrals import ReferralController
from api.errors import EXCEPTION_HANDLERS
from api.security import BEARER, PUBLIC_PATHS, BearerAuthentication
from vcs import db


@get("/health", tags=["Service"], security=[])
async def health() -> dict[str, str]:
    """The service is up and can reach its database."""
    await db.ping()
    return {"status": "ok"}


def create_app(*, today: Today = london_today, pool: bool = True) -> Litestar:
    """Build the app. `today` decides every deadline state; tests pass a fixed date."""

    @asynccontextmanager
    async def database(_: Litestar) -> AsyncIterator[None]:
        if pool:
            await db.start_pool()
        try:
            yield
        finally:
            if pool:
                await db.close_pool()

    return Litestar(
        route_handlers=[
            health,
            AuthController,
            AdminController,
            ReferralController,
            CaseController,
            DeadlineController,
            CaseworkController,
            TaskController,
            SweepController,
        ],
        middleware=[DefineMiddleware(BearerAuthentication, exclude=PUBLIC_PATHS)],
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[database],
        state=State({"today": today}),
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
    )
