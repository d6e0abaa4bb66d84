"""MAPPA: the victims' views for a meeting (the status, meetings and the meeting pack go through
the offender side's door, `api.offender_side`).

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both.
"""

from litestar.types import ControllerRouterHandler

from api.mappa.pages import MappaViewsPages
from api.mappa.routes import MeetingViewsController

ROUTES: list[ControllerRouterHandler] = [MeetingViewsController]
PAGES: list[ControllerRouterHandler] = [MappaViewsPages]
