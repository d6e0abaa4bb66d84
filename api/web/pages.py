"""The pages for people: GOV.UK Design System pages over the same use cases as the API.

Every area's page controllers (its `PAGES`) sit in one Router made by `page_routers()`, with
the session-cookie sign-in, CSRF checks on every form and HTML error pages; the GOV.UK Frontend
assets are served at /assets.

To add a page: write a Controller in its area's page module (`api/<area>/pages.py`) with
`include_in_schema = False` and a role guard from `api.web.security.allow`, a template in
`api/templates/<area>/` extending `layout.html`, add the Controller to the area's `PAGES`
(`api/<area>/__init__.py`) and, if it belongs in the navigation, to `NAVIGATION` in
`api/templates/layout.html`. Forms post `{{ csrf_input }}` and use the macros in
`api/templates/macros/form.html`.
"""

from __future__ import annotations

from litestar import Router
from litestar.middleware import DefineMiddleware
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler

from api.web.csrf import PageCSRF
from api.web.error_pages import PAGE_EXCEPTION_HANDLERS
from api.web.kept_forms import KeepLapsedForms
from api.web.session import PageSession
from api.web.templating import STATIC

# Pages are signed in by the session cookie, not a bearer token: the API's bearer middleware
# skips routes carrying this option.
NOT_BEARER = {"exclude_from_auth": True}


def page_routers(controllers: list[ControllerRouterHandler]) -> list[ControllerRouterHandler]:
    """The pages (signed in by cookie, CSRF-checked) and their static assets at /assets."""
    pages = Router(
        path="/",
        route_handlers=controllers,
        middleware=[PageSession(), DefineMiddleware(PageCSRF), KeepLapsedForms()],
        exception_handlers=PAGE_EXCEPTION_HANDLERS,
        include_in_schema=False,
        security=[],
        opt=NOT_BEARER,
    )
    assets = create_static_files_router(
        path="/assets", directories=[STATIC], name="assets", include_in_schema=False, opt=NOT_BEARER
    )
    return [pages, assets]
