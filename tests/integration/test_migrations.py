"""The migrations build exactly the schema tables.py declares, and step down and up again."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from valueloop.adapters.db.engine import alembic_config, create_engine, upgrade
from valueloop.adapters.db.tables import metadata


def _drift(engine: sa.Engine) -> list[object]:
    with engine.connect() as connection:
        return list(compare_metadata(MigrationContext.configure(connection), metadata))


def test_migrated_schema_matches_the_declared_tables(any_container):
    assert _drift(any_container.engine) == []


def test_the_latest_migration_steps_down_and_up_again(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'steps.db'}")
    upgrade(engine)
    command.downgrade(alembic_config(engine), "-1")
    assert _drift(engine) != []
    upgrade(engine)
    assert _drift(engine) == []
    engine.dispose()
