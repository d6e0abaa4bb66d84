"""The checks a referral's dates and victims must pass, as pure rules, so the referral form can
name every problem at once, before anything is sent."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from vcs.core.errors import FieldProblem, InvalidInput
from vcs.referrals.schemas import ReferralCreate


def date_problems(
    offender_born: date | None,
    sentenced: date | None,
    victims_born: Sequence[date | None],
    received: date,
    today: date,
) -> list[FieldProblem]:
    """Dates must be possible: nothing in the future, a sentence on or before the referral, an
    offender born before sentence. A date not given is not checked here."""
    problems = []
    if received > today:
        problems.append(
            FieldProblem("received_on", "The referral cannot be received in the future")
        )
    if sentenced is not None and sentenced > received:
        problems.append(
            FieldProblem(
                "sentence.date", "The sentence date must be on or before the referral date"
            )
        )
    if offender_born is not None and sentenced is not None and offender_born >= sentenced:
        problems.append(
            FieldProblem(
                "offender.date_of_birth", "The offender's date of birth must be before the sentence"
            )
        )
    for i, born in enumerate(victims_born):
        if born is not None and born > today:
            problems.append(
                FieldProblem(
                    f"victims[{i}].date_of_birth", "A date of birth cannot be in the future"
                )
            )
    return problems


def check_referral_dates(data: ReferralCreate, today: date) -> None:
    """Dates must be possible and no victim named twice. Every problem is reported at once."""
    problems = date_problems(
        data.offender.date_of_birth,
        data.sentence.date,
        [v.date_of_birth for v in data.victims],
        data.received_on or today,
        today,
    )
    seen: dict[tuple[str, date | None], int] = {}
    for i, victim in enumerate(data.victims):
        key = (victim.name.casefold(), victim.date_of_birth)
        if key in seen:
            problems.append(
                FieldProblem(f"victims[{i}]", f"The same victim as victim {seen[key] + 1}")
            )
        seen[key] = i
    if problems:
        raise InvalidInput("Some details of the referral need correcting", problems)
