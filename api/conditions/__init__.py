"""Licence-condition requests: recorded, forwarded to the decision maker, decided.

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both.
"""

from litestar.types import ControllerRouterHandler

from api.conditions.form_pages import ConditionFormPages
from api.conditions.pages import ConditionRequestPages
from api.conditions.routes import (
    CaseConditionController,
    ConditionRequestController,
    list_condition_types,
)
from api.conditions.zone_pages import MapGrid, MapTiles, ZonePages

# A request's reads, its documents and the offender manager's alternative go through the
# offender side's door: `api.offender_side` mounts them.
ROUTES: list[ControllerRouterHandler] = [
    list_condition_types,
    CaseConditionController,
    ConditionRequestController,
]
PAGES: list[ControllerRouterHandler] = [
    ConditionFormPages,
    ConditionRequestPages,
    ZonePages,
    MapGrid,
    MapTiles,
]
