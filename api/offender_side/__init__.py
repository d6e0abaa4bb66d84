"""What offender managers see of their offenders' victims (never contact details).

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both.
"""

from litestar.types import ControllerRouterHandler

from api.offender_side.pages import OffenderPages
from api.offender_side.routes import OffenderController, my_offenders

ROUTES: list[ControllerRouterHandler] = [OffenderController, my_offenders]
PAGES: list[ControllerRouterHandler] = [OffenderPages]
