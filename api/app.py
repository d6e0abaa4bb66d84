"""The web application: one factory, used by `vcs serve`, the tests and the benchmarks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, get
from litestar.datastructures import State
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig

from api.clock import Today, london_today
from api.controllers.audit import AuditController
from api.controllers.auth_admin import AdminController, AuthController
from api.controllers.cases import CaseController, DeadlineController
from api.controllers.casework import CaseworkController, SweepController, TaskController
from api.controllers.conditions import (
    CaseConditionController,
    ConditionRequestController,
    list_condition_types,
)
from api.controllers.letters import CaseLetterController, LetterController
from api.controllers.mappa import (
    CaseMappaController,
    MeetingController,
    OffenderMappaController,
    bulk_change,
    unit_key_stages,
)
from api.controllers.offenders import OffenderController, my_offenders
from api.controllers.referrals import ReferralController
from api.controllers.reports import ReportController
from api.controllers.subject_access import subject_access_export
from api.errors import EXCEPTION_HANDLERS, document_errors
from api.headers import SecurityHeaders
from api.logging import AccessLog, litestar_logging
from api.pages import page_routers, template_config
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

    app = Litestar(
        route_handlers=[
            health,
            AuthController,
            AdminController,
            AuditController,
            ReferralController,
            CaseController,
            DeadlineController,
            CaseworkController,
            TaskController,
            SweepController,
            list_condition_types,
            CaseConditionController,
            ConditionRequestController,
            CaseLetterController,
            LetterController,
            OffenderController,
            my_offenders,
            OffenderMappaController,
            CaseMappaController,
            MeetingController,
            unit_key_stages,
            bulk_change,
            ReportController,
            subject_access_export,
            *page_routers(),
        ],
        middleware=[DefineMiddleware(BearerAuthentication, exclude=PUBLIC_PATHS)],
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[database],
        template_config=template_config(),
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
        logging_config=litestar_logging(),
    )
    document_errors(app)
    # Outside Litestar's own error handling, so every response, 404 and 405 included, gets the
    # security headers and one access-log line.
    app.asgi_handler = AccessLog(SecurityHeaders(app.asgi_handler))
    return app
