"""The migrations build exactly the schema tables.py declares, and step down and up again."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from valueloop.adapters.db.engine import alembic_config, create_engine, upgrade
from valueloop.adapters.db.note_search import is_search_index
from valueloop.adapters.db.tables import metadata


def _declared(name: str | None, type_: str, parents: object) -> bool:
    # The full-text index (FTS5 tables, a GIN expression index) is migration-only DDL.
    return not is_search_index(name)


def _drift(engine: sa.Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": _declared})
        return list(compare_metadata(context, metadata))


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


def test_upgrading_keeps_every_row_of_tables_the_migrations_rebuild(tmp_path):
    """SQLite rebuilds a table to alter it; rows referring to it must survive (no cascades)."""
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0003")
    stamp = "2026-01-01 00:00:00.000000"
    rows = [
        "INSERT INTO products (id, name, vision, target_market, lifecycle_stage, created_at, "
        "updated_at, version) VALUES (1, 'Old', '', '', 'launch', :t, :t, 1)",
        "INSERT INTO goals (id, product_id, level, title, description, kva, status, created_at, "
        "updated_at, version) VALUES (1, 1, 'strategic', 'Grow', '', 'current_value', 'active', "
        ":t, :t, 1)",
        "INSERT INTO backlog_items (id, product_id, title, description, type, status, rank, "
        "goal_id, created_at, updated_at, version) "
        "VALUES (1, 1, 'SSO', '', 'feature', 'new', 'a0', 1, :t, :t, 1)",
        "INSERT INTO feedback_notes (id, text, source, author, received_on, product_id, "
        "created_at, updated_at, version) VALUES (1, 'Need SSO', 'manual', '', '2026-01-01', 1, "
        ":t, :t, 1)",
        "INSERT INTO feedback_links (id, note_id, item_id, importance, highlight, created_at) "
        "VALUES (1, 1, 1, 2, 'SSO', :t)",
    ]
    with engine.begin() as connection:
        for row in rows:
            connection.execute(sa.text(row), {"t": stamp})

    upgrade(engine)

    with engine.connect() as connection:
        counts = {
            table: connection.execute(
                sa.select(sa.func.count()).select_from(sa.table(table))
            ).scalar_one()
            for table in ("products", "goals", "backlog_items", "feedback_notes", "feedback_links")
        }
        status = connection.execute(sa.text("SELECT status FROM feedback_notes")).scalar_one()
        enforced = connection.execute(sa.text("PRAGMA foreign_keys")).scalar_one()
    assert dict.fromkeys(counts, 1) == counts
    assert ("new", 1) == (status, enforced)
    engine.dispose()


def test_a_webhook_made_before_0005_keeps_its_stored_secret_after_upgrading(tmp_path):
    """0005 made `secret` nullable and added `secret_salt` (a table rebuild on SQLite)."""
    from valueloop.adapters.db.unit_of_work import SqlUnitOfWork
    from valueloop.domain.inbound_hooks import secret_of

    engine = create_engine(f"sqlite:///{tmp_path / 'hooks.db'}")
    upgrade(engine, "0004")
    stamp = "2026-01-01 00:00:00.000000"
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO products (id, name, vision, target_market, lifecycle_stage, "
                "created_at, updated_at, version) VALUES (1, 'Old', '', '', 'launch', :t, :t, 1)"
            ),
            {"t": stamp},
        )
        connection.execute(
            sa.text(
                "INSERT INTO inbound_hooks (id, product_id, name, source, secret, created_at) "
                "VALUES (1, 1, 'Typeform', 'typeform', 'whsec_from-0004', :t)"
            ),
            {"t": stamp},
        )

    upgrade(engine)

    with SqlUnitOfWork(engine) as uow:
        hook = uow.inbound_hooks.require(1)
    assert ("Typeform", "whsec_from-0004", None) == (hook.name, hook.secret, hook.secret_salt)
    assert "whsec_from-0004" == secret_of(hook, "any workspace key")
    engine.dispose()
