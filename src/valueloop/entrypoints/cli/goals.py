"""`valueloop goals`: the goal tree with computed progress, and closing a goal as a decision."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated

import typer

from valueloop.domain.goals import GoalStanding, GoalStatus, MeasureStanding
from valueloop.entrypoints.cli.console import number, out, percent
from valueloop.entrypoints.cli.options import AnyProduct, DatabaseUrl, DataDir, User, acting

app = typer.Typer(help="Goals with their measures and computed progress.", no_args_is_help=True)

VANITY = "⚠ vanity risk: no outcome or impact measure"


class Closing(StrEnum):
    ACHIEVED = GoalStatus.ACHIEVED.value
    DROPPED = GoalStatus.DROPPED.value


@app.command("list")
def list_goals(
    product: AnyProduct = None,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """The goal tree of each product, with progress computed from the latest observations."""
    with acting(data_dir, database_url, user) as ws:
        chosen = [ws.products.find(product)] if product else ws.products.list()
        trees = [(p, ws.goals.tree(p.id)) for p in chosen]
    if not trees:
        out.print("No products you can see.")
    for index, (item, tree) in enumerate(trees):
        if index:
            out.print()
        out.print(f"{item.name} (product {item.id}, {item.lifecycle_stage.value})")
        if not tree:
            out.print("  no goals yet")
        for line in _lines(tree, 1):
            out.print(line)


def _lines(forest: list[GoalStanding], depth: int) -> Iterator[str]:
    for node in forest:
        goal = node.goal
        pad = "  " * depth
        kva = goal.kva.value.replace("_", " ")
        yield (
            f"{pad}#{goal.id} {goal.title} — {goal.level.value}, {kva}, {goal.status.value}, "
            f"progress {percent(node.progress)}"
        )
        if node.vanity_risk:
            yield f"{pad}    {VANITY}"
        for standing in node.measures:
            yield f"{pad}    · {_measure(standing)}"
        yield from _lines(node.children, depth + 1)


def _measure(standing: MeasureStanding) -> str:
    m = standing.measure
    unit = f" {m.unit}" if m.unit and standing.latest is not None else ""
    better = "↑" if m.direction.value == "higher" else "↓"
    return (
        f"{m.name}: {number(standing.latest)}{unit} (baseline {number(m.baseline)}, "
        f"target {number(m.target)} {better}, {percent(standing.progress)}; {m.kind.value}; "
        f"{m.computed_by})"
    )


@app.command("close")
def close(
    goal_id: Annotated[int, typer.Argument(help="The goal's id (see `valueloop goals list`).")],
    status: Annotated[
        Closing, typer.Option("--status", help="How the goal ends: achieved or dropped.")
    ],
    rationale: Annotated[
        str, typer.Option("--rationale", help="Why: it goes into the decision log.")
    ],
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Mark a goal achieved or dropped; the decision is logged with its measures' standing."""
    with acting(data_dir, database_url, user) as ws:
        decision = ws.goals.close(goal_id, status.value, rationale=rationale)
    evidence = decision.evidence
    out.print(
        f"Goal #{goal_id} is {status.value}; decision #{decision.id} logged with the evidence "
        f"(progress {percent(evidence.get('progress'))}, "
        f"{len(evidence.get('measures', []))} measures)."
    )
