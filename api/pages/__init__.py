"""The pages for people: GOV.UK Design System pages over the same use cases as the API.

Every page sits in `page_routers()`: one Router with the session-cookie sign-in, CSRF checks on
every form and HTML error pages; the GOV.UK Frontend assets are served at /assets.

To add a page: write a Controller in the module of its area (`api/pages/<area>.py`) with
`include_in_schema = False` and a role guard from `api.security.allow`, a template in
`api/templates/<area>/` extending `layout.html`, add the Controller to `CONTROLLERS` below and,
if it belongs in the navigation, to `NAVIGATION` in `api/templates/layout.html`. Forms post
`{{ csrf_input }}` and use the macros in `api/templates/macros/form.html`.
"""

from __future__ import annotations

from litestar import Router
from litestar.middleware import DefineMiddleware
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler

from api.pages.allocation import AllocationPages
from api.pages.caseload import CaseloadPages
from api.pages.casework import CaseworkPages
from api.pages.choices import ChoicePages
from api.pages.condition_steps import ConditionRequestPages
from api.pages.conditions import ConditionFormPages
from api.pages.csrf import PageCSRF
from api.pages.deadlines import DeadlinePages
from api.pages.errors import PAGE_EXCEPTION_HANDLERS
from api.pages.letters import CaseLetterPages, LetterPages
from api.pages.mappa import ArrangeMeetingPages, MappaViewsPages, MeetingPackPages
from api.pages.offenders import OffenderPages
from api.pages.referrals import ReferralPages
from api.pages.reports import ReportPages
from api.pages.session import PageSession
from api.pages.start import StartPages
from api.pages.templating import STATIC, template_config

__all__ = ["page_routers", "template_config"]

CONTROLLERS: list[ControllerRouterHandler] = [
    StartPages,
    CaseloadPages,
    ReferralPages,
    DeadlinePages,
    ReportPages,
    OffenderPages,
    CaseworkPages,
    CaseLetterPages,
    LetterPages,
    MappaViewsPages,
    MeetingPackPages,
    ArrangeMeetingPages,
    ConditionFormPages,
    ConditionRequestPages,
    ChoicePages,
    AllocationPages,
]


# Pages are signed in by the session cookie, not a bearer token: the API's bearer middleware
# skips routes carrying this option.
NOT_BEARER = {"exclude_from_auth": True}


def page_routers() -> list[ControllerRouterHandler]:
    """The pages (signed in by cookie, CSRF-checked) and their static assets at /assets."""
    pages = Router(
        path="/",
        route_handlers=CONTROLLERS,
        middleware=[PageSession(), DefineMiddleware(PageCSRF)],
        exception_handlers=PAGE_EXCEPTION_HANDLERS,
        include_in_schema=False,
        security=[],
        opt=NOT_BEARER,
    )
    assets = create_static_files_router(
        path="/assets", directories=[STATIC], name="assets", include_in_schema=False, opt=NOT_BEARER
    )
    return [pages, assets]
