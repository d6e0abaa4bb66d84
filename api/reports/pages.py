"""The managers' report pages: Victims' Code timeliness, late referrers, scheme figures and
caseloads for a period, with SVG charts (`letters.charts`) and the CSV of every table.

A VLU manager sees their own unit; a national manager every unit and the national total, or
one unit chosen from a list. The period is chosen with two GOV.UK date inputs (`from`, `to`);
by default the current month and the five before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Controller, Response, get
from litestar.params import QueryParameter
from litestar.response import Template

from api.reports import routes as exports
from api.reports.routes import REPORT_READERS, From, ReferralTimesBy, SchemeTable, To, UnitCode
from api.web.forms import FormErrors, read_date
from api.web.labels import MONTHS
from api.web.params import AuthedRequest
from api.web.templating import page
from letters.charts import CaseloadBar, MonthBar, caseload_chart, timeliness_chart
from vcs.core.actors import Actor
from vcs.core.errors import InvalidInput
from vcs.offender_side import reports
from vcs.offender_side.reports import CaseloadReport, ClockFigures, TimelinessReport

PageUnit = Annotated[str, QueryParameter(name="unit", max_length=32, pattern=r"^[A-Z0-9-]{0,32}$")]
CLOCK_TITLES = {
    "referral": "Referrals within 10 working days of sentence",
    "first_contact": "First contact within 20 working days of referral",
}


@dataclass(frozen=True)
class Choice:
    """The period and unit asked for, as the form shows them, or the problems with them."""

    start: date
    end: date
    unit: str | None
    values: dict[str, str]
    errors: FormErrors


def default_start(today: date) -> date:
    """The first day of the month five months before this one."""
    months = today.year * 12 + today.month - 1 - 5
    return date(months // 12, months % 12 + 1, 1)


def read_choice(request: AuthedRequest, unit: str) -> Choice:
    """The period from the form's date inputs (or the defaults), and the unit chosen."""
    today: date = request.app.state.today()
    values = {k: v[:10] for k, v in request.query_params.items() if k.startswith(("from", "to"))}
    errors = FormErrors(date_fields=frozenset({"from", "to"}))
    start = read_date(values, "from", "the start of the period", errors, required=False)
    end = read_date(values, "to", "the end of the period", errors, required=False)
    first = date.fromisoformat(start) if start else default_start(today)
    last = date.fromisoformat(end) if end else today
    for name, day in (("from", first), ("to", last)):
        for part, number in (("day", day.day), ("month", day.month), ("year", day.year)):
            values.setdefault(f"{name}-{part}", str(number))
    values["unit"] = unit
    return Choice(first, last, unit or None, values, errors)


def month_label(month: str | None, *, full: bool = False) -> str:
    """`2026-01` as `Jan 2026`, or in full `January 2026`."""
    year, number = (month or "0000-01").split("-")
    name = MONTHS[int(number) - 1]
    return f"{name if full else name[:3]} {year}"


def clock_chart(report: TimelinessReport, clock: str, rows: list[ClockFigures]) -> str:
    """The monthly median days against the target, each month's share in time below it."""
    bars = [
        MonthBar(
            label=month_label(r.month),
            value=r.median_working_days,
            note="" if r.within_target_pct is None else f"{r.within_target_pct:g}% in time",
        )
        for r in rows
    ]
    target = report.target_working_days[clock]
    summary = "; ".join(
        f"{b.label}: median {b.value}, {b.note}" if b.note else f"{b.label}: none" for b in bars
    )
    description = f"Median working days taken per month against the target of {target}. {summary}"
    return timeliness_chart(f"chart-{clock}", CLOCK_TITLES[clock], description, bars, target)


def staff_chart(report: CaseloadReport, names: dict[str, str]) -> str:
    """Open cases per VLO (per unit, by its name, in the national view)."""
    if report.scope == "national":
        units: dict[str, list[int]] = {}
        for r in report.rows:
            counts = units.setdefault(r.unit_code or "", [0, 0])
            counts[0], counts[1] = counts[0] + r.open_cases, counts[1] + r.overdue
        bars = [CaseloadBar(names.get(code, code), n, late) for code, (n, late) in units.items()]
    else:
        bars = [CaseloadBar(r.officer_name, r.open_cases, r.overdue) for r in report.rows]
    summary = "; ".join(f"{b.label}: {b.open_cases} open, {b.overdue} overdue" for b in bars)
    title = "Open cases per unit" if report.scope == "national" else "Open cases per VLO"
    return caseload_chart("chart-caseload", title, f"{title} today. {summary}", bars)


async def report_context(
    actor: Actor, choice: Choice, today: date, names: dict[str, str]
) -> dict[str, Any]:
    """Every report for the period and unit, the charts, and the links to their CSV."""
    start, end, unit = choice.start, choice.end, choice.unit
    timeliness = await reports.timeliness(actor, start, end, unit, today)
    caseload = await reports.caseloads(actor, unit, today)
    focus = [r for r in timeliness.rows if r.unit_code == timeliness.unit_code]
    query = {"from": start.isoformat(), "to": end.isoformat(), **({"unit": unit} if unit else {})}
    return {
        "timeliness": timeliness,
        "focus": {c: [r for r in focus if r.clock == c] for c in CLOCK_TITLES},
        "charts": {
            c: clock_chart(timeliness, c, [r for r in focus if r.clock == c]) for c in CLOCK_TITLES
        },
        "late": await reports.late_referrers(actor, start, end, unit, today),
        "scheme": await reports.scheme_figures(actor, start, end, unit, today),
        "caseload": caseload,
        "caseload_chart": staff_chart(caseload, names),
        "query": urlencode(query),
        "month_names": {m: month_label(m, full=True) for m in reports.months(start, end)},
    }


FIELD_WORDS = {"from": "The start of the period", "to": "The end of the period", "unit": "The unit"}


async def dashboard_page(actor: Actor, choice: Choice, today: date) -> Template:
    """The page with every report, or the form and what is wrong with the choice (400)."""
    names = await reports.unit_names(actor)
    units = sorted(names)
    context: dict[str, Any] = {
        "values": choice.values,
        "units": units,
        "unit": choice.unit,
        "unit_names": names,
    }
    if not choice.errors:
        try:
            context |= await report_context(actor, choice, today, names)
        except InvalidInput as exc:
            for p in exc.problems:
                words = f"{FIELD_WORDS[p.field]} {p.message}" if p.message[:1].islower() else None
                choice.errors.add(p.field, words or p.message)
    if choice.errors:
        summary = choice.errors.summary(["from", "to", "unit"])
        context |= {"errors": choice.errors.messages, "error_list": summary}
    return page("reports/dashboard.html", 400 if choice.errors else 200, **context)


class ReportPages(Controller):
    path = "/manager/reports"
    include_in_schema = False
    guards = [REPORT_READERS]

    @get("/")
    async def dashboard(self, request: AuthedRequest, unit: PageUnit = "") -> Template:
        """Charts and tables of the unit's (or the nation's) Victims' Code figures."""
        choice = read_choice(request, unit)
        return await dashboard_page(request.user, choice, request.app.state.today())

    @get("/timeliness.csv", media_type="text/csv")
    async def timeliness_csv(
        self, request: AuthedRequest, start: From = None, end: To = None, unit: UnitCode = None
    ) -> Response[str]:
        """The timeliness report as CSV, as the API gives it."""
        today = request.app.state.today()
        return await exports.timeliness_csv(request.user, start, end, unit, today)

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
        Unit and court), as the API gives it."""
        today = request.app.state.today()
        return await exports.late_referrers_csv(request.user, start, end, unit, today, by)

    @get("/scheme.csv", media_type="text/csv")
    async def scheme_csv(
        self,
        request: AuthedRequest,
        table: SchemeTable = None,
        start: From = None,
        end: To = None,
        unit: UnitCode = None,
    ) -> Response[str]:
        """One table of the scheme report as CSV."""
        today = request.app.state.today()
        return await exports.scheme_csv(request.user, start, end, table, unit, today)

    @get("/caseload.csv", media_type="text/csv")
    async def caseload_csv(self, request: AuthedRequest, unit: UnitCode = None) -> Response[str]:
        """The caseload report as CSV."""
        return await exports.caseload_csv(request.user, unit, request.app.state.today())
