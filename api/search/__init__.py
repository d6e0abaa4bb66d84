"""Search: a Victim Liaison Unit finds its cases by name, number or offender identifier.

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both.
"""

from litestar.types import ControllerRouterHandler

from api.search.pages import SearchPages
from api.search.routes import SearchController

ROUTES: list[ControllerRouterHandler] = [SearchController]
PAGES: list[ControllerRouterHandler] = [SearchPages]
