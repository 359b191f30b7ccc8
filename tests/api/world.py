"""A small, complete workspace for API tests, and the user whose rights a test exercises."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count
from typing import Any

from fastapi.testclient import TestClient

from tests import factories
from tests.api.areas import setup_areas
from valueloop.adapters.catalogue import load_kvm_catalogue
from valueloop.bootstrap import Container
from valueloop.domain.roles import Principal, Role
from valueloop.services import (
    accounts,
    backlog,
    customers,
    decisions,
    feedback,
    goal_experiments,
    goals,
    initiatives,
    kvm,
    lifecycle,
    products,
)

# The people a role matrix is run for: an admin, each product role, a user with no role at all,
# and a product leader of another product (rights elsewhere, none here).
ROLES = ["admin", *(role.value for role in Role), "no_role", "role_elsewhere"]

_serial = count(1)


@dataclass
class World:
    """One product with a record of every kind, an actor and the actor's HTTP client."""

    container: Container
    boss: Principal
    who: Principal
    client: TestClient
    product: int
    elsewhere: int
    goal: int
    measure: int
    item: int
    item2: int
    doomed_item: int
    customer: int
    note: int
    link: int
    doomed_link: int
    decision: int
    initiative: int
    spare_goal: int
    loop: int
    kvm: int
    criterion: int
    member: str
    spare_token: int
    extra: dict[str, Any] = field(default_factory=dict)  # records of the areas' setups

    def ids(self) -> dict[str, Any]:
        """Path parameters naming this world's records."""
        return {
            "product_id": self.product,
            "goal_id": self.goal,
            "measure_id": self.measure,
            "item_id": self.item,
            "customer_id": self.customer,
            "note_id": self.note,
            "link_id": self.link,
            "decision_id": self.decision,
            "token_id": self.spare_token,
            "username": self.member,
            "record_type": "item",
            "record_id": self.item,
            "initiative_id": self.initiative,
            "loop_id": self.loop,
            "kvm_id": self.kvm,
            "criterion_id": self.criterion,
            "survey": "nps",
            **self.extra,
        }

    def record_id(self, name: str) -> int:
        """The id of a record by its name: a core attribute, or one an area's setup added."""
        found: int = self.extra[name] if name in self.extra else getattr(self, name)
        return found

    def version(self, repository: str, record_id: int) -> int:
        """The current version of a record, read straight from storage."""
        with self.container.uow() as uow:
            version: int = getattr(uow, repository).require(record_id).version
            return version

    def unique(self, prefix: str) -> str:
        return f"{prefix}{next(_serial)}"


def actor(container: Container, role: str, product_id: int, elsewhere: int) -> Principal:
    """A fresh user who is `role` ("admin", a Role, "no_role" or "role_elsewhere")."""
    if role == "admin":
        name = f"root{next(_serial)}"
        accounts.add_user(
            container.uow(), factories.admin(container), name, factories.PASSWORD, is_admin=True
        )
        return factories.principal(container, name)
    if role == "no_role":
        return factories.user(container)
    if role == "role_elsewhere":
        return factories.user(container, Role.PRODUCT_LEADER, elsewhere)
    return factories.user(container, Role(role), product_id)


def build(container: Container, role: str = "admin", *, areas: bool = True) -> World:
    """A workspace with one of everything, plus an actor in `role` and their client; without
    `areas`, only the core records (no records of the area modules in tests/api/areas/)."""
    boss = factories.admin(container)

    def uow() -> Any:
        return container.uow()

    product = products.create_product(uow(), boss, {"name": "Acme"}).id
    elsewhere = products.create_product(uow(), boss, {"name": "Elsewhere"}).id
    goal = goals.create_goal(uow(), boss, product, {"title": "Grow retention"}).id
    measure = goals.add_measure(uow(), boss, goal, {"name": "NPS", "baseline": 10, "target": 50}).id
    goals.record_observation(uow(), boss, measure, "2024-01-01", 20)
    item, item2, doomed_item = (
        backlog.create_item(uow(), boss, product, {"title": title}).id
        for title in ("Single sign-on", "Audit export", "Dark mode")
    )
    customer = customers.create_customer(
        uow(), boss, {"name": "Globex", "arr": 1200, "segment": "enterprise"}
    ).id
    note = feedback.record_note(
        uow(), boss, {"text": "We need SSO badly", "product_id": product, "customer_id": customer}
    ).id
    link = feedback.link_note(uow(), boss, note, item, 2, "SSO").id
    doomed_link = feedback.link_note(uow(), boss, note, item2, 1).id
    decision = decisions.record_decision(
        uow(), boss, product, {"title": "SSO first", "decision": "Build SSO next"}
    ).id
    initiative = initiatives.create_initiative(
        uow(), boss, product, {"title": "Enterprise tier", "goal_id": goal}
    ).id
    spare_goal = goals.create_goal(uow(), boss, product, {"title": "Halve support load"}).id
    loop = goal_experiments.start_loop(
        uow(), boss, goal, {"hypothesis": "SSO lifts NPS", "measurement": "NPS after launch"}
    ).id
    kvm.sync_catalogue(uow(), boss, load_kvm_catalogue())
    with container.uow() as reading:
        first_kvm = reading.kvms.list(limit=1).items[0].id
    criterion = lifecycle.add_exit_criterion(
        uow(), boss, product, stage="ideation", measure_id=measure, comparator=">=", threshold=5
    ).id
    member = factories.user(container, Role.STAKEHOLDER, product).username

    who = actor(container, role, product, elsewhere)
    _, spare = accounts.create_token(uow(), who, "spare")
    world = World(
        container=container,
        boss=boss,
        who=who,
        client=factories.api(container, who),
        product=product,
        elsewhere=elsewhere,
        goal=goal,
        measure=measure,
        item=item,
        item2=item2,
        doomed_item=doomed_item,
        customer=customer,
        note=note,
        link=link,
        doomed_link=doomed_link,
        decision=decision,
        initiative=initiative,
        spare_goal=spare_goal,
        loop=loop,
        kvm=first_kvm,
        criterion=criterion,
        member=member,
        spare_token=spare.id,
    )
    if areas:
        world.extra.update(setup_areas(world))
    return world
