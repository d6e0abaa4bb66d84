from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T10:45:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "A unit's name in Welsh, for the letterhead of Welsh letters"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="vcs", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="Unit",
        tablename="unit",
        column_name="welsh_name",
        db_column_name="welsh_name",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 200,
            "default": "",
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
