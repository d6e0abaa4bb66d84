"""`vcs backup FILE` and `vcs restore FILE` on the engine the suite runs on: a round trip gives
back every table row for row; the backup is recorded in the audit trail it contains, the restore
after it; a file that is not a backup is refused and changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from piccolo.apps.migrations.tables import Migration
from piccolo.querystring import QueryString

from tests.api.route_table import mint_tokens
from tests.api.test_audit import vcs_command
from tests.fixtures import DB_TABLES, World, referral_payload, run
from vcs.core.config import settings
from vcs.core.piccolo_conf import DB


@pytest.fixture
def world(world: World) -> World:
    mint_tokens(world)
    return world


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table of the service (and the migrations applied), in id order."""
    names = [t._meta.tablename for t in DB_TABLES] + [Migration._meta.tablename]
    assert "audit_entry" in names and "victim" in names
    return {
        name: run(DB.run_querystring(QueryString(f'SELECT * FROM "{name}" ORDER BY id')))
        for name in names
    }


def fill(world: World) -> None:
    case_id = world.refer()["cases"][0]["id"]
    world.refer(victims=[{"name": "Robin Example", "relationship": "direct"}])
    assert world.get("vlo", f"/api/v1/cases/{case_id}").status_code == 200
    assert world.post("vlo", "/api/v1/auth/sign-out").status_code == 204


def change(world: World) -> None:
    other = referral_payload(
        offender={"name": "Jordan Sample", "date_of_birth": "1975-02-03"},
        victims=[{"name": "Casey Example", "relationship": "direct"}],
    )
    assert world.post("wcu", "/api/v1/referrals", other).status_code == 201
    assert world.get("manager", "/api/v1/cases/1").status_code == 200
    run(DB.run_ddl("UPDATE app_user SET display_name = 'Changed' WHERE username = 'wcu'"))


def test_backup_and_restore_give_back_every_row(world: World, tmp_path: Path) -> None:
    fill(world)
    target = tmp_path / "vcs.backup"
    done = vcs_command("backup", str(target))
    assert done.returncode == 0, done.stderr
    assert target.stat().st_size > 0
    before = snapshot()
    last = before["audit_entry"][-1]
    assert (last["action"], last["record_type"]) == ("backup", "database")
    assert last["actor"].startswith("cli:")

    change(world)
    assert snapshot() != before
    done = vcs_command("restore", str(target))
    assert done.returncode == 0, done.stderr + done.stdout
    assert "intact" in done.stdout

    after = snapshot()
    for name, rows in before.items():
        if name == "audit_entry":
            assert after[name][: len(rows)] == rows
            assert [e["action"] for e in after[name][len(rows) :]] == ["restore"]
        else:
            assert after[name] == rows, name
    # The restored service carries on: new rows get new ids, the chain stays whole.
    assert world.refer(victims=[{"name": "Sam Example", "relationship": "direct"}])["id"] == 3
    assert vcs_command("audit", "verify").returncode == 0


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(
    world: World, tmp_path: Path
) -> None:
    fill(world)
    before = snapshot()
    bogus = tmp_path / "not-a-backup"
    bogus.write_bytes(b"this is not a database backup\n" * 100)
    done = vcs_command("restore", str(bogus))
    assert done.returncode == 2
    assert "vcs:" in done.stderr
    assert snapshot() == before


def test_backup_to_a_missing_folder_is_refused(world: World, tmp_path: Path) -> None:
    done = vcs_command("backup", str(tmp_path / "no" / "such" / "folder" / "vcs.backup"))
    assert done.returncode == 2
    assert "no folder" in done.stderr.lower()


def test_a_restore_sets_aside_the_checkpoints_newer_than_the_backup(
    world: World, tmp_path: Path
) -> None:
    """Restoring an older backup takes the audit trail back to the backup's: the checkpoints
    signed since are kept in a folder of their own, so the trail still verifies."""
    fill(world)
    assert vcs_command("audit", "checkpoint").returncode == 0
    target = tmp_path / "vcs.backup"
    assert vcs_command("backup", str(target)).returncode == 0
    change(world)
    newer = vcs_command("audit", "checkpoint")
    assert newer.returncode == 0, newer.stdout

    done = vcs_command("restore", str(target))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "intact" in done.stdout and "Checkpoints: 1 in" in done.stdout
    restore = snapshot()["audit_entry"][-1]
    assert (restore["action"], restore["detail"]) == (
        "restore",
        "restore from vcs.backup; 1 newer audit checkpoint set aside",
    )
    checkpoints = Path(settings.audit_checkpoints)
    (aside,) = checkpoints.glob("set-aside-*")
    assert len(list(aside.glob("checkpoint-*.json"))) == 1
    assert len(list(checkpoints.glob("checkpoint-*.json"))) == 1
    assert vcs_command("audit", "verify").returncode == 0
