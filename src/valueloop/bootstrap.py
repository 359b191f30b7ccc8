"""Composition root: settings → engine → unit of work → application."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from valueloop.adapters.db.engine import create_engine, upgrade
from valueloop.adapters.db.unit_of_work import SqlUnitOfWork
from valueloop.settings import Settings


@dataclass
class Container:
    """What the entry points share: settings, the engine, and a unit-of-work factory."""

    settings: Settings
    engine: sa.Engine

    def uow(self) -> SqlUnitOfWork:
        """A fresh unit of work; each use case opens and closes its own."""
        return SqlUnitOfWork(self.engine)

    def close(self) -> None:
        self.engine.dispose()


def build(settings: Settings | None = None, *, migrate: bool = True) -> Container:
    """Wire the application for `settings` (read from the environment by default)."""
    settings = settings or Settings()
    engine = create_engine(settings.resolved_database_url())
    if migrate:
        upgrade(engine)
    return Container(settings=settings, engine=engine)
