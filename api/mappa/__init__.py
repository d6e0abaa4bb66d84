"""MAPPA: status, meetings, the victims' views and the meeting pack.

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both.
"""

from litestar.types import ControllerRouterHandler

from api.mappa.pages import ArrangeMeetingPages, MappaViewsPages, MeetingPackPages
from api.mappa.routes import MeetingController, OffenderMappaController

ROUTES: list[ControllerRouterHandler] = [OffenderMappaController, MeetingController]
PAGES: list[ControllerRouterHandler] = [MappaViewsPages, MeetingPackPages, ArrangeMeetingPages]
