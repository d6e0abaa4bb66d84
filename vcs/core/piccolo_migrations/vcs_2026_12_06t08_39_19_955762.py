from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import BigInt
from piccolo.columns.column_types import Integer
from piccolo.columns.column_types import Serial
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T08:39:19:955762"
VERSION = "1.38.0"
DESCRIPTION = "Sending slots shared by the Notify workers"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="vcs", description=DESCRIPTION
    )

    manager.add_table(
        class_name="NotifySendingSlot",
        tablename="notify_sending_slot",
        schema=None,
        columns=None,
    )

    manager.add_column(
        table_class_name="NotifySendingSlot",
        tablename="notify_sending_slot",
        column_name="id",
        db_column_name="id",
        column_class_name="Serial",
        column_class=Serial,
        params={
            "null": False,
            "primary_key": True,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="NotifySendingSlot",
        tablename="notify_sending_slot",
        column_name="tick",
        db_column_name="tick",
        column_class_name="BigInt",
        column_class=BigInt,
        params={
            "default": 0,
            "null": False,
            "primary_key": False,
            "unique": True,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="NotifySendingSlot",
        tablename="notify_sending_slot",
        column_name="used",
        db_column_name="used",
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
