"""Signing in and out, users and units, and the audit trail.

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both.
"""

from litestar.types import ControllerRouterHandler

from api.access.audit_routes import AuditController
from api.access.pages import StartPages
from api.access.routes import AdminController, AuthController
from api.access.session_pages import SessionPages
from api.access.user_pages import UserPages
from api.access.user_routes import UserController

ROUTES: list[ControllerRouterHandler] = [
    AuthController,
    AdminController,
    UserController,
    AuditController,
]
PAGES: list[ControllerRouterHandler] = [StartPages, SessionPages, UserPages]
