"""The demo's lifecycle: exit criteria of each stage and past stage moves recorded as decisions.

A past move's evidence is the gate as it stood that day, checked against the observations then,
in the same shape as a move made in the app.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from valueloop.domain import decisions, lifecycle
from valueloop.domain.lifecycle import Comparator, ExitCriterion
from valueloop.domain.products import LifecycleStage
from valueloop.services.demo_data import Plan, Team
from valueloop.services.lifecycle import gate_snapshot


@dataclass(frozen=True, slots=True)
class Criterion:
    measure: str  # the measure's name in its product
    comparator: Comparator
    threshold: float
    description: str


AT_LEAST, AT_MOST = Comparator.AT_LEAST, Comparator.AT_MOST

# The exit criteria of each product's current stage: some met today, some not.
CURRENT = {
    "helpdesk": (
        Criterion("Net Promoter Score", AT_LEAST, 40, "NPS at least 40"),
        Criterion("Customer satisfaction (CSAT)", AT_LEAST, 80, "CSAT at least 80%"),
        Criterion("Product cost ratio", AT_MOST, 0.75, "Cost at most 75% of revenue"),
        Criterion("Production incidents", AT_MOST, 3, "At most 3 incidents a week"),
        Criterion("Change failure rate", AT_MOST, 9, "Change failure rate at most 9%"),
        Criterion("Lead time", AT_MOST, 20, "Lead time at most 20 days"),
    ),
    "insights": (
        Criterion("Beta NPS", AT_LEAST, 35, "Design partners' NPS at least 35"),
        Criterion("Weekly active team leads", AT_LEAST, 15, "Team leads active weekly ≥ 15%"),
        Criterion("Beta bugs open", AT_MOST, 20, "At most 20 open beta bugs"),
        Criterion("Data freshness lag", AT_MOST, 60, "Data at most an hour old"),
    ),
}
# A large initiative with a stage of its own, and what it takes to leave that stage.
INITIATIVE = (
    "crm",
    LifecycleStage.DEVELOPMENT,
    (
        Criterion(
            "Win rate, CRM-dependent deals", AT_LEAST, 25, "Win rate of CRM deals at least 25%"
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class Move:
    product: str
    from_stage: LifecycleStage
    to_stage: LifecycleStage
    days_ago: int
    by: str
    criteria: tuple[Criterion, ...]  # the exit criteria of `from_stage`
    rationale: str
    override: str  # the reason given to move anyway, should a criterion not have been met


MOVES = (
    Move(
        "helpdesk",
        LifecycleStage.BETA,
        LifecycleStage.LAUNCH,
        290,
        "demo",
        (
            Criterion("Production incidents", AT_MOST, 5, "At most 5 incidents a week"),
            Criterion("Open defects", AT_MOST, 70, "At most 70 open defects"),
            Criterion("Deployment frequency", AT_LEAST, 3, "At least 3 deployments a week"),
        ),
        "Beta accounts renewed, incidents are under control and we deploy several times a "
        "week: general availability for every plan.",
        "Beta accounts renewed and sales needs general availability this quarter; the gap on the "
        "unmet criterion is small and has an owner.",
    ),
    Move(
        "insights",
        LifecycleStage.MVP,
        LifecycleStage.BETA,
        180,
        "lena",
        (
            Criterion("Weekly active team leads", AT_LEAST, 5, "Team leads active weekly ≥ 5%"),
            Criterion("Data freshness lag", AT_MOST, 360, "Data at most six hours old"),
        ),
        "The pilots use it every week and the data is fresh enough for weekly reviews: open a "
        "limited beta with twenty design partners.",
        "Design partners are waiting and the beta is limited to them; the missed criterion is "
        "the first thing the beta must fix.",
    ),
)


def lifecycle_history(plan: Plan, team: Team, products: dict[str, int]) -> None:
    """Exit criteria for the current and past stages, and the past moves as decisions."""
    at = plan.moment(plan.start)
    for product, criteria in CURRENT.items():
        stage = _stage_of(plan, products[product])
        for c in criteria:
            _criterion(plan, product, c, stage, at, product_id=products[product])
    key, stage, criteria = INITIATIVE
    for c in criteria:
        _criterion(plan, "helpdesk", c, stage, at, initiative_id=plan.ref("initiatives", key))
    observed = _observations(plan)
    for move in MOVES:
        _move(plan, team, products[move.product], move, observed)


def _stage_of(plan: Plan, product_id: int) -> LifecycleStage:
    return LifecycleStage(str(plan.rows["products"][product_id - 1]["lifecycle_stage"]))


def _criterion(
    plan: Plan,
    product: str,
    c: Criterion,
    stage: LifecycleStage,
    at: dt.datetime,
    *,
    product_id: int | None = None,
    initiative_id: int | None = None,
) -> ExitCriterion:
    criterion = ExitCriterion(
        id=len(plan.rows.get("exit_criteria", [])) + 1,
        stage=stage,
        measure_id=plan.ref("measures", f"{product}:{c.measure}"),
        comparator=c.comparator,
        threshold=float(c.threshold),
        description=c.description,
        product_id=product_id,
        initiative_id=initiative_id,
    )
    fields = asdict(criterion)
    del fields["id"]
    criterion_id = plan.add("exit_criteria", **fields, created_at=at)
    assert criterion_id == criterion.id
    return criterion


def _observations(plan: Plan) -> dict[int, list[tuple[dt.date, float]]]:
    by_measure: dict[int, list[tuple[dt.date, float]]] = {}
    for row in plan.rows["observations"]:
        day, value = row["observed_on"], row["value"]
        assert isinstance(day, dt.date)
        assert isinstance(value, float)
        by_measure.setdefault(int(str(row["measure_id"])), []).append((day, value))
    return by_measure


def _move(
    plan: Plan,
    team: Team,
    product_id: int,
    move: Move,
    observed: dict[int, list[tuple[dt.date, float]]],
) -> None:
    day = plan.today - dt.timedelta(days=move.days_ago)
    created = plan.moment(plan.start)
    criteria = [
        _criterion(plan, move.product, c, move.from_stage, created, product_id=product_id)
        for c in move.criteria
    ]
    latest = {}
    for c in criteria:
        seen = [value for when, value in observed.get(c.measure_id, []) if when <= day]
        if seen:
            latest[c.measure_id] = seen[-1]
    gate = lifecycle.evaluate(move.from_stage, criteria, latest)
    override = not gate.met
    product = plan.rows["products"][product_id - 1]
    verdict = "overridden" if override else "met"
    before, after = move.from_stage.value, move.to_stage.value
    at = plan.moment(day)
    values = decisions.validate(
        {
            "title": f"Move {product['name']} from {before} to {after}",
            "decision": f"Move to {after}; exit criteria of {before}: {verdict}",
            "options": [f"stay in {before}", f"move to {after}"],
            "rationale": move.override if override else move.rationale,
            "evidence": {"gate": gate_snapshot(gate), "override": override},
            "record_type": "product",
            "record_id": product_id,
        }
    )
    actor = team.ids[move.by]
    decision_id = plan.add(
        "decisions", **values, product_id=product_id, decided_by=actor, decided_at=at, created_at=at
    )
    plan.audit_create("decisions", "decision", decision_id, actor, at)
    # The product was created in the stage it left, and this move changed it.
    created_entry = next(
        row
        for row in plan.rows["audit_log"]
        if row["record_type"] == "product"
        and row["record_id"] == product_id
        and row["action"] == "create"
    )
    snapshot = created_entry["changes"]
    assert isinstance(snapshot, dict)
    created_entry["changes"] = {**snapshot, "lifecycle_stage": [None, before]}
    plan.add(
        "audit_log",
        actor_id=actor,
        at=at,
        record_type="product",
        record_id=product_id,
        action="update",
        changes={"lifecycle_stage": [before, after]},
    )
    last_change = product["updated_at"]
    assert isinstance(last_change, dt.datetime)
    product["updated_at"] = max(at, last_change)
    product["version"] = int(str(product["version"])) + 1
