"""Events from HMPPS systems: the route other systems push events to, the VLU managers' review
queue and the administrator's parked messages, and `vcs events consume` (`api.events.cli`).

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both.
"""

from litestar.types import ControllerRouterHandler

from api.events.pages import ParkedPages, ReviewPages
from api.events.routes import EventController

ROUTES: list[ControllerRouterHandler] = [EventController]
PAGES: list[ControllerRouterHandler] = [ReviewPages, ParkedPages]
