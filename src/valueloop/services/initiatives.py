"""Use cases for initiatives and the backlog items they contain."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from valueloop.domain import initiatives, lifecycle
from valueloop.domain.accounts import User
from valueloop.domain.backlog import BacklogItem, ItemStatus
from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import Conflict, ValidationFailed
from valueloop.domain.goals import Goal
from valueloop.domain.initiatives import Initiative, Progress
from valueloop.domain.lifecycle import GateCheck
from valueloop.domain.products import Product
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
from valueloop.services.overview import display_name
from valueloop.services.records import check_goal_and_owner, require_visible
from valueloop.services.unit_of_work import Page, UnitOfWork


@dataclass(frozen=True, slots=True)
class InitiativeStanding:
    initiative: Initiative
    item_ids: list[int]
    progress: Progress


def create_initiative(
    uow: UnitOfWork, actor: Principal, product_id: int, fields: Mapping[str, object]
) -> Initiative:
    values = initiatives.validate(fields, creating=True)
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.MANAGE_GOALS, product_id)
        check_goal_and_owner(uow, product_id, values)
        values["product_id"] = product_id
        if values.get("owner_id") is None:
            values["owner_id"] = actor.user_id
        initiative = uow.initiatives.add(values)
        changes.created(uow, actor, RecordType.INITIATIVE, initiative)
        uow.commit()
        return initiative


def update_initiative(
    uow: UnitOfWork,
    actor: Principal,
    initiative_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> Initiative:
    values = initiatives.validate(fields, creating=False)
    with uow:
        before = uow.initiatives.require(initiative_id)
        require_visible(actor, before.product_id, "initiative", initiative_id)
        actor.require(Action.MANAGE_GOALS, before.product_id)
        check_goal_and_owner(uow, before.product_id, values)
        merged_start = values.get("start_date", before.start_date)
        merged_end = values.get("end_date", before.end_date)
        initiatives.validate(
            {"title": before.title, "start_date": merged_start, "end_date": merged_end},
            creating=False,
        )
        after = uow.initiatives.update(initiative_id, version, values)
        label = f"initiative “{after.title}”"
        changes.updated(uow, actor, RecordType.INITIATIVE, before, after, label)
        uow.commit()
        return after


def set_items(
    uow: UnitOfWork, actor: Principal, initiative_id: int, add: list[int], remove: list[int]
) -> list[int]:
    """Put items into an initiative or take them out; returns the initiative's item ids."""
    with uow:
        initiative = uow.initiatives.require(initiative_id)
        require_visible(actor, initiative.product_id, "initiative", initiative_id)
        actor.require(Action.MANAGE_GOALS, initiative.product_id)
        for item_id in add:
            item = uow.items.get(item_id)
            if item is None or item.product_id != initiative.product_id:
                raise ValidationFailed(f"item {item_id} is not in this product", field="add")
            taken = uow.initiative_items.list({"item_id": item_id}).items
            if taken and taken[0].initiative_id != initiative_id:
                raise Conflict(
                    f"item {item_id} already belongs to initiative {taken[0].initiative_id}",
                    field="add",
                )
            if not taken:
                uow.initiative_items.add({"initiative_id": initiative_id, "item_id": item_id})
        for link in uow.initiative_items.list(
            {"initiative_id": initiative_id, "item_id": remove}
        ).items:
            uow.initiative_items.delete(link.id)
        ids = [
            link.item_id
            for link in uow.initiative_items.list({"initiative_id": initiative_id}).items
        ]
        changes.logged(
            uow,
            actor,
            RecordType.INITIATIVE.value,
            initiative_id,
            "items",
            {"added": [None, add], "removed": [remove, None]},
        )
        uow.commit()
        return ids


def _standing(uow: UnitOfWork, initiative: Initiative) -> InitiativeStanding:
    links = uow.initiative_items.list({"initiative_id": initiative.id}).items
    ids = [link.item_id for link in links]
    items = uow.items.list({"id": ids}).items if ids else []
    spend = sum(r.cost for r in uow.finance.list({"initiative_id": initiative.id}).items)
    progress = initiatives.progress(
        ((item.status, item.estimate) for item in items), spend, initiative.budget
    )
    return InitiativeStanding(initiative=initiative, item_ids=ids, progress=progress)


def get_initiative(uow: UnitOfWork, actor: Principal, initiative_id: int) -> InitiativeStanding:
    """An initiative with its items and progress rolled up from them, and its spend."""
    with uow:
        initiative = uow.initiatives.require(initiative_id)
        require_visible(actor, initiative.product_id, "initiative", initiative_id)
        return _standing(uow, initiative)


def list_initiatives(
    uow: UnitOfWork, actor: Principal, product_id: int, *, goal_id: int | None = None
) -> list[InitiativeStanding]:
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        where: dict[str, object] = {"product_id": product_id}
        if goal_id is not None:
            where["goal_id"] = goal_id
        page: Page[Initiative] = uow.initiatives.list(where, order_by=("start_date", "id"))
        return [_standing(uow, initiative) for initiative in page.items]


# --- what the initiative pages show -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InitiativeRow:
    """An initiative's standing with its goal and its owner's name."""

    standing: InitiativeStanding
    goal: Goal | None
    owner: str | None

    @property
    def initiative(self) -> Initiative:
        return self.standing.initiative

    @property
    def progress(self) -> Progress:
        return self.standing.progress


@dataclass(frozen=True, slots=True)
class InitiativeBoard:
    """A product's initiatives, and the goals and people its forms offer."""

    product: Product
    rows: list[InitiativeRow]
    goals: list[Goal]
    people: list[User]


@dataclass(frozen=True, slots=True)
class InitiativeDetail:
    """One initiative with its items, the open items no initiative holds yet, and its gate."""

    product: Product
    row: InitiativeRow
    items: list[BacklogItem]
    candidates: list[BacklogItem]
    goals: list[Goal]
    people: list[User]
    gate: GateCheck | None


_OPEN = [ItemStatus.NEW, ItemStatus.READY, ItemStatus.IN_PROGRESS]


def _people(uow: UnitOfWork, product_id: int, extra: list[int | None]) -> list[User]:
    ids = {m.user_id for m in uow.memberships.list({"product_id": product_id}).items}
    ids.update(i for i in extra if i is not None)
    return uow.users.list({"id": sorted(ids)}, order_by=("username",)).items if ids else []


def _row(
    uow: UnitOfWork, initiative: Initiative, goals: list[Goal], people: list[User]
) -> InitiativeRow:
    goal = next((g for g in goals if g.id == initiative.goal_id), None)
    owner = next((display_name(u) for u in people if u.id == initiative.owner_id), None)
    return InitiativeRow(_standing(uow, initiative), goal, owner)


def initiative_board(uow: UnitOfWork, actor: Principal, product_id: int) -> InitiativeBoard:
    """The initiatives page of a product: each with its goal, owner, spend and progress."""
    with uow:
        product = uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        goals = uow.goals.list({"product_id": product_id}, order_by=("title",)).items
        listed = uow.initiatives.list({"product_id": product_id}, order_by=("start_date", "id"))
        people = _people(uow, product_id, [i.owner_id for i in listed.items])
        rows = [_row(uow, i, goals, people) for i in listed.items]
    return InitiativeBoard(product=product, rows=rows, goals=goals, people=people)


def initiative_detail(uow: UnitOfWork, actor: Principal, initiative_id: int) -> InitiativeDetail:
    """The page of one initiative: its items, the items that could join it, its stage gate."""
    with uow:
        initiative = uow.initiatives.require(initiative_id)
        product_id = initiative.product_id
        require_visible(actor, product_id, "initiative", initiative_id)
        product = uow.products.require(product_id)
        goals = uow.goals.list({"product_id": product_id}, order_by=("title",)).items
        people = _people(uow, product_id, [initiative.owner_id])
        row = _row(uow, initiative, goals, people)
        ids = row.standing.item_ids
        items = uow.items.list({"id": ids}, order_by=("rank",)).items if ids else []
        open_items = uow.items.list(
            {"product_id": product_id, "status": _OPEN}, order_by=("rank",), limit=500
        ).items
        held = {
            link.item_id
            for link in (
                uow.initiative_items.list({"item_id": [i.id for i in open_items]}).items
                if open_items
                else []
            )
        }
        gate = None
        if initiative.stage is not None:
            criteria = uow.exit_criteria.list({"initiative_id": initiative_id}).items
            measures = [c.measure_id for c in criteria]
            latest = uow.observations.latest_by_measure(measures) if measures else {}
            gate = lifecycle.evaluate(initiative.stage, criteria, latest)
    return InitiativeDetail(
        product=product,
        row=row,
        items=items,
        candidates=[i for i in open_items if i.id not in held],
        goals=goals,
        people=people,
        gate=gate,
    )
