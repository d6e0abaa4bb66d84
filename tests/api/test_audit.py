"""The audit trail: every read of a victim's details recorded; read-only through the service;
each entry chained to the one before, so that tampering is found and named by
`vcs audit verify`, on SQLite and on PostgreSQL (where the database itself refuses UPDATE and DELETE)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.api.route_table import app_routes, mint_tokens
from tests.fixtures import World, audit_guard_off, run, shared_app
from vcs.access import audit, audit_verify
from vcs.access.tables import AuditEntry
from vcs.core.actors import SYSTEM
from vcs.core.piccolo_conf import DB

ROOT = Path(__file__).parents[2]
VICTIM_DETAILS = ("Alex Example", "12 Sample Road", "E1 6AN", "07700 900123", "1990-06-15")


@pytest.fixture
def world(world: World) -> World:
    mint_tokens(world)
    return world


def vcs_command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=dict(os.environ),
        cwd=ROOT,
    )


def entries(world: World, **params: Any) -> dict[str, Any]:
    response = world.get("admin", "/api/v1/audit", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _reads(world: World, times: int = 3) -> int:
    case_id = world.refer()["cases"][0]["id"]
    for _ in range(times):
        assert world.get("vlo", f"/api/v1/cases/{case_id}").status_code == 200
    return int(case_id)


def test_every_read_of_victim_details_is_recorded_without_the_details(world: World) -> None:
    case_id = _reads(world, times=2)
    body = entries(world)
    reads = [e for e in body["items"] if e["action"] == "read_victim_details"]
    assert len(reads) == 2
    assert {(e["actor"], e["role"], e["record_type"], e["detail"]) for e in reads} == {
        ("vlo", "vlo", "victim", f"case {case_id}")
    }
    assert all(e["at"] and len(e["hash"]) == 64 for e in body["items"])
    assert [e["id"] for e in body["items"]] == sorted(e["id"] for e in body["items"])
    for detail in VICTIM_DETAILS:
        assert detail not in str(body)


def test_entries_filter_by_actor_record_and_dates(world: World) -> None:
    _reads(world, times=2)
    manager_case = world.refer(victims=[{"name": "Robin Example", "relationship": "direct"}])
    world.get("manager", f"/api/v1/cases/{manager_case['cases'][0]['id']}")
    victim_id = entries(world, actor="manager")["items"][0]["record_id"]
    assert entries(world, actor="manager")["total"] == 1
    assert entries(world, actor="vlo", record_type="victim")["total"] == 2
    assert entries(world, record_type="referral")["total"] == 2
    assert entries(world, record_type="victim", record_id=victim_id)["total"] == 1
    everything = entries(world)["total"]
    assert everything == 5
    today = entries(world)["items"][0]["at"][:10]
    assert entries(world, since=today, until=today)["total"] == everything
    assert entries(world, since="2199-01-01")["total"] == 0
    assert entries(world, until="2000-01-01")["total"] == 0
    page = entries(world, limit=2, offset=1)
    assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (5, 2, 1, 2)


@pytest.mark.parametrize(
    ("params", "field", "status"),
    [
        ({"since": "2026-02-30"}, "since", 400),
        ({"until": "0"}, "until", 400),
        ({"since": "2026-02-01", "until": "2026-01-01"}, "until", 422),
        ({"record_id": 2**31}, "record_id", 400),
        ({"record_id": 0}, "record_id", 400),
        ({"actor": "Bad Name"}, "actor", 400),
        ({"record_type": "victim\x00"}, "record_type", 400),
        ({"limit": 0}, "limit", 400),
    ],
)
def test_bad_filters_are_4xx_naming_the_field(
    world: World, params: dict[str, Any], field: str, status: int
) -> None:
    response = world.get("admin", "/api/v1/audit", params=params)
    assert response.status_code == status, response.text
    assert field in [e["field"] for e in response.json()["errors"]]


def test_only_the_administrator_reads_the_trail(world: World) -> None:
    for user in ("vlo", "manager", "wcu", "om"):
        assert world.get(user, "/api/v1/audit").status_code == 403


def test_no_route_changes_or_removes_an_entry(world: World) -> None:
    _reads(world, times=1)
    audit_routes = [r for r in app_routes(shared_app()) if "/audit" in r.path]
    assert [r.key for r in audit_routes] == ["GET /api/v1/audit"]
    entry_id = entries(world)["items"][0]["id"]
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        for url in ("/api/v1/audit", f"/api/v1/audit/{entry_id}"):
            response = world.client.request(method, url, headers=world.headers("admin"))
            assert response.status_code in (404, 405), (method, url, response.status_code)
    assert run(audit_verify.verify_chain()).intact


def test_verify_command_counts_an_intact_chain(world: World) -> None:
    _reads(world, times=3)
    done = vcs_command("audit", "verify")
    assert done.returncode == 0, done.stderr
    assert "intact: 4 entries" in done.stdout


def _middle_entry() -> int:
    """The number (`seq`) of an entry in the middle of the trail."""
    rows = run(AuditEntry.select(AuditEntry.seq).order_by(AuditEntry.seq))
    return int(rows[len(rows) // 2]["seq"])


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE audit_entry SET detail = 'case 999' WHERE seq = {id}",
        "UPDATE audit_entry SET actor = 'someone' WHERE seq = {id}",
        "UPDATE audit_entry SET at = '2025-01-01 00:00:00+00:00' WHERE seq = {id}",
    ],
)
def test_an_entry_altered_by_the_tables_owner_is_named(world: World, tamper: str) -> None:
    _reads(world, times=4)
    broken = _middle_entry()
    with audit_guard_off():  # someone with the owner's rights switches the guard off
        run(DB.run_ddl(tamper.format(id=broken)))
    assert run(audit_verify.verify_chain()).first_bad_entry == broken
    if "detail" in tamper:
        done = vcs_command("audit", "verify")
        assert done.returncode == 1
        assert f"broken at entry {broken}" in done.stdout


def test_an_entry_removed_by_the_tables_owner_breaks_the_link_of_the_next(world: World) -> None:
    _reads(world, times=4)
    removed = _middle_entry()
    with audit_guard_off():
        run(DB.run_ddl(f"DELETE FROM audit_entry WHERE seq = {removed}"))
    assert run(audit_verify.verify_chain()).first_bad_entry == removed


def test_the_database_refuses_to_change_or_remove_an_entry(world: World) -> None:
    _reads(world, times=4)
    target = _middle_entry()
    for statement in (
        f"UPDATE audit_entry SET detail = 'case 999' WHERE seq = {target}",
        f"DELETE FROM audit_entry WHERE seq = {target}",
    ):
        with pytest.raises(Exception, match="append-only"):
            run(DB.run_ddl(statement))
    assert run(audit_verify.verify_chain()).intact
    assert vcs_command("audit", "verify").returncode == 0


def test_the_chain_holds_under_concurrent_appends(world: World) -> None:
    case_id = world.refer()["cases"][0]["id"]
    headers = world.headers("vlo")
    failures: list[str] = []

    def read_case() -> None:  # through the API: each read is an audit entry
        for _ in range(5):
            response = world.client.get(f"/api/v1/cases/{case_id}", headers=headers)
            if response.status_code != 200:
                failures.append(response.text)

    def append_directly() -> None:  # like another app process: its own loop and connections
        for i in range(5):
            run(audit.record(SYSTEM, "concurrency_test", "case", case_id, f"append {i}"))

    threads = [threading.Thread(target=read_case) for _ in range(4)]
    threads += [threading.Thread(target=append_directly) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures
    check = run(audit_verify.verify_chain())
    assert check.intact, check
    assert check.entries == run(AuditEntry.count()) == 1 + 20 + 20
    numbers = run(AuditEntry.select(AuditEntry.lane, AuditEntry.seq))
    for lane, last in check.lanes.items():  # each lane numbered 1, 2, 3... with no gap
        assert sorted(r["seq"] for r in numbers if r["lane"] == lane) == list(range(1, last + 1))
