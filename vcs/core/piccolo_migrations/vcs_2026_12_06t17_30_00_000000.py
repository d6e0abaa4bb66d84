"""Each audit entry's lane (0 for the entries already held): see the next migration."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T17:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "the audit trail in lanes: each entry's lane"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="vcs", description=DESCRIPTION)

    manager.add_column(
        table_class_name="AuditEntry",
        tablename="audit_entry",
        column_name="lane",
        db_column_name="lane",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": 0,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
