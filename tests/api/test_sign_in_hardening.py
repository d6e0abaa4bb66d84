"""Sign-in hardening: tokens expire, signing out revokes, failures are all counted (even when
the guesses arrive at once), weak passwords are refused, and nothing (words, status or the work
done) tells an unknown username from a known one. The throttling itself is in
test_sign_in_throttling.py."""

from __future__ import annotations

import dataclasses
import threading
from datetime import timedelta
from typing import Any

import jwt
import pytest

from api.web.clock import utc_now
from tests.fixtures import PASSWORD, World, run
from vcs.access import auth
from vcs.access.tables import RevokedToken, SignInCount
from vcs.core.tables import User

TOKEN_URL = "/api/v1/auth/token"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sign_in(world: World, username: str, password: str) -> Any:
    return world.client.post(TOKEN_URL, json={"username": username, "password": password})


def test_a_token_stops_working_when_it_expires(world: World) -> None:
    lifetime = timedelta(seconds=auth.settings.token_minutes * 60)
    fresh = run(auth.sign_in("vlo", PASSWORD, utc_now() - lifetime + timedelta(minutes=1)))
    stale = run(auth.sign_in("vlo", PASSWORD, utc_now() - lifetime - timedelta(seconds=5)))
    assert (
        world.client.get("/api/v1/auth/me", headers=bearer(fresh.access_token)).status_code == 200
    )
    expired = world.client.get("/api/v1/auth/me", headers=bearer(stale.access_token))
    assert expired.status_code == 401
    assert "sign in" in expired.json()["detail"]


def test_token_lifetime_follows_vcs_token_minutes(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth, "settings", dataclasses.replace(auth.settings, token_minutes=2))
    body = sign_in(world, "vlo", PASSWORD).json()
    assert body["expires_in"] == 120
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 120


@pytest.mark.parametrize(
    "claims",
    [
        {
            "sub": "2",
            "jti": "x",
            "exp": 4102444800,
            "key": "another signing key entirely, 32 bytes or more",
        },
        {"sub": "999", "jti": "x", "exp": 4102444800},
        {"sub": "2", "exp": 4102444800},
        {"sub": "2", "jti": "x"},
    ],
    ids=["wrong key", "unknown user", "no jti", "no expiry"],
)
def test_forged_or_incomplete_tokens_are_refused(world: World, claims: dict[str, Any]) -> None:
    claims = dict(claims)
    key = claims.pop("key", None) or run(auth.signing_key())
    token = jwt.encode(claims, key, algorithm="HS256")
    assert world.client.get("/api/v1/auth/me", headers=bearer(token)).status_code == 401


def test_sign_out_revokes_and_forgets_expired_revocations(world: World) -> None:
    long_gone = utc_now() - timedelta(days=2)
    run(RevokedToken.insert(RevokedToken(jti="expired-long-ago", expires_at=long_gone)))
    headers = world.headers("vlo")
    assert world.client.post("/api/v1/auth/sign-out", headers=headers).status_code == 204
    assert world.client.get("/api/v1/auth/me", headers=headers).status_code == 401
    jtis = [r["jti"] for r in run(RevokedToken.select(RevokedToken.jti))]
    assert jtis == [jwt.decode(world.tokens["vlo"], options={"verify_signature": False})["jti"]]


def test_parallel_guesses_are_all_counted(world: World) -> None:
    def guess() -> None:
        sign_in(world, "vlo", "wrong-password-1")

    threads = [threading.Thread(target=guess) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # Every limit's window (two per address, two per account, one for the pair) counted all
    # four guesses: none was lost to another arriving at the same moment.
    assert sorted(r["hits"] for r in run(SignInCount.select(SignInCount.hits))) == [4] * 5
    assert sign_in(world, "vlo", PASSWORD).status_code == 200


class CountingHasher:
    """The real argon2 hasher, counting verifications."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.verified = 0

    def verify(self, password_hash: str, password: str) -> bool:
        self.verified += 1
        return bool(self.real.verify(password_hash, password))

    def hash(self, password: str) -> str:
        return str(self.real.hash(password))


def _deactivate(username: str) -> None:
    run(User.update({User.active: False}).where(User.username == username))


@pytest.mark.parametrize(
    ("username", "password", "prepare"),
    [
        ("nobody.here", "any-password-at-all", None),
        ("vlo", "wrong-password-1", None),
        ("vlo", PASSWORD, _deactivate),
    ],
    ids=["unknown user", "wrong password", "deactivated account"],
)
def test_every_refusal_looks_the_same_and_does_the_same_work(
    world: World, monkeypatch: pytest.MonkeyPatch, username: str, password: str, prepare: Any
) -> None:
    if prepare:
        prepare(username)
    hasher = CountingHasher(auth._hasher)
    monkeypatch.setattr(auth, "_hasher", hasher)
    response = sign_in(world, username, password)
    assert response.status_code == 401
    assert response.json() == {
        "type": "about:blank",
        "status": 401,
        "title": "Unauthorized",
        "detail": "The username or password is not right",
    }
    assert response.headers["www-authenticate"] == "Bearer"
    # One argon2 verification whether or not the username exists: no timing difference to
    # measure (an unknown username is checked against a dummy hash).
    assert hasher.verified == 1


@pytest.mark.parametrize(
    "password",
    ["short-1A", "aaaaaaaaaaaaaaaa", "abababababab", "strong.vlo.name-2026", "x" * 257],
)
def test_weak_passwords_are_refused(world: World, password: str) -> None:
    user = {"username": "strong.vlo.name", "password": password, "role": "vlo"}
    response = world.post("admin", "/api/v1/users", {**user, "unit_code": "VLU-LON"})
    assert response.status_code in (400, 422)
    assert [e["field"] for e in response.json()["errors"]] == ["password"]
    assert password not in response.text
