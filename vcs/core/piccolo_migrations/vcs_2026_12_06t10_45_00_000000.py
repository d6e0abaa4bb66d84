"""Search by name: victims and offenders found by a misspelt or partial name.

PostgreSQL: the `pg_trgm` extension, a `vcs_fold(text)` function (lower case, accents off, see
`vcs.core.folding`) and a GIN trigram index on each folded name, so a fuzzy search reads the
index rather than every row. SQLite: an FTS5 table of folded names with the trigram tokenizer
(victims as rowid 2 * id, offenders as 2 * id + 1), kept in step by triggers and filled from the
rows already held.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

from vcs.core.folding import postgres_fold, sqlite_fold

ID = "2026-12-06T10:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "search victims and offenders by name"

POSTGRES = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE OR REPLACE FUNCTION vcs_fold(name text) RETURNS text"
    f" LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT {postgres_fold('name')} $$",
    "CREATE INDEX IF NOT EXISTS ix_victim_name_trgm ON victim USING gin (vcs_fold(name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_offender_name_trgm"
    " ON offender USING gin (vcs_fold(name) gin_trgm_ops)",
)


def _sqlite() -> list[str]:
    statements = [
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_name"
        " USING fts5(name, kind UNINDEXED, ref UNINDEXED, tokenize = 'trigram')"
    ]
    for table, kind, offset in (("victim", "v", 0), ("offender", "o", 1)):
        row = f"2 * NEW.id + {offset}"
        insert = (
            "INSERT INTO search_name (rowid, name, kind, ref)"
            f" VALUES ({row}, NEW.name, '{kind}', NEW.id);"
            + "".join(
                f" UPDATE search_name SET name = {step} WHERE rowid = {row};"
                for step in sqlite_fold("name")
            )
        )
        delete = f"DELETE FROM search_name WHERE rowid = 2 * OLD.id + {offset};"
        statements += [
            f"CREATE TRIGGER IF NOT EXISTS {table}_search_insert AFTER INSERT ON {table}"
            f" BEGIN {insert} END",
            f"CREATE TRIGGER IF NOT EXISTS {table}_search_update AFTER UPDATE OF name ON {table}"
            f" BEGIN {delete} {insert} END",
            f"CREATE TRIGGER IF NOT EXISTS {table}_search_delete AFTER DELETE ON {table}"
            f" BEGIN {delete} END",
            "INSERT INTO search_name (rowid, name, kind, ref)"
            f" SELECT 2 * id + {offset}, name, '{kind}', id FROM {table}",
        ]
    statements += [f"UPDATE search_name SET name = {step}" for step in sqlite_fold("name")]
    return statements


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="vcs", description=DESCRIPTION)

    async def create_search() -> None:
        engine = engine_finder()
        statements = POSTGRES if isinstance(engine, PostgresEngine) else _sqlite()
        for statement in statements:
            await engine.run_ddl(statement)

    manager.add_raw(create_search)
    return manager
