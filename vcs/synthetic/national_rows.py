"""The rows of the synthetic national dataset, batch by batch: sentences, referrals and
offences; the victims' cases; the referral and first-contact clocks; and each case's history
(allocation, contacts, participation, closure), as the use cases would have written them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta

from deadlines import Clock, compute_deadline
from letters.model import Template
from vcs.core import clocks
from vcs.core.tables import NO_CLOCK
from vcs.synthetic.national import CASE_LOAD, Batch, People, Region
from vcs.synthetic.national_post import PostSide
from vcs.synthetic.national_sentence import CaseFacts, SentenceFacts, key_dates

OFFENCES = [
    ("Murder", "murder"),
    ("Wounding with intent", "violent"),
    ("Rape", "sexual"),
    ("Robbery", "violent"),
    ("Causing grievous bodily harm", "violent"),
    ("Sexual assault", "sexual"),
    ("Stalking involving fear of violence", "violent"),
]
STATUTORY_REASONS = json.dumps(["A violent or sexual offence with a relevant sentence"])
RULES = "dvcva-2004/2021-04-01"


class Generator(PostSide, People):
    """Makes the rows for `victims` victims, batch by batch, with ids from `first_ids`."""

    def __init__(
        self, regions: list[Region], today: date, first_ids: dict[str, int], seed: int
    ) -> None:
        super().__init__(regions, today, first_ids, seed)
        self.calendar, self.policy = clocks.calendar(), clocks.current_policy()
        self.policy_code = self.policy.code
        self.open_seen = [0] * len(regions)
        self.unit_codes = {r.vlu_id: f"VLU-N{r.code}" for r in regions}

    def batches(self, victims: int, batch_size: int = 20_000) -> Iterator[Batch]:
        made = 0
        while made < victims:
            batch = Batch()
            target = min(victims, made + batch_size)
            while made < target:
                made += self._offender(batch, min(self._victim_count(), target - made))
            yield batch

    def _offender(self, batch: Batch, victims: int) -> int:
        rng, today = self.rng, self.today
        region_index = rng.randrange(len(self.regions))
        region = self.regions[region_index]
        # A quarter of the cases are recent (the last two years); the rest span 25 years.
        days_ago = rng.randint(1, 730) if rng.random() < 0.25 else rng.randint(730, 9125)
        sentenced = today - timedelta(days=days_ago)
        received = min(today, sentenced + timedelta(days=rng.choice([1, 2, 4, 6, 8, 9, 12, 20])))
        kind = rng.choices(
            ["imprisonment", "life", "extended", "hospital_order_restricted"], [80, 8, 9, 3]
        )[0]
        months = rng.choice([12, 18, 24, 36, 48, 72, 96, 120, 180]) if kind != "life" else None
        description, category = rng.choice(OFFENCES)
        offender_id, sentence_id, referral_id = (
            self._id("offender"),
            self._id("sentence"),
            self._id("referral"),
        )
        self._invent_offender(batch, offender_id, sentenced)
        batch.add("sentence", (sentence_id, offender_id, sentenced, "Crown Court", kind, months))
        batch.add(
            "referral",
            (
                referral_id,
                region.vlu_id,
                region.wcu_id,
                None,
                offender_id,
                sentence_id,
                received,
                "statutory",
                STATUTORY_REASONS,
                RULES,
                "vlo",
                "",
                self.now,
            ),
        )
        batch.add("offence", (self._id("offence"), referral_id, description, category, False, ""))
        due = compute_deadline(Clock.REFERRAL, sentenced, self.policy, self.calendar).due
        batch.add(
            "deadline",
            (
                self._id("deadline"),
                "referral",
                referral_id,
                None,
                region.vlu_id,
                sentenced,
                due,
                self.policy_code,
                received,
                "",
                None,
            ),
        )
        s = SentenceFacts(offender_id, sentence_id, kind, months, sentenced, category, "")
        s.crn = batch.rows["offender"][-1][3]
        kd = key_dates(s, rng)
        expires = kd["sentence_expiry"] or (
            sentenced + timedelta(days=30 * months) if months else None
        )
        cases = [
            self._case(batch, region_index, referral_id, offender_id, received, expires)
            for _ in range(victims)
        ]
        self._sentence_side(batch, s, kd, cases)
        return victims

    def _case(
        self,
        batch: Batch,
        region_index: int,
        referral_id: int,
        offender_id: int,
        received: date,
        expires: date | None,
    ) -> CaseFacts:
        rng, today, region = self.rng, self.today, self.regions[region_index]
        victim_id, case_id = self._id("victim"), self._id("vcs_case")
        self._invent_victim(batch, victim_id, region)
        victim = batch.rows["victim"][-1]
        first_due = compute_deadline(Clock.FIRST_CONTACT, received, self.policy, self.calendar).due
        recent = (today - received).days < 60
        met = (
            None
            if recent and rng.random() < 0.5
            else min(today, received + timedelta(days=rng.choice([3, 7, 14, 21, 25, 40])))
        )
        closed = expires is not None and expires < today
        state = "closed" if closed else "open"
        vlo = None
        if not closed and rng.random() > 0.1:
            self.open_seen[region_index] += 1
            slot = (self.open_seen[region_index] // CASE_LOAD) % len(region.vlo_ids)
            vlo = slot
        case = CaseFacts(
            case_id,
            region.vlu_id,
            "not_contacted",
            None,
            region.vlo_names[vlo] if vlo is not None else region.vlo_names[0],
            victim[1],
            victim[10],
            not closed,
        )
        participation, level, events = self._history(
            batch, case, received, met, vlo, closed, expires
        )
        case.participation, case.level = participation, level
        next_due = first_due if met is None and not closed else NO_CLOCK
        batch.add(
            "vcs_case",
            (
                case_id,
                referral_id,
                victim_id,
                offender_id,
                region.vlu_id,
                region.vlo_ids[vlo] if vlo is not None else None,
                state,
                "statutory",
                participation,
                level,
                expires if closed else None,
                "sentence_expired" if closed else None,
                next_due,
                1 + events,
                self.now,
                self.now,
            ),
        )
        late = "Victim's details came late" if met is not None and met > first_due else ""
        breach = (
            first_due + timedelta(days=1)
            if met is None and first_due < today and not closed
            else None
        )
        batch.add(
            "deadline",
            (
                self._id("deadline"),
                "first_contact",
                None,
                case_id,
                region.vlu_id,
                received,
                first_due,
                self.policy_code,
                met,
                late,
                breach,
            ),
        )
        return case

    def _event(
        self, batch: Batch, case_id: int, kind: str, on: date, actor: str, summary: str
    ) -> None:
        batch.add(
            "case_event",
            (self._id("case_event"), case_id, kind, on, self.now, actor, summary, "{}"),
        )

    def _history(
        self,
        batch: Batch,
        case: CaseFacts,
        received: date,
        met: date | None,
        vlo: int | None,
        closed: bool,
        expires: date | None,
    ) -> tuple[str, str | None, int]:
        rng, case_id, actor = self.rng, case.id, case.actor
        self._event(
            batch, case_id, "referred", received, "wcu", "Referred by Witness Care (statutory)"
        )
        events = 1
        if vlo is not None:
            self._event(batch, case_id, "allocated", received, "manager", f"Allocated to {actor}")
            events += 1
        participation, level = "not_contacted", None
        if met is not None:
            batch.add(
                "contact_attempt",
                (
                    self._id("contact_attempt"),
                    case_id,
                    met,
                    "letter",
                    "sent",
                    False,
                    "",
                    actor,
                    self.now,
                ),
            )
            self._event(batch, case_id, "contact_attempt", met, actor, "Letter: sent")
            self._letter(batch, case, Template.INITIAL_OFFER, met)
            events += 1
            participation = "awaiting_reply"
            on = met
            for _ in range(rng.choice([0, 1, 1, 1, 2, 3])):
                on = min(self.today, on + timedelta(days=rng.randint(7, 900)))
                opted_in = rng.random() < 0.8
                participation = "opted_in" if opted_in else "opted_out"
                level = rng.choice(["release_month", "annual", "key_stages"]) if opted_in else None
                batch.add(
                    "participation_change",
                    (
                        self._id("participation_change"),
                        case_id,
                        participation,
                        level,
                        on,
                        "",
                        actor,
                        self.now,
                    ),
                )
                self._event(
                    batch,
                    case_id,
                    participation,
                    on,
                    actor,
                    "Opted in" if opted_in else "Opted out",
                )
                events += 1
        if closed and expires is not None:
            self._event(batch, case_id, "closed", expires, "sweep", "Case closed: sentence expired")
            events += 1
        return participation, level, events
