"""A synthetic national dataset for measuring the service at the scale it must run at.

Twelve regions, each with a Victim Liaison Unit, a Witness Care Unit and a probation unit;
VLOs with caseloads of a few hundred; offenders with several victims; sentences passed over
the last 25 years with decades of timeline events; clocks in every state. Every person is
invented (reserved drama phone numbers, example.com emails).

Rows are generated in batches and bulk-loaded (COPY on PostgreSQL, executemany on SQLite),
bypassing the use cases for speed but writing exactly the rows they would. This module holds
the regions, the tables' columns and the invented people (offenders and victims);
`vcs.synthetic.national_rows` makes their referrals, cases, clocks and histories, and
`vcs.synthetic.national_load` loads the rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from vcs.synthetic.invented import FIRST, LAST

REGIONS = [
    ("LON", "London"),
    ("KSS", "Kent, Surrey and Sussex"),
    ("SE", "South East"),
    ("SW", "South West"),
    ("WAL", "Wales"),
    ("WM", "West Midlands"),
    ("EM", "East Midlands"),
    ("EE", "East of England"),
    ("NW", "North West"),
    ("NE", "North East"),
    ("YH", "Yorkshire and the Humber"),
    ("GM", "Greater Manchester"),
]
CASE_LOAD = 300  # open cases per VLO


@dataclass
class Batch:
    """Rows for each table, in column order."""

    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        self.rows.setdefault(table, []).append(row)


COLUMNS = {
    "offender": (
        "id",
        "name",
        "date_of_birth",
        "crn",
        "prison_number",
        "pnc",
        "offender_manager",
        "created_at",
    ),
    "sentence": ("id", "offender", "sentenced_on", "court", "type", "length_months"),
    "referral": (
        "id",
        "unit",
        "referring_unit",
        "referred_by",
        "offender",
        "sentence",
        "received_on",
        "eligibility_status",
        "eligibility_reasons",
        "rules_version",
        "contact_route",
        "discretionary_reason",
        "created_at",
    ),
    "offence": ("id", "referral", "description", "category", "against_child", "code"),
    "victim": (
        "id",
        "name",
        "relationship",
        "date_of_birth",
        "address_line1",
        "address_line2",
        "town",
        "postcode",
        "email",
        "phone",
        "language",
        "deceased_on",
        "created_at",
    ),
    "vcs_case": (
        "id",
        "referral",
        "victim",
        "offender",
        "unit",
        "assigned_to",
        "state",
        "eligibility_status",
        "participation",
        "participation_level",
        "closed_on",
        "close_reason",
        "next_due",
        "version",
        "created_at",
        "updated_at",
    ),
    "deadline": (
        "id",
        "clock",
        "referral",
        "case",
        "unit",
        "starts_on",
        "due",
        "policy",
        "met_on",
        "late_reason",
        "breach_recorded_on",
    ),
    "case_event": ("id", "case", "kind", "occurred_on", "recorded_at", "actor", "summary", "data"),
    "participation_change": (
        "id",
        "case",
        "status",
        "level",
        "on",
        "reason",
        "recorded_by",
        "recorded_at",
    ),
    "contact_attempt": (
        "id",
        "case",
        "on",
        "method",
        "outcome",
        "follow_up",
        "notes",
        "recorded_by",
        "recorded_at",
    ),
}
LOAD_ORDER = list(COLUMNS)


@dataclass
class Region:
    vlu_id: int
    wcu_id: int
    code: str
    vlo_ids: list[int]
    vlo_names: list[str]


class People:
    """The invented people of the dataset, drawn from one seeded random generator: offenders and
    victims (names, dates of birth, contact details) and how many victims an offender has, each
    row with the next id of its table."""

    def __init__(
        self, regions: list[Region], today: date, first_ids: dict[str, int], seed: int
    ) -> None:
        self.regions, self.today, self.rng = regions, today, random.Random(seed)
        self.next_id = dict(first_ids)
        self.now = datetime.now(UTC)

    def _id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def _victim_count(self) -> int:
        roll = self.rng.random()
        return (
            1 if roll < 0.6 else 2 if roll < 0.85 else 3 if roll < 0.95 else self.rng.randint(4, 6)
        )

    def _name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def _invent_offender(self, batch: Batch, offender_id: int, sentenced: date) -> None:
        rng = self.rng
        batch.add(
            "offender",
            (
                offender_id,
                self._name(),
                sentenced - timedelta(days=rng.randint(6600, 22000)),
                f"{chr(65 + offender_id // 1_000_000 % 26)}{offender_id % 1_000_000:06d}",
                None,
                None,
                None,
                self.now,
            ),
        )

    def _invent_victim(self, batch: Batch, victim_id: int, region: Region) -> None:
        rng, today = self.rng, self.today
        batch.add(
            "victim",
            (
                victim_id,
                self._name(),
                "bereaved_family" if rng.random() < 0.1 else "direct",
                today - timedelta(days=rng.randint(6700, 30000)),
                f"{rng.randint(1, 200)} Sample Street",
                "",
                "Exampletown",
                f"ZZ{rng.randint(1, 99)} {rng.randint(1, 9)}ZZ",
                f"victim{victim_id}@example.com",
                f"07700 900{victim_id % 1000:03d}",
                "cy" if region.code == "WAL" and rng.random() < 0.3 else "en",
                None,
                self.now,
            ),
        )
