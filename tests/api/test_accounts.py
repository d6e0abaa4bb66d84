"""Accounts (issue 16, finding 4), through the API and the command line, on the engine the suite
runs on: the administrator lists users, deactivates and reactivates them and changes their role,
unit or display name; deactivation and a change of role or unit end every session at once; an
administrator cannot deactivate or demote themselves, nor leave the service without an active
administrator; every change is in the audit trail; a refused request writes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.route_table import mint_tokens
from tests.api.test_audit import vcs_command
from tests.api.test_pages import signed_in
from tests.fixtures import PASSWORD, World, run
from vcs.access.tables import AuditEntry
from vcs.core.tables import User

USERS = "/api/v1/users"


@pytest.fixture
def world(world: World) -> World:
    mint_tokens(world)
    return world


def _audit(action: str) -> list[dict[str, Any]]:
    """The audit entries whose action starts with `action`, oldest first."""
    query = AuditEntry.select().where(AuditEntry.action.like(f"{action}%"))
    return list(run(query.order_by(AuditEntry.seq)))


def _generation(username: str) -> int:
    row = run(User.select(User.session_generation).where(User.username == username).first())
    return int(row["session_generation"])


def _sign_in(world: World, username: str) -> Any:
    return world.client.post(
        "/api/v1/auth/token", json={"username": username, "password": PASSWORD}
    )


def _problem_fields(response: Any) -> list[str]:
    assert response.headers["content-type"].startswith("application/problem+json")
    return [e["field"] for e in response.json()["errors"]]


def test_the_administrator_lists_users_with_role_unit_last_sign_in_and_state(
    world: World,
) -> None:
    assert _sign_in(world, "vlo").status_code == 200
    body = world.get("admin", USERS, params={"limit": 200}).json()
    assert body["total"] == 12
    users = {u["username"]: u for u in body["items"]}
    assert list(users) == sorted(users)
    vlo = users["vlo"]
    assert (vlo["role"], vlo["unit_code"], vlo["unit_name"], vlo["active"]) == (
        "vlo",
        "VLU-LON",
        "London Victim Liaison Unit",
        True,
    )
    assert vlo["last_signed_in_at"] is not None
    assert users["vlo2"]["last_signed_in_at"] is None
    assert (users["admin"]["unit_code"], users["admin"]["unit_name"]) == (None, None)
    for user in ("vlo", "manager", "wcu", "om", "national"):
        assert world.get(user, USERS).status_code == 403


def test_deactivation_ends_every_token_and_session_at_once_and_is_audited(
    world: World,
) -> None:
    bearer = world.headers("vlo")
    pages = signed_in(world, "vlo")
    assert pages.get("/cases").status_code == 200

    response = world.post("admin", f"{USERS}/vlo/deactivate")
    assert response.status_code == 200, response.text
    assert (response.json()["username"], response.json()["active"]) == ("vlo", False)

    assert world.client.get("/api/v1/auth/me", headers=bearer).status_code == 401
    assert pages.get("/cases").headers["location"].startswith("/sign-in")
    assert _sign_in(world, "vlo").status_code == 401
    (entry,) = _audit("user_deactivated")
    vlo_id = run(User.select(User.id).where(User.username == "vlo").first())["id"]
    assert (entry["actor"], entry["action"], entry["record_type"], entry["record_id"]) == (
        "admin",
        "user_deactivated",
        "user",
        vlo_id,
    )
    # Again: nothing more to do, nothing more recorded.
    assert world.post("admin", f"{USERS}/vlo/deactivate").status_code == 200
    assert len(_audit("user_")) == 1


def test_reactivation_lets_the_user_sign_in_again_but_old_sessions_stay_ended(
    world: World,
) -> None:
    old = world.headers("vlo")
    assert world.post("admin", f"{USERS}/vlo/deactivate").status_code == 200
    response = world.post("admin", f"{USERS}/vlo/reactivate")
    assert response.status_code == 200 and response.json()["active"] is True
    assert world.client.get("/api/v1/auth/me", headers=old).status_code == 401
    signed = _sign_in(world, "vlo")
    assert signed.status_code == 200
    fresh = {"Authorization": f"Bearer {signed.json()['access_token']}"}
    assert world.client.get("/api/v1/auth/me", headers=fresh).status_code == 200
    assert [e["action"] for e in _audit("user_")] == ["user_deactivated", "user_reactivated"]


@pytest.mark.parametrize("action", ["deactivate", "reactivate"])
def test_an_unknown_user_is_a_404_naming_the_username(world: World, action: str) -> None:
    response = world.post("admin", f"{USERS}/nobody.here/{action}")
    assert response.status_code == 404
    assert _problem_fields(response) == ["username"]
    assert "nobody.here" not in response.text
    bad = world.post("admin", f"{USERS}/Not A Name/{action}")
    assert bad.status_code == 400 and _problem_fields(bad) == ["username"]


def test_an_administrator_cannot_deactivate_themselves(world: World) -> None:
    response = world.post("admin", f"{USERS}/admin/deactivate")
    assert response.status_code == 409
    assert _problem_fields(response) == ["username"]
    assert "your own account" in response.json()["detail"]
    assert world.get("admin", "/api/v1/auth/me").status_code == 200
    assert _audit("user_") == []


def test_a_change_of_role_or_unit_ends_the_sessions_and_is_audited(world: World) -> None:
    old = world.headers("vlo")
    response = world.request("PATCH", "admin", f"{USERS}/vlo", json={"role": "vlu_manager"})
    assert response.status_code == 200, response.text
    assert (response.json()["role"], response.json()["unit_code"]) == ("vlu_manager", "VLU-LON")
    assert world.client.get("/api/v1/auth/me", headers=old).status_code == 401
    signed = _sign_in(world, "vlo")
    assert signed.json()["user"]["role"] == "vlu_manager"
    new = {"Authorization": f"Bearer {signed.json()['access_token']}"}

    moved = world.request("PATCH", "admin", f"{USERS}/vlo", json={"unit_code": "VLU-WAL"})
    assert moved.status_code == 200 and moved.json()["unit_code"] == "VLU-WAL"
    assert world.client.get("/api/v1/auth/me", headers=new).status_code == 401
    details = [e["detail"] for e in _audit("user_changed")]
    assert details == [
        "role vlo to vlu_manager; every session ended",
        "unit VLU-LON to VLU-WAL; every session ended",
    ]


def test_a_new_display_name_keeps_the_sessions(world: World) -> None:
    headers = world.headers("vlo")
    before = _generation("vlo")
    response = world.request("PATCH", "admin", f"{USERS}/vlo", json={"display_name": "Pat Lee"})
    assert response.status_code == 200 and response.json()["display_name"] == "Pat Lee"
    me = world.client.get("/api/v1/auth/me", headers=headers)
    assert me.status_code == 200 and me.json()["display_name"] == "Pat Lee"
    assert _generation("vlo") == before
    assert [e["detail"] for e in _audit("user_changed")] == ["display name changed"]


@pytest.mark.parametrize(
    ("user", "body", "status", "field"),
    [
        ("vlo", {}, 422, "body"),
        ("vlo", {"role": None}, 422, "role"),
        ("vlo", {"role": "chief"}, 400, "role"),
        ("vlo", {"unit_code": "WCU-MET"}, 422, "unit_code"),
        ("vlo", {"unit_code": "NO-SUCH"}, 422, "unit_code"),
        ("vlo", {"unit_code": None}, 422, "unit_code"),
        ("vlo", {"role": "admin", "unit_code": "VLU-LON"}, 422, "unit_code"),
        ("wcu", {"role": "vlo"}, 422, "unit_code"),
        ("vlo", {"password": "x"}, 400, "password"),
        ("admin", {"role": "vlo", "unit_code": "VLU-LON"}, 409, "role"),
    ],
)
def test_a_bad_change_is_refused_naming_the_field_and_writes_nothing(
    world: World, user: str, body: dict[str, Any], status: int, field: str
) -> None:
    before = run(User.select().where(User.username == user).first())
    response = world.request("PATCH", "admin", f"{USERS}/{user}", json=body)
    assert response.status_code == status, response.text
    assert field in _problem_fields(response)
    assert run(User.select().where(User.username == user).first()) == before
    assert _audit("user_") == []


def test_a_role_without_a_unit_leaves_the_unit(world: World) -> None:
    response = world.request(
        "PATCH", "admin", f"{USERS}/manager", json={"role": "national_manager"}
    )
    assert response.status_code == 200, response.text
    assert (response.json()["role"], response.json()["unit_code"]) == ("national_manager", None)
    assert [e["detail"] for e in _audit("user_changed")] == [
        "role vlu_manager to national_manager; unit VLU-LON to none; every session ended"
    ]


def test_the_command_line_deactivates_and_reactivates(world: World) -> None:
    headers = world.headers("wcu")
    done = vcs_command("user", "deactivate", "wcu")
    assert done.returncode == 0, done.stderr
    assert "Deactivated wcu" in done.stdout
    assert world.client.get("/api/v1/auth/me", headers=headers).status_code == 401
    assert _audit("user_")[-1]["actor"].startswith("cli:")
    done = vcs_command("user", "reactivate", "wcu")
    assert done.returncode == 0 and "Reactivated wcu" in done.stdout
    assert _sign_in(world, "wcu").status_code == 200
    unknown = vcs_command("user", "deactivate", "nobody.here")
    assert unknown.returncode == 2
    assert "No user has this username" in unknown.stderr


def test_the_only_active_administrator_is_never_deactivated(world: World) -> None:
    done = vcs_command("user", "deactivate", "admin")
    assert done.returncode == 2
    assert "only active administrator" in done.stderr
    assert world.get("admin", "/api/v1/auth/me").status_code == 200
    second = world.post(
        "admin",
        USERS,
        {"username": "admin2", "password": "a-Long-passphrase-42", "role": "admin"},
    )
    assert second.status_code == 201, second.text
    assert vcs_command("user", "deactivate", "admin").returncode == 0
    assert world.client.get("/api/v1/auth/me", headers=world.headers("admin")).status_code == 401
