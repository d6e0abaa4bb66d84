"""The aggregate queries behind the reports: each is one GROUP BY in the database, so what comes
back is a handful of rows per unit and month (or per unit and category), however many records
there are. No rows are loaded one by one and no query runs per row.

Working days are counted in SQL the way `deadlines.WorkingDayCalendar.working_days_between`
counts them: the weekdays d with start < d <= end (arithmetic on day numbers from Monday 1
January 1900), less the weekday bank holidays in between, which are given as parameters from
`vcs.core.clocks.calendar()`. The medians are then read from the grouped counts of each number of
days. The indexes these queries use are in `vcs.core.db.INDEXES`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from vcs.casework.tables import EntitlementRecord
from vcs.conditions.tables import ConditionDecision, ConditionRequest
from vcs.core.db import is_postgres
from vcs.core.tables import Case, Deadline, Referral, Sentence, Task
from vcs.correspondence.tables import Letter
from vcs.notifications.tables import Notification
from vcs.sentence.tables import VictimStatement

LONDON = ZoneInfo("Europe/London")

Row = dict[str, Any]

# 1 January 1900 was a Monday, and no date the service stores is earlier.
_DAY_NUMBER_SQLITE = "CAST(julianday({col}) - julianday('1900-01-01') AS INTEGER)"
_DAY_NUMBER_POSTGRES = "({col} - DATE '1900-01-01')"


class Sql:
    """A query built in pieces, each with its own `{}` parameters in order."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.args: list[Any] = []

    def add(self, text: str, *args: Any) -> Sql:
        self.parts.append(text)
        self.args.extend(args)
        return self

    def ids(self, column: str, ids: Sequence[int]) -> Sql:
        """`column IN (...)`, never empty (an empty list matches nothing)."""
        marks = ", ".join("{}" for _ in ids) or "NULL"
        return self.add(f"{column} IN ({marks})", *ids)

    async def rows(self) -> list[Row]:
        return list(await Deadline.raw(" ".join(self.parts), *self.args))


def month_of(column: str) -> str:
    """The month of a date column as text, YYYY-MM."""
    if is_postgres():
        return f"to_char({column}, 'YYYY-MM')"
    return f"substr({column}, 1, 7)"


def _weekdays_to(column: str) -> str:
    """Mondays to Fridays from 1 January 1900 up to and including the date in `column`."""
    template = _DAY_NUMBER_POSTGRES if is_postgres() else _DAY_NUMBER_SQLITE
    day = template.format(col=column)
    least = "LEAST" if is_postgres() else "MIN"
    return f"(({day}) / 7 * 5 + {least}(({day}) % 7 + 1, 5))"


def working_days(sql: Sql, start: str, end: str, holidays: Sequence[date]) -> Sql:
    """Add the working days d with start < d <= end, or NULL while `end` is NULL."""
    sql.add(f"CASE WHEN {end} IS NULL THEN NULL ELSE {_weekdays_to(end)} - {_weekdays_to(start)}")
    sql.add("- (")
    _holidays_to(sql, end, sorted(holidays), 0)
    sql.add("-")
    _holidays_to(sql, start, sorted(holidays), 0)
    return sql.add(") END")


def _holidays_to(sql: Sql, column: str, holidays: Sequence[date], before: int) -> None:
    """Add how many of the sorted `holidays` fall on or before the date in `column` (plus
    `before`), as a binary search: a handful of comparisons per row, however many holidays."""
    if not holidays:
        sql.add(str(before))
        return
    middle = len(holidays) // 2
    sql.add(f"CASE WHEN {column} < {{}} THEN", holidays[middle])
    _holidays_to(sql, column, holidays[:middle], before)
    sql.add("ELSE")
    _holidays_to(sql, column, holidays[middle + 1 :], before + middle + 1)
    sql.add("END")


async def clock_outcomes(
    unit_ids: Sequence[int], start: date, end: date, today: date, holidays: Sequence[date]
) -> list[Row]:
    """Referral and first-contact clocks started in the period, counted by clock, unit, month
    of the start, outcome (met, met_late, overdue, pending) and working days taken."""
    sql = Sql().add("SELECT t.clock AS clock, t.unit AS unit, t.month AS month,")
    sql.add("t.outcome AS outcome, t.days AS days, COUNT(*) AS n FROM (SELECT d.clock AS clock,")
    sql.add(f"d.unit AS unit, {month_of('d.starts_on')} AS month,")
    sql.add("CASE WHEN d.met_on IS NOT NULL THEN")
    sql.add("CASE WHEN d.met_on <= d.due THEN 'met' ELSE 'met_late' END")
    sql.add("WHEN d.due < {} THEN 'overdue' ELSE 'pending' END AS outcome,", today)
    working_days(sql, "d.starts_on", "d.met_on", holidays).add("AS days")
    sql.add(f"FROM {Deadline._meta.tablename} AS d WHERE")
    _clocks_started(sql, unit_ids, start, end)
    sql.add(") AS t GROUP BY t.clock, t.unit, t.month, t.outcome, t.days")
    return await sql.rows()


async def unmet_clocks_of_closed_cases(
    unit_ids: Sequence[int], start: date, end: date, today: date
) -> list[Row]:
    """Of the same clocks, those never met whose case is closed, by clock, unit, month and
    outcome (overdue or pending): a case closed before contact is not a clock overdue."""
    sql = Sql().add("SELECT t.clock AS clock, t.unit AS unit, t.month AS month,")
    sql.add("t.outcome AS outcome, COUNT(*) AS n FROM (SELECT d.clock AS clock, d.unit AS unit,")
    sql.add(f"{month_of('d.starts_on')} AS month,")
    sql.add("CASE WHEN d.due < {} THEN 'overdue' ELSE 'pending' END AS outcome", today)
    sql.add(f"FROM {Deadline._meta.tablename} AS d JOIN {Case._meta.tablename} AS c")
    sql.add("ON c.id = d.\"case\" WHERE d.met_on IS NULL AND c.state = 'closed' AND")
    _clocks_started(sql, unit_ids, start, end)
    sql.add(") AS t GROUP BY t.clock, t.unit, t.month, t.outcome")
    return await sql.rows()


def _clocks_started(sql: Sql, unit_ids: Sequence[int], start: date, end: date) -> Sql:
    sql.add("d.clock IN ('referral', 'first_contact') AND").ids("d.unit", unit_ids)
    return sql.add("AND d.starts_on >= {} AND d.starts_on <= {}", start, end)


async def referral_times_by_court(
    unit_ids: Sequence[int], start: date, end: date, holidays: Sequence[date]
) -> list[Row]:
    """Referral clocks started (sentences passed) in the period, counted by the referring
    Witness Care Unit, the court that passed the sentence, whether late, and working days
    taken: the time from sentence to referral."""
    sql = Sql().add("SELECT t.referrer AS referrer, t.court AS court, t.late AS late,")
    sql.add("t.days AS days, COUNT(*) AS n FROM (SELECT r.referring_unit AS referrer,")
    sql.add("s.court AS court,")
    sql.add("CASE WHEN d.met_on IS NOT NULL AND d.met_on <= d.due THEN 0 ELSE 1 END AS late,")
    working_days(sql, "d.starts_on", "d.met_on", holidays).add("AS days")
    sql.add(f"FROM {Deadline._meta.tablename} AS d JOIN {Referral._meta.tablename} AS r")
    sql.add("ON r.id = d.referral")
    sql.add(f"JOIN {Sentence._meta.tablename} AS s ON s.id = r.sentence")
    sql.add("WHERE d.clock = 'referral' AND")
    sql.ids("d.unit", unit_ids).add("AND d.starts_on >= {} AND d.starts_on <= {}", start, end)
    sql.add(") AS t GROUP BY t.referrer, t.court, t.late, t.days")
    return await sql.rows()


async def participation(unit_ids: Sequence[int], start: date, end: date) -> list[Row]:
    """Cases opened on referrals received in the period, by unit and current choice."""
    sql = Sql().add("SELECT c.unit AS unit, c.participation AS participation, COUNT(*) AS n")
    sql.add(f"FROM {Case._meta.tablename} AS c JOIN {Referral._meta.tablename} AS r")
    sql.add("ON r.id = c.referral WHERE").ids("c.unit", unit_ids)
    sql.add("AND r.received_on >= {} AND r.received_on <= {}", start, end)
    sql.add("GROUP BY c.unit, c.participation")
    return await sql.rows()


async def letters_sent(unit_ids: Sequence[int], start: date, end: date) -> list[Row]:
    """Letters sent in the period, by unit, template and language."""
    sql = Sql().add("SELECT l.unit AS unit, l.template AS template, l.language AS language,")
    sql.add(f"COUNT(*) AS n FROM {Letter._meta.tablename} AS l WHERE l.status = 'sent' AND")
    sql.ids("l.unit", unit_ids).add("AND l.sent_on >= {} AND l.sent_on <= {}", start, end)
    sql.add("GROUP BY l.unit, l.template, l.language")
    return await sql.rows()


async def failed_deliveries(unit_ids: Sequence[int], start: date, end: date) -> list[Row]:
    """Messages that failed, by unit, whose failure was reported in the period (UK days)."""
    first = datetime.combine(start, time.min, LONDON)
    after = datetime.combine(end + timedelta(days=1), time.min, LONDON)
    sql = Sql().add("SELECT n.unit AS unit, COUNT(*) AS n")
    sql.add(f"FROM {Notification._meta.tablename} AS n WHERE n.state = 'failed' AND").ids(
        "n.unit", unit_ids
    )
    sql.add("AND n.updated_at >= {} AND n.updated_at < {} GROUP BY n.unit", first, after)
    return await sql.rows()


async def condition_outcomes(unit_ids: Sequence[int], start: date, end: date) -> list[Row]:
    """Licence-condition requests made in the period, by unit and outcome (the decision, or
    the request's state while there is none)."""
    sql = Sql().add("SELECT t.unit AS unit, t.outcome AS outcome, COUNT(*) AS n FROM")
    sql.add("(SELECT q.unit AS unit, COALESCE(k.outcome, q.status) AS outcome")
    sql.add(f"FROM {ConditionRequest._meta.tablename} AS q")
    sql.add(f"LEFT JOIN {ConditionDecision._meta.tablename} AS k ON k.request = q.id WHERE")
    sql.ids("q.unit", unit_ids).add("AND q.created_on >= {} AND q.created_on <= {}", start, end)
    sql.add(") AS t GROUP BY t.unit, t.outcome")
    return await sql.rows()


async def statements(unit_ids: Sequence[int], start: date, end: date) -> list[Row]:
    """Victims invited in the period to make a statement, by unit, whether it was an
    entitlement, and how it stands (sent, declined or open)."""
    sql = Sql().add("SELECT t.unit AS unit, t.entitlement AS entitlement, t.outcome AS outcome,")
    sql.add("COUNT(*) AS n FROM (SELECT c.unit AS unit, s.entitlement AS entitlement, CASE")
    sql.add("WHEN s.sent_on IS NOT NULL THEN 'sent' WHEN s.declined_on IS NOT NULL")
    sql.add("THEN 'declined' ELSE 'open' END AS outcome")
    sql.add(f"FROM {VictimStatement._meta.tablename} AS s")
    sql.add(f'JOIN {Case._meta.tablename} AS c ON c.id = s."case" WHERE')
    sql.ids("c.unit", unit_ids).add("AND s.invited_on >= {} AND s.invited_on <= {}", start, end)
    sql.add("AND s.forum = 'parole_board'")
    sql.add(") AS t GROUP BY t.unit, t.entitlement, t.outcome")
    return await sql.rows()


async def entitlements(unit_ids: Sequence[int], start: date, end: date) -> list[Row]:
    """Entitlement records dated in the period, by unit, entitlement, whether delivered and
    the reason for any departure."""
    sql = Sql().add("SELECT c.unit AS unit, e.entitlement AS entitlement,")
    sql.add("e.delivered AS delivered, e.departure AS departure, COUNT(*) AS n")
    sql.add(f"FROM {EntitlementRecord._meta.tablename} AS e")
    sql.add(f'JOIN {Case._meta.tablename} AS c ON c.id = e."case" WHERE')
    sql.ids("c.unit", unit_ids).add('AND e."on" >= {} AND e."on" <= {}', start, end)
    sql.add("GROUP BY c.unit, e.entitlement, e.delivered, e.departure")
    return await sql.rows()


async def key_stage_tasks(
    unit_ids: Sequence[int], start: date, end: date, today: date
) -> list[Row]:
    """Tasks to tell a victim of a key stage (kind `tell_...`) due in the period, by unit,
    kind and outcome (on_time, late, overdue, pending)."""
    sql = Sql().add("SELECT t.unit AS unit, t.kind AS kind, t.outcome AS outcome,")
    sql.add("COUNT(*) AS n FROM (SELECT k.unit AS unit, k.kind AS kind, CASE")
    sql.add("WHEN k.done_on IS NULL THEN CASE WHEN k.due < {} THEN 'overdue' ELSE", today)
    sql.add("'pending' END WHEN k.done_on <= k.due THEN 'on_time' ELSE 'late' END AS outcome")
    sql.add(f"FROM {Task._meta.tablename} AS k WHERE k.kind LIKE 'tell!_%' ESCAPE '!' AND")
    sql.ids("k.unit", unit_ids).add("AND k.due >= {} AND k.due <= {}", start, end)
    sql.add(") AS t GROUP BY t.unit, t.kind, t.outcome")
    return await sql.rows()


async def open_caseloads(unit_ids: Sequence[int], today: date) -> list[Row]:
    """Open cases by unit, allocated officer (NULL: nobody) and whether a clock is overdue."""
    sql = Sql().add("SELECT t.unit AS unit, t.officer AS officer, t.overdue AS overdue,")
    sql.add("COUNT(*) AS n FROM (SELECT c.unit AS unit, c.assigned_to AS officer,")
    sql.add("CASE WHEN c.next_due < {} THEN 1 ELSE 0 END AS overdue", today)
    sql.add(f"FROM {Case._meta.tablename} AS c WHERE c.state = 'open' AND")
    sql.ids("c.unit", unit_ids).add(") AS t GROUP BY t.unit, t.officer, t.overdue")
    return await sql.rows()
