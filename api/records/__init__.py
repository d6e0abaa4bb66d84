"""Records: subject access; backup, restore and retention are commands.

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both.
"""

from litestar.types import ControllerRouterHandler

from api.records.routes import subject_access_export

ROUTES: list[ControllerRouterHandler] = [subject_access_export]
PAGES: list[ControllerRouterHandler] = []
