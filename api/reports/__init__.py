"""Victims' Code compliance and caseload reports, on pages and as CSV.

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both.
"""

from litestar.types import ControllerRouterHandler

from api.reports.pages import ReportPages
from api.reports.routes import ReportController

ROUTES: list[ControllerRouterHandler] = [ReportController]
PAGES: list[ControllerRouterHandler] = [ReportPages]
