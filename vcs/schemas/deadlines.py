"""The shape of a clock as the API shows it."""

from __future__ import annotations

from datetime import date

from vcs.schemas.common import Output


class DeadlineOut(Output):
    """`{due, state, met_on, policy}` as in the public contract, plus which clock it is."""

    clock: str
    due: date
    state: str
    met_on: date | None = None
    policy: str
    late_reason: str = ""
