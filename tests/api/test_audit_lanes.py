"""The audit trail in lanes (issue 22): writers in different transactions take different lanes
and do not wait for each other on PostgreSQL; tampering within any lane is found, including
moving entries from one lane to another; a trail kept as one chain by the release before lanes
upgrades and still verifies. On SQLite, where writes run one at a time, the trail is one lane.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from pathlib import Path

import asyncpg

from tests.api.test_audit import vcs_command
from tests.api.test_audit_keyed import _rows, _verify_names
from tests.api.test_upgrade import _checkout, _command, upgrade_database  # noqa: F401
from tests.fixtures import World, audit_guard_off, run
from vcs.access import audit, audit_verify
from vcs.access.audit_lanes import LOCK_CLASS, first_choice, hold_lane, lane_count
from vcs.access.tables import AuditEntry
from vcs.core.actors import SYSTEM
from vcs.core.config import settings
from vcs.core.db import is_postgres, write_transaction
from vcs.core.piccolo_conf import DB

# The last release whose audit trail was one chain.
SINGLE_CHAIN = "332ea25d807bd173940f1d94ae0da5d339b8db00"


def _lane_of(action: str) -> int:
    row = run(AuditEntry.select(AuditEntry.lane).where(AuditEntry.action == action).first())
    return int(row["lane"])


async def _hold_from_elsewhere(lanes: list[int]) -> asyncpg.Connection:
    """Another process's transaction holding `lanes`: a connection of its own."""
    other = await asyncpg.connect(settings.database_url)
    await other.execute("BEGIN")
    for lane in lanes:
        await other.execute("SELECT pg_advisory_xact_lock(hashtext($1), $2)", LOCK_CLASS, lane)
    return other


def test_two_transactions_writing_at_once_use_different_lanes_and_neither_waits(
    world: World,
) -> None:
    if not is_postgres():  # SQLite runs one writer at a time: one lane
        assert lane_count() == 1
        run(audit.record(SYSTEM, "first", "case", 1))
        assert _lane_of("first") == 0
        return
    assert lane_count() == settings.audit_lanes > 1
    holding, release = threading.Event(), threading.Event()

    async def hold_open() -> None:
        async with write_transaction():
            await audit.record(SYSTEM, "held_open", "case", 1)
            holding.set()
            await asyncio.to_thread(release.wait, 60)

    holder = threading.Thread(target=lambda: run(hold_open()))
    holder.start()
    try:
        assert holding.wait(30)
        # Committed while the other transaction still holds its lane open.
        run(asyncio.wait_for(audit.record(SYSTEM, "meanwhile", "case", 2), 10))
        assert [r["action"] for r in _rows()] == ["meanwhile"]
    finally:
        release.set()
        holder.join(60)
    assert _lane_of("held_open") != _lane_of("meanwhile")
    assert run(audit_verify.verify_chain()).intact


def test_a_lane_another_process_holds_is_passed_over_and_only_a_full_house_waits(
    world: World,
) -> None:
    count = lane_count()
    if not is_postgres():
        run(audit.record(SYSTEM, "passed_over", "case", 1))
        assert count == 1 and _lane_of("passed_over") == 0
        return

    async def scenario() -> tuple[int, bool]:
        mine = first_choice(count)
        other = await _hold_from_elsewhere([mine])
        try:
            await asyncio.wait_for(audit.record(SYSTEM, "passed_over", "case", 1), 10)
        finally:
            await other.close()
        everything = await _hold_from_elsewhere(list(range(count)))
        waiting = asyncio.create_task(audit.record(SYSTEM, "waited", "case", 2))
        await asyncio.sleep(1)
        waited = not waiting.done()
        await everything.close()  # its transaction ends: every lane is free again
        await asyncio.wait_for(waiting, 10)
        return mine, waited

    mine, waited = run(scenario())
    assert _lane_of("passed_over") != mine
    assert waited
    assert run(audit_verify.verify_chain()).intact


def _append(lane: int, count: int) -> None:
    """`count` entries in `lane`, as a writer holding it makes them."""

    async def write() -> None:
        for i in range(count):
            async with write_transaction():
                await hold_lane(lane)
                await audit._append(lane, SYSTEM, "lane_test", "case", lane, f"entry {i}")

    run(write())


def _two_lanes() -> None:
    _append(0, 4)
    _append(3, 5)
    check = run(audit_verify.verify_chain())
    assert check.intact and check.lanes == {0: 4, 3: 5}


def test_each_lane_is_verified_and_reported(world: World) -> None:
    _two_lanes()
    done = vcs_command("audit", "verify")
    assert done.returncode == 0, done.stdout
    assert "Audit trail intact: 9 entries verified." in done.stdout
    assert "Lanes: 2 (lane 0 to entry 4, lane 3 to entry 5)." in done.stdout
    listed = world.get("admin", "/api/v1/audit").json()["items"]
    assert [(e["at"], e["lane"], e["seq"]) for e in listed] == sorted(
        (e["at"], e["lane"], e["seq"]) for e in listed
    )


def test_cutting_off_the_end_of_any_lane_is_found_by_the_checkpoint(world: World) -> None:
    _two_lanes()
    done = vcs_command("audit", "checkpoint")
    assert "9 entries (lane 0 to entry 4, lane 3 to entry 5)" in done.stdout, done.stdout
    with audit_guard_off():
        run(DB.run_ddl("DELETE FROM audit_entry WHERE lane = 3 AND seq > 3"))
    _verify_names(4, "lane 3 ends at entry 3", "recorded entry 5", "cut off", lane=3)
    with audit_guard_off():  # a whole lane gone
        run(DB.run_ddl("DELETE FROM audit_entry WHERE lane = 3"))
    _verify_names(1, "lane 3 ends at entry 0", lane=3)


def test_deleting_renumbering_or_rehashing_in_any_lane_is_named(world: World) -> None:
    _two_lanes()
    with audit_guard_off():
        run(DB.run_ddl("DELETE FROM audit_entry WHERE lane = 3 AND seq = 2"))
    _verify_names(2, "entry 2 of lane 3 is missing: the entries go from 1 to entry 3", lane=3)
    with audit_guard_off():  # the gap closed: the next entry no longer links
        run(DB.run_ddl("UPDATE audit_entry SET seq = -seq WHERE lane = 3 AND seq > 2"))
        run(DB.run_ddl("UPDATE audit_entry SET seq = -seq - 1 WHERE lane = 3 AND seq < 0"))
    _verify_names(2, "does not link to the hash of entry 1", lane=3)
    with audit_guard_off():  # and re-linked: the hash is keyed
        rows = [r for r in _rows() if r["lane"] == 3]
        for before, row in itertools.pairwise(rows):
            run(
                AuditEntry.update({AuditEntry.prev_hash: before["hash"]}).where(
                    AuditEntry.id == row["id"]
                )
            )
    _verify_names(2, "entry 2 of lane 3 does not match its keyed hash", lane=3)


def test_moving_entries_to_another_lane_is_named(world: World) -> None:
    _two_lanes()
    with audit_guard_off():  # a whole lane moved: each chain still links, but lanes are hashed
        run(DB.run_ddl("UPDATE audit_entry SET lane = 7 WHERE lane = 3"))
    _verify_names(
        1, "entry 1 of lane 7 does not match its keyed hash", "moved from another lane", lane=7
    )
    with audit_guard_off():  # lane 0's newest moved onto the end of another lane, re-linked
        run(DB.run_ddl("UPDATE audit_entry SET lane = 3 WHERE lane = 7"))
        head = run(AuditEntry.select().where(AuditEntry.lane == 3).order_by(AuditEntry.seq))[-1]
        run(
            AuditEntry.update(
                {AuditEntry.lane: 3, AuditEntry.seq: 6, AuditEntry.prev_hash: head["hash"]}
            ).where((AuditEntry.lane == 0) & (AuditEntry.seq == 4))
        )
    assert run(audit_verify.verify_chain()).lanes == {0: 3, 3: 5}
    _verify_names(6, "entry 6 of lane 3 does not match its keyed hash", lane=3)


def test_a_single_chain_trail_upgrades_to_lanes_and_still_verifies(
    upgrade_database: str,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
) -> None:
    """A database and checkpoint made by the release before lanes: its entries become lane 0's
    and verify as they are; its checkpoint is still checked; lane 0 goes on from its end."""
    before = _checkout(SINGLE_CHAIN, tmp_path / "single-chain")
    audit_home = {
        "VCS_AUDIT_CHECKPOINTS": str(tmp_path / "checkpoints"),
        "VCS_AUDIT_KEY_FILE": str(tmp_path / "audit.key"),
        "VCS_NEW_USER_PASSWORD": "a long unusual passphrase, kept apart",
    }
    for name in ("robin", "sam"):
        _command(before, upgrade_database, "user", "add", name, "--role", "admin", **audit_home)
    for step in ("deactivate", "reactivate", "deactivate"):
        _command(before, upgrade_database, "user", step, "robin", **audit_home)
    assert "entry 3" in _command(before, upgrade_database, "audit", "checkpoint", **audit_home)

    here = Path(__file__).parents[2]
    _command(here, upgrade_database, "migrate", **audit_home)
    verified = _command(here, upgrade_database, "audit", "verify", **audit_home)
    assert "Audit trail intact: 3 entries verified." in verified
    assert "Lanes: 1 (lane 0 to entry 3)." in verified
    assert "Checkpoints: 1 in" in verified
    _command(here, upgrade_database, "user", "reactivate", "robin", **audit_home)
    assert "4 entries" in _command(here, upgrade_database, "audit", "checkpoint", **audit_home)
    verified = _command(here, upgrade_database, "audit", "verify", **audit_home)
    assert "Audit trail intact: 4 entries verified." in verified
    assert "Checkpoints: 2 in" in verified
