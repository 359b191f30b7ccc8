"""`valueloop roadmap`: show the now / next / later lanes, move an item, export as CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Annotated

import typer

from valueloop.domain.backlog import Lane
from valueloop.domain.roadmap import LANE_TITLES, GroupBy
from valueloop.entrypoints.cli.console import number, out
from valueloop.entrypoints.cli.options import DatabaseUrl, DataDir, User, acting
from valueloop.entrypoints.web.csv_files import cell

app = typer.Typer(
    help="The roadmap: now / next / later lanes, releases, capacity.", no_args_is_help=True
)

ProductArg = Annotated[str, typer.Argument(help="The product, by id or name.")]


def _csv(header: tuple[str, ...], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([cell(v) for v in row] for row in rows)
    return buffer.getvalue()


@app.command("show")
def show(
    product: ProductArg,
    by: Annotated[
        GroupBy, typer.Option("--by", help="Group items by goal or initiative.")
    ] = GroupBy.NONE,
    fmt: Annotated[str, typer.Option("--format", help="table or csv.")] = "table",
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """The lanes with their items, warnings about dependencies and capacity."""
    if fmt not in ("table", "csv"):
        raise typer.BadParameter("use table or csv", param_hint="--format")
    with acting(data_dir, database_url, user) as ws:
        chosen = ws.products.find(product)
        if fmt == "csv":
            header, rows = ws.roadmap.table(chosen.id, by)
            out.print(_csv(header, rows), end="")
            return
        shown = ws.roadmap.view(chosen.id, by)
    out.print(f"{shown.product.name} — roadmap")
    blocked = shown.blocked_by()
    for lane, groups in shown.lanes:
        out.print()
        out.print(f"{LANE_TITLES[lane]}:")
        if not groups:
            out.print("  (empty)")
        for group, items in groups:
            if by is not GroupBy.NONE:
                out.print(f"  {group.label}")
            for item in items:
                extra = f", {number(item.estimate)} pts" if item.estimate is not None else ""
                waits = blocked.get(item.id)
                wait = f"; blocked by {', '.join(f'#{b}' for b in waits)}" if waits else ""
                out.print(f"    #{item.id} {item.title} ({item.status.value}{extra}){wait}")
    if shown.releases:
        out.print()
        out.print("Releases and milestones:")
    for release in shown.releases:
        when = release.target_date.isoformat() if release.target_date else "no date"
        out.print(f"  {release.kind.value} {release.name}: {when}, {release.status.value}")
    warnings = [w.reason for w in shown.order_warnings] + shown.capacity_warnings
    if warnings:
        out.print()
        for text in warnings:
            out.print(f"⚠ {text}")


@app.command("move")
def move(
    item_id: Annotated[int, typer.Argument(help="The item's id.")],
    lane: Annotated[str, typer.Argument(help="now, next, later, or none (off the roadmap).")],
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Move an item to the end of a lane."""
    if lane not in {*(x.value for x in Lane), "none"}:
        raise typer.BadParameter("use now, next, later or none", param_hint="LANE")
    target = None if lane == "none" else Lane(lane)
    with acting(data_dir, database_url, user) as ws:
        moved = ws.roadmap.move(item_id, target)
    where = LANE_TITLES[target] if target else "off the roadmap"
    out.print(f"Moved #{moved.id} {moved.title} to {where}.")


@app.command("export")
def export(
    product: ProductArg,
    csv_file: Annotated[Path, typer.Option("--csv", help="Write the roadmap to this CSV file.")],
    by: Annotated[
        GroupBy, typer.Option("--by", help="Group items by goal or initiative.")
    ] = GroupBy.NONE,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Write the roadmap as CSV, one row per item (formula-like cells neutralised)."""
    with acting(data_dir, database_url, user) as ws:
        chosen = ws.products.find(product)
        header, rows = ws.roadmap.table(chosen.id, by)
    csv_file.write_text("\ufeff" + _csv(header, rows), encoding="utf-8")
    out.print(f"Wrote {len(rows)} items to {csv_file}.")
