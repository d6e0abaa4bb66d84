"""Letters: drafted, previewed, sent and printed.

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both.
"""

from litestar.types import ControllerRouterHandler

from api.correspondence.case_letter_pages import CaseLetterPages
from api.correspondence.letter_pages import LetterPages
from api.correspondence.print_run_pages import PrintRunPages
from api.correspondence.print_run_routes import PrintRunController
from api.correspondence.routes import CaseLetterController, LetterController

ROUTES: list[ControllerRouterHandler] = [
    CaseLetterController,
    LetterController,
    PrintRunController,
]
PAGES: list[ControllerRouterHandler] = [CaseLetterPages, PrintRunPages, LetterPages]
