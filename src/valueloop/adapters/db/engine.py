"""Engines for SQLite (WAL, foreign keys on) and PostgreSQL, and the migration runner."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).parent / "migrations"


def create_engine(url: str, **kwargs: Any) -> sa.Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys and a busy timeout on every connection."""
    if url.startswith("sqlite"):
        database = sa.engine.make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return sa.create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling is turned off so that BEGIN is ours (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    sqlite_math_fallbacks(dbapi_connection)


def sqlite_math_fallbacks(dbapi_connection: Any) -> None:
    """Give SQLite `ln` and `power` (evidence roll-ups use them) where it was built without its
    math functions: before 3.35, or compiled without them."""
    try:
        dbapi_connection.execute("SELECT ln(1), power(2, 2)")
    except sqlite3.OperationalError:
        dbapi_connection.create_function("ln", 1, _ln, deterministic=True)
        dbapi_connection.create_function("power", 2, _power, deterministic=True)


def _ln(x: float | None) -> float | None:
    return None if x is None or x <= 0 else math.log(x)


def _power(x: float | None, y: float | None) -> float | None:
    return None if x is None or y is None else float(x) ** float(y)


def _sqlite_begin(connection: sa.Connection) -> None:
    # A plain BEGIN plus busy_timeout lets WAL readers run while writers queue;
    # pysqlite no longer issues BEGIN itself (isolation_level=None), so we do.
    connection.exec_driver_sql("BEGIN")


def alembic_config(engine: sa.Engine) -> Config:
    """An alembic configuration pointing at the packaged migrations and this engine."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` (the latest by default)."""
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: sa.Engine) -> str | None:
    """The schema revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: sa.Engine) -> str | None:
    """The newest revision the packaged migrations know."""
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
