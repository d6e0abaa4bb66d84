"""Number the audit entries already held 1, 2, 3... in the order they were made, make the numbers
unique, and record the number from which entries are hashed with the audit key.

Entries made by the previous release keep their plain SHA-256 chain, which `vcs audit verify`
checks as it was made; entries from `audit_keyed_from` on are keyed (HMAC-SHA256 under the audit
key), and the first of them binds the old chain's last hash under the key. On a new database no
entry is held, so every entry is keyed. On PostgreSQL the append-only trigger is dropped for the
numbering; `vcs migrate` creates it again straight after the migrations.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-12-06T03:44:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "number the audit entries held and record where keyed hashing starts"

NUMBER = """
UPDATE audit_entry SET seq = numbered.n
FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM audit_entry) AS numbered
WHERE audit_entry.id = numbered.id
"""
UNIQUE = "CREATE UNIQUE INDEX IF NOT EXISTS audit_entry_seq_unique ON audit_entry (seq)"
KEYED_FROM = """
INSERT INTO setting (key, value)
SELECT 'audit_keyed_from', CAST(COUNT(*) + 1 AS TEXT) FROM audit_entry
"""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="vcs", description=DESCRIPTION)

    async def number_entries() -> None:
        engine = engine_finder()
        if isinstance(engine, PostgresEngine):
            await engine.run_ddl("DROP TRIGGER IF EXISTS audit_entry_no_change ON audit_entry")
        await engine.run_ddl(NUMBER)
        await engine.run_ddl(UNIQUE)
        await engine.run_ddl(KEYED_FROM)

    manager.add_raw(number_entries)
    return manager
