"""Signing in and out, users and units, and the audit trail.

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both.
"""

from litestar.types import ControllerRouterHandler

from api.access.audit_routes import AuditController
from api.access.pages import StartPages
from api.access.routes import AdminController, AuthController

ROUTES: list[ControllerRouterHandler] = [AuthController, AdminController, AuditController]
PAGES: list[ControllerRouterHandler] = [StartPages]
