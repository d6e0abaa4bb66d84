"""Slowing down password guessing at sign-in, without letting anyone lock anyone else out.

Failed sign-ins are counted (by the `limits` library, in fixed windows kept in the database, so
every app process counts together) per client address, whatever account it tries, and per
account, whatever address the guesses come from. Each limit is a ladder (VCS_SIGN_IN_ADDRESS_LIMITS,
VCS_SIGN_IN_ACCOUNT_LIMITS): the more failures, the longer the wait.

- An address over its own limits waits, whatever the account and even with the right password.
- An account over its limits makes wait only the addresses that have themselves failed on it in
  the last VCS_SIGN_IN_ACCOUNT_HOLD_MINUTES, and never longer than that. Someone on their own
  machine, who has not been getting the password wrong, is judged by their address alone: a
  stranger's guesses cannot keep them out.
- A waiting attempt is refused before the password is checked, and is not counted, so waiting
  never makes the wait longer.
- When a limit is first reached in its window the audit trail says so (`sign_in_throttled`, record
  type `sign_in`): which address or which account, never a password.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from datetime import datetime

from limits import RateLimitItem, RateLimitItemPerMinute, parse_many
from limits.aio.strategies import FixedWindowRateLimiter

from vcs.access import audit
from vcs.access.sign_in_counts import DatabaseCounts
from vcs.core.actors import SYSTEM
from vcs.core.config import settings
from vcs.core.errors import TooManyAttempts

ACTION = "sign_in_throttled"
RECORD_TYPE = "sign_in"


@dataclass(frozen=True)
class Attempt:
    """One try at signing in: the username given, the client's address and the time."""

    username: str
    address: str
    now: datetime


@dataclass
class Rule:
    """One limit applied to one identity, and what its window said before the attempt."""

    item: RateLimitItem
    identity: tuple[str, str]
    remaining: int = 0
    resets_at: float = 0.0

    async def read(self, limiter: FixedWindowRateLimiter) -> None:
        stats = await limiter.get_window_stats(self.item, *self.identity)
        self.remaining, self.resets_at = stats.remaining, stats.reset_time


def _identity(kind: str, *parts: str) -> tuple[str, str]:
    """The counter's name: a hash, so the table never holds an address or a username (which
    might be a password typed into the wrong box)."""
    return kind, hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


@dataclass
class Standing:
    """What the counts said about an attempt before its password was checked."""

    attempt: Attempt
    counts: DatabaseCounts
    limiter: FixedWindowRateLimiter
    by_address: list[Rule] = field(default_factory=list)
    by_account: list[Rule] = field(default_factory=list)
    failed_here: Rule | None = None  # has this address failed on this account lately?

    def wait(self) -> int:
        """Seconds this attempt must wait; 0 when it may go ahead."""
        now = self.attempt.now.timestamp()
        waits = [r.resets_at - now for r in self.by_address if r.remaining <= 0]
        held = self.failed_here
        if held is not None and held.remaining <= 0:
            account = [r.resets_at - now for r in self.by_account if r.remaining <= 0]
            if account:  # never longer than the hold on this address for this account
                waits.append(min(max(account), held.resets_at - now))
        longest = max(waits, default=0.0)
        return max(1, math.ceil(longest)) if longest > 0 else 0


async def _standing(attempt: Attempt) -> Standing:
    counts = DatabaseCounts(attempt.now)
    standing = Standing(attempt, counts, FixedWindowRateLimiter(counts))
    address, account = _identity("address", attempt.address), _identity("account", attempt.username)
    standing.by_address = [Rule(i, address) for i in parse_many(settings.sign_in_address_limits)]
    standing.by_account = [Rule(i, account) for i in parse_many(settings.sign_in_account_limits)]
    standing.failed_here = Rule(
        RateLimitItemPerMinute(1, settings.sign_in_account_hold_minutes),
        _identity("address-account", attempt.address, attempt.username),
    )
    for rule in [*standing.by_address, *standing.by_account, standing.failed_here]:
        await rule.read(standing.limiter)
    return standing


async def check(attempt: Attempt) -> Standing:
    """Refuse the attempt with `TooManyAttempts`, saying how long to wait, if its address or
    its account is over a limit; otherwise what is needed to count it should it fail."""
    standing = await _standing(attempt)
    wait = standing.wait()
    if wait:
        raise TooManyAttempts(
            "There have been too many failed attempts to sign in. "
            f"Wait {duration_words(wait)}, then try again.",
            retry_after=wait,
        )
    return standing


async def count_failure(standing: Standing, user_id: int | None) -> None:
    """Count a failed sign-in against its address and its account; tell the audit trail about
    each limit this failure reaches. `user_id` is None when no such username exists."""
    rules = [*standing.by_address, *standing.by_account]
    assert standing.failed_here is not None
    for rule in [*rules, standing.failed_here]:
        await standing.limiter.hit(rule.item, *rule.identity)
    await standing.counts.forget_ended()
    reached = [r for r in rules if r.remaining == 1]
    if reached:
        detail = "; ".join(_held(standing, r, user_id) for r in reached)
        await audit.record(SYSTEM, ACTION, RECORD_TYPE, user_id, detail)


def _held(standing: Standing, rule: Rule, user_id: int | None) -> str:
    attempt = standing.attempt
    if rule.identity[0] == "address":
        who = f"from the address {attempt.address[:64]}"
    elif user_id is not None:
        who = f"to the account {attempt.username}"
    else:
        who = "to a username that does not exist"
    window = duration_words(rule.item.get_expiry())
    return f"Sign-ins {who} held after {rule.item.amount} failed attempts within {window}"


def duration_words(seconds: int) -> str:
    """A wait in plain words, rounded up: "45 seconds", "1 minute", "2 hours"."""
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = math.ceil(seconds / size)
            return f"{n} {unit}" + ("s" if n != 1 else "")
    return f"{seconds} second" + ("s" if seconds != 1 else "")
