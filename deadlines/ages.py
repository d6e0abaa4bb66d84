"""A person's age on a date: whether a victim is under 18, and their 18th birthday.

A victim under 18 is written to through a parent or guardian, and is told directly from their
18th birthday (domain.md section 2). Someone born on 29 February turns 18 on 1 March in a
common year, the reading of the Family Law Reform Act 1969, s.9 (an age is attained at the start
of the anniversary of the birth).
"""

from __future__ import annotations

from datetime import date


def eighteenth_birthday(born: date) -> date:
    """The day the person turns 18 (1 March in a common year for a 29 February birthday)."""
    try:
        return born.replace(year=born.year + 18)
    except ValueError:
        return date(born.year + 18, 3, 1)


def is_under_18(born: date | None, on: date) -> bool:
    """Whether someone born on `born` is under 18 on `on`; unknown dates of birth are not."""
    if born is None:
        return False
    return on < eighteenth_birthday(born)
