"""The Victims' Code reports through the door, for VLU managers (their unit) and national
managers (every unit and the national total): aggregate counts only.

How they go through the door: the figures are made by `vcs.reports` from aggregate queries
(counts, shares and medians grouped by unit, month, clock, template, outcome or officer), so no
row is a person. The door does not rebuild them; it is the one way the report routes reach them,
and `AGGREGATE_SHAPES` lists every shape a report may answer with: `tests/api/test_door.py`
pins each of their fields to numbers, dates and labels (unit, month, clock, template, outcome,
staff), so a field that could carry a victim fact (a name, free text) cannot be added unseen.
"""

from __future__ import annotations

from vcs.reports.compliance import late_referrers as late_referrers
from vcs.reports.compliance import record_export as record_export
from vcs.reports.compliance import report_scope as report_scope
from vcs.reports.compliance import timeliness as timeliness
from vcs.reports.compliance import unit_names as unit_names
from vcs.reports.figures import months as months
from vcs.reports.figures import parse_period as parse_period
from vcs.reports.schemas import CaseloadReport as CaseloadReport
from vcs.reports.schemas import ClockFigures as ClockFigures
from vcs.reports.schemas import ConditionFigures as ConditionFigures
from vcs.reports.schemas import CourtFigures as CourtFigures
from vcs.reports.schemas import DeliveryFigures as DeliveryFigures
from vcs.reports.schemas import EntitlementFigures as EntitlementFigures
from vcs.reports.schemas import LateReferrersReport as LateReferrersReport
from vcs.reports.schemas import LetterFigures as LetterFigures
from vcs.reports.schemas import OfficerCaseload as OfficerCaseload
from vcs.reports.schemas import ParticipationFigures as ParticipationFigures
from vcs.reports.schemas import ReferrerFigures as ReferrerFigures
from vcs.reports.schemas import ReportPeriod as ReportPeriod
from vcs.reports.schemas import SchemeReport as SchemeReport
from vcs.reports.schemas import StatementFigures as StatementFigures
from vcs.reports.schemas import TaskFigures as TaskFigures
from vcs.reports.schemas import TimelinessReport as TimelinessReport
from vcs.reports.scheme import caseloads as caseloads
from vcs.reports.scheme import scheme_figures as scheme_figures

AGGREGATE_SHAPES = (
    ReportPeriod,
    TimelinessReport,
    ClockFigures,
    LateReferrersReport,
    ReferrerFigures,
    SchemeReport,
    ParticipationFigures,
    LetterFigures,
    ConditionFigures,
    TaskFigures,
    StatementFigures,
    CourtFigures,
    EntitlementFigures,
    DeliveryFigures,
    CaseloadReport,
    OfficerCaseload,
)
