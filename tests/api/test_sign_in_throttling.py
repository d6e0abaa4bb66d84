"""Throttling sign-in, not locking accounts: guesses get 429 with Retry-After (the API) or a page
saying how long to wait (the sign-in form); someone on their own machine is never kept out by
another's guesses for longer than the stated hold; spraying one guess at many accounts from one
address is slowed; administrators find each limit reached in the audit trail. The clock is the
app's (`create_app(now=...)`), moved by the tests: nobody waits real minutes."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta
from typing import Any

import httpx
import pytest
from litestar.testing import TestClient

from api.app import create_app
from api.web.clock import utc_now
from tests.fixtures import PASSWORD, TODAY, World, run
from vcs.access import auth
from vcs.access.tables import SignInCount
from vcs.core.config import load_settings, settings

TOKEN_URL = "/api/v1/auth/token"
HOLD = timedelta(minutes=settings.sign_in_account_hold_minutes)


@pytest.fixture
def clock(world: World) -> Clock:
    return Clock(world)


class Clock:
    """The app's clock for sign-ins, standing still until moved. It starts at the real time
    so that tokens issued before it moves (an administrator's) are valid."""

    def __init__(self, world: World) -> None:
        self.world, self.now = world, utc_now()
        world.client.app.state.now = lambda: self.now

    def move(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def guess(world: World, username: str, password: str = "wrong-password-1") -> Any:
    return world.client.post(TOKEN_URL, json={"username": username, "password": password})


def from_address(world: World, address: str, username: str, password: str) -> httpx.Response:
    """A sign-in from another machine (the test client always calls from one address)."""

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=world.client.app, client=(address, 50123))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            return await c.post(TOKEN_URL, json={"username": username, "password": password})

    return asyncio.run(call())


def retry_after(response: Any) -> int:
    return int(response.headers["retry-after"])


def audit_entries(world: World) -> list[dict[str, Any]]:
    response = world.get("admin", "/api/v1/audit", params={"record_type": "sign_in"})
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


def test_fifty_guesses_get_429_with_retry_after(world: World, clock: Clock) -> None:
    world.headers("admin")  # signed in before the guessing starts
    statuses = []
    for _ in range(50):
        response = guess(world, "vlo")
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert retry_after(response) in range(1, 61)
            body = response.json()
            assert body["status"] == 429
            assert re.fullmatch(
                r"There have been too many failed attempts to sign in\. "
                r"Wait (\d+ seconds?|1 minute), then try again\.",
                body["detail"],
            )
            assert response.headers["content-type"].startswith("application/problem+json")
        clock.move(seconds=0.5)
    assert statuses == [401] * 5 + [429] * 45
    # Administrators are told once per limit reached, not once per guess, and never a password.
    (entry,) = audit_entries(world)
    assert entry["action"] == "sign_in_throttled" and entry["record_id"] is not None
    assert entry["detail"] == (
        "Sign-ins to the account vlo held after 5 failed attempts within 1 minute"
    )


def test_the_real_user_is_not_kept_out_by_a_strangers_guesses(world: World, clock: Clock) -> None:
    statuses = []
    for _ in range(25):  # eight minutes of guessing, past the account's hourly limit
        statuses.append(guess(world, "vlo").status_code)
        clock.move(seconds=20)
    assert statuses == [401] * 20 + [429] * 5
    # On their own machine, the real user signs in at once with the right password...
    assert from_address(world, "192.0.2.10", "vlo", PASSWORD).status_code == 200
    # ...and after a slip of their own waits no longer than the stated hold, however long the
    # guessing goes on.
    assert from_address(world, "192.0.2.10", "vlo", "a-typing-slip-1").status_code == 401
    waited = from_address(world, "192.0.2.10", "vlo", PASSWORD)
    assert waited.status_code == 429 and retry_after(waited) <= HOLD.total_seconds()
    for _ in range(int(HOLD.total_seconds() // 20)):
        guess(world, "vlo")
        clock.move(seconds=20)
    clock.move(seconds=1)
    assert from_address(world, "192.0.2.10", "vlo", PASSWORD).status_code == 200


def test_the_guesser_waits_longer_as_guesses_go_on(world: World, clock: Clock) -> None:
    waits = []
    for _ in range(25):
        response = guess(world, "vlo")
        if response.status_code == 429:
            waits.append(retry_after(response))
            clock.move(seconds=retry_after(response))
        else:
            clock.move(seconds=1)
    assert waits[:3] == [55, 55, 55]  # five guesses a minute...
    assert max(waits) > 60  # ...then, past the hourly limit, a longer wait
    held = guess(world, "vlo", PASSWORD)
    assert held.status_code == 429 and 60 < retry_after(held) <= HOLD.total_seconds()
    # The wait ends when it says it will.
    clock.move(seconds=retry_after(held))
    assert guess(world, "vlo", PASSWORD).status_code == 200


def test_spraying_many_accounts_from_one_address_is_slowed(world: World, clock: Clock) -> None:
    world.headers("admin")  # signed in before the spraying starts
    accounts = ["vlo", "vlo2", "manager", "wcu", "om", "national", "nobody.one", "nobody.two"]
    statuses = []
    for _round in range(4):
        for account in accounts:
            statuses.append(guess(world, account).status_code)
            clock.move(seconds=1)
    assert statuses[:10] == [401] * 10 and set(statuses[10:]) == {429}
    # The address waits whatever account it tries, even with the right password...
    held = guess(world, "vlo2", PASSWORD)
    assert held.status_code == 429 and 1 <= retry_after(held) <= 60
    # ...while the accounts themselves stay open to everyone else.
    assert from_address(world, "192.0.2.20", "vlo2", PASSWORD).status_code == 200
    details = [e["detail"] for e in audit_entries(world)]
    assert details == [
        "Sign-ins from the address testclient held after 10 failed attempts within 1 minute"
    ]


def test_an_unknown_username_is_held_like_a_real_one(world: World, clock: Clock) -> None:
    world.headers("admin")
    for username in ("vlo", "nobody.here"):
        statuses = [guess(world, username).status_code for _ in range(6)]
        assert statuses == [401] * 5 + [429]
        clock.move(minutes=1)
    details = [e["detail"] for e in audit_entries(world)]
    assert details[-1] == (
        "Sign-ins to a username that does not exist held after 5 failed attempts within 1 minute"
    )


def test_a_held_attempt_checks_no_password_and_is_not_counted(
    world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(5):
        guess(world, "vlo")
    counted = sorted(r["hits"] for r in run(SignInCount.select(SignInCount.hits)))
    checked: list[str] = []
    real = auth.password_matches
    monkeypatch.setattr(auth, "password_matches", lambda h, p: checked.append(p) or real(h, p))
    assert guess(world, "vlo", PASSWORD).status_code == 429
    assert checked == []
    assert sorted(r["hits"] for r in run(SignInCount.select(SignInCount.hits))) == counted


def test_every_app_process_counts_together(world: World) -> None:
    """Two app processes over one database: guesses sent to either count against one limit."""
    start = utc_now()
    with TestClient(create_app(today=lambda: TODAY, now=lambda: start, pool=False)) as other:
        world.client.app.state.now = lambda: start
        for n in range(6):
            client = world.client if n % 2 else other
            response = client.post(
                TOKEN_URL, json={"username": "vlo", "password": "wrong-password-1"}
            )
            assert response.status_code == (429 if n == 5 else 401)


def test_the_sign_in_page_says_how_long_to_wait(world: World, clock: Clock) -> None:
    client = world.client
    client.get("/sign-in")
    for n in range(6):
        form = {"username": "vlo", "password": "wrong-password-1"}
        response = client.post("/sign-in", data={"_csrf_token": client.cookies["vcs_csrf"], **form})
        assert response.status_code == (429 if n == 5 else 400)
    assert retry_after(response) in range(1, 61)
    assert "govuk-error-summary" in response.text and "<title>Error: " in response.text
    assert (
        "There have been too many failed attempts to sign in. Wait 1 minute, then try again."
        in response.text
    )
    assert "wrong-password-1" not in response.text
    clock.move(minutes=1)
    signed_in = client.post(
        "/sign-in",
        data={"_csrf_token": client.cookies["vcs_csrf"], "username": "vlo", "password": PASSWORD},
        follow_redirects=False,
    )
    assert signed_in.status_code == 303


def test_the_limits_are_settings_checked_at_start() -> None:
    config = load_settings(
        {"VCS_SIGN_IN_ACCOUNT_LIMITS": "3 per 10 minutes", "VCS_SIGN_IN_ACCOUNT_HOLD_MINUTES": "2"}
    )
    assert config.sign_in_account_limits == "3 per 10 minutes"
    assert config.sign_in_account_hold_minutes == 2
    with pytest.raises(ValueError, match="VCS_SIGN_IN_ADDRESS_LIMITS must be limits such as"):
        load_settings({"VCS_SIGN_IN_ADDRESS_LIMITS": "lots"})
    with pytest.raises(ValueError, match="VCS_SIGN_IN_ACCOUNT_HOLD_MINUTES must be 1 or more"):
        load_settings({"VCS_SIGN_IN_ACCOUNT_HOLD_MINUTES": "0"})
