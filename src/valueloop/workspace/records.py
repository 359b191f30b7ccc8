"""The Python API for products, backlogs, customers, feedback, decisions, comments and people."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

from valueloop.domain.accounts import User
from valueloop.domain.backlog import BacklogItem
from valueloop.domain.collaboration import Comment, Notification, RecordType
from valueloop.domain.customers import Customer
from valueloop.domain.decisions import Decision
from valueloop.domain.feedback import Demand, FeedbackLink, FeedbackNote
from valueloop.domain.products import Product
from valueloop.domain.roles import Role
from valueloop.services import (
    accounts,
    backlog,
    collaboration,
    customers,
    decisions,
    feedback,
    products,
)
from valueloop.services.feedback import LinkedNote
from valueloop.workspace.section import Section, given

if TYPE_CHECKING:
    from valueloop.workspace import Workspace


class Products(Section):
    def list(self, *, search: str = "") -> builtins.list[Product]:
        """Products this user can see, by name."""
        return products.list_products(*self._call(), search=search).items

    def get(self, product_id: int) -> Product:
        return products.get_product(*self._call(), product_id)

    def find(self, ref: str | int) -> Product:
        """The product with this id or name (any case) among those this user can see."""
        return products.find_product(*self._call(), ref)

    def create(self, **fields: object) -> Product:
        """Create a product (name, vision, target_market, lifecycle_stage, owner_id)."""
        return products.create_product(*self._call(), fields)

    def update(self, product_id: int, *, version: int | None = None, **changes: object) -> Product:
        """Change fields; with `version`, refused (Conflict) if someone changed it since."""
        return products.update_product(*self._call(), product_id, version, changes)

    def members(self, product_id: int) -> builtins.list[tuple[User, Role]]:
        return accounts.list_members(*self._call(), product_id)

    def set_role(self, product_id: int, username: str, role: Role | str | None) -> None:
        """Give a user a role on the product, change it, or remove them (None)."""
        accounts.set_role(*self._call(), product_id, username, Role(role) if role else None)


class Items(Section):
    def __init__(self, workspace: Workspace, product_id: int) -> None:
        super().__init__(workspace)
        self.product_id = product_id

    def list(
        self,
        *,
        status: str | None = None,
        type: str | None = None,
        goal_id: int | None = None,
        search: str = "",
        sort: str = "rank",
        limit: int | None = None,
        offset: int = 0,
    ) -> builtins.list[BacklogItem]:
        """The backlog in rank order (or `sort`, e.g. "-updated_at"), filtered."""
        where = given(status=status, type=type, goal_id=goal_id)
        return backlog.list_items(
            *self._call(),
            self.product_id,
            where=where,
            search=search,
            sort=sort,
            limit=limit,
            offset=offset,
        ).items

    def get(self, item_id: int) -> BacklogItem:
        return backlog.get_item(*self._call(), item_id)

    def create(self, **fields: object) -> BacklogItem:
        """Add an item at the bottom (title, description, type, status, estimate, owner_id, …)."""
        return backlog.create_item(*self._call(), self.product_id, fields)

    def update(self, item_id: int, *, version: int | None = None, **changes: object) -> BacklogItem:
        return backlog.update_item(*self._call(), item_id, version, changes)

    def move(
        self, item_id: int, *, after_id: int | None = None, before_id: int | None = None
    ) -> BacklogItem:
        """Place the item right after `after_id`, right before `before_id`, or at the top."""
        return backlog.move_item(*self._call(), item_id, after_id=after_id, before_id=before_id)

    def delete(self, item_id: int, *, version: int | None = None) -> None:
        backlog.delete_item(*self._call(), item_id, version)

    def evidence(self, item_id: int) -> tuple[Demand, builtins.list[LinkedNote]]:
        """The item's demand roll-up and the linked notes behind it."""
        return feedback.item_evidence(*self._call(), item_id)

    def demand(self, item_ids: builtins.list[int] | None = None) -> dict[int, Demand]:
        """Demand per item (every item of the backlog by default)."""
        ids = item_ids if item_ids is not None else [i.id for i in self.list()]
        return feedback.demand_for_items(*self._call(), self.product_id, ids)


class Customers(Section):
    def list(
        self,
        *,
        segment: str | None = None,
        plan: str | None = None,
        status: str | None = None,
        search: str = "",
        sort: str = "name",
        limit: int | None = None,
        offset: int = 0,
    ) -> builtins.list[Customer]:
        where = given(segment=segment, plan=plan, status=status)
        return customers.list_customers(
            *self._call(), where=where, search=search, sort=sort, limit=limit, offset=offset
        ).items

    def get(self, customer_id: int) -> Customer:
        return customers.get_customer(*self._call(), customer_id)

    def create(self, **fields: object) -> Customer:
        """Add a customer (name, segment, plan, arr, status, domain, external_id)."""
        return customers.create_customer(*self._call(), fields)

    def update(
        self, customer_id: int, *, version: int | None = None, **changes: object
    ) -> Customer:
        return customers.update_customer(*self._call(), customer_id, version, changes)


class Feedback(Section):
    def list(
        self,
        *,
        product_id: int | None = None,
        customer_id: int | None = None,
        source: str | None = None,
        search: str = "",
        sort: str = "-received_on",
        limit: int | None = None,
        offset: int = 0,
    ) -> builtins.list[FeedbackNote]:
        """Notes this user can see, newest first."""
        where = given(product_id=product_id, customer_id=customer_id, source=source)
        return feedback.list_notes(
            *self._call(), where=where, search=search, sort=sort, limit=limit, offset=offset
        ).items

    def get(self, note_id: int) -> FeedbackNote:
        return feedback.get_note(*self._call(), note_id)

    def record(self, text: str, **fields: object) -> FeedbackNote:
        """Record a note (source, customer_id, author, received_on, external_id, product_id)."""
        return feedback.record_note(*self._call(), {"text": text, **fields})

    def update(
        self, note_id: int, *, version: int | None = None, **changes: object
    ) -> FeedbackNote:
        return feedback.update_note(*self._call(), note_id, version, changes)

    def link(
        self, note_id: int, item_id: int, importance: int, *, highlight: str = ""
    ) -> FeedbackLink:
        """Link a note (or a passage of it) to a backlog item with an importance 0–3."""
        return feedback.link_note(*self._call(), note_id, item_id, importance, highlight)

    def unlink(self, link_id: int) -> None:
        feedback.unlink(*self._call(), link_id)

    def links(self, note_id: int) -> builtins.list[FeedbackLink]:
        return feedback.note_links(*self._call(), note_id)


class Decisions(Section):
    def list(self, product_id: int, *, search: str = "") -> builtins.list[Decision]:
        """A product's decisions, newest first."""
        return decisions.list_decisions(*self._call(), product_id, search=search).items

    def get(self, decision_id: int) -> Decision:
        return decisions.get_decision(*self._call(), decision_id)

    def record(self, product_id: int, **fields: object) -> Decision:
        """Log a decision (title, decision, options, rationale, evidence, record_type/id)."""
        return decisions.record_decision(*self._call(), product_id, fields)


class Comments(Section):
    def add(self, kind: RecordType | str, record_id: int, body: str) -> Comment:
        """Comment on a record; @mentions notify the people named."""
        return collaboration.add_comment(*self._call(), RecordType(kind), record_id, body)

    def list(self, kind: RecordType | str, record_id: int) -> builtins.list[Comment]:
        return collaboration.list_comments(*self._call(), RecordType(kind), record_id)

    def watch(self, kind: RecordType | str, record_id: int, watching: bool = True) -> bool:
        """Start (or stop) watching a record's changes and comments."""
        return collaboration.set_watching(*self._call(), RecordType(kind), record_id, watching)


class Notifications(Section):
    def list(self, *, unread_only: bool = False, limit: int = 50) -> builtins.list[Notification]:
        """This user's notifications, newest first."""
        uow, actor = self._call()
        return collaboration.list_notifications(
            uow, actor, unread_only=unread_only, limit=limit
        ).items

    def unread(self) -> int:
        return collaboration.unread_count(*self._call())

    def mark_read(self, ids: builtins.list[int] | None = None) -> int:
        """Mark some (default: all) notifications read; returns how many changed."""
        return collaboration.mark_read(*self._call(), ids)


class Users(Section):
    def list(self) -> builtins.list[User]:
        return accounts.list_users(*self._call())

    def add(
        self,
        username: str,
        password: str,
        *,
        admin: bool = False,
        email: str = "",
        display_name: str = "",
    ) -> User:
        """Add a user (admins only)."""
        return accounts.add_user(
            *self._call(),
            username,
            password,
            email=email,
            display_name=display_name,
            is_admin=admin,
        )
