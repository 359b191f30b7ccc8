"""The demo's EBM goals in all four Key Value Areas, with measures and a year of their values.

Measures entered by hand (from tools the demo has no data of: the issue tracker, CI/CD, …) get a
year of weekly observations here. Computed measures (surveys, finance, goal loops) get none:
the demo stores their source data and `measure_sources` computes them, as in real use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from valueloop.domain import goals
from valueloop.domain.goals import Direction, GoalLevel, GoalStatus, KeyValueArea, MeasureKind
from valueloop.services.demo_data import Plan, Team

CV, UV = KeyValueArea.CURRENT_VALUE, KeyValueArea.UNREALIZED_VALUE
A2I, T2M = KeyValueArea.ABILITY_TO_INNOVATE, KeyValueArea.TIME_TO_MARKET
UP, DOWN = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER
OUTCOME, OUTPUT, IMPACT = MeasureKind.OUTCOME, MeasureKind.OUTPUT, MeasureKind.IMPACT


@dataclass(frozen=True, slots=True)
class MeasureSpec:
    """A measure and how its weekly values moved over the year: from `start` to `end`, noisy.

    A measure `computed_by` a source takes its values from that source's data instead.
    """

    name: str
    unit: str
    direction: Direction
    kind: MeasureKind
    baseline: float
    target: float
    start: float
    end: float
    noise: float
    source: str
    definition: str
    digits: int = 1
    shape: str = "linear"  # "linear", "early" (fast then flat) or "late" (flat then fast)
    key: str | None = None  # the KVM catalogue entry it is an instance of
    computed_by: str = "manual"


@dataclass(frozen=True, slots=True)
class GoalSpec:
    key: str
    product: str
    parent: str | None
    level: GoalLevel
    kva: KeyValueArea
    title: str
    description: str
    owner: str
    months: int  # target date, months from today
    measures: tuple[MeasureSpec, ...]
    status: GoalStatus = GoalStatus.ACTIVE


STRAT, MID, TACT = GoalLevel.STRATEGIC, GoalLevel.INTERMEDIATE, GoalLevel.TACTICAL
M = MeasureSpec


def C(  # a capital, like M: both read as rows of the table below
    name: str,
    unit: str,
    direction: Direction,
    kind: MeasureKind,
    baseline: float,
    target: float,
    computed_by: str,
    definition: str,
    key: str,
) -> MeasureSpec:
    """A computed measure: its values come from `computed_by`, not from this table."""
    return MeasureSpec(
        name, unit, direction, kind, baseline, target, 0, 0, 0, computed_by, definition,
        key=key, computed_by=computed_by,
    )  # fmt: skip


# fmt: off
# One goal per block, its measures under it: easier to read as a table than formatted code.
GOALS: tuple[GoalSpec, ...] = (
    GoalSpec("recommend", "helpdesk", None, STRAT, CV,
             "Be the helpdesk mid-market support teams recommend",
             "Customers recommend Relay because their support got faster and calmer.", "demo", 18, (
        C("Net Promoter Score", "points", UP, OUTCOME, 18, 40, "survey:nps",
          "% promoters minus % detractors in the monthly NPS survey.", "nps"),
        C("Revenue per employee", "$ per month", UP, IMPACT, 16_500, 20_000,
          "finance:revenue_per_employee", "Monthly revenue divided by the product's headcount.",
          "revenue_per_employee"),
    )),
    GoalSpec("efficiency", "helpdesk", "recommend", MID, CV,
             "Grow revenue faster than cost, with a team that stays",
             "Each hire adds more revenue than cost, and people like working on Relay.",
             "demo", 12, (
        C("Product cost ratio", "ratio", DOWN, IMPACT, 0.8, 0.6, "finance:product_cost_ratio",
          "The product's monthly cost divided by its monthly revenue.", "product_cost_ratio"),
        C("Employee NPS (eNPS)", "points", UP, OUTCOME, 5, 30, "survey:enps",
          "eNPS of the Relay Helpdesk team in the monthly pulse survey.", "enps"),
    )),
    GoalSpec("enterprise", "helpdesk", "recommend", MID, CV,
             "Support operations that enterprise accounts trust",
             "Enterprise teams run their whole support operation on Relay.", "priya", 9, (
        C("Customer satisfaction (CSAT)", "%", UP, OUTCOME, 82, 90, "survey:csat",
          "Share of answers 4 or 5 of 5 on the post-ticket survey.", "csat"),
    )),
    GoalSpec("sla", "helpdesk", "enterprise", TACT, CV,
             "Stop SLA breaches for enterprise accounts",
             "No enterprise ticket breaches its SLA without a warning first.", "oliver", 3, (
        M("SLA breach rate", "%", DOWN, OUTCOME, 7.5, 3, 7.8, 4.6, 0.45, "helpdesk",
          "Share of enterprise tickets answered after their SLA deadline.", 1, "late"),
    )),
    GoalSpec("defects", "helpdesk", "enterprise", TACT, A2I,
             "Halve open defects in the ticket workflow",
             "Fewer defects means more time for new capability.", "oliver", 4, (
        M("Open defects", "count", DOWN, OUTPUT, 64, 32, 66, 41, 3, "issue tracker",
          "Open bugs tagged with the ticket workflow.", 0, key="defect_trend"),
        M("Production incidents", "per week", DOWN, OUTCOME, 4, 1, 4.2, 2.1, 0.8, "incidents",
          "Incidents with customer impact per week.", 0, key="production_incidents"),
    )),
    GoalSpec("slack", "helpdesk", "enterprise", TACT, CV,
             "Two-way Slack integration in general availability",
             "Escalations reach engineers where they work.", "priya", -3, (
        M("Workspaces connected to Slack", "%", UP, OUTCOME, 0, 30, 0, 34, 1.2, "usage",
          "Active workspaces with the Slack app installed.", 1, "early",
          key="customer_usage_index"),
    ), GoalStatus.ACHIEVED),
    GoalSpec("help_center", "helpdesk", "enterprise", TACT, CV,
             "Refresh the help center",
             "Publish and update articles for the top contact reasons.", "oliver", 2, (
        M("Help articles published", "count", UP, OUTPUT, 120, 160, 118, 149, 1.5, "help center",
          "Articles published in the help center.", 0),
    )),
    GoalSpec("weekly", "helpdesk", "recommend", MID, T2M,
             "Deliver customer value every week",
             "Ideas reach customers in weeks, not quarters.", "priya", 9, (
        M("Lead time", "days", DOWN, OUTCOME, 38, 14, 40, 24, 2.5, "issue tracker",
          "Days from an item's creation until customers can use it.", key="lead_time"),
        M("Release frequency", "per month", UP, OUTPUT, 2, 8, 2, 5, 0.5, "CI/CD",
          "Customer-facing releases per month.", 0, key="release_frequency"),
        C("Time to learn", "days", DOWN, OUTCOME, 60, 21, "experiments:time_to_learn",
          "Days from a goal loop's hypothesis to reading its result.", "time_to_learn"),
    )),
    GoalSpec("delivery", "helpdesk", "weekly", TACT, T2M,
             "Deploy daily behind feature flags",
             "Small batches, shipped dark, switched on when ready.", "oliver", 4, (
        M("Deployment frequency", "per week", UP, OUTPUT, 3, 15, 3, 11, 1.2, "CI/CD",
          "Production deployments per week.", 0, key="deployment_frequency"),
        M("Mean time to restore", "hours", DOWN, OUTCOME, 9, 2, 9.5, 4.5, 0.9, "incidents",
          "Mean hours from a failed deployment to recovery.", key="recovery_time"),
    )),
    GoalSpec("innovation", "helpdesk", "weekly", TACT, A2I,
             "Spend 40% of effort on new capability",
             "Less firefighting, more new value.", "priya", 6, (
        M("Innovation rate", "%", UP, OUTCOME, 22, 40, 21, 31, 1.5, "issue tracker",
          "Effort on new capability divided by all effort.", key="innovation_rate"),
        M("Change failure rate", "%", DOWN, OUTCOME, 18, 8, 18.5, 12, 1.4, "CI/CD",
          "Share of deployments that cause a failure in production.", key="change_failure_rate"),
    )),
    GoalSpec("ai_default", "helpdesk", "weekly", TACT, A2I,
             "Make AI-drafted replies the default for new agents",
             "New agents answer billing questions alone in their first week.", "priya", 8, (
        M("Time to first reply, new agents", "minutes", DOWN, OUTCOME, 95, 45, 95, 95, 0,
          "helpdesk", "Median minutes to first reply for agents in their first month."),
    ), GoalStatus.PROPOSED),
    GoalSpec("market", "helpdesk", None, STRAT, UV,
             "Win 10% of the mid-market helpdesk market",
             "Mid-market teams choose Relay over the incumbents.", "demo", 24, (
        M("Market share gap", "%", DOWN, IMPACT, 96.2, 90, 96.4, 95.1, 0.12, "market research",
          "1 − our share of the addressable mid-market helpdesk market.", 2,
          key="market_share_gap"),
    )),
    GoalSpec("reporting_gap", "helpdesk", "market", MID, UV,
             "Close the reporting gap with competitors",
             "Reporting stops being the reason we lose deals.", "priya", 9, (
        C("Satisfaction gap: reporting", "points", DOWN, OUTCOME, 3.1, 1,
          "survey:satisfaction_gap",
          "Desired minus current experience of reporting, on 1–5, averaged.", "satisfaction_gap"),
        M("Unmet demand: critical requests", "count", DOWN, OUTCOME, 140, 60, 138, 118, 5,
          "feedback", "Open items with feedback marked critical by a customer.", 0),
    )),
    GoalSpec("dashboards", "helpdesk", "reporting_gap", TACT, UV,
             "Launch customizable dashboards",
             "Team leads build the view they need without a spreadsheet.", "oliver", 3, (
        M("Dashboard adoption", "% of accounts", UP, OUTCOME, 12, 45, 11, 27, 1.3, "usage",
          "Active accounts with at least one custom dashboard viewed weekly.", 1, "late",
          key="customer_usage_index"),
    )),
    GoalSpec("crm", "helpdesk", "market", TACT, UV,
             "Unblock mid-market deals that need a CRM integration",
             "Sales stops losing deals on missing Salesforce and SSO.", "priya", 5, (
        M("Win rate, CRM-dependent deals", "%", UP, OUTCOME, 18, 35, 17, 23, 2.2, "CRM",
          "Won deals among those that named a CRM integration as a requirement."),
    )),
    GoalSpec("self_serve", "insights", None, STRAT, CV,
             "Make support analytics self-serve for every team lead",
             "Team leads answer their own questions without a data team.", "lena", 18, (
        M("Weekly active team leads", "% of accounts", UP, OUTCOME, 8, 40, 7, 19, 1.1, "usage",
          "Insights accounts where a team lead opened a report this week.", 1, "late",
          key="customer_usage_index"),
    )),
    GoalSpec("fresh_data", "insights", "self_serve", MID, T2M,
             "Answers in minutes, not days",
             "Numbers fresh enough to act on during an incident.", "lena", 6, (
        M("Data freshness lag", "minutes", DOWN, OUTCOME, 720, 15, 740, 95, 20, "pipeline",
          "Median minutes from a ticket event to the chart.", 0, "early"),
    )),
    GoalSpec("beta", "insights", "fresh_data", TACT, CV,
             "A beta that 20 design partners love",
             "Learn with design partners before general availability.", "lena", 2, (
        C("Beta NPS", "points", UP, OUTCOME, 5, 30, "survey:nps",
          "NPS among pilot and beta design partners, monthly.", "nps"),
        M("Beta bugs open", "count", DOWN, OUTPUT, 30, 10, 31, 17, 2, "issue tracker",
          "Open bugs reported by design partners.", 0, key="defect_trend"),
    )),
)
# fmt: on

_SHAPES: dict[str, Callable[[float], float]] = {
    "linear": lambda x: x,
    "early": lambda x: x**0.4,
    "late": lambda x: x**2.2,
}


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def strategy(plan: Plan, team: Team, products: dict[str, int]) -> None:
    """Goals (strategic → intermediate → tactical) with measures and weekly observations."""
    rng = plan.rng
    weeks = [plan.last_monday - dt.timedelta(weeks=52 - 1 - i) for i in range(52)]
    for spec in GOALS:
        created = plan.moment(plan.start - dt.timedelta(days=rng.randint(10, 60)))
        values = goals.validate_goal(
            {
                "title": spec.title,
                "description": spec.description,
                "level": spec.level.value,
                "kva": spec.kva.value,
                "status": spec.status.value,
                "target_date": add_months(plan.today, spec.months),
            },
            creating=True,
        )
        parent = plan.ref("goals", spec.parent) if spec.parent else None
        goal_id = plan.add(
            "goals",
            **values,
            product_id=products[spec.product],
            parent_id=parent,
            owner_id=team.ids[spec.owner],
            created_at=created,
            updated_at=created,
            version=1,
        )
        plan.name("goals", spec.key, goal_id)
        plan.audit_create("goals", "goal", goal_id, team.ids[spec.owner], created)
        for m in spec.measures:
            _measure(plan, spec, m, goal_id, created, weeks, team)


def _measure(
    plan: Plan,
    goal: GoalSpec,
    m: MeasureSpec,
    goal_id: int,
    created: dt.datetime,
    weeks: list[dt.date],
    team: Team,
) -> None:
    rng = plan.rng
    values = goals.validate_measure(
        {
            "name": m.name,
            "definition": m.definition,
            "unit": m.unit,
            "direction": m.direction.value,
            "kind": m.kind.value,
            "baseline": float(m.baseline),
            "target": float(m.target),
            "target_date": add_months(plan.today, goal.months),
            "catalogue_key": m.key,
            "computed_by": m.computed_by,
        },
        creating=True,
    )
    measure_id = plan.add(
        "measures", **values, goal_id=goal_id, created_at=created, updated_at=created, version=1
    )
    plan.name("measures", f"{goal.product}:{m.name}", measure_id)
    plan.audit_create("measures", "measure", measure_id, team.ids[goal.owner], created)
    if goal.status is GoalStatus.PROPOSED or m.computed_by != "manual":
        return
    shape = _SHAPES[m.shape]
    for i, day in enumerate(weeks):
        value = m.start + (m.end - m.start) * shape(i / (len(weeks) - 1)) + rng.gauss(0, m.noise)
        value = max(0.0, round(value, m.digits))
        if m.unit == "%":
            value = min(100.0, value)
        plan.add(
            "observations",
            measure_id=measure_id,
            observed_on=day,
            value=value,
            source=m.source,
            note="",
            created_at=plan.moment(day),
        )
