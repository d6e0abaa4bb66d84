"""The sentence: key dates, key stages, bulk date changes and Victim Personal Statements.

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both.
"""

from litestar.types import ControllerRouterHandler

from api.sentence.bulk_routes import bulk_change, preview_bulk_change
from api.sentence.routes import (
    CaseSentenceController,
    OffenderSentenceController,
    unit_key_stages,
)

ROUTES: list[ControllerRouterHandler] = [
    OffenderSentenceController,
    CaseSentenceController,
    unit_key_stages,
    preview_bulk_change,
    bulk_change,
]
PAGES: list[ControllerRouterHandler] = []
