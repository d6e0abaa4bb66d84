"""Signing in, tokens, and the 401/403 matrix for the routes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures import PASSWORD, World, referral_payload, run
from vcs.access.admin import ensure_admin
from vcs.core.tables import User


def test_token_names_the_user(world: World) -> None:
    response = world.client.post(
        "/api/v1/auth/token", json={"username": "vlo", "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] > 0
    assert body["user"] == {
        "username": "vlo",
        "role": "vlo",
        "unit_code": "VLU-LON",
        "display_name": "vlo user",
    }


@pytest.mark.parametrize("username", ["vlo", "nobody"])
def test_bad_credentials_are_401_with_the_same_words(world: World, username: str) -> None:
    response = world.client.post(
        "/api/v1/auth/token", json={"username": username, "password": "wrong-password-1"}
    )
    assert response.status_code == 401
    assert response.json()["detail"] == "The username or password is not right"


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer not-a-token", "Basic dmxvOnB3", "Bearer eyJhbGciOiJub25lIn0.e30."],
)
def test_missing_or_bad_token_is_401(world: World, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = world.client.get("/api/v1/cases", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


def test_sign_out_revokes_the_token(world: World) -> None:
    headers = world.headers("vlo")
    assert world.client.get("/api/v1/auth/me", headers=headers).status_code == 200
    assert world.client.post("/api/v1/auth/sign-out", headers=headers).status_code == 204
    assert world.client.get("/api/v1/auth/me", headers=headers).status_code == 401


def test_deactivated_user_loses_access_at_once(world: World) -> None:
    headers = world.headers("vlo")
    run(User.update({User.active: False}).where(User.username == "vlo"))
    assert world.client.get("/api/v1/cases", headers=headers).status_code == 401


def test_admin_creates_units_and_users(world: World) -> None:
    unit = {
        "code": "VLU-KSS",
        "name": "Kent Victim Liaison Unit",
        "region": "South East",
        "kind": "vlu",
    }
    assert world.post("admin", "/api/v1/units", unit).status_code == 201
    assert world.post("admin", "/api/v1/units", unit).status_code == 409
    user = {
        "username": "new.vlo",
        "password": "a-Long-passphrase-42",
        "role": "vlo",
        "unit_code": "VLU-KSS",
    }
    created = world.post("admin", "/api/v1/users", user)
    assert created.status_code == 201
    assert created.json()["unit_code"] == "VLU-KSS"
    assert "password" not in created.text
    signed_in = world.client.post(
        "/api/v1/auth/token", json={"username": "new.vlo", "password": "a-Long-passphrase-42"}
    )
    assert signed_in.json()["user"]["unit_code"] == "VLU-KSS"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"password": "short"}, "password"),
        ({"password": "new.vlo-is-my-password"}, "password"),
        ({"unit_code": "WCU-MET"}, "unit_code"),
        ({"unit_code": None}, "unit_code"),
        ({"role": "superuser"}, "role"),
        ({"username": "Has Spaces"}, "username"),
    ],
)
def test_user_creation_rules(world: World, change: dict[str, Any], field: str) -> None:
    user = {
        "username": "new.vlo",
        "password": "a-Long-passphrase-42",
        "role": "vlo",
        "unit_code": "VLU-LON",
        **change,
    }
    response = world.post("admin", "/api/v1/users", user)
    assert response.status_code in (400, 422)
    assert field in [e["field"] for e in response.json()["errors"]]


def test_only_admin_manages_units_and_users(world: World) -> None:
    unit = {"code": "VLU-X", "name": "X", "region": "X", "kind": "vlu"}
    for user in ("vlo", "manager", "wcu", "om"):
        assert world.post(user, "/api/v1/units", unit).status_code == 403
        assert world.post(user, "/api/v1/users", {}).status_code in (400, 403)


def test_bootstrap_admin_only_once(world: World) -> None:
    assert run(ensure_admin("another-Admin-pass-1")) is False  # the fixture's admin exists


# (method, url, body) -> the roles allowed; every other role gets 403.
def _routes(case_id: int, referral_id: int) -> list[tuple[str, str, Any, set[str]]]:
    return [
        (
            "POST",
            "/api/v1/referrals",
            referral_payload(victims=[{"name": "Robin Other", "relationship": "direct"}]),
            {"wcu"},
        ),
        ("GET", f"/api/v1/referrals/{referral_id}", None, {"wcu", "vlo", "manager"}),
        ("GET", "/api/v1/cases", None, {"vlo", "manager"}),
        ("GET", f"/api/v1/cases/{case_id}", None, {"vlo", "manager"}),
        ("GET", f"/api/v1/cases/{case_id}/timeline", None, {"vlo", "manager"}),
        ("GET", "/api/v1/deadlines", None, {"manager"}),
        (
            "POST",
            "/api/v1/units",
            {"code": "VLU-Q", "name": "Q", "region": "Q", "kind": "vlu"},
            {"admin"},
        ),
    ]


def test_role_matrix(world: World) -> None:
    body = world.refer()
    for method, url, payload, allowed in _routes(body["cases"][0]["id"], body["id"]):
        assert world.client.request(method, url, json=payload).status_code == 401, url
        for user in ("admin", "vlo", "manager", "wcu", "om"):
            status = world.client.request(
                method, url, json=payload, headers=world.headers(user)
            ).status_code
            if user in allowed:
                assert 200 <= status < 300, (method, url, user, status)
            else:
                assert status == 403, (method, url, user, status)
