"""Read-only views that a page needs in one transaction: navigation, overviews and discussions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from valueloop.domain import goals
from valueloop.domain.accounts import User
from valueloop.domain.audit import AuditEntry
from valueloop.domain.backlog import BacklogItem, ItemStatus
from valueloop.domain.collaboration import Comment, RecordType
from valueloop.domain.customers import Customer
from valueloop.domain.decisions import Decision
from valueloop.domain.errors import PermissionDenied
from valueloop.domain.feedback import FeedbackLink, FeedbackNote
from valueloop.domain.goals import Goal, GoalStanding, Measure, Observation
from valueloop.domain.products import Product
from valueloop.domain.roles import Action, Principal
from valueloop.services.changes import now
from valueloop.services.records import locate, require_visible
from valueloop.services.unit_of_work import UnitOfWork

_OPEN = [ItemStatus.NEW, ItemStatus.READY, ItemStatus.IN_PROGRESS]


def display_name(user: User) -> str:
    """How a person is shown: their display name, or their username."""
    return user.display_name or user.username


def _names(uow: UnitOfWork, user_ids: Iterable[int | None]) -> dict[int, str]:
    wanted = sorted({i for i in user_ids if i is not None})
    if not wanted:
        return {}
    return {u.id: display_name(u) for u in uow.users.list({"id": wanted}).items}


def _require_member(actor: Principal) -> None:
    if not actor.can(Action.VIEW):
        raise PermissionDenied(f"{actor.username} has no role on any product")


@dataclass(frozen=True, slots=True)
class Navigation:
    """What the top bar shows: the products one may switch to and the unread notifications."""

    products: list[Product]
    unread: int


def navigation(uow: UnitOfWork, actor: Principal, *, limit: int = 100) -> Navigation:
    """The products the actor can see (by name) and how many notifications they have not read."""
    visible = actor.visible_product_ids()
    where = {} if visible is None else {"id": sorted(visible)}
    with uow:
        listed = uow.products.list(where, order_by=("name",), limit=limit).items
        unread = uow.notifications.count({"user_id": actor.user_id, "read_at": None})
    return Navigation(products=listed, unread=unread)


def needs_setup(uow: UnitOfWork) -> bool:
    """True while the workspace has no user at all (the first admin is still to be created)."""
    with uow:
        return uow.users.count() == 0


@dataclass(frozen=True, slots=True)
class ProductOverview:
    """A product with the sizes of its backlog, goals and evidence, and its latest decisions."""

    product: Product
    owner: str | None
    items: int
    open_items: int
    goals: int
    notes: int
    decision_count: int
    decisions: list[Decision]
    goal_tree: list[GoalStanding]
    names: dict[int, str]


def product_overview(
    uow: UnitOfWork, actor: Principal, product_id: int, *, latest: int = 5
) -> ProductOverview:
    """The overview page of one product."""
    with uow:
        product = uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        decisions = uow.decisions.list(
            {"product_id": product_id}, order_by=("-decided_at",), limit=latest
        ).items
        names = _names(uow, [product.owner_id, *(d.decided_by for d in decisions)])
        return ProductOverview(
            product=product,
            owner=names.get(product.owner_id) if product.owner_id is not None else None,
            items=uow.items.count({"product_id": product_id}),
            open_items=uow.items.count({"product_id": product_id, "status": _OPEN}),
            goals=uow.goals.count({"product_id": product_id}),
            notes=uow.notes.count({"product_id": product_id}),
            decision_count=uow.decisions.count({"product_id": product_id}),
            decisions=decisions,
            goal_tree=_standings(uow, product_id),
            names=names,
        )


def _standings(uow: UnitOfWork, product_id: int) -> list[GoalStanding]:
    all_goals = uow.goals.list({"product_id": product_id}).items
    measures = uow.measures.list({"goal_id": [g.id for g in all_goals]}).items if all_goals else []
    latest = uow.observations.latest_by_measure([m.id for m in measures]) if measures else {}
    return goals.standings(all_goals, measures, latest)


def evidence_snapshot(uow: UnitOfWork, actor: Principal, product_id: int) -> dict[str, Any]:
    """The product's goal progress right now, as the JSON a decision keeps as its evidence."""
    with uow:
        product = uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        forest = _standings(uow, product_id)
    rows: list[dict[str, Any]] = []

    def walk(nodes: list[GoalStanding]) -> None:
        for node in nodes:
            rows.append(
                {
                    "goal_id": node.goal.id,
                    "title": node.goal.title,
                    "level": node.goal.level.value,
                    "parent_id": node.goal.parent_id,
                    "progress": _rounded(node.progress),
                    "vanity_risk": node.vanity_risk,
                    "measures": [
                        {
                            "measure_id": s.measure.id,
                            "name": s.measure.name,
                            "kind": s.measure.kind.value,
                            "baseline": s.measure.baseline,
                            "target": s.measure.target,
                            "latest": s.latest,
                            "progress": _rounded(s.progress),
                        }
                        for s in node.measures
                    ],
                }
            )
            walk(node.children)

    walk(forest)
    return {
        "taken_at": now().isoformat(timespec="seconds"),
        "product": {
            "id": product.id,
            "name": product.name,
            "lifecycle_stage": product.lifecycle_stage.value,
        },
        "goals": rows,
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass(frozen=True, slots=True)
class Discussion:
    """The conversation beside a record: comments, its audit trail and whether one watches it."""

    comments: list[Comment]
    history: list[AuditEntry]
    watching: bool
    names: dict[int, str]


def discussion(
    uow: UnitOfWork, actor: Principal, kind: RecordType, record_id: int, *, history: int = 50
) -> Discussion:
    """Comments (oldest first), the latest history entries (newest first) and the watch state."""
    with uow:
        _, product_id = locate(uow, kind, record_id)
        require_visible(actor, product_id, kind.value, record_id)
        comments = uow.comments.list(
            {"record_type": kind.value, "record_id": record_id}, order_by=("created_at",)
        ).items
        trail = uow.audit.list(
            {"record_type": kind.value, "record_id": record_id}, order_by=("-id",), limit=history
        ).items
        watching = uow.watches.is_watching(actor.user_id, kind.value, record_id)
        names = _names(uow, [*(c.author_id for c in comments), *(e.actor_id for e in trail)])
    return Discussion(comments=comments, history=trail, watching=watching, names=names)


def user_names(uow: UnitOfWork, actor: Principal, user_ids: Iterable[int | None]) -> dict[int, str]:
    """Display names of the given users (for owners, authors and deciders shown on a page)."""
    _require_member(actor)
    with uow:
        return _names(uow, user_ids)


def customer_names(
    uow: UnitOfWork, actor: Principal, customer_ids: Iterable[int | None]
) -> dict[int, str]:
    """Names of the given customers (for feedback lists)."""
    _require_member(actor)
    wanted = sorted({i for i in customer_ids if i is not None})
    if not wanted:
        return {}
    with uow:
        return {c.id: c.name for c in uow.customers.list({"id": wanted}).items}


@dataclass(frozen=True, slots=True)
class CustomerFacets:
    """The segments and plans in use, for filter menus."""

    segments: list[str]
    plans: list[str]


def customer_facets(uow: UnitOfWork, actor: Principal) -> CustomerFacets:
    """Distinct non-empty segments and plans across all customers, sorted."""
    _require_member(actor)
    with uow:
        rows = uow.customers.list().items
    return CustomerFacets(
        segments=sorted({c.segment for c in rows if c.segment}),
        plans=sorted({c.plan for c in rows if c.plan}),
    )


@dataclass(frozen=True, slots=True)
class MeasureDetail:
    """A measure with its goal, product, every observation and its current standing."""

    measure: Measure
    goal: Goal
    product: Product
    observations: list[Observation]
    latest: float | None
    progress: float | None


def measure_detail(uow: UnitOfWork, actor: Principal, measure_id: int) -> MeasureDetail:
    """The measure page: observations in date order and progress from baseline to target."""
    with uow:
        measure = uow.measures.require(measure_id)
        goal = uow.goals.require(measure.goal_id)
        require_visible(actor, goal.product_id, "measure", measure_id)
        product = uow.products.require(goal.product_id)
        observations = uow.observations.list(
            {"measure_id": measure_id}, order_by=("observed_on", "id")
        ).items
    latest = goals.latest_value(observations)
    return MeasureDetail(
        measure=measure,
        goal=goal,
        product=product,
        observations=observations,
        latest=latest,
        progress=goals.progress_of(measure, latest),
    )


@dataclass(frozen=True, slots=True)
class LinkedItem:
    """A note's link seen from the note's side: the link and the item it is evidence for."""

    link: FeedbackLink
    item: BacklogItem


@dataclass(frozen=True, slots=True)
class NoteDetail:
    """A note with its customer, its product and the items it is linked to."""

    note: FeedbackNote
    customer: Customer | None
    product: Product | None
    links: list[LinkedItem]
    names: dict[int, str]


def note_detail(uow: UnitOfWork, actor: Principal, note_id: int) -> NoteDetail:
    """The note page; links to items of products the actor cannot see are left out."""
    with uow:
        note = uow.notes.require(note_id)
        require_visible(actor, note.product_id, "feedback note", note_id)
        customer = uow.customers.get(note.customer_id) if note.customer_id is not None else None
        product = uow.products.get(note.product_id) if note.product_id is not None else None
        links = uow.links.list({"note_id": note_id}, order_by=("id",)).items
        items = (
            {i.id: i for i in uow.items.list({"id": [lk.item_id for lk in links]}).items}
            if links
            else {}
        )
        names = _names(uow, [note.created_by, *(lk.created_by for lk in links)])
    return NoteDetail(
        note=note,
        customer=customer,
        product=product,
        links=[
            LinkedItem(lk, items[lk.item_id])
            for lk in links
            if lk.item_id in items and actor.can(Action.VIEW, items[lk.item_id].product_id)
        ],
        names=names,
    )


@dataclass(frozen=True, slots=True)
class ItemContext:
    """What an item page shows around the item: its product, goal choices and people."""

    item: BacklogItem
    product: Product
    goals: list[Goal]
    people: list[User]
    names: dict[int, str]


def item_context(uow: UnitOfWork, actor: Principal, item_id: int) -> ItemContext:
    """The item with its product, the product's goals and the people who can own it."""
    with uow:
        item = uow.items.require(item_id)
        require_visible(actor, item.product_id, "backlog item", item_id)
        product = uow.products.require(item.product_id)
        product_goals = uow.goals.list({"product_id": item.product_id}, order_by=("title",)).items
        members = {m.user_id for m in uow.memberships.list({"product_id": item.product_id}).items}
        if item.owner_id is not None:
            members.add(item.owner_id)
        people = (
            uow.users.list({"id": sorted(members)}, order_by=("username",)).items if members else []
        )
    return ItemContext(
        item=item,
        product=product,
        goals=product_goals,
        people=people,
        names={u.id: display_name(u) for u in people},
    )
