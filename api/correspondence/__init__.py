"""Letters: drafted, previewed, sent and printed.

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both.
"""

from litestar.types import ControllerRouterHandler

from api.correspondence.pages import CaseLetterPages, LetterPages
from api.correspondence.routes import CaseLetterController, LetterController

ROUTES: list[ControllerRouterHandler] = [CaseLetterController, LetterController]
PAGES: list[ControllerRouterHandler] = [CaseLetterPages, LetterPages]
