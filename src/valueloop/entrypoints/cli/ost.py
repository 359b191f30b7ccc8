"""`valueloop ost`: Opportunity Solution Trees from a shell — show and export a product's trees,
edit opportunities, solutions and assumption tests, set the target, link notes as evidence."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from valueloop.domain.opportunities import OpportunityNode
from valueloop.domain.solutions import AssumptionTest
from valueloop.entrypoints.cli.console import out
from valueloop.entrypoints.cli.options import DatabaseUrl, DataDir, User, acting
from valueloop.services.opportunities import OutcomeTree

app = typer.Typer(
    help="Opportunity Solution Trees: outcomes, opportunities, solutions, assumption tests.",
    no_args_is_help=True,
)
solution_app = typer.Typer(help="Solutions to an opportunity.", no_args_is_help=True)
test_app = typer.Typer(help="Assumption tests of a solution.", no_args_is_help=True)
app.add_typer(solution_app, name="solution")
app.add_typer(test_app, name="test")

ProductArg = Annotated[str, typer.Argument(help="The product, by id or name.")]
OpportunityArg = Annotated[int, typer.Argument(help="The opportunity's id.")]
SolutionArg = Annotated[int, typer.Argument(help="The solution's id.")]
TestArg = Annotated[int, typer.Argument(help="The assumption test's id.")]
GoalOption = Annotated[int | None, typer.Option("--goal", help="The desired outcome: a goal's id.")]
Title = Annotated[str | None, typer.Option("--title", help="A new title.")]
Description = Annotated[str | None, typer.Option("--description", help="The description.")]
Version = Annotated[
    int | None,
    typer.Option(
        "--version", help="The version you read: refused if someone changed the record since."
    ),
]
Yes = Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")]
OPPORTUNITY_STATUS = "open, exploring, addressed or parked"
SOLUTION_STATUS = "idea, testing, chosen or discarded"
CATEGORIES = "desirability, viability, feasibility or usability"
RESULTS = "planned, running, passed, failed or inconclusive"


def _given(**fields: object) -> dict[str, object]:
    """The options that were given; an edit changes only those."""
    return {k: v for k, v in fields.items() if v is not None}


def _nothing_to_change(fields: dict[str, object]) -> None:
    if not fields:
        raise typer.BadParameter("give at least one field to change")


def _confirm(what: str, yes: bool) -> None:
    if not yes:
        typer.confirm(f"Delete {what}?", abort=True)


# ---------------------------------------------------------------------------------------------
# The tree


@app.command("show")
def show(
    product: ProductArg,
    goal: GoalOption = None,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Print the product's trees (or one outcome's) with evidence counts, the target and hints."""
    with acting(data_dir, database_url, user) as ws:
        chosen = ws.products.find(product)
        if goal is None:
            whole = ws.discovery.tree(chosen.id)
            outcomes, hints = whole.outcomes, whole.hints
        else:
            outcomes = [ws.discovery.outcome(goal, product_id=chosen.id)]
            hints = outcomes[0].hints
    out.print(f"{chosen.name} — Opportunity Solution Tree")
    if not any(o.roots for o in outcomes):
        out.print()
        out.print("No opportunities yet.")
    for outcome in outcomes:
        out.print()
        for line in _outcome_lines(outcome):
            out.print(line)
    if hints:
        out.print()
        out.print("Hints:")
    for h in hints:
        out.print(f"  ⚠ {h.message}")
        out.print(f"    why: {h.reason}")


def _outcome_lines(outcome: OutcomeTree) -> Iterator[str]:
    if outcome.goal is None:
        yield "No desired outcome yet:"
    else:
        yield f"Outcome #{outcome.goal.id} {outcome.goal.title}"
    if not outcome.roots:
        yield "  (no opportunities)"
    for root in outcome.roots:
        yield from _node_lines(root)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _node_lines(node: OpportunityNode) -> Iterator[str]:
    o = node.opportunity
    pad = "  " * (node.depth + 1)
    evidence = _plural(node.links, "link")
    if node.own_links != node.links:
        evidence += f" ({node.own_links} own)"
    target = "  ◎ target" if o.is_target else ""
    yield (
        f"{pad}#{o.id} {o.title} [{o.status.value}] — {evidence}, "
        f"{_plural(node.customers, 'customer')}{target}"
    )
    for s in node.solutions:
        sol = s.solution
        item = f", item #{sol.item_id}" if sol.item_id is not None else ""
        yield f"{pad}  → solution #{sol.id} {sol.title} [{sol.status.value}{item}]"
        for t in s.tests:
            yield f"{pad}      · {_test_line(t)}"
    for child in node.children:
        yield from _node_lines(child)


def _test_line(t: AssumptionTest) -> str:
    when = f", {t.run_on.isoformat()}" if t.run_on else ""
    return f"test #{t.id} {t.category.value}: {t.assumption} — {t.result.value}{when}"


@app.command("export")
def export(
    product: ProductArg,
    goal: GoalOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", dir_okay=False, help="Write to this file instead of stdout."),
    ] = None,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Write the tree as JSON, the same document as the REST API's opportunity-tree routes."""
    with acting(data_dir, database_url, user) as ws:
        chosen = ws.products.find(product)
        document = ws.discovery.export(chosen.id, goal)
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if output is None:
        out.print(text)
        return
    output.write_text(text + "\n", encoding="utf-8")
    typer.echo(f"Wrote the tree of {chosen.name} to {output}.", err=True)


# ---------------------------------------------------------------------------------------------
# Opportunities


@app.command("add")
def add(
    product: ProductArg,
    title: Annotated[str, typer.Argument(help="The customer's problem, need or desire.")],
    goal: GoalOption = None,
    parent: Annotated[
        int | None,
        typer.Option("--parent", help="Nest under this opportunity (takes its outcome)."),
    ] = None,
    description: Description = None,
    status: Annotated[str | None, typer.Option("--status", help=OPPORTUNITY_STATUS)] = None,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Add an opportunity under a desired outcome or a parent opportunity, after its siblings."""
    fields = _given(
        title=title, goal_id=goal, parent_id=parent, description=description, status=status
    )
    with acting(data_dir, database_url, user) as ws:
        chosen = ws.products.find(product)
        o = ws.discovery.create_opportunity(chosen.id, **fields)
    out.print(f"Added opportunity #{o.id} {o.title}.")


@app.command("edit")
def edit(
    opportunity: OpportunityArg,
    title: Title = None,
    description: Description = None,
    status: Annotated[str | None, typer.Option("--status", help=OPPORTUNITY_STATUS)] = None,
    goal: Annotated[
        int | None,
        typer.Option(
            "--goal",
            help="Serve another desired outcome (top level only; the subtree comes along).",
        ),
    ] = None,
    no_goal: Annotated[bool, typer.Option("--no-goal", help="Serve no desired outcome.")] = False,
    version: Version = None,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Change an opportunity's title, description, status or desired outcome."""
    if no_goal and goal is not None:
        raise typer.BadParameter("give --goal or --no-goal, not both", param_hint="--no-goal")
    fields = _given(title=title, description=description, status=status, goal_id=goal)
    if no_goal:
        fields["goal_id"] = None
    _nothing_to_change(fields)
    with acting(data_dir, database_url, user) as ws:
        o = ws.discovery.update_opportunity(opportunity, version=version, **fields)
    out.print(f"Updated opportunity #{o.id} {o.title} (version {o.version}).")


@app.command("move")
def move(
    opportunity: OpportunityArg,
    parent: Annotated[
        int | None, typer.Option("--parent", help="The new parent, in the same outcome.")
    ] = None,
    top: Annotated[bool, typer.Option("--top", help="Move to the top level.")] = False,
    after: Annotated[
        int | None, typer.Option("--after", help="Place right after this sibling.")
    ] = None,
    before: Annotated[
        int | None, typer.Option("--before", help="Place right before this sibling.")
    ] = None,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Re-parent an opportunity within its outcome (its subtree and solutions come along)."""
    if top == (parent is not None):
        raise typer.BadParameter("give --parent ID or --top", param_hint="--parent")
    if after is not None and before is not None:
        raise typer.BadParameter("give --after or --before, not both", param_hint="--after")
    with acting(data_dir, database_url, user) as ws:
        o = ws.discovery.move_opportunity(opportunity, parent, after_id=after, before_id=before)
    where = f"under #{parent}" if parent is not None else "to the top level"
    out.print(f"Moved opportunity #{o.id} {o.title} {where}.")


@app.command("delete")
def delete(
    opportunity: OpportunityArg,
    version: Version = None,
    yes: Yes = False,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Delete an opportunity with its sub-opportunities, solutions, tests and evidence links."""
    with acting(data_dir, database_url, user) as ws:
        o = ws.discovery.get(opportunity)
        _confirm(f"opportunity #{o.id} {o.title} and everything under it", yes)
        ws.discovery.delete_opportunity(o.id, version=version)
    out.print(f"Deleted opportunity #{o.id} {o.title}.")


@app.command("target")
def target(
    opportunity: OpportunityArg,
    rationale: Annotated[
        str, typer.Option("--rationale", help="Why: it goes into the decision log.")
    ] = "",
    unset: Annotated[bool, typer.Option("--unset", help="Stop treating it as the target.")] = False,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Make an opportunity its outcome's target (replacing the previous one); logs a decision."""
    with acting(data_dir, database_url, user) as ws:
        o = ws.discovery.set_target(opportunity, not unset, rationale=rationale)
    state = "is the target of its outcome" if o.is_target else "is no longer a target"
    out.print(f"Opportunity #{o.id} {o.title} {state}.")


@app.command("link")
def link(
    note: Annotated[int, typer.Argument(help="The feedback note's id.")],
    opportunity: OpportunityArg,
    importance: Annotated[
        int, typer.Option("--importance", help="0 (nice to have) to 3 (critical).")
    ] = 1,
    highlight: Annotated[
        str, typer.Option("--highlight", help="A passage of the note (default: the whole note).")
    ] = "",
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Link a note (or a passage of it) to an opportunity as evidence."""
    with acting(data_dir, database_url, user) as ws:
        made = ws.discovery.link_note(note, opportunity, importance, highlight=highlight)
    out.print(
        f"Linked note #{made.note_id} to opportunity #{made.opportunity_id} "
        f"(importance {made.importance}, link #{made.id})."
    )


@app.command("unlink")
def unlink(
    link_id: Annotated[int, typer.Argument(help="The link's id (see `valueloop ost notes`).")],
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Remove an evidence link; the note and the opportunity stay."""
    with acting(data_dir, database_url, user) as ws:
        ws.discovery.unlink_note(link_id)
    out.print(f"Removed link #{link_id}.")


@app.command("notes")
def notes(
    opportunity: OpportunityArg,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """List the notes linked to an opportunity, newest link first, with importance and passage."""
    with acting(data_dir, database_url, user) as ws:
        rows = ws.discovery.notes(opportunity)
    if not rows:
        out.print(f"No notes are linked to opportunity #{opportunity}.")
    for row in rows:
        text = row.link.highlight or row.note.text
        out.print(
            f"link #{row.link.id}: note #{row.note.id}, importance {row.link.importance} — "
            f"{' '.join(text.split())[:200]}"
        )


# ---------------------------------------------------------------------------------------------
# Solutions


SolutionStatusOption = Annotated[str | None, typer.Option("--status", help=SOLUTION_STATUS)]


@solution_app.command("add")
def add_solution(
    opportunity: OpportunityArg,
    title: Annotated[str, typer.Argument(help="The solution.")],
    description: Description = None,
    status: SolutionStatusOption = None,
    item: Annotated[
        int | None, typer.Option("--item", help="The backlog item that delivers it.")
    ] = None,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Add a solution after the opportunity's others."""
    fields = _given(title=title, description=description, status=status, item_id=item)
    with acting(data_dir, database_url, user) as ws:
        s = ws.discovery.create_solution(opportunity, **fields)
    out.print(f"Added solution #{s.id} {s.title} to opportunity #{s.opportunity_id}.")


@solution_app.command("edit")
def edit_solution(
    solution: SolutionArg,
    title: Title = None,
    description: Description = None,
    status: SolutionStatusOption = None,
    rationale: Annotated[
        str, typer.Option("--rationale", help="Why, when choosing or discarding it.")
    ] = "",
    version: Version = None,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Change a solution; choosing or discarding it logs a decision with the rationale."""
    fields = _given(title=title, description=description, status=status)
    _nothing_to_change(fields)
    with acting(data_dir, database_url, user) as ws:
        s = ws.discovery.update_solution(solution, version=version, rationale=rationale, **fields)
    out.print(f"Updated solution #{s.id} {s.title} [{s.status.value}] (version {s.version}).")


@solution_app.command("move")
def move_solution(
    solution: SolutionArg,
    opportunity: Annotated[
        int | None,
        typer.Option("--opportunity", help="Another opportunity of the same outcome."),
    ] = None,
    after: Annotated[
        int | None, typer.Option("--after", help="Place right after this solution.")
    ] = None,
    before: Annotated[
        int | None, typer.Option("--before", help="Place right before this solution.")
    ] = None,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Move a solution to another opportunity of its outcome, or reorder it among its siblings."""
    if opportunity is None and after is None and before is None:
        raise typer.BadParameter("give --opportunity, --after or --before", param_hint="--after")
    if after is not None and before is not None:
        raise typer.BadParameter("give --after or --before, not both", param_hint="--after")
    with acting(data_dir, database_url, user) as ws:
        s = ws.discovery.move_solution(solution, opportunity, after_id=after, before_id=before)
    out.print(f"Moved solution #{s.id} {s.title} (opportunity #{s.opportunity_id}).")


@solution_app.command("link")
def link_solution(
    solution: SolutionArg,
    item: Annotated[
        int | None, typer.Option("--item", help="The backlog item that delivers it.")
    ] = None,
    new_item: Annotated[
        bool, typer.Option("--new-item", help="Make a backlog item from the solution.")
    ] = False,
    unlink: Annotated[bool, typer.Option("--unlink", help="Forget its backlog item.")] = False,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Point a solution at the backlog item that delivers it (one of --item, --new-item,
    --unlink)."""
    if sum((item is not None, new_item, unlink)) != 1:
        raise typer.BadParameter(
            "give one of --item ID, --new-item or --unlink", param_hint="--item"
        )
    with acting(data_dir, database_url, user) as ws:
        s = ws.discovery.link_item(solution, item, create={} if new_item else None)
    if s.item_id is None:
        out.print(f"Solution #{s.id} {s.title} has no backlog item now.")
    else:
        out.print(f"Solution #{s.id} {s.title} is delivered by item #{s.item_id}.")


@solution_app.command("delete")
def delete_solution(
    solution: SolutionArg,
    version: Version = None,
    yes: Yes = False,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Delete a solution and its assumption tests (a linked backlog item stays)."""
    with acting(data_dir, database_url, user) as ws:
        s = ws.discovery.get_solution(solution)
        _confirm(f"solution #{s.id} {s.title} and its assumption tests", yes)
        ws.discovery.delete_solution(s.id, version=version)
    out.print(f"Deleted solution #{s.id} {s.title}.")


# ---------------------------------------------------------------------------------------------
# Assumption tests


def _test_fields(
    category: str | None,
    method: str | None,
    criterion: str | None,
    result: str | None,
    findings: str | None,
    run_on: str | None,
) -> dict[str, Any]:
    return _given(
        category=category,
        method=method,
        success_criterion=criterion,
        result=result,
        findings=findings,
        run_on=run_on,
    )


Category = Annotated[str | None, typer.Option("--category", "--kind", help=CATEGORIES)]
Method = Annotated[
    str | None, typer.Option("--method", help="How: interview, prototype, fake door, …")
]
Criterion = Annotated[
    str | None, typer.Option("--criterion", help="What result counts as success.")
]
Result = Annotated[str | None, typer.Option("--result", help=RESULTS)]
Findings = Annotated[str | None, typer.Option("--findings", help="What the test showed.")]
RunOn = Annotated[str | None, typer.Option("--run-on", help="The day it ran (YYYY-MM-DD).")]


@test_app.command("add")
def add_test(
    solution: SolutionArg,
    assumption: Annotated[str, typer.Argument(help="The assumption the test checks.")],
    category: Category = None,
    method: Method = None,
    criterion: Criterion = None,
    result: Result = None,
    findings: Findings = None,
    run_on: RunOn = None,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Plan or record a test of one assumption behind a solution (`--category` is required)."""
    fields = {"assumption": assumption}
    fields |= _test_fields(category, method, criterion, result, findings, run_on)
    with acting(data_dir, database_url, user) as ws:
        t = ws.discovery.add_test(solution, **fields)
    out.print(f"Added {_test_line(t)} to solution #{t.solution_id}.")


@test_app.command("edit")
def edit_test(
    test: TestArg,
    assumption: Annotated[
        str | None, typer.Option("--assumption", help="A new assumption.")
    ] = None,
    category: Category = None,
    method: Method = None,
    criterion: Criterion = None,
    result: Result = None,
    findings: Findings = None,
    run_on: RunOn = None,
    version: Version = None,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Change an assumption test or record its result, findings and date."""
    fields = _given(assumption=assumption)
    fields |= _test_fields(category, method, criterion, result, findings, run_on)
    _nothing_to_change(fields)
    with acting(data_dir, database_url, user) as ws:
        t = ws.discovery.update_test(test, version=version, **fields)
    out.print(f"Updated {_test_line(t)} (version {t.version}).")


@test_app.command("delete")
def delete_test(
    test: TestArg,
    version: Version = None,
    yes: Yes = False,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Delete an assumption test."""
    with acting(data_dir, database_url, user) as ws:
        t = ws.discovery.get_test(test)
        _confirm(f"test #{t.id} ({t.assumption})", yes)
        ws.discovery.delete_test(t.id, version=version)
    out.print(f"Deleted test #{t.id}.")
