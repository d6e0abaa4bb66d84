"""Replies awaited: the latest letter asking for an answer waits, and is to be chased a number of
working days after it went out, until the person is heard from or the VLO chases it."""

from __future__ import annotations

from datetime import date

import pytest

from deadlines import england_and_wales
from deadlines.replies import LetterSent, ReplyAwaited, reply_awaited

CAL = england_and_wales()
OFFER = LetterSent("initial_offer", date(2026, 11, 3))  # a Tuesday
FOLLOW_UP = LetterSent("follow_up", date(2026, 11, 24), chase_working_days=10)
# Wed 4 (1) .. Fri 6 (3), Mon 9 .. Fri 13 (8), Mon 16 .. Fri 20 (13), Mon 23 (14), Tue 24 (15).
OFFER_DUE = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("letters", "heard", "chased", "awaited"),
    [
        pytest.param([], [], [], None, id="no-letter-asking-for-a-reply"),
        pytest.param(
            [OFFER], [], [], ReplyAwaited("initial_offer", OFFER.sent_on, OFFER_DUE), id="offer"
        ),
        pytest.param([OFFER], [date(2026, 11, 3)], [], None, id="heard-the-same-day"),
        pytest.param([OFFER], [date(2026, 11, 30)], [], None, id="heard-after-the-chase-date"),
        pytest.param(
            [OFFER],
            [date(2026, 11, 2)],
            [],
            ReplyAwaited("initial_offer", OFFER.sent_on, OFFER_DUE),
            id="heard-only-before-the-letter",
        ),
        pytest.param(
            [OFFER],
            [],
            [date(2026, 11, 3)],
            ReplyAwaited("initial_offer", OFFER.sent_on, OFFER_DUE),
            id="a-call-the-day-it-went-out-is-not-a-chase",
        ),
        pytest.param([OFFER], [], [date(2026, 11, 25)], None, id="chased-by-phone"),
        pytest.param(
            [FOLLOW_UP, OFFER],
            [],
            [],
            # Wed 25 Nov (1) .. Fri 27 (3), Mon 30 .. Fri 4 Dec (8), Mon 7 (9), Tue 8 Dec (10).
            ReplyAwaited("follow_up", FOLLOW_UP.sent_on, date(2026, 12, 8)),
            id="a-later-letter-takes-the-place-of-the-earlier",
        ),
        pytest.param(
            [LetterSent("key_stage_parole_review", date(2026, 12, 14))],
            [],
            [],
            # Tue 15 (1) .. Thu 24 (8), [Fri 25, weekend, Mon 28 bank holidays], Tue 29 (9),
            # Wed 30 (10), Thu 31 (11), [Fri 1 Jan], Mon 4 (12), Tue 5 (13), Wed 6 (14), Thu 7 (15).
            ReplyAwaited("key_stage_parole_review", date(2026, 12, 14), date(2027, 1, 7)),
            id="over-christmas",
        ),
        pytest.param(
            [LetterSent("key_stage_release", date(2026, 11, 7), chase_working_days=0)],
            [],
            [],
            ReplyAwaited("key_stage_release", date(2026, 11, 7), date(2026, 11, 7)),
            id="no-chase-period",
        ),
    ],
)
def test_when_a_reply_is_awaited(
    letters: list[LetterSent],
    heard: list[date],
    chased: list[date],
    awaited: ReplyAwaited | None,
) -> None:
    assert reply_awaited(letters, heard, chased, CAL) == awaited


def test_a_negative_chase_period_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        reply_awaited([LetterSent("initial_offer", date(2026, 11, 3), -1)], [], [], CAL)
