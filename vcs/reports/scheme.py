"""Scheme figures and caseloads: victims offered the scheme and their choices, letters sent,
licence-condition requests by outcome, key-stage tasks done on time, statements invited (those
in discretionary cases apart), and open cases per VLO.

For VLU managers (their own unit) and national managers (every unit and the national total),
under the same rules as `vcs.reports.compliance`: aggregate queries only, no victim's name or
details.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any, TypeVar

from vcs.casework.entitlements import DEPARTURE_WORDS, ENTITLEMENT_WORDS
from vcs.core.actors import Actor, Role
from vcs.core.tables import User
from vcs.reports import queries as q
from vcs.reports.compliance import Scope, report_scope
from vcs.reports.figures import check_period, percent
from vcs.reports.schemas import (
    CaseloadReport,
    ConditionFigures,
    DeliveryFigures,
    EntitlementFigures,
    LetterFigures,
    OfficerCaseload,
    ParticipationFigures,
    ReportScope,
    SchemeReport,
    StatementFigures,
    TaskFigures,
)

K = TypeVar("K", bound=Hashable)
CHOICES = ("opted_in", "opted_out", "no_response", "awaiting_reply", "not_contacted")


def _count(
    rows: list[dict[str, Any]], key: Callable[[dict[str, Any], int | None], K], scope: Scope
) -> Counter[K]:
    """Sum the grouped counts under `key(row, unit)`, for the row's unit and, in the national
    view, for every unit together (unit None)."""
    counts: Counter[K] = Counter()
    for row in rows:
        for unit in scope.keys(row["unit"]):
            counts[key(row, unit)] += int(row["n"])
    return counts


def _last(value: Any) -> tuple[bool, str]:
    """Sort key putting None (every unit, every kind) after the named ones."""
    return (value is None, str(value or ""))


async def scheme_figures(
    actor: Actor, start: date, end: date, unit_code: str | None, today: date
) -> SchemeReport:
    """Victims offered the scheme in the period (cases opened on referrals received) and their
    choice now; letters sent by template and language; licence-condition requests made, by
    outcome; key-stage tasks due, done on time or not (Victims' Code, right 7); messages
    through GOV.UK Notify that failed."""
    check_period(start, end)
    scope = await report_scope(actor, unit_code)
    code = scope.code_of
    choices = _count(await q.participation(scope.ids, start, end), _choice, scope)
    letters = _count(await q.letters_sent(scope.ids, start, end), _letter, scope)
    outcomes = _count(await q.condition_outcomes(scope.ids, start, end), _outcome, scope)
    failed = _count(await q.failed_deliveries(scope.ids, start, end), _unit, scope)
    return SchemeReport(
        **scope.period(start, end).model_dump(),
        participation=[
            ParticipationFigures(
                unit_code=code(unit),
                offered=sum(n for (u, _), n in choices.items() if u == unit),
                **{choice: choices[(unit, choice)] for choice in CHOICES},
            )
            for unit in scope.all_keys()
        ],
        letters=[
            LetterFigures(unit_code=code(u), template=t, language=lang, sent=letters[(u, t, lang)])
            for u, t, lang in sorted(letters, key=lambda k: (_last(code(k[0])), k[1], k[2]))
        ],
        conditions=[
            ConditionFigures(unit_code=code(u), outcome=o, requests=outcomes[(u, o)])
            for u, o in sorted(outcomes, key=lambda k: (_last(code(k[0])), k[1]))
        ],
        key_stage_tasks=await _task_figures(scope, start, end, today),
        statements=await _statement_figures(scope, start, end),
        entitlements=await _entitlement_figures(scope, start, end),
        failed_deliveries=[
            DeliveryFigures(unit_code=code(unit), failed=failed[unit]) for unit in scope.all_keys()
        ],
    )


async def _entitlement_figures(scope: Scope, start: date, end: date) -> list[EntitlementFigures]:
    """Per unit (then every unit), entitlement, delivered or not, and reason for a departure."""
    counts: Counter[tuple[int | None, str, bool, str]] = Counter()
    for row in await q.entitlements(scope.ids, start, end):
        for unit in scope.keys(row["unit"]):
            key = (unit, str(row["entitlement"]), bool(row["delivered"]), str(row["departure"]))
            counts[key] += int(row["n"])
    code = scope.code_of
    order = sorted(counts, key=lambda k: (_last(code(k[0])), k[1], not k[2], k[3]))
    return [
        EntitlementFigures(
            unit_code=code(unit),
            entitlement=entitlement,
            entitlement_words=ENTITLEMENT_WORDS[entitlement],
            delivered=delivered,
            departure=departure or None,
            departure_words=DEPARTURE_WORDS[departure] if departure else None,
            records=counts[(unit, entitlement, delivered, departure)],
        )
        for unit, entitlement, delivered, departure in order
    ]


async def _statement_figures(scope: Scope, start: date, end: date) -> list[StatementFigures]:
    """Per unit (then every unit) and entitlement: statements invited, sent, declined, open.
    Invitations in discretionary cases are counted apart (domain.md section 2)."""
    counts: defaultdict[tuple[int | None, bool], Counter[str]] = defaultdict(Counter)
    for row in await q.statements(scope.ids, start, end):
        for unit in scope.keys(row["unit"]):
            counts[(unit, bool(row["entitlement"]))][row["outcome"]] += int(row["n"])
    code = scope.code_of
    return [
        StatementFigures(
            unit_code=code(unit),
            entitlement=entitled,
            invited=sum(o.values()),
            sent=o["sent"],
            declined=o["declined"],
            open=o["open"],
        )
        for (unit, entitled), o in sorted(counts.items(), key=_statement_order(scope))
    ]


def _statement_order(scope: Scope) -> Callable[[tuple[tuple[int | None, bool], Any]], Any]:
    return lambda item: (_last(scope.code_of(item[0][0])), not item[0][1])


def _choice(row: dict[str, Any], unit: int | None) -> tuple[int | None, str]:
    return (unit, row["participation"])


def _letter(row: dict[str, Any], unit: int | None) -> tuple[int | None, str, str]:
    return (unit, row["template"], row["language"])


def _unit(row: dict[str, Any], unit: int | None) -> int | None:
    return unit


def _outcome(row: dict[str, Any], unit: int | None) -> tuple[int | None, str]:
    return (unit, row["outcome"])


async def _task_figures(scope: Scope, start: date, end: date, today: date) -> list[TaskFigures]:
    """Per unit and kind of key stage, then per unit (kind None), then nationally."""
    rows = await q.key_stage_tasks(scope.ids, start, end, today)
    counts: defaultdict[tuple[int | None, str | None], Counter[str]] = defaultdict(Counter)
    for row in rows:
        for unit in scope.keys(row["unit"]):
            for kind in (row["kind"], None):
                counts[(unit, kind)][row["outcome"]] += int(row["n"])
    for unit in scope.all_keys():
        counts[(unit, None)] += Counter()  # every unit has its total row, even of nothing
    code = scope.code_of
    keys = sorted(counts, key=lambda k: (_last(code(k[0])), _last(k[1])))
    return [_tasks(code(unit), kind, counts[(unit, kind)]) for unit, kind in keys]


def _tasks(unit_code: str | None, kind: str | None, o: Counter[str]) -> TaskFigures:
    return TaskFigures(
        unit_code=unit_code,
        kind=kind,
        due=sum(o.values()),
        done_on_time=o["on_time"],
        done_late=o["late"],
        overdue=o["overdue"],
        pending=o["pending"],
        on_time_pct=percent(o["on_time"], o["on_time"] + o["late"] + o["overdue"]),
    )


async def caseloads(actor: Actor, unit_code: str | None, today: date) -> CaseloadReport:
    """Open cases per VLO today, and how many of them have a clock overdue; every active VLO
    of the unit is listed, with none if so, and the cases allocated to nobody last."""
    scope = await report_scope(actor, unit_code)
    rows = await q.open_caseloads(scope.ids, today)
    cases: Counter[tuple[int, int | None]] = Counter()
    overdue: Counter[tuple[int, int | None]] = Counter()
    for row in rows:
        cases[(row["unit"], row["officer"])] += int(row["n"])
        overdue[(row["unit"], row["officer"])] += int(row["n"]) if row["overdue"] else 0
    officers = await _officers(scope, [o for _, o in cases if o is not None])
    keys = {(unit, None) for unit in scope.units} | set(cases)
    keys |= {(o["unit"], o["id"]) for o in officers.values() if o["unit"] in scope.units}
    names = {k: officers[k[1]]["display_name"] if k[1] else "Not allocated" for k in keys}
    return CaseloadReport(
        on=today,
        scope=ReportScope.NATIONAL if scope.national else ReportScope.UNIT,
        unit_code=scope.unit_code,
        rows=[
            OfficerCaseload(
                unit_code=scope.units[unit],
                officer=officers[officer]["username"] if officer else None,
                officer_name=names[(unit, officer)],
                open_cases=cases[(unit, officer)],
                overdue=overdue[(unit, officer)],
            )
            for unit, officer in sorted(
                keys, key=lambda k: (scope.units[k[0]], k[1] is None, names[k].casefold())
            )
        ],
    )


async def _officers(scope: Scope, allocated: list[int]) -> dict[int, dict[str, Any]]:
    """The active VLOs of the units, and whoever else has cases allocated, by id."""
    vlos = (User.role == Role.VLO.value) & (User.active == True) & User.unit.is_in(scope.ids)  # noqa: E712
    rows = await User.select(User.id, User.username, User.display_name, User.unit).where(
        vlos | User.id.is_in(allocated or [0])
    )
    return {int(r["id"]): {**r, "display_name": r["display_name"] or r["username"]} for r in rows}
