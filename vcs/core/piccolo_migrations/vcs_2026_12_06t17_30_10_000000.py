"""The audit trail in lanes: several chains, each numbered 1, 2, 3... without gaps, so that
transactions writing at once need not queue behind one another for the one chain.

Entries already held become lane 0's, keeping their numbers and hashes; lane 0's next entry
chains to the last of them. The numbers become unique within a lane rather than across the
trail, and the administrator's list (oldest first, then by lane and number) gets an index.
No entry changes, so the append-only guard stays on throughout. (If lane 0 ends with entries
made before the service had an audit key, the service's first entry after starting binds them:
`vcs.access.audit.bind_unkeyed_entries`.)
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T17:30:10:000000"
VERSION = "1.38.0"
DESCRIPTION = "the audit trail in lanes: numbers unique within a lane"

INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS audit_entry_lane_seq_unique ON audit_entry (lane, seq)",
    "DROP INDEX IF EXISTS audit_entry_seq_unique",
    "CREATE INDEX IF NOT EXISTS ix_audit_entry_listed ON audit_entry (at, lane, seq)",
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="vcs", description=DESCRIPTION)

    async def lanes_unique() -> None:
        engine = engine_finder()
        for statement in INDEXES:
            await engine.run_ddl(statement)

    manager.add_raw(lanes_unique)
    return manager
