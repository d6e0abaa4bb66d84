"""Victims' Code compliance and caseload reports, as JSON and as CSV.

Each report is JSON at `/api/v1/reports/<name>` and the same rows as CSV at
`/api/v1/reports/<name>.csv` (a path rather than `Accept: text/csv`, so a plain link
downloads it). For VLU managers (their own unit) and national managers (every unit, the
national total, or `unit=CODE`). A CSV download is audited as a document produced.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Annotated, Literal

from litestar import Controller, Response, get
from litestar.params import QueryParameter
from pydantic import BaseModel

from api.web.params import AuthedRequest
from api.web.security import allow
from vcs.core.actors import Actor, Role
from vcs.core.errors import InvalidInput
from vcs.offender_side import reports
from vcs.offender_side.reports import (
    CaseloadReport,
    ClockFigures,
    ConditionFigures,
    CourtFigures,
    DeliveryFigures,
    EntitlementFigures,
    LateReferrersReport,
    LetterFigures,
    OfficerCaseload,
    ParticipationFigures,
    ReferrerFigures,
    ReportPeriod,
    SchemeReport,
    StatementFigures,
    TaskFigures,
    TimelinessReport,
)

REPORT_READERS = allow(Role.VLU_MANAGER, Role.NATIONAL_MANAGER, door=True)
# Read as text and checked by `vcs.reports.figures.parse_period`, so that a problem names
# `from` or `to`.
From = Annotated[
    str | None, QueryParameter(name="from", description="Required: the first day, YYYY-MM-DD")
]
To = Annotated[
    str | None, QueryParameter(name="to", description="Required: the last day, YYYY-MM-DD")
]
UnitCode = Annotated[
    str | None,
    QueryParameter(
        name="unit",
        max_length=32,
        pattern=r"^[A-Z0-9][A-Z0-9-]{1,31}$",
        description="A Victim Liaison Unit's code (national managers; default every unit)",
    ),
]
SchemeTable = Annotated[
    Literal[
        "participation",
        "letters",
        "conditions",
        "key_stage_tasks",
        "statements",
        "entitlements",
        "failed_deliveries",
    ]
    | None,
    QueryParameter(name="table", description="Which of the scheme report's tables"),
]
ReferralTimesBy = Annotated[
    Literal["referrer", "court"] | None,
    QueryParameter(description="court: per Witness Care Unit and court"),
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """A CSV cell: empty for null; text that a spreadsheet would run as a formula is quoted."""
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, date) else str(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_START) else text


def csv_text(rows: Sequence[BaseModel], columns: Sequence[str]) -> str:
    """One table as CSV: a header of the JSON field names, then one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(getattr(row, name)) for name in columns])
    return out.getvalue()


async def csv_download(
    actor: Actor,
    name: str,
    rows: Sequence[BaseModel],
    model: type[BaseModel],
    period: ReportPeriod | CaseloadReport,
) -> Response[str]:
    """A table as a CSV file named for the report, its period and unit; the export audited."""
    start = period.from_date if isinstance(period, ReportPeriod) else None
    end = period.to_date if isinstance(period, ReportPeriod) else None
    await reports.record_export(actor, name, start, end, period.unit_code)
    dates = f"-{start.isoformat()}-{end.isoformat()}" if start and end else ""
    filename = f"{name}-{period.unit_code or 'all-units'}{dates}.csv"
    return Response(
        csv_text(rows, list(model.model_fields)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


SCHEME_MODELS: dict[str, type[BaseModel]] = {
    "participation": ParticipationFigures,
    "letters": LetterFigures,
    "conditions": ConditionFigures,
    "key_stage_tasks": TaskFigures,
    "statements": StatementFigures,
    "entitlements": EntitlementFigures,
    "failed_deliveries": DeliveryFigures,
}


async def timeliness_csv(
    actor: Actor, start: str | None, end: str | None, unit: str | None, today: date
) -> Response[str]:
    """The timeliness report as CSV: its rows, then its totals (month empty)."""
    report = await reports.timeliness(actor, *reports.parse_period(start, end), unit, today)
    rows = [*report.rows, *report.totals]
    return await csv_download(actor, "timeliness", rows, ClockFigures, report)


async def late_referrers_csv(
    actor: Actor,
    start: str | None,
    end: str | None,
    unit: str | None,
    today: date,
    by: str | None = None,
) -> Response[str]:
    """The late-referrers report as CSV: per Witness Care Unit, or with `by=court` the time
    from sentence to referral per Witness Care Unit and court."""
    period = reports.parse_period(start, end)
    report = await reports.late_referrers(actor, *period, unit, today)
    if by == "court":
        return await csv_download(
            actor, "referral-times-by-court", report.by_court, CourtFigures, report
        )
    return await csv_download(actor, "late-referrers", report.rows, ReferrerFigures, report)


async def scheme_csv(
    actor: Actor,
    start: str | None,
    end: str | None,
    table: str | None,
    unit: str | None,
    today: date,
) -> Response[str]:
    """One table of the scheme report as CSV."""
    if table is None:
        raise InvalidInput.on("table", f"Choose a table: {', '.join(SCHEME_MODELS)}")
    period = reports.parse_period(start, end)
    report = await reports.scheme_figures(actor, *period, unit, today)
    rows = list(getattr(report, table))
    return await csv_download(actor, f"scheme-{table}", rows, SCHEME_MODELS[table], report)


async def caseload_csv(actor: Actor, unit: str | None, today: date) -> Response[str]:
    """The caseload report as CSV."""
    report = await reports.caseloads(actor, unit, today)
    return await csv_download(actor, "caseload", report.rows, OfficerCaseload, report)


class ReportController(Controller):
    path = "/api/v1/reports"
    tags = ["Reports"]
    guards = [REPORT_READERS]

    @get("/timeliness")
    async def timeliness(
        self, request: AuthedRequest, start: From = None, end: To = None, unit: UnitCode = None
    ) -> TimelinessReport:
        """Referrals within 10 working days of sentence and first contacts within 20 working
        days of referral, per unit and month, with the median working days taken."""
        period = reports.parse_period(start, end)
        return await reports.timeliness(request.user, *period, unit, request.app.state.today())

    @get("/timeliness.csv", media_type="text/csv")
    async def timeliness_csv(
        self, request: AuthedRequest, start: From = None, end: To = None, unit: UnitCode = None
    ) -> Response[str]:
        """The timeliness report as CSV: its rows, then its totals (month empty)."""
        today = request.app.state.today()
        return await timeliness_csv(request.user, start, end, unit, today)

    @get("/late-referrers")
    async def late_referrers(
        self, request: AuthedRequest, start: From = None, end: To = None, unit: UnitCode = None
    ) -> LateReferrersReport:
        """Per Witness Care Unit, referrals of sentences passed in the period and the share
        that came after the 10 working days; the latest first, then all of them together."""
        period = reports.parse_period(start, end)
        today = request.app.state.today()
        return await reports.late_referrers(request.user, *period, unit, today)

    @get("/late-referrers.csv", media_type="text/csv")
    async def late_referrers_csv(
        self,
        request: AuthedRequest,
        start: From = None,
        end: To = None,
        unit: UnitCode = None,
        by: ReferralTimesBy = None,
    ) -> Response[str]:
        """The late-referrers report as CSV (`by=court`: sentence to referral per Witness Care
        Unit and court)."""
        today = request.app.state.today()
        return await late_referrers_csv(request.user, start, end, unit, today, by)

    @get("/scheme")
    async def scheme(
        self, request: AuthedRequest, start: From = None, end: To = None, unit: UnitCode = None
    ) -> SchemeReport:
        """Victims offered the scheme and their choices, letters sent by template and
        language, licence-condition requests by outcome, key-stage tasks done on time."""
        period = reports.parse_period(start, end)
        today = request.app.state.today()
        return await reports.scheme_figures(request.user, *period, unit, today)

    @get("/scheme.csv", media_type="text/csv")
    async def scheme_csv(
        self,
        request: AuthedRequest,
        table: SchemeTable = None,
        start: From = None,
        end: To = None,
        unit: UnitCode = None,
    ) -> Response[str]:
        """One table of the scheme report as CSV:
        `table=participation|letters|conditions|key_stage_tasks`."""
        today = request.app.state.today()
        return await scheme_csv(request.user, start, end, table, unit, today)

    @get("/caseload")
    async def caseload(self, request: AuthedRequest, unit: UnitCode = None) -> CaseloadReport:
        """Open cases per VLO today, and how many have a clock overdue."""
        return await reports.caseloads(request.user, unit, request.app.state.today())

    @get("/caseload.csv", media_type="text/csv")
    async def caseload_csv(self, request: AuthedRequest, unit: UnitCode = None) -> Response[str]:
        """The caseload report as CSV."""
        return await caseload_csv(request.user, unit, request.app.state.today())
