"""A court's sentencing list checked against the referrals received: every sentence the scheme
makes eligible with no referral yet, for the unit to chase.

Inspectors found one eligible victim in five never offered the scheme (HM Inspectorate of
Probation; Victims' Code, right 4: a referral within 10 working days of sentence). The list is a
CSV file with a header row: `defendant`, `date_of_birth`, `offence_codes` (separated by `;`),
`sentence_type`, `sentence_length_months` (blank for an indeterminate sentence), `sentence_date`
and `court`. Each offence code is read in the offence list (`vcs/referrals/data/offence_codes.csv`,
a file a person can change) for its category, and in the Schedule 6A list when that rule set is
in force; eligibility is decided by the rule set in force on the sentence date
(`vcs.referrals.eligibility`). A sentence already referred (the same defendant, by name and date
of birth, sentenced on the same date at the same court) is not listed. Nothing is stored: the
list is worked out again at each import.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from deadlines import Clock
from vcs.core import clocks
from vcs.core.actors import Actor, Role
from vcs.core.errors import FieldProblem, InvalidInput, PermissionDenied
from vcs.core.tables import Referral
from vcs.referrals.eligibility import (
    EligibilityStatus,
    OffenceFacts,
    SentenceFacts,
    decide_eligibility,
)
from vcs.referrals.eligibility_rules import OffenceCategory, SentenceType
from vcs.referrals.schemas import SentencingListOut, UnreferredSentence

OFFENCE_CODES = Path(__file__).with_name("data") / "offence_codes.csv"
COLUMNS = (
    "defendant",
    "date_of_birth",
    "offence_codes",
    "sentence_type",
    "sentence_length_months",
    "sentence_date",
    "court",
)
MAX_ROWS = 5000
IMPORTERS = frozenset({Role.WCU, Role.VLO, Role.VLU_MANAGER})


@dataclass(frozen=True)
class KnownOffence:
    description: str
    category: OffenceCategory
    against_child: bool


@cache
def offence_codes() -> dict[str, KnownOffence]:
    """The offence list: code -> description, category and whether against a child."""
    with OFFENCE_CODES.open(newline="", encoding="utf-8") as handle:
        return {
            row["code"].strip().upper(): KnownOffence(
                row["description"].strip(),
                OffenceCategory(row["category"].strip()),
                row.get("against_child", "").strip().lower() in ("yes", "true", "1"),
            )
            for row in csv.DictReader(handle)
        }


def _offences(raw: str) -> list[OffenceFacts]:
    known = offence_codes()
    found = []
    for code in (c.strip() for c in raw.replace(",", ";").split(";")):
        if not code:
            continue
        entry = known.get(code.upper())
        if entry is None:
            found.append(OffenceFacts(OffenceCategory.OTHER, False, code, code))
        else:
            found.append(OffenceFacts(entry.category, entry.against_child, entry.description, code))
    return found


@dataclass(frozen=True)
class _Row:
    line: int
    defendant: str
    date_of_birth: date
    offences: list[OffenceFacts]
    sentence: SentenceFacts
    court: str


def _read_row(line: int, row: dict[str, str], problems: list[FieldProblem]) -> _Row | None:
    def fail(column: str, message: str) -> None:
        problems.append(FieldProblem(f"line {line}: {column}", message))

    values = {k: (row.get(k) or "").strip() for k in COLUMNS}
    for column in ("defendant", "offence_codes", "court"):
        if not values[column]:
            fail(column, "This is empty")
    dates: dict[str, date] = {}
    for column in ("date_of_birth", "sentence_date"):
        try:
            dates[column] = date.fromisoformat(values[column])
        except ValueError:
            fail(column, "Write the date as YYYY-MM-DD")
    try:
        kind = SentenceType(values["sentence_type"])
    except ValueError:
        fail("sentence_type", "Not a sentence type the service knows")
        kind = None
    months: int | None = None
    if values["sentence_length_months"]:
        if not values["sentence_length_months"].isdigit():
            fail("sentence_length_months", "Give the length in whole months")
        else:
            months = int(values["sentence_length_months"])
    offences = _offences(values["offence_codes"])
    if kind is None or len(dates) < 2 or not offences or not values["court"]:
        return None
    return _Row(
        line,
        values["defendant"],
        dates["date_of_birth"],
        offences,
        SentenceFacts(kind, dates["sentence_date"], months),
        values["court"],
    )


def read_list(text: str) -> list[_Row]:
    """The list's rows, or every problem with it, each naming its line and column."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput.on("file", f"The list has no column {', '.join(missing)}")
    problems: list[FieldProblem] = []
    rows = []
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            raise InvalidInput.on("file", f"The list has more than {MAX_ROWS} sentences")
        row = _read_row(line, raw, problems)
        if row is not None:
            rows.append(row)
    if problems:
        raise InvalidInput("Some lines of the sentencing list need correcting", problems[:50])
    return rows


async def _referred(row: _Row) -> bool:
    """Whether the sentence was referred: the same defendant (name, whatever its case, and date
    of birth) sentenced on the same date at the same court."""
    offender_dob = Referral.offender.date_of_birth
    sentenced_on = Referral.sentence.sentenced_on
    candidates = await Referral.select(
        Referral.offender.name,
        Referral.sentence.court,
    ).where((offender_dob == row.date_of_birth) & (sentenced_on == row.sentence.sentenced_on))
    same = (row.defendant.casefold(), row.court.casefold())
    return any(
        (str(c["offender.name"]).casefold(), str(c["sentence.court"]).casefold()) == same
        for c in candidates
    )


async def unreferred_sentences(actor: Actor, text: str, today: date) -> SentencingListOut:
    """Every eligible sentence of the list with no referral yet, oldest sentence first, each
    with the date its referral was due (10 working days after sentence, Victims' Code)."""
    if actor.role not in IMPORTERS:
        raise PermissionDenied("Only a Witness Care Unit or a Victim Liaison Unit checks a list")
    rows = read_list(text)
    listed: list[UnreferredSentence] = []
    eligible = 0
    for row in rows:
        decision = decide_eligibility(row.offences, row.sentence)
        if decision.status is not EligibilityStatus.STATUTORY:
            continue
        eligible += 1
        if await _referred(row):
            continue
        due = clocks.new_deadline(Clock.REFERRAL, row.sentence.sentenced_on, unit_id=0).due
        listed.append(
            UnreferredSentence(
                line=row.line,
                defendant=row.defendant,
                sentence_date=row.sentence.sentenced_on,
                court=row.court,
                sentence_type=row.sentence.type.value,
                referral_due=due,
                overdue=due < today,
                reasons=list(decision.reasons),
                rules_version=decision.rules_version,
            )
        )
    listed.sort(key=lambda s: (s.sentence_date, s.line))
    return SentencingListOut(
        sentences=len(rows), eligible=eligible, unreferred=len(listed), items=listed
    )
