"""The sentence: key dates, key stages, bulk date changes and Victim Personal Statements.

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both.
"""

from litestar.types import ControllerRouterHandler

from api.sentence.routes import (
    CaseSentenceController,
    OffenderSentenceController,
    bulk_change,
    unit_key_stages,
)

ROUTES: list[ControllerRouterHandler] = [
    OffenderSentenceController,
    CaseSentenceController,
    unit_key_stages,
    bulk_change,
]
PAGES: list[ControllerRouterHandler] = []
