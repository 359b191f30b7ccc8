# ruff: noqa: E501 -- the specs below read as one table; wrapping their rows would hide the shape
"""The demo's roadmap: teams, now / next / later lanes, releases and milestones around today,
dependencies, capacity per team (one period over-allocated), public items, shipped items for
the changelog, and a story map whose first slice is the walking skeleton."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from valueloop.domain.backlog import ItemStatus, Lane
from valueloop.domain.dependencies import find_cycle
from valueloop.domain.ranking import initial_keys
from valueloop.domain.roles import Role
from valueloop.services.demo_data import Item, Plan, Team

# Each product's teams; an item's team follows its theme (items without one: the first team).
TEAMS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "helpdesk": (
        ("Core", "Integrations"),
        dict.fromkeys(("slack", "crm", "sso", "api", "chat", "mobile"), "Integrations"),
    ),
    "insights": (("Analytics",), {}),
}


@dataclass(frozen=True, slots=True)
class ReleaseSpec:
    name: str
    kind: str  # release, milestone
    days: int  # target date, in days from today
    released: int | None = None  # released this many days from today (past releases)
    goal: str | None = None
    initiative: str | None = None
    public: bool = False
    description: str = ""


RELEASES: dict[str, tuple[ReleaseSpec, ...]] = {
    "helpdesk": (
        ReleaseSpec("2025.1 Slack threads", "release", -48, -46, "slack", "slack", True, "Two-way Slack threads and NPS prompts."),
        ReleaseSpec("2025.2 SLA policies", "release", 12, None, "sla", "sla", True, "SLA policies per plan, breach warnings."),
        ReleaseSpec("Enterprise beta", "milestone", 30, None, "enterprise", None, False, "First ten enterprise accounts on SLA policies and SSO."),
        ReleaseSpec("2025.3 Salesforce", "release", 45, None, "crm", "crm", True, "Native Salesforce integration and SSO."),
        ReleaseSpec("AI replies GA", "milestone", 70, None, "ai_default", "ai", False, "AI-drafted replies on by default."),
        ReleaseSpec("2025.4 Dashboards", "release", 95, None, "dashboards", "dashboards", False, "Custom dashboards and scheduled reports."),
    ),
    "insights": (
        ReleaseSpec("Insights beta 2", "release", -20, -19, "beta", None, True, "Hourly refresh for beta accounts."),
        ReleaseSpec("Insights GA", "milestone", 40, None, "fresh_data", None, False, "General availability."),
        ReleaseSpec("BI connectors", "release", 60, None, "self_serve", None, False, "Power BI and Looker."),
    ),
}  # fmt: skip

# Lanes by status: work in progress is now; ready work next (the first few) or later; new work
# later (a few), the rest stays off the roadmap. Counts per product.
_NEXT, _LATER_READY, _LATER_NEW = 10, 6, 8
_SHIPPED_RECENTLY = 12  # done items dated into the recent past, so the changelog is current

# Items shown on the public roadmap and changelog: (product, item title, public title, public text).
PUBLIC = (
    ("helpdesk", "Two-way Slack threads for tickets", "Reply to tickets from Slack", "Conversations stay in one thread, in Slack and in Relay."),
    ("helpdesk", "In-app NPS prompt after a ticket is closed", "Rate your support experience", "Customers can rate a closed ticket without leaving the app."),
    ("helpdesk", "SLA policies per customer plan", "SLA policies per plan", "Different response and resolution targets for each of your plans."),
    ("helpdesk", "Breach warnings before the SLA deadline", "Warnings before an SLA is breached", ""),
    ("helpdesk", "Native Salesforce integration", "Salesforce integration", "See tickets on the account page and customer context in every ticket."),
    ("helpdesk", "SAML single sign-on with Okta and Azure AD", "Single sign-on (SAML)", "Sign in with Okta or Azure AD."),
    ("helpdesk", "AI-drafted replies from help articles", "AI-drafted replies", "Suggested answers drafted from your help center, for the agent to review."),
    ("helpdesk", "Custom dashboards with saved filters", "Custom dashboards", ""),
    ("helpdesk", "Microsoft Teams app", "Microsoft Teams app", ""),
    ("insights", "Hourly data refresh", "Hourly data refresh", "Charts refresh every hour instead of every night."),
    ("insights", "Power BI connector", "Power BI connector", ""),
)  # fmt: skip

# Dependencies, blocker first: (product, blocker title, blocked title).
DEPENDENCIES = (
    ("helpdesk", "SLA policies per customer plan", "Breach warnings before the SLA deadline"),
    (
        "helpdesk",
        "Breach warnings before the SLA deadline",
        "Escalation rules with on-call routing",
    ),
    ("helpdesk", "SLA policies per customer plan", "SLA compliance report by account"),
    ("helpdesk", "SAML single sign-on with Okta and Azure AD", "SCIM user provisioning"),
    ("helpdesk", "Native Salesforce integration", "Ticket history on CRM account pages"),
    ("helpdesk", "Custom dashboards with saved filters", "Share dashboards with read-only links"),
    ("insights", "Hourly data refresh", "Streaming ticket volume for incidents"),
    ("insights", "Metric builder with formulas", "Targets and alerts on custom metrics"),
)

# Items pinned to a release (by index in RELEASES), beside those planned by lane below.
PINNED = {
    ("helpdesk", "SLA policies per customer plan"): 1,
    ("helpdesk", "Breach warnings before the SLA deadline"): 1,
    ("helpdesk", "Native Salesforce integration"): 3,
    ("helpdesk", "SAML single sign-on with Okta and Azure AD"): 3,
    ("helpdesk", "Custom dashboards with saved filters"): 5,
    ("insights", "Power BI connector"): 2,
    ("insights", "Looker connector"): 2,
}

# The story map: activities left to right, tasks under each, stories by item title and slice
# (0 = walking skeleton). The skeleton leaves "Prove compliance" empty: the page flags that gap.
STORY_MAP = (
    "helpdesk",
    "SLA handling for enterprise accounts",
    "From a ticket arriving to proving to the account that its SLA was met.",
    ("Walking skeleton", "Release 2: escalations", "Later"),
    (
        ("Receive the ticket", (
            ("Route to the right queue", (("Priority queue for enterprise accounts", 0), ("Skills-based routing by language and product area", 1), ("Routing rule simulator", 2))),
            ("Assign an agent", (("Capacity-aware round-robin", 1), ("Reassign tickets when an agent goes offline", 2))),
        )),
        ("Track the SLA", (
            ("Apply the plan's policy", (("SLA policies per customer plan", 0), ("Business-hours calendars per team", 1))),
            ("See the clock", (("SLA badges in the ticket list", 0), ("Pause the SLA clock while waiting on the customer", 1))),
        )),
        ("Escalate", (
            ("Warn before a breach", (("Breach warnings before the SLA deadline", 0),)),
            ("Hand over to on-call", (("Escalation rules with on-call routing", 1), ("Create CRM tasks from escalations", 2))),
        )),
        ("Prove compliance", (
            ("Report per account", (("SLA compliance report by account", 1), ("Scheduled report emails", 2))),
        )),
    ),
)  # fmt: skip


def roadmap(plan: Plan, team: Team, products: dict[str, int], items: list[Item]) -> None:
    """Lanes, teams, releases, dependencies, capacity, public items and the story map."""
    titles = {(it.product, it.title): it.id for it in items}
    for it in items:
        _plain(plan, it)
    for product, product_id in products.items():
        own = [it for it in items if it.product == product]
        actor = team.with_role(product, Role.PRODUCT_MANAGER, Role.PRODUCT_OWNER)[0]
        release_ids = _releases(plan, product, product_id, actor)
        _lanes(plan, own, release_ids)
        for (p, title), index in PINNED.items():
            if p == product and (p, title) in titles:
                _row(plan, titles[(p, title)])["release_id"] = release_ids[index]
        _shipped(plan, own, release_ids)
        _capacity(plan, product, product_id, own, actor)
    _public(plan, titles)
    _dependencies(plan, team, titles)
    _story_map(plan, team, products, titles)


def _row(plan: Plan, item_id: int) -> dict[str, object]:
    return plan.rows["backlog_items"][item_id - 1]


def _plain(plan: Plan, item: Item) -> None:
    """Every item row gets every roadmap column (bulk inserts need one set of keys)."""
    teams, by_theme = TEAMS[item.product]
    row = _row(plan, item.id)
    row.update(
        lane=None,
        lane_rank=None,
        release_id=None,
        team=by_theme.get(item.theme or "", teams[0])
        if item.status is not ItemStatus.REJECTED
        else "",
        public=False,
        public_title="",
        public_description="",
        shipped_on=None,
    )


def _releases(plan: Plan, product: str, product_id: int, actor: int) -> list[int]:
    ids = []
    for spec in RELEASES[product]:
        created = plan.moment(plan.today - dt.timedelta(days=90))
        released = None if spec.released is None else plan.today + dt.timedelta(days=spec.released)
        release_id = plan.add(
            "releases",
            product_id=product_id,
            name=spec.name,
            kind=spec.kind,
            target_date=plan.today + dt.timedelta(days=spec.days),
            released_on=released,
            status="planned" if released is None else "released",
            description=spec.description,
            goal_id=plan.refs.get(("goals", spec.goal)) if spec.goal else None,
            initiative_id=plan.refs.get(("initiatives", spec.initiative))
            if spec.initiative
            else None,
            public=spec.public,
            created_at=created,
            updated_at=created,
            version=1,
        )
        plan.audit_create("releases", "release", release_id, actor, created)
        ids.append(release_id)
    return ids


def _lanes(plan: Plan, items: list[Item], release_ids: list[int]) -> None:
    """Items in backlog rank order: in progress → now, ready → next then later, some new → later;
    now and next items go into the upcoming releases, in order."""
    ordered = sorted(items, key=lambda it: str(_row(plan, it.id)["rank"]))
    now = [it for it in ordered if it.status is ItemStatus.IN_PROGRESS]
    ready = [it for it in ordered if it.status is ItemStatus.READY]
    new = [it for it in ordered if it.status is ItemStatus.NEW]
    lanes = {
        Lane.NOW: now,
        Lane.NEXT: ready[:_NEXT],
        Lane.LATER: ready[_NEXT : _NEXT + _LATER_READY] + new[:_LATER_NEW],
    }
    upcoming = [
        r
        for r, spec in zip(release_ids, RELEASES[items[0].product], strict=True)
        if spec.kind == "release" and spec.released is None
    ]
    for lane, chosen in lanes.items():
        for n, (item, key) in enumerate(zip(chosen, initial_keys(len(chosen)), strict=True)):
            row = _row(plan, item.id)
            row["lane"], row["lane_rank"] = lane.value, key
            # Now: about half in the next release, the rest unreleased (they count against the
            # current period's capacity); next: the release after.
            if lane is Lane.NOW and n % 2 == 0:
                row["release_id"] = upcoming[0]
            elif lane is Lane.NEXT and len(upcoming) > 1:
                row["release_id"] = upcoming[1]


def _shipped(plan: Plan, items: list[Item], release_ids: list[int]) -> None:
    """Every done item has its ship date; the most recent few shipped in the released releases."""
    released = [
        (r, spec)
        for r, spec in zip(release_ids, RELEASES[items[0].product], strict=True)
        if spec.released is not None
    ]
    done = [it for it in items if it.status is ItemStatus.DONE]
    for n, item in enumerate(done):
        row = _row(plan, item.id)
        updated = row["updated_at"]
        assert isinstance(updated, dt.datetime)
        row["shipped_on"] = updated.date()
        if n < _SHIPPED_RECENTLY and released:
            release_id, spec = released[n % len(released)]
            assert spec.released is not None
            row["release_id"] = release_id
            row["shipped_on"] = plan.today + dt.timedelta(days=spec.released - n % 3)


def _capacity(plan: Plan, product: str, product_id: int, items: list[Item], actor: int) -> None:
    """Three six-week periods per team from three weeks ago; the current one of the first team is
    over-allocated, the others leave some room."""
    rows = {it.id: _row(plan, it.id) for it in items}
    targets = {
        i + 1: r["target_date"]
        for i, r in enumerate(plan.rows["releases"])
        if r["product_id"] == product_id
    }
    start = plan.last_monday - dt.timedelta(days=21)
    for t, team_name in enumerate(TEAMS[product][0]):
        for k in range(3):
            starts = start + dt.timedelta(days=42 * k)
            ends = starts + dt.timedelta(days=41)
            planned = 0.0
            for row in rows.values():
                if row["team"] != team_name or row["status"] == ItemStatus.REJECTED.value:
                    continue
                due = targets.get(int(str(row["release_id"]))) if row["release_id"] else None
                if isinstance(due, dt.date):
                    counted = starts <= due <= ends
                else:
                    counted = row["lane"] == Lane.NOW.value and starts <= plan.today <= ends
                if counted and isinstance(row["estimate"], float):
                    planned += row["estimate"]
            over = t == 0 and k == 0
            capacity = max(round(planned * (0.75 if over else 1.3)), 8 if not over else 1)
            created = plan.moment(plan.today - dt.timedelta(days=30))
            period_id = plan.add(
                "capacity_periods",
                product_id=product_id,
                team=team_name,
                starts_on=starts,
                ends_on=ends,
                capacity=float(capacity),
                note="Two developers on leave for a week." if over else "",
                created_at=created,
                updated_at=created,
                version=1,
            )
            plan.audit_create("capacity_periods", "capacity", period_id, actor, created)


def _public(plan: Plan, titles: dict[tuple[str, str], int]) -> None:
    for product, title, public_title, text in PUBLIC:
        item_id = titles.get((product, title))
        if item_id is not None:
            _row(plan, item_id).update(
                public=True, public_title=public_title, public_description=text
            )


def _dependencies(plan: Plan, team: Team, titles: dict[tuple[str, str], int]) -> None:
    """The listed dependencies, and one planned out of order (the first item of the helpdesk's
    next lane blocks the first of its now lane), so the roadmap shows the warning."""
    edges = [
        (titles[(p, blocker)], titles[(p, blocked)], p)
        for p, blocker, blocked in DEPENDENCIES
        if (p, blocker) in titles and (p, blocked) in titles
    ]
    ids = {i for p, i in titles.items() if p[0] == "helpdesk"}
    firsts = {
        lane: min(
            (i for i in ids if _row(plan, i)["lane"] == lane),
            key=lambda i: str(_row(plan, i)["lane_rank"]),
            default=None,
        )
        for lane in (Lane.NOW.value, Lane.NEXT.value)
    }
    early, late = firsts[Lane.NEXT.value], firsts[Lane.NOW.value]
    pairs = [(a, b) for a, b, _ in edges]
    if early and late and find_cycle(pairs, early, late) is None and (early, late) not in pairs:
        edges.append((early, late, "helpdesk"))
    for blocker_id, blocked_id, product in edges:
        plan.add(
            "item_dependencies",
            blocker_id=blocker_id,
            blocked_id=blocked_id,
            created_by=team.with_role(product, Role.PRODUCT_MANAGER, Role.PRODUCT_OWNER)[0],
            created_at=plan.moment(plan.today - dt.timedelta(days=plan.rng.randint(10, 60))),
        )


def _story_map(
    plan: Plan, team: Team, products: dict[str, int], titles: dict[tuple[str, str], int]
) -> None:
    product, name, description, slice_names, activities = STORY_MAP
    actor = team.with_role(product, Role.PRODUCT_OWNER)[0]
    created = plan.moment(plan.today - dt.timedelta(days=40))
    stamps = {"created_at": created, "updated_at": created, "version": 1}
    map_id = plan.add(
        "story_maps", product_id=products[product], name=name, description=description, **stamps
    )
    plan.audit_create("story_maps", "story_map", map_id, actor, created)
    slices = [
        plan.add(
            "story_slices",
            map_id=map_id,
            name=n,
            description="",
            rank=key,
            release_id=None,
            **stamps,
        )
        for n, key in zip(slice_names, initial_keys(len(slice_names)), strict=True)
    ]
    for (title, tasks), key in zip(activities, initial_keys(len(activities)), strict=True):
        activity_id = plan.add("story_activities", map_id=map_id, title=title, rank=key, **stamps)
        for (task_title, stories), task_key in zip(tasks, initial_keys(len(tasks)), strict=True):
            task_id = plan.add(
                "story_tasks", activity_id=activity_id, title=task_title, rank=task_key, **stamps
            )
            placed = [(titles[(product, t)], s) for t, s in stories if (product, t) in titles]
            for (item_id, s), story_key in zip(placed, initial_keys(len(placed)), strict=True):
                plan.add(
                    "story_placements",
                    task_id=task_id,
                    item_id=item_id,
                    slice_id=slices[s],
                    rank=story_key,
                    created_at=created,
                )
