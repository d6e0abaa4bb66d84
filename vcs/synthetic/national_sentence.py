"""The sentence side of the synthetic national dataset: each sentence's key dates (set by the
service's own release rules, so a release-policy change finds the dates that follow the old
rule), the offender's MAPPA level and meetings, and the key stages victims were told of, with
their tasks and timeline entries. `vcs.synthetic.national_post` adds what was sent and received.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from random import Random
from typing import Any

from deadlines.countdown import working_days_before
from vcs.core.words import long_date
from vcs.sentence.bulk_changes import release_on
from vcs.sentence.key_stages import TELL_WORKING_DAYS, wants
from vcs.sentence.schemas import KeyStageKind
from vcs.synthetic.national import Batch

WHOLE, HALF, TWO_THIRDS, FORTY = Decimal(1), Decimal("0.5"), Decimal("0.6667"), Decimal("0.4")
TELL_DONE_AFTER = 10  # days: a told victim's task is done within this, older tasks are done


@dataclass
class CaseFacts:
    """What the sentence side needs of one victim's case."""

    id: int
    unit: int
    participation: str
    level: str | None
    actor: str
    victim_name: str
    language: str
    open: bool
    letters: int = 0


@dataclass
class SentenceFacts:
    offender: int
    sentence: int
    kind: str
    months: int | None
    sentenced: date
    category: str
    crn: str


def key_dates(s: SentenceFacts, rng: Random) -> dict[str, Any]:
    """The sentence's key dates under the release rules: a standard determinate sentence is
    released automatically at one half (two thirds for serious violent and sexual offences of
    seven years or more, 40% for some since the 2024 order), a few at a date set by hand; an
    extended sentence is eligible for parole at two thirds of the custodial term, released at
    its end at the latest, then on extended licence; a life sentence has its tariff."""
    kd: dict[str, Any] = dict.fromkeys(
        (
            "tariff_expiry",
            "parole_eligibility",
            "release_date",
            "release_kind",
            "release_fraction",
            "licence_expiry",
            "sentence_expiry",
        )
    )
    if s.kind == "imprisonment" and s.months:
        serious = s.months >= 84
        share = TWO_THIRDS if serious else FORTY if rng.random() < 0.1 else HALF
        release = release_on(s.sentenced, s.months, share)
        roll = rng.random()
        fraction: str | None = str(share)
        if roll < 0.08:
            fraction = None  # an older record: the date follows the rule, the share not kept
        elif roll < 0.12:
            fraction, release = None, release + timedelta(rng.choice([-21, -9, 14, 30]))
        end = release_on(s.sentenced, s.months, WHOLE)
        kd.update(
            release_date=release,
            release_kind="automatic",
            release_fraction=fraction,
            licence_expiry=end,
            sentence_expiry=end,
        )
    elif s.kind == "extended" and s.months:
        end = release_on(s.sentenced, s.months, WHOLE)
        extension = release_on(end, rng.choice([12, 24, 36, 48, 60, 96]), WHOLE)
        kd.update(
            parole_eligibility=release_on(s.sentenced, s.months, TWO_THIRDS),
            release_date=end,
            release_kind="conditional",
            licence_expiry=extension,
            sentence_expiry=extension,
        )
    elif s.kind == "life":
        tariff = s.sentenced + timedelta(days=365 * rng.randint(8, 25))
        kd.update(tariff_expiry=tariff, parole_eligibility=tariff, release_kind="conditional")
    return kd


def stage_words(kind: str, on: date) -> str:
    return f"{kind.replace('_', ' ')} ({long_date(on)})"


class SentenceSide:
    """Mixed into the generator: needs its `rng`, `today`, `now`, `calendar`, `_id`."""

    rng: Random
    today: date
    now: Any
    calendar: Any

    _id: Callable[[str], int]

    def _sentence_side(
        self, batch: Batch, s: SentenceFacts, kd: dict[str, Any], cases: list[CaseFacts]
    ) -> None:
        """The key dates (`key_dates`), MAPPA and key stages of one sentence."""
        batch.add(
            "key_dates",
            (
                self._id("key_dates"),
                s.offender,
                s.sentence,
                *kd.values(),
                None,
                1,
                "national",
                self.now,
            ),
        )
        live = [c for c in cases if c.open]
        if live:
            in_custody = kd["release_date"] is None or kd["release_date"] >= self.today
            self._mappa(batch, s, live, in_custody)
            self._stages(batch, s, kd, live)

    def _mappa(self, batch: Batch, s: SentenceFacts, live: list[CaseFacts], custody: bool) -> None:
        rng, actor = self.rng, live[0].actor
        roll = rng.random()
        level = 3 if roll < 0.04 else 2 if roll < 0.18 else 1
        batch.add(
            "mappa_status",
            (
                self._id("mappa_status"),
                s.offender,
                1 if s.category == "sexual" else 2,
                level,
                "prison" if custody else "probation",
                s.sentenced,
                actor,
                self.now,
            ),
        )
        if level == 1:
            return
        for n in range(rng.randint(1, 3)):
            on = self.today - timedelta(days=30 + 180 * n + rng.randint(0, 60))
            if on <= s.sentenced:
                break
            meeting = self._id("mappa_meeting")
            due = working_days_before(self.calendar, on, 5)
            batch.add("mappa_meeting", (meeting, s.offender, level, on, due, actor, self.now))
            for c in live:
                if c.participation == "opted_in":
                    batch.add(
                        "meeting_victim_view",
                        (
                            self._id("meeting_victim_view"),
                            meeting,
                            c.id,
                            f"{meeting}:{c.id}",
                            None,
                            "The victim asks to be kept away from the offender's address.",
                            "Contact from the offender.",
                            "An exclusion zone around the victim's home.",
                            due - timedelta(days=2),
                            c.actor,
                            self.now,
                        ),
                    )

    def _stages(
        self, batch: Batch, s: SentenceFacts, kd: dict[str, Any], live: list[CaseFacts]
    ) -> None:
        release, eligible = kd["release_date"], kd["parole_eligibility"]
        if s.kind == "imprisonment" and release is not None and release < self.today:
            told = self._stage(batch, s, KeyStageKind.RELEASE, release, live)
            self._released(batch, s, release, told)  # type: ignore[attr-defined]
        elif eligible is not None and s.sentenced < eligible - timedelta(180) <= self.today:
            review = eligible - timedelta(180)
            self._stage(batch, s, KeyStageKind.PAROLE_REVIEW_STARTED, review, live)
        if release is None or release >= self.today:
            self._received(batch, s)  # type: ignore[attr-defined]

    def _stage(
        self, batch: Batch, s: SentenceFacts, kind: KeyStageKind, on: date, live: list[CaseFacts]
    ) -> list[CaseFacts]:
        """A key stage as `vcs.sentence.key_stages.add_stage` records it: a task and a notice
        for each victim who chose to hear of it, the stage on every open case's timeline."""
        stage, now = self._id("key_stage"), self.now
        batch.add(
            "key_stage",
            (stage, s.offender, kind.value, on, "", None, None, None, None, live[0].actor, now),
        )
        due = self.calendar.add_working_days(on, TELL_WORKING_DAYS)
        done = on + timedelta(days=self.rng.randint(1, TELL_DONE_AFTER))
        told = []
        words = stage_words(kind.value, on)
        for c in live:
            tell = wants({"participation": c.participation, "participation_level": c.level}, kind)
            if tell:
                task = self._id("task")
                batch.add(
                    "task",
                    (
                        task,
                        c.id,
                        c.unit,
                        f"tell_{kind.value}",
                        f"key_stage:{stage}:{c.id}",
                        f"Tell the victim of the key stage: {words}",
                        due,
                        done if done < self.today else None,
                        c.actor if done < self.today else "",
                        self.now,
                    ),
                )
                batch.add(
                    "key_stage_notice",
                    (self._id("key_stage_notice"), stage, c.id, task, c.level, f"{stage}:{c.id}"),
                )
                told.append(c)
            why = c.level or c.participation
            summary = f"Key stage: {words}" + (
                "" if tell else f" (not to be told: {why.replace('_', ' ')})"
            )
            data = f'{{"stage": {stage}, "kind": "{kind.value}", "task": {str(tell).lower()}}}'
            batch.add(
                "case_event",
                (self._id("case_event"), c.id, "key_stage", on, self.now, c.actor, summary, data),
            )
        return told
