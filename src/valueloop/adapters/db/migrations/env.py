"""Alembic environment: runs migrations on the engine the caller hands over."""

from __future__ import annotations

from alembic import context

from valueloop.adapters.db.tables import metadata

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    raw = connection.connection.dbapi_connection
    if sqlite and raw is not None:
        # SQLite alters a table by copying it, dropping the old one and renaming the copy. With
        # foreign keys on, that drop would delete (ON DELETE CASCADE) every row referring to the
        # table, so they are off while migrating (the pragma only works outside a transaction)
        # and checked before the commit.
        raw.execute("PRAGMA foreign_keys=OFF")
    try:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(f"the migration left rows with broken references: {broken}")
        connection.commit()
    finally:
        if sqlite and raw is not None:
            raw.execute("PRAGMA foreign_keys=ON")
