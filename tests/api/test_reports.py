"""The Victims' Code compliance and caseload reports, through the API and the pages, against a
small dataset built through the API whose every figure is worked out by hand below.

Bank holidays in the period: Thursday 1 January, Good Friday 3 April and Easter Monday 6 April
2026 (and 25, 26 December 2025). "wd" is working days, counted from the day after the start:
Monday 5 January to Monday 12 January is 5 wd. The report period is 1 January to 31 March 2026
and "today" is Thursday 30 April 2026.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest

from tests.fixtures import PASSWORD, World, run
from vcs.access.tables import AuditEntry
from vcs.core import clocks
from vcs.core.tables import Deadline, Unit, User
from vcs.reports import queries as q
from vcs.reports.figures import holidays_for

TODAY = date(2026, 4, 30)
PERIOD = {"from": "2026-01-01", "to": "2026-03-31"}
REPORTS = "/api/v1/reports"
VICTIMS = ["Alex Example", "Sam Example", "Jo Example", "Kim Example", "Lee Example"]


def ok(response: Any, status: int | None = None) -> Any:
    assert response.status_code < 300 if status is None else response.status_code == status, (
        response.status_code,
        response.text,
    )
    return response.json() if "json" in response.headers.get("content-type", "") else None


class Dataset:
    """Builds the dataset in date order, moving "today" to each day as it goes."""

    def __init__(self, world: World) -> None:
        self.w = world
        self.referrals = 0

    def on(self, day: str) -> Dataset:
        self.w.set_today(date.fromisoformat(day))
        return self

    def refer(
        self, day: str, sentence: str, by: str = "wcu", unit: str = "VLU-LON", **kw: Any
    ) -> list[int]:
        """A referral received on `day` of a sentence passed on `sentence`; its case ids."""
        self.on(day)
        self.referrals += 1
        n, kind = self.referrals, kw.get("kind", "imprisonment")
        victims = [
            {
                "name": VICTIMS[(n + i) % len(VICTIMS)],
                "relationship": "direct",
                "address": {"line1": f"{n} Sample Road", "town": "London", "postcode": "E1 6AN"},
                "email": f"victim{n}.{i}@example.com",
                "phone": f"07700 900{n:02d}{i}",
            }
            for i in range(kw.get("victims", 1))
        ]
        body = self.w.refer(
            by,
            unit_code=unit,
            received_on=day,
            offender={"name": f"Morgan Testperson {chr(64 + n)}", "date_of_birth": "1980-04-02"},
            sentence={
                "date": sentence,
                "court": "Snaresbrook Crown Court",
                "type": kind,
                "length_months": 36,
            },
            victims=victims,
        )
        return [c["id"] for c in body["cases"]]

    def post(self, user: str, url: str, body: dict[str, Any]) -> Any:
        return ok(self.w.post(user, url, body))

    def letter(self, case: int, day: str, template: str, user: str = "vlo", **kw: Any) -> None:
        """Draft and send a letter on `day` (sending it is a contact attempt)."""
        self.on(day)
        letter = self.post(user, f"/api/v1/cases/{case}/letters", {"template": template, **kw})
        self.post(user, f"/api/v1/letters/{letter['id']}/send", {"on": day})

    def contact(self, case: int, day: str, outcome: str, **kw: Any) -> None:
        self.on(day).post(
            "vlo",
            f"/api/v1/cases/{case}/contacts",
            {"on": day, "method": "phone", "outcome": outcome, **kw},
        )

    def choose(self, case: int, day: str, status: str, user: str = "vlo") -> None:
        body = {
            "status": status,
            "on": day,
            **({"level": "key_stages"} if status == "opted_in" else {}),
        }
        self.on(day).post(user, f"/api/v1/cases/{case}/participation", body)

    def allocate(self, case: int, vlo: str, user: str = "manager") -> None:
        self.post(user, f"/api/v1/cases/{case}/allocation", {"vlo": vlo})

    def request(self, case: int, day: str, user: str = "vlo") -> int:
        """A no-contact licence-condition request made on `day`."""
        body = {
            "type": "no_contact",
            "details": "I do not want him to contact me or my family.",
            "justification": "He threatened the family during the trial.",
            "names": ["Jamie Sample"],
        }
        return int(self.on(day).post(user, f"/api/v1/cases/{case}/condition-requests", body)["id"])

    def forward(self, request: int, day: str, user: str = "vlo") -> None:
        body = {"decision_maker": "prison_governor", "on": day}
        self.on(day).post(user, f"/api/v1/condition-requests/{request}/forward", body)

    def decide(self, request: int, day: str, outcome: str, user: str = "vlo") -> None:
        body: dict[str, Any] = {"outcome": outcome, "on": day}
        if outcome != "granted":
            body["reason"] = "The decision maker gave reasons."
        if outcome == "granted_varied":
            body["final_wording"] = "Not to contact Jamie Sample without approval."
        self.on(day).post(user, f"/api/v1/condition-requests/{request}/decision", body)

    def key_stage(self, case: int, day: str, kind: str, user: str = "vlo") -> int:
        """Record a key stage for the case's offender; the id of the task to tell the victim."""
        self.on(day)
        offender = ok(self.w.get(user, f"/api/v1/cases/{case}"))["offender"]["id"]
        body = {"kind": kind, "on": day}
        self.post(user, f"/api/v1/offenders/{offender}/key-stages", body)
        tasks = ok(self.w.get(user, "/api/v1/tasks", params={"case_id": case}))["items"]
        return int(next(t["id"] for t in tasks if t["kind"] == f"tell_{kind}"))

    def task_done(self, task: int, day: str) -> None:
        self.on(day).post("vlo", f"/api/v1/tasks/{task}/done", {"on": day})


def build(world: World) -> dict[str, int]:
    """The dataset. Each line says what it adds to the figures."""
    d = Dataset(world)
    # R0, London, by WCU-MET: sentence Fri 19 Dec 2025 (outside the period), received Mon 5 Jan.
    # C0's first contact (clock from 5 Jan, due Mon 2 Feb): letter on Thu 8 Jan, 3 wd, met.
    (c0,) = d.refer("2026-01-05", "2025-12-19")
    d.allocate(c0, "vlo")
    d.letter(c0, "2026-01-08", "initial_offer")
    d.choose(c0, "2026-01-09", "opted_in")
    # R1 (WCU-MET): sentence Mon 5 Jan, received Mon 12 Jan: 5 wd, met (due 19 Jan). Two victims.
    c1a, c1b = d.refer("2026-01-12", "2026-01-05", victims=2)
    d.allocate(c1a, "vlo")
    d.allocate(c1b, "vlo2")
    d.letter(c0, "2026-01-13", "opt_in_confirmation")
    c0_granted = d.request(c0, "2026-01-15")
    d.forward(c0_granted, "2026-01-16")
    # C1b: first contact Tue 20 Jan, 6 wd, met; opts out; the acknowledgement is sent.
    d.contact(c1b, "2026-01-20", "made_contact")
    d.choose(c1b, "2026-01-21", "opted_out")
    d.letter(c1b, "2026-01-22", "opt_out_acknowledgement", user="vlo2")
    # R2 (WCU-MET): sentence Fri 9 Jan, received Mon 26 Jan: 11 wd, late (due 23 Jan).
    # C2 is never contacted: due Mon 23 Feb, overdue today.
    (c2,) = d.refer("2026-01-26", "2026-01-09")
    d.allocate(c2, "vlo")
    # R3 (WCU-SWP): sentence Mon 19 Jan, received Fri 30 Jan: 9 wd, met (due 2 Feb).
    # C3 is closed on 10 Feb before any contact.
    (c3,) = d.refer("2026-01-30", "2026-01-19", by="wcu_other")
    # A key stage for C0's offender on Mon 2 Feb: task due Mon 9 Feb, done Fri 6 Feb (on time).
    recall = d.key_stage(c0, "2026-02-02", "recall")
    # R7 (WCU-MET): a community sentence (not eligible, no case) on Mon 2 Feb, received Tue
    # 3 Feb: 1 wd, met.
    assert d.refer("2026-02-03", "2026-02-02", kind="community") == []
    c0_refused = d.request(c0, "2026-02-03")
    d.forward(c0_refused, "2026-02-04")
    d.task_done(recall, "2026-02-06")
    d.on("2026-02-10").post(
        "vlo", f"/api/v1/cases/{c3}/close", {"reason": "victim_request", "on": "2026-02-10"}
    )
    # C1a: first contact Thu 12 Feb (no reply), due Mon 9 Feb: 23 wd, met late.
    d.contact(c1a, "2026-02-12", "no_reply", late_reason="The victim's address was wrong")
    # W1, Wales, by WCU-SWP: sentence Wed 14 Jan, received Fri 13 Feb: 22 wd, late (due 28 Jan).
    (cw,) = d.refer("2026-02-13", "2026-01-14", by="wcu_other", unit="VLU-WAL")
    d.allocate(cw, "vlo.other", user="manager_other")
    d.decide(c0_granted, "2026-02-20", "granted")
    # R4 (WCU-MET): sentence Wed 11 Feb, received Wed 25 Feb: 10 wd, met on its due date.
    (c4,) = d.refer("2026-02-25", "2026-02-11")
    d.allocate(c4, "vlo2")
    # C4: first contact by a Welsh letter on Mon 2 Mar: 3 wd, met.
    d.letter(c4, "2026-03-02", "initial_offer", language="cy")
    # A key stage on Mon 2 Mar: task due Mon 9 Mar, done Thu 12 Mar (late).
    parole = d.key_stage(c0, "2026-03-02", "parole_review_started")
    d.choose(c4, "2026-03-03", "opted_in")
    d.decide(c0_refused, "2026-03-05", "refused")
    c4_forwarded = d.request(c4, "2026-03-05")
    d.forward(c4_forwarded, "2026-03-06")
    d.request(c4, "2026-03-10")  # left a draft
    d.task_done(parole, "2026-03-12")
    # CW (Wales): received Fri 13 Feb, due Fri 13 Mar; a Welsh letter that day: 20 wd, met.
    d.letter(cw, "2026-03-13", "initial_offer", user="vlo_other", language="cy")
    d.choose(cw, "2026-03-16", "opted_in", user="vlo_other")
    cw_varied = d.request(cw, "2026-03-18", user="vlo_other")
    d.forward(cw_varied, "2026-03-18", user="vlo_other")
    # R6 (WCU-SWP): sentence Mon 2 Mar, received Fri 20 Mar: 14 wd, late (due 16 Mar).
    (c5,) = d.refer("2026-03-20", "2026-03-02", by="wcu_other")
    # A key stage on Fri 20 Mar: task due Fri 27 Mar, never done (overdue).
    d.key_stage(c0, "2026-03-20", "open_conditions")
    # A key stage for C4's offender on Mon 23 Mar: task due Mon 30 Mar, done that day.
    release = d.key_stage(c4, "2026-03-23", "release")
    # A key stage for CW's offender on Wed 25 Mar: task due Wed 1 Apr, outside the period.
    d.key_stage(cw, "2026-03-25", "recall", user="vlo_other")
    d.decide(cw_varied, "2026-03-27", "granted_varied", user="vlo_other")
    d.task_done(release, "2026-03-30")
    # R8 (WCU-MET): sentence Tue 24 Mar, received Tue 31 Mar: 5 wd, met (due 9 Apr).
    # C8: first contact due Thu 30 Apr (Easter passed): not yet due today.
    d.refer("2026-03-31", "2026-03-24")
    d.request(c0, "2026-04-02")  # outside the period
    # C5 (received Fri 20 Mar, due Tue 21 Apr): letter Thu 9 Apr: 12 wd over Easter, met.
    # Then no reply, a follow-up letter and no answer: the sweep on 30 Apr marks no response.
    d.letter(c5, "2026-04-09", "initial_offer")
    d.contact(c5, "2026-04-10", "no_reply")
    d.letter(c5, "2026-04-13", "follow_up")
    # R5 (WCU-SWP): sentence Fri 27 Mar, received Fri 10 Apr: 8 wd over Easter, met (due 14 Apr).
    # Its case C6 is opened in April, outside the period for first contact and the scheme.
    d.refer("2026-04-10", "2026-03-27", by="wcu_other")
    d.on("2026-04-30").post("manager", "/api/v1/sweep", {})
    return {"c5": c5}


def figures(clock: str, unit: str | None, month: str | None, *counts: Any) -> dict[str, Any]:
    started, met, met_late, overdue, pending, closed, pct, median = counts
    return {
        "clock": clock,
        "unit_code": unit,
        "month": month,
        "started": started,
        "met": met,
        "met_late": met_late,
        "overdue": overdue,
        "pending": pending,
        "closed": closed,
        "within_target_pct": pct,
        "median_working_days": median,
    }


R, F, LON, WAL = "referral", "first_contact", "VLU-LON", "VLU-WAL"
JAN, FEB, MAR = "2026-01", "2026-02", "2026-03"
NOTHING = (0, 0, 0, 0, 0, 0, None, None)
# Referral clocks by month of sentence (started, met, met late, overdue, pending, closed, %, median).
LONDON_REFERRALS = {
    JAN: (3, 2, 1, 0, 0, 0, 66.7, 9.0),  # R1 5 wd, R2 11 late, R3 9 -> 2 of 3; median of 5 9 11
    FEB: (2, 2, 0, 0, 0, 0, 100.0, 5.5),  # R7 1, R4 10 -> median (1 + 10) / 2
    MAR: (3, 2, 1, 0, 0, 0, 66.7, 8.0),  # R6 14 late, R8 5, R5 8 -> median of 5 8 14
    None: (8, 6, 2, 0, 0, 0, 75.0, 8.5),  # 1 5 5 8 | 9 10 11 14 -> (8 + 9) / 2
}
WALES_REFERRALS = {JAN: (1, 0, 1, 0, 0, 0, 0.0, 22.0), FEB: NOTHING, MAR: NOTHING}
WALES_REFERRALS[None] = WALES_REFERRALS[JAN]
NATIONAL_REFERRALS = {
    JAN: (4, 2, 2, 0, 0, 0, 50.0, 10.0),  # 5 9 | 11 22 -> (9 + 11) / 2
    FEB: LONDON_REFERRALS[FEB],
    MAR: LONDON_REFERRALS[MAR],
    None: (9, 6, 3, 0, 0, 0, 66.7, 9.0),  # 1 5 5 8 9 10 11 14 22 -> the fifth
}
# First-contact clocks by month of receipt.
LONDON_CONTACTS = {
    # C0 3 wd, C1b 6, C1a 23 late, C2 overdue, C3 closed: 2 of 4 (closed not counted)
    JAN: (5, 2, 1, 1, 0, 1, 50.0, 6.0),
    FEB: (1, 1, 0, 0, 0, 0, 100.0, 3.0),  # C4 3 wd
    MAR: (2, 1, 0, 0, 1, 0, 100.0, 12.0),  # C5 12 wd over Easter; C8 due today: pending
    None: (8, 4, 1, 1, 1, 1, 66.7, 6.0),  # 4 of 6; median of 3 3 6 12 23
}
WALES_CONTACTS = {JAN: NOTHING, FEB: (1, 1, 0, 0, 0, 0, 100.0, 20.0), MAR: NOTHING}
WALES_CONTACTS[None] = WALES_CONTACTS[FEB]
NATIONAL_CONTACTS = {
    JAN: LONDON_CONTACTS[JAN],
    FEB: (2, 2, 0, 0, 0, 0, 100.0, 11.5),  # 3 and 20
    MAR: LONDON_CONTACTS[MAR],
    None: (9, 5, 1, 1, 1, 1, 71.4, 9.0),  # 5 of 7; 3 3 6 | 12 20 23 -> (6 + 12) / 2
}


def expected_timeliness(units: dict[str | None, tuple[dict[Any, Any], dict[Any, Any]]]) -> Any:
    rows, totals = [], []
    for clock, which in ((R, 0), (F, 1)):
        for unit, tables in units.items():
            table = tables[which]
            rows += [figures(clock, unit, m, *table[m]) for m in (JAN, FEB, MAR)]
            totals.append(figures(clock, unit, None, *table[None]))
    return rows, totals


def referrer(code: str | None, name: str, *counts: Any) -> dict[str, Any]:
    referrals, late, pct, median = counts
    return {
        "referrer_code": code,
        "referrer_name": name,
        "referrals": referrals,
        "late": late,
        "late_pct": pct,
        "median_working_days": median,
    }


MET, SWP = "Metropolitan Witness Care Unit", "South Wales Witness Care Unit"
ALL = "All Witness Care Units"


def task_row(unit: str | None, kind: str | None, *counts: Any) -> dict[str, Any]:
    due, on_time, late, overdue, pending, pct = counts
    return {
        "unit_code": unit,
        "kind": kind,
        "due": due,
        "done_on_time": on_time,
        "done_late": late,
        "overdue": overdue,
        "pending": pending,
        "on_time_pct": pct,
    }


def tasks_for(unit: str | None) -> list[dict[str, Any]]:
    # Due in the period: recall (on time), parole review (late), open conditions (overdue),
    # release (on time); the two licence-condition decisions never told (overdue); Wales's task
    # is due on 1 April, outside it.
    return [
        task_row(unit, "tell_condition_decision", 2, 0, 0, 2, 0, 0.0),
        task_row(unit, "tell_open_conditions", 1, 0, 0, 1, 0, 0.0),
        task_row(unit, "tell_parole_review_started", 1, 0, 1, 0, 0, 0.0),
        task_row(unit, "tell_recall", 1, 1, 0, 0, 0, 100.0),
        task_row(unit, "tell_release", 1, 1, 0, 0, 0, 100.0),
        task_row(unit, None, 6, 2, 1, 3, 0, 33.3),
    ]


def participation(unit: str | None, *counts: int) -> dict[str, Any]:
    names = ("offered", "opted_in", "opted_out", "no_response", "awaiting_reply", "not_contacted")
    return {"unit_code": unit, **dict(zip(names, counts, strict=True))}


# Offered: cases opened on referrals received Jan-Mar. London: C0 C1a C1b C2 C3 C4 C5 C8;
# in: C0 C4; out: C1b; no response: C5; awaiting reply: C1a; not contacted: C2 C3 C8.
LONDON_PARTICIPATION = participation(LON, 8, 2, 1, 1, 1, 3)
WALES_PARTICIPATION = participation(WAL, 1, 1, 0, 0, 0, 0)
# Letters sent Jan-Mar (the April ones are not counted).
LONDON_LETTERS = [
    (LON, "initial_offer", "cy", 1),  # C4
    (LON, "initial_offer", "en", 1),  # C0
    (LON, "opt_in_confirmation", "en", 1),  # C0
    (LON, "opt_out_acknowledgement", "en", 1),  # C1b
]
NATIONAL_LETTERS = [
    *LONDON_LETTERS,
    (WAL, "initial_offer", "cy", 1),  # CW
    (None, "initial_offer", "cy", 2),
    (None, "initial_offer", "en", 1),
    (None, "opt_in_confirmation", "en", 1),
    (None, "opt_out_acknowledgement", "en", 1),
]
# Requests made Jan-Mar: C0 granted and refused; C4 forwarded and a draft; CW granted varied.
LONDON_CONDITIONS = [
    (LON, "draft", 1),
    (LON, "forwarded", 1),
    (LON, "granted", 1),
    (LON, "refused", 1),
]
NATIONAL_CONDITIONS = [
    *LONDON_CONDITIONS,
    (WAL, "granted_varied", 1),
    *[(None, o, 1) for o in ("draft", "forwarded", "granted", "granted_varied", "refused")],
]


def caseload_row(unit: str, officer: str | None, name: str, n: int, late: int) -> dict[str, Any]:
    return {
        "unit_code": unit,
        "officer": officer,
        "officer_name": name,
        "open_cases": n,
        "overdue": late,
    }


# Open today: vlo has C0 C1a C2 (C2's first contact overdue); vlo2 C1b C4; nobody C5 C6 C8.
LONDON_CASELOAD = [
    caseload_row(LON, "vlo", "vlo user", 3, 1),
    caseload_row(LON, "vlo2", "vlo2 user", 2, 0),
    caseload_row(LON, None, "Not allocated", 3, 0),
]
WALES_CASELOAD = [
    caseload_row(WAL, "vlo.other", "vlo other user", 1, 0),
    caseload_row(WAL, None, "Not allocated", 0, 0),
]


def csv_rows(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    return list(csv.DictReader(io.StringIO(response.text)))


def as_text(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """JSON rows as the CSV writes them: null empty, everything else as text."""
    return [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]


def check_json_and_csv(world: World, user: str, name: str, query: dict[str, str]) -> Any:
    """The report as JSON, and its CSV has exactly the same rows."""
    body = ok(world.get(user, f"{REPORTS}/{name}", params=query))
    if name == "scheme":
        for table in ("participation", "letters", "conditions", "key_stage_tasks"):
            csv_body = world.get(user, f"{REPORTS}/scheme.csv", params={**query, "table": table})
            assert csv_rows(csv_body) == as_text(body[table]), table
    else:
        rows = body["rows"] + body.get("totals", [])
        assert csv_rows(world.get(user, f"{REPORTS}/{name}.csv", params=query)) == as_text(rows)
    return body


def test_every_figure_matches_the_hand_computed_dataset(world: World) -> None:
    build(world)
    world.set_today(TODAY)

    # The London manager: London only.
    body = check_json_and_csv(world, "manager", "timeliness", PERIOD)
    assert (body["scope"], body["unit_code"], body["from_date"], body["to_date"]) == (
        "unit",
        LON,
        "2026-01-01",
        "2026-03-31",
    )
    assert body["target_working_days"] == {"referral": 10, "first_contact": 20}
    rows, totals = expected_timeliness({LON: (LONDON_REFERRALS, LONDON_CONTACTS)})
    assert body["rows"] == rows
    assert body["totals"] == totals

    late = check_json_and_csv(world, "manager", "late-referrers", PERIOD)
    assert late["rows"] == [
        referrer("WCU-SWP", SWP, 3, 1, 33.3, 9.0),  # R3 9, R6 14 late, R5 8
        referrer("WCU-MET", MET, 5, 1, 20.0, 5.0),  # R1 5, R2 11 late, R7 1, R4 10, R8 5
        referrer(None, ALL, 8, 2, 25.0, 8.5),
    ]

    scheme = check_json_and_csv(world, "manager", "scheme", PERIOD)
    assert scheme["participation"] == [LONDON_PARTICIPATION]
    assert [tuple(r.values()) for r in scheme["letters"]] == LONDON_LETTERS
    assert [tuple(r.values()) for r in scheme["conditions"]] == LONDON_CONDITIONS
    assert scheme["key_stage_tasks"] == tasks_for(LON)

    caseload = check_json_and_csv(world, "manager", "caseload", {})
    assert (caseload["on"], caseload["scope"], caseload["unit_code"]) == ("2026-04-30", "unit", LON)
    assert caseload["rows"] == LONDON_CASELOAD

    # The national manager: every unit and the national total.
    body = check_json_and_csv(world, "national", "timeliness", PERIOD)
    assert (body["scope"], body["unit_code"]) == ("national", None)
    rows, totals = expected_timeliness(
        {
            LON: (LONDON_REFERRALS, LONDON_CONTACTS),
            WAL: (WALES_REFERRALS, WALES_CONTACTS),
            None: (NATIONAL_REFERRALS, NATIONAL_CONTACTS),
        }
    )
    assert body["rows"] == rows
    assert body["totals"] == totals

    late = check_json_and_csv(world, "national", "late-referrers", PERIOD)
    assert late["rows"] == [
        referrer("WCU-SWP", SWP, 4, 2, 50.0, 11.5),  # with W1 22 late: 8 9 | 14 22
        referrer("WCU-MET", MET, 5, 1, 20.0, 5.0),
        referrer(None, ALL, 9, 3, 33.3, 9.0),
    ]

    scheme = check_json_and_csv(world, "national", "scheme", PERIOD)
    assert scheme["participation"] == [
        LONDON_PARTICIPATION,
        WALES_PARTICIPATION,
        participation(None, 9, 3, 1, 1, 1, 3),
    ]
    assert [tuple(r.values()) for r in scheme["letters"]] == NATIONAL_LETTERS
    assert [tuple(r.values()) for r in scheme["conditions"]] == NATIONAL_CONDITIONS
    assert scheme["key_stage_tasks"] == [
        *tasks_for(LON),
        task_row(WAL, None, 0, 0, 0, 0, 0, None),
        *tasks_for(None),
    ]

    caseload = check_json_and_csv(world, "national", "caseload", {})
    assert caseload["rows"] == LONDON_CASELOAD + WALES_CASELOAD

    # The national manager may look at one unit: the same figures as its own manager sees.
    wales = ok(world.get("national", f"{REPORTS}/timeliness", params={**PERIOD, "unit": WAL}))
    assert (wales["scope"], wales["unit_code"]) == ("unit", WAL)
    assert (wales["rows"], wales["totals"]) == expected_timeliness(
        {WAL: (WALES_REFERRALS, WALES_CONTACTS)}
    )
    own = ok(world.get("manager_other", f"{REPORTS}/timeliness", params=PERIOD))
    assert own == wales

    # The manager's page shows the same figures, the charts and the links to the CSV.
    check_pages(world)


def sign_in(world: World, user: str) -> None:
    """Sign in on the pages (session cookie, CSRF token from the sign-in form's cookie)."""
    world.client.cookies.clear()
    world.client.get("/sign-in")
    form = {"username": user, "password": PASSWORD, "_csrf_token": world.client.cookies["vcs_csrf"]}
    signed = world.client.post("/sign-in", data=form, follow_redirects=False)
    assert signed.status_code == 303, signed.text


def check_pages(world: World) -> None:
    sign_in(world, "manager")
    query = "from-day=1&from-month=1&from-year=2026&to-day=31&to-month=3&to-year=2026"
    page = world.client.get(f"/manager/reports?{query}")
    assert page.status_code == 200, page.text
    html = page.text
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 3
    assert 'aria-labelledby="chart-referral-title chart-referral-desc"' in html
    assert "Target: 10 working days" in html and "Target: 20 working days" in html
    assert "Referrals within 10 working days of sentence" in html
    assert "Jan 2026: median 9.0, 66.7% in time" in html  # the chart's description
    assert "vlo user: 3 open, 1 overdue" in html
    for link in (
        "/manager/reports/timeliness.csv?from=2026-01-01&amp;to=2026-03-31",
        "/manager/reports/late-referrers.csv?from=2026-01-01&amp;to=2026-03-31",
        "/manager/reports/scheme.csv?from=2026-01-01&amp;to=2026-03-31&amp;table=letters",
        "/manager/reports/caseload.csv",
    ):
        assert f'href="{link}"' in html
    # No victim's name reaches a report.
    assert not any(name in html for name in VICTIMS)
    # The national manager's page: every unit, the national total, caseloads per unit.
    sign_in(world, "national")
    html = world.client.get(f"/manager/reports?{query}").text
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 3
    assert "Referral by Witness Care, All units" in html  # the national total's row
    assert "London Victim Liaison Unit: 8 open, 1 overdue" in html
    assert "Wales Victim Liaison Unit: 1 open, 0 overdue" in html
    assert not any(name in html for name in VICTIMS)
    sign_in(world, "manager")
    api = world.get("manager", f"{REPORTS}/timeliness.csv", params=PERIOD)
    downloaded = world.client.get("/manager/reports/timeliness.csv?from=2026-01-01&to=2026-03-31")
    assert downloaded.status_code == 200 and downloaded.text == api.text


def test_working_days_counted_in_sql_agree_with_the_calendar(world: World) -> None:
    """Every start from 15 December 2025 to 10 January 2026 (Christmas, Boxing Day and New
    Year's Day in between) met 0 to 30 days later: the SQL count equals the calendar's."""
    unit = run(Unit.select(Unit.id).where(Unit.code == LON).first())["id"]
    starts = [date(2025, 12, 15) + timedelta(days=i) for i in range(27)]
    pairs = [(s, s + timedelta(days=n)) for s in starts for n in range(31)]
    rows = [
        Deadline(clock="referral", unit=unit, starts_on=s, due=s, policy="test", met_on=m)
        for s, m in pairs
    ]
    run(Deadline.insert(*rows))
    first, last = starts[0], starts[-1]
    holidays = holidays_for(first, last, TODAY)
    found = run(q.clock_outcomes([unit], first, last, TODAY, holidays))
    counted: Counter[tuple[str, int]] = Counter()
    for row in found:
        counted[(row["month"], row["days"])] += row["n"]
    calendar = clocks.calendar()
    expected = Counter((f"{s:%Y-%m}", calendar.working_days_between(s, m)) for s, m in pairs)
    assert counted == expected
    # Wed 24 Dec 2025 to Fri 2 Jan 2026: 29, 30, 31 December and 2 January, 4 working days.
    assert calendar.working_days_between(date(2025, 12, 24), date(2026, 1, 2)) == 4


@pytest.mark.parametrize("user", ["vlo", "wcu", "om", "admin"])
def test_only_managers_see_reports(world: World, user: str) -> None:
    for name in ("timeliness", "late-referrers", "scheme", "caseload.csv"):
        response = world.get(user, f"{REPORTS}/{name}", params=PERIOD)
        assert response.status_code == 403, (name, response.text)


def test_a_manager_sees_only_their_unit_and_the_national_manager_no_cases(world: World) -> None:
    refused = world.get("manager", f"{REPORTS}/timeliness", params={**PERIOD, "unit": WAL})
    assert refused.status_code == 403
    assert refused.json()["detail"] == "A VLU manager sees the reports of their own unit only"
    own = world.get("manager", f"{REPORTS}/timeliness", params={**PERIOD, "unit": LON})
    assert own.status_code == 200 and own.json()["unit_code"] == LON
    for unit in ("VLU-NONE", "PDU-LON"):
        response = world.get("national", f"{REPORTS}/scheme", params={**PERIOD, "unit": unit})
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == ["unit"]
    world.refer()
    for url in ("/api/v1/cases", "/api/v1/referrals", "/api/v1/deadlines", "/api/v1/tasks"):
        assert world.get("national", url).status_code == 403, url


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ({"from": "2026-03-01", "to": "2026-02-28"}, 422, "to"),
        ({"from": "2020-01-01", "to": "2026-01-02"}, 422, "to"),
        ({"from": "1899-12-31", "to": "2026-01-02"}, 422, "from"),
        ({"from": "2026-02-30", "to": "2026-03-01"}, 422, "from"),
        ({"from": "0", "to": "2026-03-01"}, 422, "from"),
        ({"from": "2026-01-01"}, 422, "to"),
        ({"from": "2026-01-01\x00", "to": "2026-03-01"}, 422, "from"),
        ({"from": "2026-1-1", "to": "2026-03-01"}, 422, "from"),
        ({**PERIOD, "unit": "vlu-lon"}, 400, "unit"),
        ({**PERIOD, "unit": "VLU-LON\x00"}, 400, "unit"),
        ({**PERIOD, "unit": "X" * 40}, 400, "unit"),
    ],
)
def test_a_bad_period_or_unit_is_refused_naming_the_field(
    world: World, query: dict[str, str], status: int, field: str
) -> None:
    for name in ("timeliness", "timeliness.csv", "late-referrers", "scheme"):
        response = world.get("national", f"{REPORTS}/{name}", params=query)
        assert response.status_code == status, (name, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert field in [e["field"] for e in response.json()["errors"]], response.json()


def test_the_scheme_csv_needs_a_known_table(world: World) -> None:
    for table, status in ((None, 422), ("victims", 400)):
        params = {**PERIOD, **({"table": table} if table else {})}
        response = world.get("manager", f"{REPORTS}/scheme.csv", params=params)
        assert response.status_code == status
        assert [e["field"] for e in response.json()["errors"]] == ["table"]


def test_reports_of_nothing_are_zeros_and_dashes(world: World) -> None:
    body = check_json_and_csv(
        world, "national", "timeliness", {"from": "2026-01-01", "to": "2026-01-31"}
    )
    assert [r["unit_code"] for r in body["rows"]] == [LON, WAL, None, LON, WAL, None]
    assert all(
        (r["started"], r["within_target_pct"], r["median_working_days"]) == (0, None, None)
        for r in body["rows"] + body["totals"]
    )
    late = check_json_and_csv(world, "national", "late-referrers", PERIOD)
    assert late["rows"] == [referrer(None, ALL, 0, 0, None, None)]
    caseload = check_json_and_csv(world, "manager", "caseload", {})
    assert caseload["rows"] == [
        caseload_row(LON, "vlo", "vlo user", 0, 0),
        caseload_row(LON, "vlo2", "vlo2 user", 0, 0),
        caseload_row(LON, None, "Not allocated", 0, 0),
    ]


def test_a_csv_download_is_audited_and_names_no_one(world: World) -> None:
    world.refer()
    before = run(AuditEntry.count())
    assert world.get("manager", f"{REPORTS}/timeliness", params=PERIOD).status_code == 200
    assert run(AuditEntry.count()) == before  # reading figures on screen is not a document
    csv_response = world.get("manager", f"{REPORTS}/late-referrers.csv", params=PERIOD)
    assert (
        "late-referrers-VLU-LON-2026-01-01-2026-03-31.csv"
        in csv_response.headers["content-disposition"]
    )
    entry = run(AuditEntry.select().order_by(AuditEntry.id, ascending=False).first())
    assert (entry["actor"], entry["action"], entry["record_type"], entry["detail"]) == (
        "manager",
        "export_report",
        "report",
        "late-referrers 2026-01-01..2026-03-31 VLU-LON",
    )
    world.get("national", f"{REPORTS}/caseload.csv")
    entry = run(AuditEntry.select().order_by(AuditEntry.id, ascending=False).first())
    assert (entry["actor"], entry["detail"]) == ("national", "caseload all units")


def test_a_spreadsheet_formula_in_a_name_is_not_run(world: World) -> None:
    run(User.update({User.display_name: "=HYPERLINK(1)"}).where(User.username == "vlo2"))
    rows = csv_rows(world.get("manager", f"{REPORTS}/caseload.csv"))
    assert [r["officer_name"] for r in rows] == ["'=HYPERLINK(1)", "vlo user", "Not allocated"]


def test_an_administrator_adds_a_national_manager_who_belongs_to_no_unit(world: World) -> None:
    body = {"username": "nat.two", "password": "a-Long-passphrase-42", "role": "national_manager"}
    created = ok(world.post("admin", "/api/v1/users", body), 201)
    assert (created["role"], created["unit_code"]) == ("national_manager", None)


# The pages


def test_the_report_page_is_for_managers_only(world: World) -> None:
    for user in ("vlo", "wcu"):
        sign_in(world, user)
        assert world.client.get("/manager/reports").status_code == 403
        assert world.client.get("/manager/reports/caseload.csv").status_code == 403
    world.client.cookies.clear()
    anonymous = world.client.get("/manager/reports", follow_redirects=False)
    assert anonymous.status_code == 303


def test_the_national_manager_starts_on_the_report_page_and_chooses_a_unit(world: World) -> None:
    world.client.cookies.clear()
    world.client.get("/sign-in")
    form = {
        "username": "national",
        "password": PASSWORD,
        "_csrf_token": world.client.cookies["vcs_csrf"],
    }
    signed = world.client.post("/sign-in", data=form, follow_redirects=False)
    assert signed.headers["location"] == "/manager/reports"
    page = world.client.get("/manager/reports")
    assert page.status_code == 200
    assert '<option value="VLU-WAL">Wales Victim Liaison Unit</option>' in page.text
    assert "Every unit, with the national total" in page.text
    assert 'href="/manager/reports"' in page.text  # in the navigation
    one = world.client.get("/manager/reports?unit=VLU-WAL")
    assert one.status_code == 200 and "/manager/reports/caseload.csv?unit=VLU-WAL" in one.text
    unknown = world.client.get("/manager/reports?unit=VLU-NONE")
    assert unknown.status_code == 400 and 'href="#unit"' in unknown.text


@pytest.mark.parametrize(
    ("query", "anchor", "message"),
    [
        (
            "from-day=31&from-month=2&from-year=2026",
            "from-day",
            "The start of the period must be a real date",
        ),
        (
            "from-day=1&from-month=3&from-year=2026&to-day=1&to-month=2&to-year=2026",
            "to-day",
            "The end of the period must not be before its start",
        ),
        ("from-day=1&from-month=3", "from-year", "The start of the period must include a year"),
    ],
)
def test_a_bad_period_on_the_page_is_shown_in_the_error_summary(
    world: World, query: str, anchor: str, message: str
) -> None:
    sign_in(world, "manager")
    page = world.client.get(f"/manager/reports?{query}")
    assert page.status_code == 400
    assert f'<a href="#{anchor}">{message}</a>' in page.text.replace("&#39;", "'")
    assert "<svg" not in page.text
