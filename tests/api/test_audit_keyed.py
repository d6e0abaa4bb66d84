"""The keyed, gap-free audit trail and its signed checkpoints (issue 16, finding 3), on SQLite and
PostgreSQL. Each tampering is done as someone who can change the database but cannot read the
audit key: cutting off the newest entries, deleting one and re-hashing the rest, renumbering.
On PostgreSQL the append-only trigger is switched off for it, as only the table's owner could.
`vcs audit verify` must name the first bad entry and exit 1 every time."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.api.test_audit import ROOT, vcs_command
from tests.fixtures import World, audit_guard_off, run
from vcs.access import audit, audit_verify
from vcs.access.audit_key import GENESIS, AuditKey, audit_key, entry_fields, keyed_hash, legacy_hash
from vcs.access.tables import AuditEntry
from vcs.core.actors import SYSTEM
from vcs.core.config import load_settings, settings
from vcs.core.piccolo_conf import DB
from vcs.core.tables import Setting

Hasher = Callable[[int, str, dict[str, object], int], str]


def _entries(count: int) -> None:
    for i in range(count):
        run(audit.record(SYSTEM, "read_victim_details", "victim", i + 1, f"case {i + 1}"))


def _rows() -> list[dict[str, Any]]:
    return list(run(AuditEntry.select().order_by(AuditEntry.lane, AuditEntry.seq)))


def _lane() -> int:
    """The one lane this test's entries went in (one process writing one at a time: lane 0 on
    SQLite, its process's first lane on PostgreSQL)."""
    (lane,) = {row["lane"] for row in _rows()}
    return int(lane)


def _in_lane(statement: str) -> str:
    """`statement` on the entries of this test's lane only."""
    return statement.replace("WHERE ", f"WHERE lane = {_lane()} AND ")


def _fields(row: dict[str, Any]) -> dict[str, object]:
    return entry_fields(
        row["at"],
        row["actor"],
        row["role"],
        row["action"],
        row["record_type"],
        row["record_id"],
        row["detail"],
    )


def _rehash(hasher: Hasher, from_entry: int = 1) -> None:
    """Recompute the links and hashes of the entries from `from_entry` on, in number order,
    as a tamperer would."""
    previous = GENESIS
    for row in _rows():
        if row["seq"] < from_entry:
            previous = row["hash"]
            continue
        new = hasher(row["seq"], previous, _fields(row), row["lane"])
        run(
            AuditEntry.update({AuditEntry.prev_hash: previous, AuditEntry.hash: new}).where(
                AuditEntry.id == row["id"]
            )
        )
        previous = new


def plain_sha256(_: int, previous: str, fields: dict[str, object], __: int = 0) -> str:
    """The chain as the previous release made it: anyone can compute it."""
    return legacy_hash(previous, fields)


def guessed_key(seq: int, previous: str, fields: dict[str, object], lane: int = 0) -> str:
    """The keyed chain, knowing how it is made but not the key."""
    guess = AuditKey(b"a guess at the key, 32 characters!")
    return keyed_hash(guess, seq, previous, fields, lane)


def _renumber_after(removed: int) -> None:
    """Close the gap a removed entry left (in two steps, past the unique index)."""
    run(DB.run_ddl(_in_lane(f"UPDATE audit_entry SET seq = -seq WHERE seq > {removed}")))
    run(DB.run_ddl(_in_lane("UPDATE audit_entry SET seq = -seq - 1 WHERE seq < 0")))


def _verify_names(entry: int, *words: str, lane: int | None = None) -> str:
    lane = _lane() if lane is None else lane
    check = run(audit_verify.verify_chain())
    assert (check.first_bad_lane, check.first_bad_entry) == (lane, entry), check.problems
    done = vcs_command("audit", "verify")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"Audit trail broken at entry {entry} of lane {lane}:" in done.stdout, done.stdout
    for word in words:
        assert word in done.stdout, done.stdout
    return str(done.stdout)


def _checkpoint() -> str:
    done = vcs_command("audit", "checkpoint")
    assert done.returncode == 0, done.stdout + done.stderr
    return str(done.stdout)


def test_entries_are_numbered_from_one_and_hashed_with_the_key(world: World) -> None:
    _entries(5)
    rows, lane = _rows(), _lane()
    assert [r["seq"] for r in rows] == [1, 2, 3, 4, 5]
    previous = GENESIS
    for row in rows:
        assert row["prev_hash"] == previous
        fields = _fields(row)
        assert row["hash"] == keyed_hash(audit_key(), row["seq"], previous, fields, lane)
        assert row["hash"] != legacy_hash(previous, fields)
        previous = row["hash"]
    listed = world.get("admin", "/api/v1/audit").json()["items"]
    assert [(e["lane"], e["seq"]) for e in listed] == [(lane, n) for n in (1, 2, 3, 4, 5)]
    done = vcs_command("audit", "verify")
    assert done.returncode == 0, done.stdout
    assert "Audit trail intact: 5 entries verified." in done.stdout
    assert f"Lanes: 1 (lane {lane} to entry 5)." in done.stdout
    assert f"Key: the key file {settings.audit_key_file.resolve()}." in done.stdout


@pytest.mark.parametrize("cut", [1, 3])
def test_cutting_off_the_newest_entries_is_found_by_the_checkpoint(world: World, cut: int) -> None:
    _entries(6)
    lane = _lane()
    assert f"Audit checkpoint written: 6 entries (lane {lane} to entry 6)" in _checkpoint()
    with audit_guard_off():
        run(DB.run_ddl(_in_lane(f"DELETE FROM audit_entry WHERE seq > {6 - cut}")))
    out = _verify_names(7 - cut, f"lane {lane} ends at entry {6 - cut}", "cut off")
    assert "recorded entry 6" in out
    # Nor will a new checkpoint sign the shorter trail.
    before = sorted(os.listdir(settings.audit_checkpoints))
    done = vcs_command("audit", "checkpoint")
    assert done.returncode == 1 and "Audit checkpoint not written" in done.stdout
    assert sorted(os.listdir(settings.audit_checkpoints)) == before


@pytest.mark.parametrize("hasher", [plain_sha256, guessed_key], ids=["sha256", "guessed-key"])
@pytest.mark.parametrize("renumber", [False, True], ids=["gap-left", "renumbered"])
def test_deleting_an_entry_and_rehashing_the_rest_is_named(
    world: World, hasher: Hasher, renumber: bool
) -> None:
    _entries(6)
    with audit_guard_off():
        run(DB.run_ddl(_in_lane("DELETE FROM audit_entry WHERE seq = 3")))
        if renumber:
            _renumber_after(3)
        _rehash(hasher, from_entry=3)
    lane = _lane()
    if renumber:
        _verify_names(3, f"entry 3 of lane {lane} does not match its keyed hash")
    else:
        _verify_names(3, f"entry 3 of lane {lane} is missing: the entries go from 2 to entry 4")


def test_deleting_an_entry_without_rehashing_leaves_a_gap_that_is_named(world: World) -> None:
    _entries(6)
    with audit_guard_off():
        run(DB.run_ddl(_in_lane("DELETE FROM audit_entry WHERE seq = 4")))
    _verify_names(4, "is missing: the entries go from 3 to entry 5")
    with audit_guard_off():
        _renumber_after(4)
    _verify_names(4, "does not link to the hash of entry 3")


@pytest.mark.parametrize(
    "renumbering",
    [
        "UPDATE audit_entry SET seq = seq + 10 WHERE seq >= 4",  # a gap opened
        "UPDATE audit_entry SET seq = 100 WHERE seq = 2",  # one entry moved to the end
    ],
    ids=["shifted", "moved"],
)
def test_renumbering_entries_is_named(world: World, renumbering: str) -> None:
    _entries(6)
    with audit_guard_off():
        run(DB.run_ddl(_in_lane(renumbering)))
    first = 4 if "seq + 10" in renumbering else 2
    _verify_names(first, f"entry {first} of lane {_lane()} is missing")


def test_swapping_two_entries_numbers_is_named(world: World) -> None:
    _entries(6)
    with audit_guard_off():
        run(DB.run_ddl(_in_lane("UPDATE audit_entry SET seq = -2 WHERE seq = 2")))
        run(DB.run_ddl(_in_lane("UPDATE audit_entry SET seq = 2 WHERE seq = 3")))
        run(DB.run_ddl(_in_lane("UPDATE audit_entry SET seq = 3 WHERE seq = -2")))
    _verify_names(2, "does not link to the hash of entry 1")


def test_rehashing_the_whole_trail_without_the_key_is_found_by_the_checkpoint(
    world: World,
) -> None:
    """Someone who moves the start of keyed hashing past the end and re-makes every entry's
    plain SHA-256 chain gets a chain that holds on its own: the checkpoint does not agree."""
    _entries(5)
    _checkpoint()
    with audit_guard_off():
        run(DB.run_ddl(_in_lane("DELETE FROM audit_entry WHERE seq = 5")))
        run(Setting.insert(Setting(key="audit_keyed_from", value="100")))
        _rehash(plain_sha256)
    _verify_names(1, "keyed hashing starts at entry 100", "re-hashed without the key", lane=0)


def test_a_forged_or_altered_checkpoint_is_refused(world: World) -> None:
    _entries(3)
    _checkpoint()
    (written,) = Path(settings.audit_checkpoints).glob("checkpoint-*.json")
    body = json.loads(written.read_text())
    body["lanes"][0][1] = 2
    written.write_text(json.dumps(body))
    done = vcs_command("audit", "verify")
    assert done.returncode == 1
    assert f"the checkpoint file {written.name} is not signed with this audit key" in done.stdout


def test_the_checkpoint_is_signed_and_kept_outside_the_database(world: World) -> None:
    _entries(4)
    out = _checkpoint()
    (written,) = Path(settings.audit_checkpoints).glob("checkpoint-*.json")
    assert str(written) in out
    body = json.loads(written.read_text())
    assert (body["lanes"], body["keyed_from"]) == ([[_lane(), 4, _rows()[-1]["hash"]]], 1)
    assert len(body["signature"]) == 64
    _entries(2)
    assert f"6 entries (lane {_lane()} to entry 6)" in _checkpoint()
    done = vcs_command("audit", "verify")
    assert done.returncode == 0, done.stdout
    assert "Checkpoints: 2 in" in done.stdout
    assert f"the newest of 6 entries (lane {_lane()} to entry 6)" in done.stdout


def test_the_nightly_sweep_signs_a_checkpoint(world: World) -> None:
    _entries(2)
    done = vcs_command("sweep", "--date", "2026-02-03")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Audit checkpoint written: 2 entries (lane {_lane()} to entry 2)" in done.stdout
    assert len(list(Path(settings.audit_checkpoints).glob("checkpoint-*.json"))) == 1
    _entries(2)  # the next night checks the entries since the checkpoint before signing
    with audit_guard_off():
        run(DB.run_ddl(_in_lane("UPDATE audit_entry SET detail = 'case 99' WHERE seq = 3")))
    done = vcs_command("sweep", "--date", "2026-02-04")
    assert done.returncode == 1
    assert "Audit checkpoint not written" in done.stdout
    assert f"broken at entry 3 of lane {_lane()}" in done.stdout
    assert len(list(Path(settings.audit_checkpoints).glob("checkpoint-*.json"))) == 1


def test_entries_made_before_the_key_still_verify_and_are_bound_by_the_first_keyed_one(
    world: World,
) -> None:
    """A database of the previous release, as its migration leaves it: the old entries
    numbered and chained by plain SHA-256, keyed hashing starting after them."""
    previous = GENESIS
    for seq in (1, 2, 3):
        row = AuditEntry(
            seq=seq, actor="vlo", role="vlo", action="read_victim_details", record_type="victim"
        )
        row.record_id, row.detail, row.prev_hash = seq, f"case {seq}", previous
        row.hash = legacy_hash(previous, _fields(row.to_dict()))
        run(row.save())
        previous = row.hash
    run(Setting.insert(Setting(key="audit_keyed_from", value="4")))
    assert run(audit.bind_unkeyed_entries())  # as migrating to lanes does
    assert not run(audit.bind_unkeyed_entries())  # once
    _entries(2)
    done = vcs_command("audit", "verify")
    assert done.returncode == 0, done.stdout
    assert "Entries 1 to 3 of lane 0 were made before the service had an audit key" in done.stdout
    with audit_guard_off():  # altering an old entry and re-making the old chain shows at entry 4
        run(DB.run_ddl("UPDATE audit_entry SET detail = 'case 9' WHERE lane = 0 AND seq = 2"))
        rows = _rows()[:3]
        previous = GENESIS
        for row in rows:
            new = legacy_hash(previous, _fields(row))
            run(
                AuditEntry.update({AuditEntry.prev_hash: previous, AuditEntry.hash: new}).where(
                    AuditEntry.id == row["id"]
                )
            )
            previous = new
    _verify_names(4, "does not link to the hash of entry 3", lane=0)


def _cli(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**env, "PYTHONPATH": str(ROOT)},
        cwd=cwd,
    )


def test_a_key_from_vcs_audit_key_is_named_and_must_be_the_key_the_trail_was_kept_with(
    world: World,
) -> None:
    _entries(2)
    env = {**os.environ, "VCS_AUDIT_KEY": "another-key-" + "x" * 40}
    done = _cli(env, ROOT, "audit", "verify")
    assert done.returncode == 1
    assert "Audit trail broken at entry 1 of lane" in done.stdout
    assert "Key: the VCS_AUDIT_KEY setting." in done.stdout
    short = _cli({**os.environ, "VCS_AUDIT_KEY": "too-short"}, ROOT, "audit", "verify")
    assert short.returncode == 2 and "at least 32 random characters" in short.stderr


def test_without_a_key_one_is_made_once_outside_the_database_for_its_owner_only(
    world: World, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VCS_AUDIT_")}
    defaults = load_settings(env)
    key_file = (tmp_path / defaults.audit_key_file).resolve()
    done = _cli(env, tmp_path, "audit", "verify")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Key: the key file {key_file}, made just now because there was none." in done.stdout
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    first = key_file.read_text()
    again = _cli(env, tmp_path, "audit", "verify")
    assert f"Key: the key file {key_file}." in again.stdout
    assert key_file.read_text() == first
    key_file.chmod(0o644)
    exposed = _cli(env, tmp_path, "audit", "verify")
    assert exposed.returncode == 2 and "can be read by other users" in exposed.stderr


def test_the_default_key_file_and_checkpoints_sit_outside_the_database() -> None:
    sqlite = load_settings({"VCS_DATABASE_URL": "sqlite:////srv/vcs/data.sqlite"})
    assert sqlite.audit_key_file == Path("/srv/vcs/data.sqlite-audit/audit.key")
    assert sqlite.audit_checkpoints == Path("/srv/vcs/data.sqlite-audit/checkpoints")
    postgres = load_settings({"VCS_DATABASE_URL": "postgresql://vcs@db:5432/live"})
    assert postgres.audit_key_file == Path("vcs-audit/live/audit.key")
    assert postgres.audit_checkpoints == Path("vcs-audit/live/checkpoints")
    chosen = load_settings(
        {"VCS_AUDIT_KEY_FILE": "/etc/vcs/audit.key", "VCS_AUDIT_CHECKPOINTS": "/mnt/worm/vcs"}
    )
    assert (chosen.audit_key_file, chosen.audit_checkpoints) == (
        Path("/etc/vcs/audit.key"),
        Path("/mnt/worm/vcs"),
    )
