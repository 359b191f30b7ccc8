"""Build the demo workspace: generated (pure, seeded) in memory, then stored in one transaction.

Computed measures are not generated: the demo stores their sources (survey answers, finance rows,
goal loops) and, in the same transaction, `measure_sources` computes them as it would after an
import, so every computed number shows where it came from.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from valueloop.domain.errors import Conflict
from valueloop.domain.kvm import Catalogue
from valueloop.services import (
    accounts,
    demo_collaboration,
    demo_data,
    demo_discovery,
    demo_feedback,
    demo_finance,
    demo_learning,
    demo_lifecycle,
    demo_ost,
    demo_portal,
    demo_prioritization,
    demo_roadmap,
    demo_strategy,
    demo_surveys,
    demo_synthesis,
    measure_sources,
)
from valueloop.services.demo_data import USERS, Plan
from valueloop.services.transfer import BulkUnitOfWork, Progress

SEED = 20_240_611
DEMO_USER = "demo"
# The demo is the one place a fixed password is acceptable: it is printed on screen.
DEMO_PASSWORD = "valueloop-demo"  # noqa: S105


@dataclass(frozen=True, slots=True)
class DemoLogin:
    username: str
    display_name: str
    what: str  # their job and roles, for the welcome text


@dataclass(frozen=True, slots=True)
class DemoWorkspace:
    """The outcome of `ensure_demo`: whether it was built now, and what the workspace holds."""

    built: bool
    counts: dict[str, int]
    logins: list[DemoLogin]
    password: str


def generate(
    now: dt.datetime, *, password_hash: str, seed: int = SEED, catalogue: Catalogue | None = None
) -> Plan:
    """Every row of the demo workspace, the same for the same inputs (dates end at `now`)."""
    plan = Plan(now, random.Random(seed))
    team = demo_data.team(plan, password_hash)
    products = demo_data.products(plan, team)
    customers = demo_data.accounts(plan)
    if catalogue is not None:
        kvm_catalogue(plan, catalogue)
    demo_strategy.strategy(plan, team, products)
    items = demo_data.backlog_items(plan, team, products)
    feedback = demo_feedback.feedback(plan, team, products, customers, items)
    demo_surveys.surveys(plan, products, customers, feedback)
    demo_finance.finance(plan, products)
    demo_finance.initiatives(plan, team, products, items)
    demo_collaboration.decision_log(plan, team, products, feedback)
    demo_lifecycle.lifecycle_history(plan, team, products)
    demo_learning.loops(plan, team, products)
    demo_learning.close_goal(plan, team, products)
    demo_collaboration.conversations(plan, team, products, customers, items, feedback)
    demo_prioritization.prioritization(plan, team, products, items, customers)
    demo_ost.trees(plan, team, products, items)
    demo_discovery.discovery(plan, team, products, customers, items)
    demo_roadmap.roadmap(plan, team, products, items)
    demo_portal.portal(plan, products, customers, items)
    demo_synthesis.themes(plan)  # last: every note exists by now
    return plan


def kvm_catalogue(plan: Plan, catalogue: Catalogue) -> None:
    """The workspace's own copy of the Key Value Measure catalogue."""
    at = plan.moment(plan.start)
    for entry in catalogue.measures:
        plan.add(
            "kvm_definitions",
            key=entry.key,
            name=entry.name,
            kva=entry.kva.value,
            definition=entry.definition,
            unit=entry.unit,
            direction=entry.direction.value,
            kind=entry.kind.value,
            computed_by=entry.computed_by,
            catalogue_version=catalogue.version,
            edited=False,
            created_at=at,
            updated_at=at,
            version=1,
        )


def ensure_demo(
    uow: BulkUnitOfWork,
    *,
    reset: bool = False,
    now: dt.datetime | None = None,
    catalogue: Catalogue | None = None,
    progress: Progress | None = None,
) -> DemoWorkspace:
    """Build the demo unless the workspace already is one; `reset` replaces whatever is there.

    A workspace holding other data is refused (Conflict) unless `reset` is given.
    """
    with uow:
        if not reset:
            if uow.users.by_username(DEMO_USER) is not None:
                counts = {name: uow.tables.count(name) for name in uow.tables.names()}
                return DemoWorkspace(False, counts, _logins(), DEMO_PASSWORD)
            if not uow.tables.is_empty():
                raise Conflict(
                    "this workspace already holds data that is not the demo; choose another "
                    "data directory, or reset it (which deletes everything in it)"
                )
        plan = generate(
            now or dt.datetime.now(dt.UTC),
            password_hash=accounts.hash_password(DEMO_PASSWORD),
            catalogue=catalogue,
        )
        names = uow.tables.names()
        unknown = sorted(set(plan.rows) - set(names))
        if unknown:
            raise RuntimeError(f"the demo fills tables the database lacks: {unknown}")
        if reset:
            uow.tables.clear()
        total, done = sum(len(rows) for rows in plan.rows.values()), 0
        for name in names:
            rows = plan.rows.get(name, [])
            uow.tables.insert(name, rows)
            done += len(rows)
            if progress is not None and rows:
                progress(name, done, total)
        uow.tables.finish()
        computed = 0
        for product in plan.rows["products"]:
            if progress is not None:
                progress(f"computed measures of {product['name']}", total, total)
            report = measure_sources.refresh_product(uow, int(str(product["id"])))
            if report.unavailable:  # every source the demo names must exist
                raise RuntimeError(f"the demo uses unknown measure sources: {report.unavailable}")
            computed += report.observations
        uow.commit()
    counts = {name: len(plan.rows.get(name, [])) for name in names}
    counts["observations"] = counts.get("observations", 0) + computed
    return DemoWorkspace(True, counts, _logins(), DEMO_PASSWORD)


def _logins() -> list[DemoLogin]:
    result = []
    for user in USERS:
        roles = ", ".join(
            f"{role.value.replace('_', ' ')} of {demo_data.PRODUCTS[p][0]}"
            for p, role in user.roles.items()
        )
        admin = "admin; " if user.is_admin else ""
        result.append(DemoLogin(user.username, user.display_name, f"{user.title} ({admin}{roles})"))
    return result
