"""A Python API for scripts and notebooks: the same use cases as the REST API, as one user.

    from valueloop.workspace import Workspace

    with Workspace.open("sqlite:///data/valueloop.db", user="priya") as ws:
        product = ws.products.create(name="Relay Helpdesk")
        item = ws.items(product.id).create(title="SLA policies per plan", type="feature")
        note = ws.feedback.record(text="We need SLA policies per plan.", product_id=product.id)
        ws.feedback.link(note.id, item.id, importance=3)

Every call runs one use case in its own transaction with that user's rights, and returns the
domain's frozen dataclasses; errors are `valueloop.domain.errors.DomainError` subclasses. The
sections live in `records` (products, backlog, customers, feedback, decisions, comments, people)
`strategy` (goals, measures, surveys, finance, initiatives, lifecycle, loops, catalogue),
`roadmap` (lanes, releases, dependencies, capacity, story maps) and `discovery` (Opportunity
Solution Trees).
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any, Self

from valueloop.adapters.db.unit_of_work import SqlUnitOfWork
from valueloop.bootstrap import Container, build
from valueloop.domain.audit import AuditEntry
from valueloop.domain.collaboration import RecordType
from valueloop.domain.roles import Principal
from valueloop.services import accounts, audit
from valueloop.settings import Settings
from valueloop.workspace.discovery import Discovery
from valueloop.workspace.imports import Imports
from valueloop.workspace.records import (
    Comments,
    Customers,
    Decisions,
    Feedback,
    Items,
    Notifications,
    Products,
    Users,
)
from valueloop.workspace.roadmap import Roadmap, StoryMaps
from valueloop.workspace.strategy import (
    Catalogue,
    Finance,
    Goals,
    Initiatives,
    Lifecycle,
    Loops,
    Measures,
    Surveys,
)

__all__ = ["Workspace"]


class Workspace:
    """One user's view of a workspace; open it with `Workspace.open(...)` and close it after."""

    def __init__(self, container: Container, user: str) -> None:
        self._container = container
        self.username = user.strip().lower()
        self.actor  # noqa: B018 (fails early, with NotFound, for an unknown user)
        self.products = Products(self)
        self.goals = Goals(self)
        self.measures = Measures(self)
        self.surveys = Surveys(self)
        self.finance = Finance(self)
        self.lifecycle = Lifecycle(self)
        self.loops = Loops(self)
        self.catalogue = Catalogue(self)
        self.customers = Customers(self)
        self.feedback = Feedback(self)
        self.decisions = Decisions(self)
        self.comments = Comments(self)
        self.notifications = Notifications(self)
        self.users = Users(self)
        self.imports = Imports(self)
        self.roadmap = Roadmap(self)
        self.story_maps = StoryMaps(self)
        self.discovery = Discovery(self)

    @classmethod
    def open(
        cls,
        database_url: str | None = None,
        *,
        user: str,
        data_dir: str | Path | None = None,
        migrate: bool = True,
    ) -> Workspace:
        """Open the workspace at `database_url` (or in `data_dir`) acting as `user`.

        Unset arguments come from the environment (VALUELOOP_DATABASE_URL, VALUELOOP_DATA_DIR)
        as for the server; the schema is migrated to the newest revision unless `migrate=False`.
        """
        overrides: dict[str, Any] = {}
        if database_url is not None:
            overrides["database_url"] = database_url
        if data_dir is not None:
            overrides["data_dir"] = Path(data_dir)
        container = build(Settings(**overrides), migrate=migrate)
        try:
            return cls(container, user)
        except BaseException:
            container.close()
            raise

    @property
    def actor(self) -> Principal:
        """The user with their current roles (read afresh, so new memberships count at once)."""
        return accounts.principal_named(self._uow(), self.username)

    def _uow(self) -> SqlUnitOfWork:
        return self._container.uow()

    def items(self, product_id: int) -> Items:
        """The backlog of one product."""
        return Items(self, product_id)

    def initiatives(self, product_id: int) -> Initiatives:
        """The initiatives of one product."""
        return Initiatives(self, product_id)

    def history(self, kind: RecordType | str, record_id: int) -> list[AuditEntry]:
        """Who changed what on a record, newest first."""
        return audit.history(self._uow(), self.actor, RecordType(kind), record_id)

    def close(self) -> None:
        """Release the database connections."""
        self._container.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
