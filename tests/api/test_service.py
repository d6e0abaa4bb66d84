"""The service as a whole: health, the OpenAPI document, and the `vcs` command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from api.web.clock import london_today
from tests.fixtures import PASSWORD, World, run
from vcs.core.tables import Case, Referral, User


def test_health(world: World) -> None:
    response = world.client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_openapi_documents_the_contract(world: World) -> None:
    spec = world.client.get("/schema/openapi.json").json()
    paths = spec["paths"]
    for path, method in [
        ("/api/v1/auth/token", "post"),
        ("/api/v1/units", "post"),
        ("/api/v1/users", "post"),
        ("/api/v1/referrals", "post"),
        ("/api/v1/referrals/{referral_id}", "get"),
        ("/api/v1/cases", "get"),
        ("/api/v1/cases/{case_id}", "get"),
        ("/api/v1/cases/{case_id}/timeline", "get"),
        ("/api/v1/deadlines", "get"),
    ]:
        assert method in paths[path], (path, method)
    assert "bearer" in spec["components"]["securitySchemes"]
    referral = spec["components"]["schemas"]["ReferralCreate"]
    assert set(referral["required"]) >= {"unit_code", "offender", "offences", "sentence", "victims"}
    assert world.client.get("/schema").status_code == 200


def _vcs(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, **(env or {})},
        cwd=Path(__file__).parents[2],
    )


def test_cli_adds_a_user_who_can_sign_in(world: World) -> None:
    done = _vcs(
        "user",
        "add",
        "cli.vlo",
        "--role",
        "vlo",
        "--unit",
        "VLU-LON",
        env={"VCS_NEW_USER_PASSWORD": PASSWORD},
    )
    assert done.returncode == 0, done.stderr
    assert (
        world.client.post(
            "/api/v1/auth/token", json={"username": "cli.vlo", "password": PASSWORD}
        ).status_code
        == 200
    )
    again = _vcs(
        "user",
        "add",
        "cli.vlo",
        "--role",
        "vlo",
        "--unit",
        "VLU-LON",
        env={"VCS_NEW_USER_PASSWORD": PASSWORD},
    )
    assert again.returncode == 2
    assert "taken" in again.stderr


def test_cli_refuses_a_weak_password(world: World) -> None:
    done = _vcs("user", "add", "weak", "--role", "admin", env={"VCS_NEW_USER_PASSWORD": "short"})
    assert done.returncode == 2
    assert "password" in done.stderr
    assert run(User.count().where(User.username == "weak")) == 0


def test_demo_fills_every_clock_state(world: World) -> None:
    done = _vcs("demo", "--victims", "60")
    assert done.returncode == 0, done.stderr
    assert run(Case.count()) >= 60
    assert run(Referral.count().where(Referral.eligibility_status == "ineligible")) > 0
    world.tokens.clear()
    token = world.client.post(
        "/api/v1/auth/token", json={"username": "vlo.lon1", "password": "demo-Passw0rd-2026"}
    )
    assert token.status_code == 200
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    world.set_today(london_today())  # the demo is dated from the real today
    body = world.client.get("/api/v1/cases", headers=headers, params={"limit": 200}).json()
    assert {"overdue", "due_soon", "pending"} <= {c["urgency"] for c in body["items"]}
    work = world.client.get("/api/v1/my-work", headers=headers, params={"limit": 200}).json()
    awaited = [i for i in work["items"] if i["kind"] == "reply_awaited"]
    assert awaited and {i["state"] for i in awaited} <= {"overdue", "due_today", "due_this_week"}
    assert all(i["title"].startswith("Reply awaited: offer of the scheme sent ") for i in awaited)


def test_cli_sweep_prints_a_summary_and_is_idempotent(world: World) -> None:
    world.refer()
    first = _vcs("sweep", "--date", "2026-02-03")
    assert first.returncode == 0, first.stderr
    assert "1 overdue (1 newly recorded)" in first.stdout
    second = _vcs("sweep", "--date", "2026-02-03")
    assert "1 overdue (0 newly recorded)" in second.stdout
    assert _vcs("sweep", "--date", "3rd of May").returncode == 2
