"""The single Piccolo app holding every table of the service."""

from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="vcs",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=table_finder(
        modules=[
            "vcs.core.tables",
            "vcs.access.tables",
            "vcs.referrals.tables",
            "vcs.casework.tables",
            "vcs.correspondence.tables",
            "vcs.conditions.tables",
            "vcs.sentence.tables",
            "vcs.mappa.tables",
            "vcs.notifications.tables",
            "vcs.events.tables",
        ],
        exclude_imported=True,
    ),
    migration_dependencies=[],
    commands=[],
)
