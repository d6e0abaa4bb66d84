"""The ways in to the offender side's door: every route and page an offender manager may call
(some shared with the Victim Liaison Units), each reading the domain only through
`vcs.offender_side`, which builds what they show from projections holding no victim's contact
details. The import-linter contract "Routes for offender managers and national managers reach
the domain only through the door" keeps it so, and `tests/api/test_door.py` fails for a route
letting in an offender manager or a national manager whose handler lives elsewhere.

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both. A licence-condition request's reads (`request_routes`) are mounted by
`api.conditions.routes.ConditionRequestController`, beside the VLO's steps on the same paths.
"""

from litestar.types import ControllerRouterHandler

from api.offender_side.bulk_pages import BulkChangePages
from api.offender_side.mappa_pages import ArrangeMeetingPages, MeetingPackPages
from api.offender_side.mappa_routes import MeetingController, OffenderMappaController
from api.offender_side.naming_pages import OffenderManagerPages
from api.offender_side.pages import OffenderPages
from api.offender_side.request_pages import ConditionRequestReadPages
from api.offender_side.routes import OffenderController, my_offenders, search_my_offenders
from api.offender_side.sentence_routes import OffenderSentenceController

ROUTES: list[ControllerRouterHandler] = [
    OffenderController,
    my_offenders,
    search_my_offenders,
    OffenderSentenceController,
    OffenderMappaController,
    MeetingController,
]
PAGES: list[ControllerRouterHandler] = [
    OffenderPages,
    ConditionRequestReadPages,
    MeetingPackPages,
    ArrangeMeetingPages,
    OffenderManagerPages,
    BulkChangePages,
]
