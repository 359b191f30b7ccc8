"""`valueloop stage`: a product's lifecycle gate, and moving it as a recorded decision."""

from __future__ import annotations

from typing import Annotated

import typer

from valueloop.domain import lifecycle
from valueloop.domain.lifecycle import GateCheck
from valueloop.domain.products import LifecycleStage
from valueloop.entrypoints.cli.console import number, out
from valueloop.entrypoints.cli.options import DatabaseUrl, DataDir, User, acting

app = typer.Typer(help="Lifecycle stages and their exit criteria.", no_args_is_help=True)

ProductRef = Annotated[str, typer.Argument(help="The product, by id or name.")]


@app.command("gate")
def gate(
    product: ProductRef,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Check the exit criteria of the product's current stage against the latest observations."""
    with acting(data_dir, database_url, user) as ws:
        chosen = ws.products.find(product)
        check = ws.lifecycle.gate(chosen.id)
    following = lifecycle.next_stage(check.stage)
    after = f"; next: {following.value}" if following else ""
    out.print(f"{chosen.name} is in {check.stage.value}{after}.")
    for line in gate_lines(check):
        out.print(line)
    if following and check.checks and not check.met:
        out.print(
            f"Moving to {following.value} needs these criteria met, or --override with a rationale."
        )


def gate_lines(check: GateCheck) -> list[str]:
    if not check.checks:
        return [f"No exit criteria for {check.stage.value}: nothing holds the product there."]
    met = sum(1 for c in check.checks if c.met)
    lines = [f"Exit criteria of {check.stage.value}: {met} of {len(check.checks)} met."]
    for c in check.checks:
        rule = c.criterion
        what = rule.description or f"measure {rule.measure_id}"
        lines.append(
            f"  {'✓' if c.met else '✗'} {what}: latest {number(c.latest)}, needs "
            f"{rule.comparator.value} {number(rule.threshold)}"
        )
    return lines


@app.command("move")
def move(
    product: ProductRef,
    to: Annotated[LifecycleStage, typer.Option("--to", help="The stage to move to.")],
    rationale: Annotated[
        str, typer.Option("--rationale", help="Why: it goes into the decision log.")
    ],
    override: Annotated[
        bool,
        typer.Option("--override", help="Move forward even though exit criteria are not met."),
    ] = False,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Move a product to another stage; the decision is logged with the gate's evidence."""
    with acting(data_dir, database_url, user) as ws:
        chosen = ws.products.find(product)
        decision = ws.lifecycle.move(chosen.id, to.value, rationale=rationale, override=override)
    out.print(f"{chosen.name} moved from {chosen.lifecycle_stage.value} to {to.value}.")
    out.print(f"Decision #{decision.id} logged: {decision.decision}.")
