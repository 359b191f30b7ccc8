"""Pure, seeded generation of the demo workspace: rows per table with their ids, no I/O.

Each area (team, products, customers, backlog, feedback) is one function that adds rows to a
`Plan`; later capabilities add their own area functions in the same way.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from valueloop.domain import audit, backlog, customers
from valueloop.domain.backlog import ItemStatus, ItemType
from valueloop.domain.ranking import initial_keys
from valueloop.domain.roles import Role
from valueloop.services import demo_corpus as corpus

X = TypeVar("X")
_BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "version", "password_hash"})


@dataclass
class Plan:
    """The rows to insert, per table, with ids assigned in insertion order (from 1)."""

    now: dt.datetime
    rng: random.Random
    rows: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    refs: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def today(self) -> dt.date:
        return self.now.date()

    @property
    def start(self) -> dt.date:
        """The first day of the demo year."""
        return self.today - dt.timedelta(days=364)

    @property
    def last_monday(self) -> dt.date:
        return self.today - dt.timedelta(days=self.today.weekday())

    def add(self, table: str, /, **values: object) -> int:
        """Add a row and return its id."""
        rows = self.rows.setdefault(table, [])
        record_id = len(rows) + 1
        rows.append({"id": record_id, **values})
        return record_id

    def name(self, table: str, key: str, record_id: int) -> None:
        """Remember a row under a key (a goal's key, an item's title) for `ref`."""
        self.refs[(table, key)] = record_id

    def ref(self, table: str, key: str) -> int:
        return self.refs[(table, key)]

    def moment(self, day: dt.date) -> dt.datetime:
        """A time during office hours on `day` (UTC), never later than now."""
        minutes = self.rng.randint(8 * 60, 18 * 60)
        at = dt.datetime.combine(day, dt.time(), dt.UTC) + dt.timedelta(minutes=minutes)
        return min(at, self.now)

    def pick(self, options: Sequence[X], weights: Sequence[float] | None = None) -> X:
        return self.rng.choices(options, weights)[0]

    def audit_create(
        self, table: str, kind: str, record_id: int, actor: int | None, at: dt.datetime
    ) -> None:
        """A "create" entry in the audit trail of a `kind` record, with its fields as added."""
        row = self.rows[table][record_id - 1]
        fields = {k: v for k, v in row.items() if k not in _BOOKKEEPING}
        self.add(
            "audit_log",
            actor_id=actor,
            at=at,
            record_type=kind,
            record_id=record_id,
            action="create",
            changes=audit.snapshot(fields),
        )


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    display_name: str
    title: str
    is_admin: bool
    roles: dict[str, Role]


USERS = (
    DemoUser(
        "demo",
        "Dana Demo",
        "Head of Product",
        True,
        {"helpdesk": Role.PRODUCT_LEADER, "insights": Role.PRODUCT_LEADER},
    ),
    DemoUser("priya", "Priya Raman", "Product Manager", False, {"helpdesk": Role.PRODUCT_MANAGER}),
    DemoUser(
        "oliver",
        "Oliver Brandt",
        "Product Owner",
        False,
        {"helpdesk": Role.PRODUCT_OWNER, "insights": Role.PRODUCT_OWNER},
    ),
    DemoUser("chen", "Chen Wei", "Developer", False, {"helpdesk": Role.CONTRIBUTOR}),
    DemoUser(
        "maria",
        "Maria Santos",
        "Designer",
        False,
        {"helpdesk": Role.CONTRIBUTOR, "insights": Role.CONTRIBUTOR},
    ),
    DemoUser("sam", "Sam Okoro", "VP Sales", False, {"helpdesk": Role.STAKEHOLDER}),
    DemoUser("lena", "Lena Vogel", "Product Manager", False, {"insights": Role.PRODUCT_MANAGER}),
)


@dataclass(frozen=True, slots=True)
class Team:
    ids: dict[str, int]  # username → user id

    def members(self, product: str) -> list[str]:
        return [u.username for u in USERS if product in u.roles]

    def with_role(self, product: str, *roles: Role) -> list[int]:
        return [self.ids[u.username] for u in USERS if u.roles.get(product) in roles]


def team(plan: Plan, password_hash: str) -> Team:
    """The demo users; they share one password (the only place a printed password is fine)."""
    ids: dict[str, int] = {}
    for user in USERS:
        joined = plan.moment(plan.start - dt.timedelta(days=400))
        ids[user.username] = plan.add(
            "users",
            username=user.username,
            email=f"{user.username}@relay.example",
            display_name=user.display_name,
            password_hash=password_hash,
            is_admin=user.is_admin,
            is_active=True,
            created_at=joined,
            updated_at=joined,
            version=1,
        )
    return Team(ids)


PRODUCTS = {
    "helpdesk": (
        "Relay Helpdesk",
        "Every support team answers customers fast, well and with the whole context at hand.",
        "B2B companies with 10–500 support agents, mid-market first.",
        "launch",
        "demo",
    ),
    "insights": (
        "Relay Insights",
        "Support leaders see what drives volume and satisfaction, without a data team.",
        "Relay Helpdesk customers with five or more team leads.",
        "beta",
        "lena",
    ),
}


def products(plan: Plan, team_: Team) -> dict[str, int]:
    """Relay Helpdesk (the main SaaS) and Relay Insights (a smaller add-on in beta)."""
    ids: dict[str, int] = {}
    for key, (name, vision, market, stage, owner) in PRODUCTS.items():
        created = plan.moment(plan.start - dt.timedelta(days=300 if key == "helpdesk" else 120))
        ids[key] = plan.add(
            "products",
            name=name,
            vision=vision,
            target_market=market,
            lifecycle_stage=stage,
            owner_id=team_.ids[owner],
            created_at=created,
            updated_at=created,
            version=1,
        )
        plan.audit_create("products", "product", ids[key], team_.ids[owner], created)
    for user in USERS:
        for product, role in user.roles.items():
            plan.add(
                "memberships",
                user_id=team_.ids[user.username],
                product_id=ids[product],
                role=role.value,
                created_at=plan.moment(plan.start - dt.timedelta(days=100)),
            )
    return ids


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    name: str
    segment: str
    arr: float
    status: str
    contacts: tuple[tuple[str, str], ...]  # (name, job title)
    domain: str

    def email(self, contact: tuple[str, str]) -> str:
        """A contact's e-mail address (survey tools identify respondents by it)."""
        return f"{contact[0].lower().replace(' ', '.')}@{self.domain}"


# segment → (share of accounts, median ARR, spread of log ARR, plans, feedback weight)
SEGMENTS = {
    "SMB": (0.58, 9_000.0, 0.7, ("Starter", "Growth"), 1.0),
    "Mid-market": (0.31, 48_000.0, 0.55, ("Growth", "Business"), 2.2),
    "Enterprise": (0.11, 210_000.0, 0.5, ("Business", "Enterprise"), 4.0),
}
STATUSES = {"active": 0.8, "churned": 0.08, "prospect": 0.08, "lost_deal": 0.04}


def accounts(plan: Plan, count: int = 300) -> list[Account]:
    """Customers across segments with log-normal ARR (for prospects: the size of the deal)."""
    rng = plan.rng
    names = rng.sample(
        [f"{w} {k}" for w in corpus.COMPANY_WORDS for k in corpus.COMPANY_KINDS], count
    )
    result = []
    for number, name in enumerate(names, start=1):
        segment = plan.pick(list(SEGMENTS), [s[0] for s in SEGMENTS.values()])
        _, median, spread, plans, _ = SEGMENTS[segment]
        status = plan.pick(list(STATUSES), list(STATUSES.values()))
        arr = round(rng.lognormvariate(math.log(median), spread), -2)
        values = customers.validate(
            {
                "name": name,
                "external_id": f"CRM-{10_000 + number}",
                "domain": name.lower().replace(" ", "") + rng.choice((".com", ".io", ".co")),
                "segment": segment,
                "plan": rng.choice(plans) if status != "prospect" else "Trial",
                "arr": arr,
                "status": status,
            },
            creating=True,
        )
        created = plan.moment(plan.start + dt.timedelta(days=rng.randint(0, 20)))
        customer_id = plan.add(
            "customers", **values, created_at=created, updated_at=created, version=1
        )
        contacts = tuple(
            (
                f"{rng.choice(corpus.FIRST_NAMES)} {rng.choice(corpus.LAST_NAMES)}",
                rng.choice(corpus.JOB_TITLES),
            )
            for _ in range(rng.randint(1, 4))
        )
        result.append(
            Account(customer_id, name, segment, arr, status, contacts, str(values["domain"]))
        )
    return result


@dataclass(frozen=True, slots=True)
class Item:
    id: int
    product: str
    title: str
    theme: str | None
    type: ItemType
    status: ItemStatus
    created: dt.date


# Some items are where the demo's decisions landed; their status follows the decision.
DECIDED = {
    "Native Salesforce integration": ItemStatus.IN_PROGRESS,
    "Android app for agents": ItemStatus.REJECTED,
    "Two-way Slack threads for tickets": ItemStatus.DONE,
    "SLA policies per customer plan": ItemStatus.READY,
    "Remove the v1 reporting API": ItemStatus.READY,
    "Voice channel with call recording": ItemStatus.REJECTED,
    "AI-drafted replies from help articles": ItemStatus.IN_PROGRESS,
    "In-app NPS prompt after a ticket is closed": ItemStatus.DONE,
    "Right-to-left languages in the help center": ItemStatus.NEW,
    "Light agent seats": ItemStatus.READY,
    "Hourly data refresh": ItemStatus.IN_PROGRESS,
    "Power BI connector": ItemStatus.READY,
    "Looker connector": ItemStatus.NEW,
}
_STATUS_MIX = {
    ItemType.FEATURE: (0.38, 0.16, 0.09, 0.30, 0.07),
    ItemType.IMPROVEMENT: (0.38, 0.16, 0.09, 0.30, 0.07),
    ItemType.BUG: (0.30, 0.15, 0.10, 0.42, 0.03),
    ItemType.TECH_DEBT: (0.45, 0.20, 0.10, 0.20, 0.05),
    ItemType.EXPERIMENT: (0.20, 0.20, 0.20, 0.40, 0.00),
}
# The mix above is in this order of statuses.
_MIX_ORDER = (
    ItemStatus.NEW,
    ItemStatus.READY,
    ItemStatus.IN_PROGRESS,
    ItemStatus.DONE,
    ItemStatus.REJECTED,
)
# Top of the backlog first: work in progress, then ready, new, and finally done and rejected.
_ORDER = (
    ItemStatus.IN_PROGRESS,
    ItemStatus.READY,
    ItemStatus.NEW,
    ItemStatus.DONE,
    ItemStatus.REJECTED,
)


def backlog_items(plan: Plan, team_: Team, product_ids: dict[str, int]) -> list[Item]:
    """About 300 items across types and statuses, with estimates, owners, goals and ranks."""
    rng = plan.rng
    items: list[Item] = []
    for product, product_id in product_ids.items():
        drafts = _drafts(plan, product)
        rng.shuffle(drafts)
        drafts.sort(key=lambda d: _ORDER.index(d[3]))
        contributors = team_.with_role(product, Role.CONTRIBUTOR)
        deciders = team_.with_role(product, Role.PRODUCT_MANAGER, Role.PRODUCT_OWNER)
        for (title, theme, kind, status, description), rank in zip(
            drafts, initial_keys(len(drafts)), strict=True
        ):
            estimate = None
            if status is not ItemStatus.NEW or rng.random() < 0.55:
                estimate = float(plan.pick((1, 2, 3, 5, 8, 13), (1, 3, 4, 4, 2, 1)))
            goal_key = _goal_for(product, theme, kind)
            created_day = plan.start + dt.timedelta(days=rng.randint(0, 300))
            created = plan.moment(created_day)
            updated = created
            if status is not ItemStatus.NEW:
                updated = plan.moment(
                    min(plan.today, created_day + dt.timedelta(days=rng.randint(3, 60)))
                )
            owner = None
            if status in (ItemStatus.IN_PROGRESS, ItemStatus.DONE) or rng.random() < 0.3:
                owner = rng.choice(contributors)
            values = backlog.validate(
                {
                    "title": title,
                    "description": description,
                    "type": kind.value,
                    "status": status.value,
                    "estimate": estimate,
                    "owner_id": owner,
                    "goal_id": plan.refs.get(("goals", goal_key)) if goal_key else None,
                },
                creating=True,
            )
            item_id = plan.add(
                "backlog_items",
                **values,
                product_id=product_id,
                rank=rank,
                created_at=created,
                updated_at=updated,
                version=1 if updated == created else 2,
            )
            plan.name("backlog_items", f"{product}:{title}", item_id)
            plan.audit_create("backlog_items", "item", item_id, rng.choice(deciders), created)
            items.append(Item(item_id, product, title, theme, kind, status, created_day))
    return items


def _goal_for(product: str, theme: str | None, kind: ItemType) -> str | None:
    if theme is not None:
        return next(t.goal for t in corpus.THEMES if t.key == theme)
    if kind is ItemType.TECH_DEBT:
        return "delivery" if product == "helpdesk" else "fresh_data"
    return "innovation" if kind is ItemType.EXPERIMENT else None


def _drafts(plan: Plan, product: str) -> list[tuple[str, str | None, ItemType, ItemStatus, str]]:
    rng = plan.rng
    drafts: list[tuple[str, str | None, ItemType, ItemStatus, str]] = []

    def draft(title: str, theme: str | None, kind: ItemType, description: str) -> None:
        status = DECIDED.get(title) or plan.pick(_MIX_ORDER, _STATUS_MIX[kind])
        drafts.append((title, theme, kind, status, description))

    for theme in (t for t in corpus.THEMES if t.product == product):
        for title in theme.features:
            kind = ItemType.FEATURE if rng.random() < 0.7 else ItemType.IMPROVEMENT
            said = corpus.fill(rng, rng.choice(theme.pains))
            asked = corpus.fill(rng, rng.choice(theme.requests))
            draft(
                title, theme.key, kind, f"{theme.label}. Customers say: “{said}” They ask: {asked}"
            )
        for title in theme.bugs:
            draft(title, theme.key, ItemType.BUG, f"Reported through support ({theme.label}).")
    extra = corpus.IMPROVEMENTS if product == "helpdesk" else corpus.INSIGHTS_EXTRA
    for title in extra:
        draft(title, None, ItemType.IMPROVEMENT, "Small improvement asked for by agents.")
    bug_count = 60 if product == "helpdesk" else 12
    combos = [f"{p} {s}" for p in corpus.BUG_PARTS for s in corpus.BUG_SYMPTOMS]
    for title in rng.sample(combos, bug_count):
        draft(title, None, ItemType.BUG, "Found in production; see the linked support tickets.")
    debt = corpus.TECH_DEBT if product == "helpdesk" else corpus.INSIGHTS_DEBT
    for title in debt:
        draft(title, None, ItemType.TECH_DEBT, "Slows delivery and raises the risk of incidents.")
    if product == "helpdesk":
        for title in corpus.EXPERIMENTS:
            draft(
                title, None, ItemType.EXPERIMENT, "Hypothesis, metric and guardrails in the brief."
            )
    return drafts
