"""Search by name within a unit: each case's folded victim's and offender's names, held once
under the unit that searches them, so a search reads one unit's names rather than the country's.

PostgreSQL only (SQLite keeps its FTS5 `search_name` table). `search_case_name` holds, for each
case, the victim's and the offender's names folded (`vcs_fold`, computed once when written,
never while searching), twice: under the case's Victim Liaison Unit (`referred` false) and under
the Witness Care Unit that referred it (`referred` true). `search_unit_name` holds each unit's
distinct names with how many rows hold them, and a GIN index over the unit and the name's
trigrams (through `btree_gin`), so a search compares the query with one unit's names, each name
once however many cases share it, then reads those names' cases from a btree index. Triggers
keep both in step: a case created, moved to another unit or given another victim, offender or
referral; a victim or offender renamed; a referral's referring unit changed; a case deleted (a
name no case holds any longer leaves `search_unit_name`). Rows already held are copied in. The
national trigram indexes on `victim` and `offender` are dropped: nothing reads them now.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-12-06T15:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "search names within the searcher's unit"

# Every row the search table should hold, from the cases, their victims, offenders and referrals.
SOURCE = """
CREATE OR REPLACE VIEW search_case_name_source AS
SELECT c.id AS case_id, s.unit, s.referred, n.kind, n.ref, vcs_fold(n.name) AS name
FROM vcs_case c
JOIN referral r ON r.id = c.referral
CROSS JOIN LATERAL (VALUES (c.unit, false), (r.referring_unit, true)) AS s (unit, referred)
CROSS JOIN LATERAL (
    SELECT 'v'::char AS kind, v.id AS ref, v.name FROM victim v WHERE v.id = c.victim
    UNION ALL
    SELECT 'o'::char, o.id, o.name FROM offender o WHERE o.id = c.offender
) AS n
WHERE s.unit IS NOT NULL
"""

# Each unit's distinct names with how many of its rows hold them, kept by statement triggers on
# `search_case_name` (`added` and `gone` are the rows each statement wrote and removed).
_COUNT = """
CREATE OR REPLACE FUNCTION search_unit_name_%(what)s() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    %(body)s
    RETURN NULL;
END $$
"""
_ADD = """
INSERT INTO search_unit_name AS u (unit, referred, kind, name, cases)
SELECT unit, referred, kind, name, count(*) FROM added
GROUP BY unit, referred, kind, name ORDER BY unit, referred, kind, name
ON CONFLICT (unit, referred, kind, name) DO UPDATE SET cases = u.cases + EXCLUDED.cases;
"""
_DROP = """
UPDATE search_unit_name u SET cases = u.cases - g.cases
FROM (SELECT unit, referred, kind, name, count(*) AS cases FROM gone
      GROUP BY unit, referred, kind, name) AS g
WHERE (u.unit, u.referred, u.kind, u.name) = (g.unit, g.referred, g.kind, g.name);
DELETE FROM search_unit_name u USING gone g
WHERE (u.unit, u.referred, u.kind, u.name) = (g.unit, g.referred, g.kind, g.name)
  AND u.cases <= 0;
"""


def _counted(event: str, function: str, tables: str) -> tuple[str, str]:
    name = f"search_unit_name_{event.lower()}_{function}"
    return (
        f"DROP TRIGGER IF EXISTS {name} ON search_case_name",
        f"CREATE TRIGGER {name} AFTER {event} ON search_case_name REFERENCING {tables}"
        f" FOR EACH STATEMENT EXECUTE FUNCTION search_unit_name_{function}()",
    )


POSTGRES = (
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    """CREATE TABLE IF NOT EXISTS search_case_name (
        case_id integer NOT NULL REFERENCES vcs_case (id) ON DELETE CASCADE,
        unit integer NOT NULL,
        referred boolean NOT NULL,
        kind char(1) NOT NULL CHECK (kind IN ('v', 'o')),
        ref integer NOT NULL,
        name text NOT NULL,
        PRIMARY KEY (case_id, kind, referred)
    )""",
    """CREATE TABLE IF NOT EXISTS search_unit_name (
        unit integer NOT NULL,
        referred boolean NOT NULL,
        kind char(1) NOT NULL,
        name text NOT NULL,
        cases integer NOT NULL,
        PRIMARY KEY (unit, referred, kind, name)
    )""",
    SOURCE,
    _COUNT % {"what": "add", "body": _ADD},
    _COUNT % {"what": "drop", "body": _DROP},
    *_counted("INSERT", "add", "NEW TABLE AS added"),
    *_counted("UPDATE", "add", "NEW TABLE AS added"),
    *_counted("UPDATE", "drop", "OLD TABLE AS gone"),
    *_counted("DELETE", "drop", "OLD TABLE AS gone"),
    # A case's rows made again from what it now holds.
    """CREATE OR REPLACE FUNCTION search_case_name_fill(wanted integer) RETURNS void
    LANGUAGE sql AS $$
        DELETE FROM search_case_name WHERE case_id = wanted;
        INSERT INTO search_case_name (case_id, unit, referred, kind, ref, name)
        SELECT case_id, unit, referred, kind, ref, name
        FROM search_case_name_source WHERE case_id = wanted;
    $$""",
    """CREATE OR REPLACE FUNCTION search_case_name_case() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM search_case_name_fill(NEW.id);
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE FUNCTION search_case_name_referral() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM search_case_name_fill(c.id) FROM vcs_case c WHERE c.referral = NEW.id;
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE FUNCTION search_case_name_rename() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_case_name SET name = vcs_fold(NEW.name)
        WHERE kind = TG_ARGV[0] AND ref = NEW.id;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS search_case_name_insert ON vcs_case",
    """CREATE TRIGGER search_case_name_insert AFTER INSERT ON vcs_case
    FOR EACH ROW EXECUTE FUNCTION search_case_name_case()""",
    "DROP TRIGGER IF EXISTS search_case_name_move ON vcs_case",
    """CREATE TRIGGER search_case_name_move AFTER UPDATE ON vcs_case FOR EACH ROW
    WHEN (OLD.unit IS DISTINCT FROM NEW.unit OR OLD.victim IS DISTINCT FROM NEW.victim
          OR OLD.offender IS DISTINCT FROM NEW.offender
          OR OLD.referral IS DISTINCT FROM NEW.referral)
    EXECUTE FUNCTION search_case_name_case()""",
    "DROP TRIGGER IF EXISTS search_case_name_referrer ON referral",
    """CREATE TRIGGER search_case_name_referrer AFTER UPDATE ON referral FOR EACH ROW
    WHEN (OLD.referring_unit IS DISTINCT FROM NEW.referring_unit)
    EXECUTE FUNCTION search_case_name_referral()""",
    "DROP TRIGGER IF EXISTS search_case_name_victim ON victim",
    """CREATE TRIGGER search_case_name_victim AFTER UPDATE ON victim FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION search_case_name_rename('v')""",
    "DROP TRIGGER IF EXISTS search_case_name_offender ON offender",
    """CREATE TRIGGER search_case_name_offender AFTER UPDATE ON offender FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION search_case_name_rename('o')""",
    # The rows already held (counted into `search_unit_name` by its trigger), then the indexes
    # (built once, faster than row by row).
    "INSERT INTO search_case_name (case_id, unit, referred, kind, ref, name)"
    " SELECT case_id, unit, referred, kind, ref, name FROM search_case_name_source"
    " ON CONFLICT DO NOTHING",
    "CREATE INDEX IF NOT EXISTS ix_search_case_name_ref ON search_case_name (kind, ref)",
    "CREATE INDEX IF NOT EXISTS ix_search_case_name_find"
    " ON search_case_name (unit, referred, kind, name, case_id) INCLUDE (ref)",
    "CREATE INDEX IF NOT EXISTS ix_search_unit_name_trgm"
    " ON search_unit_name USING gin (unit, name gin_trgm_ops)",
    "DROP INDEX IF EXISTS ix_victim_name_trgm",
    "DROP INDEX IF EXISTS ix_offender_name_trgm",
    "ANALYZE search_case_name",
    "ANALYZE search_unit_name",
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="vcs", description=DESCRIPTION)

    async def create_search() -> None:
        engine = engine_finder()
        if not isinstance(engine, PostgresEngine):
            return
        for statement in POSTGRES:
            await engine.run_ddl(statement)

    manager.add_raw(create_search)
    return manager
