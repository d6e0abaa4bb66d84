"""A VLO's casework: the caseload, a case and its steps, choices, allocation and the unit's
deadlines.

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both.
"""

from litestar.types import ControllerRouterHandler

from api.casework.allocation_pages import AllocationPages
from api.casework.case_routes import CaseController, DeadlineController
from api.casework.caseload_pages import CaseloadPages
from api.casework.deadline_pages import DeadlinePages
from api.casework.entitlement_pages import EntitlementPages
from api.casework.my_work_pages import MyWorkPages
from api.casework.my_work_routes import MyWorkController
from api.casework.nominee_pages import NomineePages
from api.casework.preference_pages import PreferencePages
from api.casework.routes import CaseworkController, SweepController, TaskController
from api.casework.step_pages import CaseworkPages
from api.casework.victim_pages import VictimDetailsPages
from api.casework.victim_routes import VictimDetailsController

ROUTES: list[ControllerRouterHandler] = [
    CaseController,
    DeadlineController,
    CaseworkController,
    TaskController,
    SweepController,
    MyWorkController,
    VictimDetailsController,
]
PAGES: list[ControllerRouterHandler] = [
    CaseloadPages,
    DeadlinePages,
    CaseworkPages,
    EntitlementPages,
    NomineePages,
    PreferencePages,
    AllocationPages,
    MyWorkPages,
    VictimDetailsPages,
]
