"""The sentence: a case's key stages, the unit's dashboard, bulk date changes and Victim
Personal Statements (the offender's key dates and key stages go through the offender side's
door, `api.offender_side`).

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both.
"""

from litestar.types import ControllerRouterHandler

from api.sentence.bulk_routes import bulk_change, preview_bulk_change, progression_model
from api.sentence.key_date_pages import KeyDatePages
from api.sentence.routes import CaseSentenceController, unit_key_stages
from api.sentence.tribunal_pages import TribunalStatementPages

ROUTES: list[ControllerRouterHandler] = [
    CaseSentenceController,
    unit_key_stages,
    preview_bulk_change,
    bulk_change,
    progression_model,
]
PAGES: list[ControllerRouterHandler] = [TribunalStatementPages, KeyDatePages]
