"""The demo's money: monthly cost, revenue and headcount, and initiatives with budgets and spend.

The finance rows are what an accounting export would hold (one file a month); the product cost
ratio and revenue per employee measures are computed from them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from valueloop.domain import initiatives as rules
from valueloop.domain.backlog import ItemStatus, ItemType
from valueloop.domain.initiatives import InitiativeKind, InitiativeStatus
from valueloop.services.demo_data import Item, Plan, Team

# product → (at the start of the year, at its end)
HEADCOUNT = {"helpdesk": (62, 70), "insights": (8, 11)}
REVENUE = {"helpdesk": (1_050_000.0, 1_340_000.0), "insights": (38_000.0, 96_000.0)}  # a month
COST_RATIO = {"helpdesk": (0.79, 0.67), "insights": (4.6, 2.3)}


def _progress(plan: Plan, day: dt.date) -> float:
    return min(1.0, max(0.0, (day - plan.start).days / 364))


def headcount(plan: Plan, day: dt.date, product: str = "helpdesk") -> int:
    """People working on the product on `day` (hires through the year)."""
    low, high = HEADCOUNT[product]
    return low + round((high - low) * _progress(plan, day))


def months(plan: Plan) -> list[dt.date]:
    """First days of the demo year's complete months (the books of the running month are open)."""
    result: list[dt.date] = []
    month = plan.start.replace(day=1)
    while True:
        following = _next_month(month)
        if following > plan.today:
            return result
        result.append(month)
        month = following


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def finance(plan: Plan, products: dict[str, int]) -> None:
    """Each product's cost, revenue and headcount for every complete month of the year."""
    rng = plan.rng
    for product, product_id in products.items():
        for month in months(plan):
            x = _progress(plan, month)
            revenue = REVENUE[product][0] + (REVENUE[product][1] - REVENUE[product][0]) * x
            revenue *= 1 + rng.gauss(0, 0.015)
            ratio = COST_RATIO[product][0] + (COST_RATIO[product][1] - COST_RATIO[product][0]) * x
            cost = revenue * ratio * (1 + rng.gauss(0, 0.02))
            _row(plan, product_id, None, month, cost, revenue, headcount(plan, month, product))


def _row(
    plan: Plan,
    product_id: int,
    initiative_id: int | None,
    month: dt.date,
    cost: float,
    revenue: float,
    people: float,
) -> None:
    plan.add(
        "finance_records",
        product_id=product_id,
        initiative_id=initiative_id,
        period_start=month,
        cost=round(cost, -2),
        revenue=round(revenue, -2),
        headcount=float(people),
        source=f"finance-{month:%Y-%m}.csv",
        created_at=plan.moment(min(plan.today, _next_month(month) + dt.timedelta(days=4))),
    )


@dataclass(frozen=True, slots=True)
class InitiativeSpec:
    key: str
    goal: str
    title: str
    description: str
    kind: InitiativeKind
    status: InitiativeStatus
    owner: str
    days: tuple[int, int]  # start and end, in days from today
    budget: float
    monthly: float  # what its team costs a month
    team: int
    themes: tuple[str, ...]  # its items: the backlog items of these themes …
    tech_debt: bool = False  # … or the technical debt
    stage: str | None = None  # a large initiative runs through the lifecycle itself


S, K = InitiativeStatus, InitiativeKind
INITIATIVES = (
    InitiativeSpec(
        "sla", "sla", "Per-plan SLA policies and breach warnings",
        "Give enterprise contracts their own SLA policies and warn before a breach.",
        K.FEATURE, S.ACTIVE, "oliver", (-150, 60), 240_000, 38_000, 4, ("sla",),
    ),
    InitiativeSpec(
        "crm", "crm", "Salesforce and SSO for mid-market deals",
        "The integrations that mid-market deals stall on: Salesforce, SAML SSO, provisioning.",
        K.FEATURE, S.ACTIVE, "priya", (-200, 90), 420_000, 60_000, 6, ("crm", "sso"),
        stage="development",
    ),
    InitiativeSpec(
        "dashboards", "dashboards", "Customizable dashboards",
        "Team leads build the reporting view they need without a spreadsheet.",
        K.FEATURE, S.ACTIVE, "oliver", (-120, 45), 180_000, 31_000, 3, ("reporting",),
    ),
    InitiativeSpec(
        "ai", "innovation", "AI-drafted replies",
        "Drafts from help articles and past replies, so new agents answer alone sooner.",
        K.FEATURE, S.ACTIVE, "priya", (-75, 120), 200_000, 42_000, 4, ("ai", "macros"),
    ),
    InitiativeSpec(
        "slack", "slack", "Slack and Teams partnership",
        "Build the two-way Slack app with Slack's partner team; list it in their directory.",
        K.PARTNERSHIP, S.DONE, "priya", (-330, -150), 90_000, 15_000, 2, ("slack",),
    ),
    InitiativeSpec(
        "pipeline", "delivery", "Deploy daily: pipeline and feature flags",
        "A faster CI, feature flags and automated rollback, paid for by retiring old debt.",
        K.PLATFORM, S.ACTIVE, "oliver", (-240, 30), 150_000, 16_000, 2, (), tech_debt=True,
    ),
)  # fmt: skip


def initiatives(plan: Plan, team: Team, products: dict[str, int], items: list[Item]) -> None:
    """Relay Helpdesk's initiatives toward its goals, with their items and monthly spend."""
    rng = plan.rng
    product_id = products["helpdesk"]
    for spec in INITIATIVES:
        start = plan.today + dt.timedelta(days=spec.days[0])
        end = plan.today + dt.timedelta(days=spec.days[1])
        values = rules.validate(
            {
                "title": spec.title,
                "description": spec.description,
                "kind": spec.kind.value,
                "status": spec.status.value,
                "start_date": start,
                "end_date": end,
                "budget": spec.budget,
                "stage": spec.stage,
                "goal_id": plan.ref("goals", spec.goal),
                "owner_id": team.ids[spec.owner],
            },
            creating=True,
        )
        created = plan.moment(start - dt.timedelta(days=rng.randint(7, 30)))
        owner = team.ids[spec.owner]
        initiative_id = plan.add(
            "initiatives",
            **values,
            product_id=product_id,
            created_at=created,
            updated_at=created,
            version=1,
        )
        plan.name("initiatives", spec.key, initiative_id)
        plan.audit_create("initiatives", "initiative", initiative_id, owner, created)
        for item in _items_of(spec, items):
            plan.add(
                "initiative_items",
                initiative_id=initiative_id,
                item_id=item.id,
                created_at=plan.moment(min(plan.today, max(start, item.created))),
            )
        for month in months(plan):
            if _next_month(month) <= start or month > min(end, plan.today):
                continue
            cost = spec.monthly * rng.uniform(0.85, 1.1)
            _row(plan, product_id, initiative_id, month, cost, 0.0, spec.team)


def _items_of(spec: InitiativeSpec, items: list[Item]) -> list[Item]:
    chosen = [
        i
        for i in items
        if i.product == "helpdesk"
        and i.type is not ItemType.EXPERIMENT
        and (i.theme in spec.themes or (spec.tech_debt and i.type is ItemType.TECH_DEBT))
    ]
    if spec.status is InitiativeStatus.DONE:  # a finished initiative holds no open work
        chosen = [i for i in chosen if i.status in (ItemStatus.DONE, ItemStatus.REJECTED)]
    return chosen
