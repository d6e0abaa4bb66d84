"""Victims' Code compliance and caseload reports, for VLU managers (their own unit) and national
managers (every unit and the national total).

Part 1 of the Victims and Prisoners Act 2024 requires the agencies to collect and review
information on their compliance with the Victims' Code; the Code's clocks are a referral within
10 working days of sentence and first contact within 20 working days of the referral
(domain.md section 3). Reports hold counts, percentages and medians only: never a victim's
name or details, nor an offender's. Every figure comes from an aggregate query
(`vcs.reports.queries`); this module decides who sees which units and folds the grouped
counts into the tables, with the arithmetic of `vcs.reports.figures`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from deadlines import WORKING_DAYS, Clock
from vcs.access import audit
from vcs.core.actors import Actor, Role
from vcs.core.errors import InvalidInput, PermissionDenied
from vcs.core.tables import Unit
from vcs.reports import queries as q
from vcs.reports.figures import (
    Tally,
    check_period,
    clock_figures,
    holidays_for,
    median,
    months,
    percent,
)
from vcs.reports.schemas import (
    ClockFigures,
    CourtFigures,
    LateReferrersReport,
    ReferrerFigures,
    ReportPeriod,
    ReportScope,
    TimelinessReport,
)

CLOCKS = (Clock.REFERRAL.value, Clock.FIRST_CONTACT.value)


@dataclass(frozen=True)
class Scope:
    """The Victim Liaison Units a report covers (id -> code, by code), and whether it is the
    national view (which adds the total of every unit)."""

    units: dict[int, str]
    national: bool
    unit_code: str | None

    @property
    def ids(self) -> list[int]:
        return list(self.units)

    def keys(self, unit_id: int) -> tuple[int | None, ...]:
        """A unit's figures count for the unit, and in the national view for the total too."""
        return (unit_id, None) if self.national else (unit_id,)

    def code_of(self, unit: int | None) -> str | None:
        """A unit's code; None for every unit together."""
        return None if unit is None else self.units[unit]

    def all_keys(self) -> list[int | None]:
        return [*self.units, *([None] if self.national else [])]

    def period(self, start: date, end: date) -> ReportPeriod:
        scope = ReportScope.NATIONAL if self.national else ReportScope.UNIT
        return ReportPeriod(from_date=start, to_date=end, scope=scope, unit_code=self.unit_code)


async def report_scope(actor: Actor, unit_code: str | None) -> Scope:
    """Who sees what: a VLU manager their own unit only; a national manager every unit with
    the national total, or one unit they name."""
    if actor.role is Role.VLU_MANAGER and actor.unit_id is not None and actor.unit_code:
        if unit_code not in (None, actor.unit_code):
            raise PermissionDenied("A VLU manager sees the reports of their own unit only")
        return Scope({actor.unit_id: actor.unit_code}, national=False, unit_code=actor.unit_code)
    if actor.role is not Role.NATIONAL_MANAGER:
        raise PermissionDenied("Only a VLU manager or a national manager can see reports")
    rows = await Unit.select(Unit.id, Unit.code).where(Unit.kind == "vlu").order_by(Unit.code)
    units = {int(r["id"]): str(r["code"]) for r in rows}
    if unit_code is None:
        return Scope(units, national=True, unit_code=None)
    chosen = {i: code for i, code in units.items() if code == unit_code}
    if not chosen:
        raise InvalidInput.on("unit", f"No Victim Liaison Unit has the code {unit_code}")
    return Scope(chosen, national=False, unit_code=unit_code)


async def unit_names(actor: Actor) -> dict[str, str]:
    """The names of the units the actor's reports cover, by code: people read a unit's name,
    never its code."""
    scope = await report_scope(actor, None)
    rows = await Unit.select(Unit.code, Unit.name).where(Unit.id.is_in(scope.ids or [0]))
    return {str(r["code"]): str(r["name"] or r["code"]) for r in rows}


ClockKey = tuple[str, int | None, str | None]  # clock, unit (None: all), month (None: all)


def _clock_tallies(
    scope: Scope, groups: list[dict[str, Any]], closed: list[dict[str, Any]]
) -> defaultdict[ClockKey, Tally]:
    """The grouped counts summed per clock, unit and month, and over all units and months.
    An unmet clock of a closed case counts as closed, not as overdue or pending."""
    tallies: defaultdict[ClockKey, Tally] = defaultdict(Tally)

    def add(group: dict[str, Any], outcome: str, days: int | None, n: int) -> None:
        for unit in scope.keys(group["unit"]):
            for month in (group["month"], None):
                tallies[(group["clock"], unit, month)].add(outcome, days, n)

    for g in groups:
        add(g, g["outcome"], g["days"], g["n"])
    for c in closed:
        add(c, c["outcome"], None, -c["n"])
        add(c, "closed", None, c["n"])
    return tallies


async def timeliness(
    actor: Actor, start: date, end: date, unit_code: str | None, today: date
) -> TimelinessReport:
    """Per unit and month: referrals within 10 working days of sentence (by month of
    sentence) and first contacts within 20 working days of the referral (by month of
    receipt), met, late and open, and the median working days taken. Victims' Code; the
    percentage is of the clocks met or past due."""
    check_period(start, end)
    scope = await report_scope(actor, unit_code)
    groups = await q.clock_outcomes(scope.ids, start, end, today, holidays_for(start, end, today))
    closed = await q.unmet_clocks_of_closed_cases(scope.ids, start, end, today)
    tallies = _clock_tallies(scope, groups, closed)

    def table(periods: Iterable[str | None]) -> list[ClockFigures]:
        return [
            clock_figures(clock, scope.code_of(unit), month, tallies[(clock, unit, month)])
            for clock in CLOCKS
            for unit in scope.all_keys()
            for month in periods
        ]

    return TimelinessReport(
        **scope.period(start, end).model_dump(),
        target_working_days={c: WORKING_DAYS.amount(Clock(c)) for c in CLOCKS},
        rows=table(months(start, end)),
        totals=table([None]),
    )


async def late_referrers(
    actor: Actor, start: date, end: date, unit_code: str | None, today: date
) -> LateReferrersReport:
    """Which Witness Care Units refer late: for each, the referrals of sentences passed in the
    period, how many arrived after the 10 working days the Victims' Code allows, and the
    median working days taken; highest share late first, then every referrer together."""
    check_period(start, end)
    scope = await report_scope(actor, unit_code)
    # One query for both tables: the referrers' figures are the courts' added together.
    groups = await q.referral_times_by_court(scope.ids, start, end, holidays_for(start, end, today))
    tallies: defaultdict[int | None, Tally] = defaultdict(Tally)
    for g in groups:
        for referrer in (g["referrer"], None):
            tallies[referrer].add("late" if g["late"] else "on_time", g["days"], g["n"])
    ids = [r for r in tallies if r is not None]
    units = await Unit.select(Unit.id, Unit.code, Unit.name).where(Unit.id.is_in(ids or [0]))
    named: dict[int | None, tuple[str | None, str]] = {
        u["id"]: (u["code"], u["name"]) for u in units
    }
    by_court = _by_court(groups, named)
    named[None] = (None, "All Witness Care Units")
    rows = [_referrer(*named[r], tallies[r]) for r in [*ids, None]]
    rows[:-1] = sorted(rows[:-1], key=_worst_first)
    return LateReferrersReport(
        **scope.period(start, end).model_dump(), rows=rows, by_court=by_court
    )


def _by_court(
    groups: list[dict[str, Any]], named: dict[int | None, tuple[str | None, str]]
) -> list[CourtFigures]:
    """The time from sentence to referral per Witness Care Unit and court (inspectors found
    eligible victims never referred; the court shows where the referrals start late)."""
    tallies: defaultdict[tuple[int, str], Tally] = defaultdict(Tally)
    for g in groups:
        key = (int(g["referrer"]), str(g["court"]))
        tallies[key].add("late" if g["late"] else "on_time", g["days"], g["n"])
    rows = []
    for (referrer, court), tally in tallies.items():
        total = sum(tally.outcomes.values())
        rows.append(
            CourtFigures(
                referrer_code=named[referrer][0],
                referrer_name=named[referrer][1],
                court=court,
                referrals=total,
                late=tally.outcomes["late"],
                late_pct=percent(tally.outcomes["late"], total),
                median_working_days=median(tally.days),
            )
        )
    return sorted(
        rows, key=lambda r: (-(r.late_pct or 0.0), -r.referrals, r.referrer_code, r.court)
    )


def _referrer(code: str | None, name: str, tally: Tally) -> ReferrerFigures:
    total = sum(tally.outcomes.values())
    return ReferrerFigures(
        referrer_code=code,
        referrer_name=name,
        referrals=total,
        late=tally.outcomes["late"],
        late_pct=percent(tally.outcomes["late"], total),
        median_working_days=median(tally.days),
    )


def _worst_first(row: ReferrerFigures) -> tuple[float, int, str]:
    return (-(row.late_pct or 0.0), -row.referrals, row.referrer_code or "")


async def record_export(
    actor: Actor, report: str, start: date | None, end: date | None, unit_code: str | None
) -> None:
    """A report leaving the service as a file is a document produced: it is audited (which
    report, which period, which unit or all of them), like every other document."""
    period = f" {start.isoformat()}..{end.isoformat()}" if start and end else ""
    await audit.record(
        actor, "export_report", "report", None, f"{report}{period} {unit_code or 'all units'}"
    )
