"""Fixtures: migrated databases (SQLite always, PostgreSQL when configured) and app factories."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from valueloop.adapters.db.engine import create_engine, upgrade
from valueloop.adapters.db.tables import metadata
from valueloop.bootstrap import Container
from valueloop.settings import Settings

POSTGRES_URL = os.environ.get("VALUELOOP_TEST_POSTGRES_URL")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies, so migrations run once per session."""
    path = tmp_path_factory.mktemp("template") / "valueloop.db"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this session, dropped at the end."""
    if not POSTGRES_URL:
        pytest.skip("VALUELOOP_TEST_POSTGRES_URL is not set")
    name = f"vl_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.engine.make_url(admin.url).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def _truncate_postgres(url: str) -> None:
    engine = create_engine(url)
    names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    engine.dispose()


def make_container(url: str, data_dir: Path) -> Container:
    settings = Settings(data_dir=data_dir, database_url=url, secret_key="test-secret-key")
    return Container(settings=settings, engine=create_engine(url))


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    path = tmp_path / "valueloop.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def postgres_url(postgres_database: str) -> str:
    _truncate_postgres(postgres_database)
    return postgres_database


@pytest.fixture
def container(tmp_path: Path, sqlite_url: str) -> Iterator[Container]:
    """A container on a fresh SQLite workspace."""
    built = make_container(sqlite_url, tmp_path)
    yield built
    built.close()


@pytest.fixture(params=["sqlite", "postgres"])
def any_container(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Container]:
    """The same test on a fresh SQLite and a fresh PostgreSQL workspace (the contract suite)."""
    url = request.getfixturevalue(f"{request.param}_url")
    built = make_container(url, tmp_path)
    yield built
    built.close()
