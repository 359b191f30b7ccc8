"""`valueloop score`: a product's backlog scored with its terms, one item's breakdown, how stable
the ranking is, value vs effort, and whether past scores predicted the measured impact."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from valueloop.domain.priorities import QUADRANT_FIELDS, ScoringSettings
from valueloop.domain.rank_stability import MAX_DRAWS, MIN_DRAWS
from valueloop.domain.scoring import IceAggregation, Quadrant
from valueloop.entrypoints.cli.console import number, out, percent
from valueloop.entrypoints.cli.options import DatabaseUrl, DataDir, User, acting
from valueloop.services import calibration, quadrants, rank_stability, scoring
from valueloop.services.calibration import CalibrationView
from valueloop.services.quadrants import QuadrantView
from valueloop.services.rank_stability import StabilityView
from valueloop.services.scoring import ItemScore, ScoreBoard
from valueloop.workspace import Workspace
from valueloop.workspace.section import Section

app = typer.Typer(help="Prioritization: scores with their terms, rank stability, calibration.")

ProductRef = Annotated[str, typer.Argument(help="The product, by id or name.")]
Framework = Annotated[
    str | None,
    typer.Option(
        "--framework",
        help="rice, ice, wsjf, cd3, opportunity or formula:<id> \\[default: the product's].",
        show_default=False,
    ),
]


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


class Scores(Section):
    """The prioritization use cases as the workspace's user."""

    def board(self, product_id: int, framework: str | None, top: int | None) -> ScoreBoard:
        uow, actor = self._call()
        return scoring.score_board(uow, actor, product_id, framework, limit=top)

    def item(self, item_id: int, framework: str | None) -> ItemScore:
        uow, actor = self._call()
        return scoring.score_item(uow, actor, item_id, framework)

    def stability(
        self, product_id: int, framework: str | None, draws: int, top_k: int, seed: int
    ) -> StabilityView:
        uow, actor = self._call()
        return rank_stability.product_rank_stability(
            uow, actor, product_id, framework, draws=draws, top_k=top_k, seed=seed
        )

    def calibration(self, product_id: int) -> CalibrationView:
        uow, actor = self._call()
        return calibration.calibration_report(uow, actor, product_id)

    def quadrants(self, product_id: int, **axes: Any) -> QuadrantView:
        uow, actor = self._call()
        return quadrants.value_vs_effort(uow, actor, product_id, **axes)

    def settings(self, product_id: int, fields: dict[str, object]) -> ScoringSettings:
        """The product's scoring settings, after changing `fields` when there are any."""
        uow, actor = self._call()
        if not fields:
            return scoring.get_settings(uow, actor, product_id)
        return scoring.update_settings(uow, actor, product_id, fields)


def _product_id(ws: Workspace, product: str) -> tuple[int, str]:
    found = ws.products.find(product)
    return found.id, found.name


def _record(row: ItemScore) -> dict[str, Any]:
    """One scored item as plain values (for CSV and JSON)."""
    return {
        "place": row.place,
        "item_id": row.item.id,
        "title": row.item.title,
        "status": row.item.status.value,
        "score": row.score.value if row.score else None,
        "explain": row.score.explain() if row.score else "",
        "terms": {t.name: t.value for t in row.score.terms} if row.score else {},
        "missing": list(row.missing),
        "error": row.error,
        "confidence": round(row.confidence.value, 4),
        "confidence_label": row.confidence.label,
        "confidence_overridden": row.confidence.override is not None,
        "goal_weight": row.alignment.weight,
        "aligned": row.alignment.aligned,
        "desirability": row.dvf.desirability.value if row.dvf.desirability else None,
        "viability": row.dvf.viability.value if row.dvf.viability else None,
        "feasibility": row.dvf.feasibility.value if row.dvf.feasibility else None,
        "moscow": row.moscow.value if row.moscow else None,
        "kano": row.kano.category.value if row.kano else None,
        "customers": row.evidence.customers,
        "arr": row.evidence.arr,
    }


_CSV_COLUMNS = [
    "place",
    "item_id",
    "title",
    "status",
    "score",
    "explain",
    "missing",
    "confidence",
    "confidence_label",
    "aligned",
    "goal_weight",
    "desirability",
    "viability",
    "feasibility",
    "moscow",
    "kano",
    "customers",
    "arr",
]


@app.command("list")
def list_scores(
    product: ProductRef,
    framework: Framework = None,
    top: Annotated[
        int | None, typer.Option("--top", min=1, help="Only the N highest scores.")
    ] = None,
    format_: Annotated[Format, typer.Option("--format", help="table, csv or json.")] = Format.TABLE,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """The open backlog scored highest first, each score with its terms; unscored items last
    with what they lack."""
    with acting(data_dir, database_url, user) as ws:
        product_id, name = _product_id(ws, product)
        board = Scores(ws).board(product_id, framework, top)
    records = [_record(row) for row in board.items]
    if format_ is Format.JSON:
        body: dict[str, Any] = {
            "framework": board.framework,
            "label": board.label,
            "formula": board.formula,
        }
        body |= {"total": board.total, "scored": board.scored, "items": records}
        out.print(json.dumps(body, indent=2, ensure_ascii=False, default=str))
        return
    if format_ is Format.CSV:
        text = io.StringIO()
        writer = csv.DictWriter(text, _CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow({**record, "missing": " ".join(record["missing"])})
        out.print(text.getvalue(), end="")
        return
    out.print(f"{name}: {board.scored} of {board.total} items scored with {board.label}")
    out.print(f"  {board.label} = {board.formula}")
    table = Table(title_justify="left")
    for column, justify in (("#", "right"), ("item", "left"), (board.label, "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for column in ("terms", "confidence", "goal", "DVF", "MoSCoW"):
        table.add_column(column)
    for row in board.items:
        table.add_row(
            str(row.place or "–"),
            f"#{row.item.id} {row.item.title}",
            number(row.score.value) if row.score else "unscored",
            _terms(row),
            f"{percent(row.confidence.value)} {row.confidence.label}"
            + (" (set by hand)" if row.confidence.override else ""),
            f"weight {number(row.alignment.weight)}" if row.alignment.aligned else "UNALIGNED",
            "".join(
                (r.value[0].upper() if r else "·")
                for r in (row.dvf.desirability, row.dvf.viability, row.dvf.feasibility)
            ),
            row.moscow.value if row.moscow else "",
        )
    out.print(table)


def _terms(row: ItemScore) -> str:
    if row.score:
        return ", ".join(f"{t.name} {number(t.value)}" for t in row.score.terms)
    if row.missing:
        return "lacks " + ", ".join(row.missing)
    return row.error or ""


@app.command("explain")
def explain(
    item_id: Annotated[int, typer.Argument(help="The backlog item's id.")],
    framework: Framework = None,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """One item's score: the formula, each term and its meaning, the confidence with its
    reasons, goal alignment, the DVF assessment, MoSCoW and Kano."""
    with acting(data_dir, database_url, user) as ws:
        row = Scores(ws).item(item_id, framework)
    out.print(f"#{row.item.id} {row.item.title} ({row.item.status.value})")
    if row.score:
        out.print(f"  {row.score.explain()}")
        for term in row.score.terms:
            note = f" ({term.note})" if term.note else ""
            out.print(f"    {term.name} = {number(term.value, 3)}{note}")
    elif row.missing:
        out.print(f"  not scored: lacks {', '.join(row.missing)}")
    else:
        out.print(f"  not scored: {row.error}")
    c = row.confidence
    out.print(f"  confidence {percent(c.value)} ({c.label}; RICE {number(c.rice)})")
    for reason in c.reasons:
        out.print(f"    {reason}")
    if c.override:
        out.print(f"    set by hand: {c.override.reason} (derived {percent(c.derived)})")
    out.print(f"  goal: {row.alignment.reason}")
    dvf = row.dvf
    ratings = ", ".join(
        f"{name} {rating.value if rating else 'not assessed'}"
        for name, rating in (
            ("desirability", dvf.desirability),
            ("viability", dvf.viability),
            ("feasibility", dvf.feasibility),
        )
    )
    out.print(f"  {ratings}")
    out.print(f"  MoSCoW: {row.moscow.value if row.moscow else 'none'}")
    if row.kano:
        out.print(f"  Kano: {row.kano.explain()}")
    evidence = row.evidence
    out.print(
        f"  evidence: {evidence.notes} notes from {evidence.customers} customers "
        f"({number(evidence.arr)} ARR)"
    )


@app.command("stability")
def stability(
    product: ProductRef,
    framework: Framework = None,
    top_k: Annotated[int, typer.Option("--top-k", min=1, help="K of the top-K chance.")] = 10,
    draws: Annotated[
        int, typer.Option("--draws", min=MIN_DRAWS, max=MAX_DRAWS, help="Joint samples.")
    ] = MIN_DRAWS,
    seed: Annotated[int, typer.Option("--seed", min=0, help="The same seed, the same report.")] = 0,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Sample every estimate range, rank each draw, and print each item's chance of the top K
    and its rank interval (5th–95th percentile)."""
    with acting(data_dir, database_url, user) as ws:
        product_id, name = _product_id(ws, product)
        view = Scores(ws).stability(product_id, framework, draws, top_k, seed)
    report = view.report
    if report is None:
        out.print(f"{name}: no item can be scored with {view.label} yet.")
        return
    low, high = report.interval
    out.print(
        f"{name}: {view.label}, {report.draws:,} draws, top {report.top_k}, seed {report.seed}"
    )
    table = Table()
    for column in ("rank", "item", "score", f"P(top {report.top_k})", "median rank"):
        table.add_column(column, justify="left" if column == "item" else "right")
    table.add_column(f"rank {low:g}–{high:g}th pct", justify="right")
    for i in sorted(report.items, key=lambda i: i.point_rank):
        item_id = int(str(i.key))
        table.add_row(
            str(i.point_rank),
            f"#{item_id} {view.titles.get(item_id, '')}",
            number(i.point_score),
            percent(i.top_k_probability),
            number(i.median_rank),
            f"{number(i.rank_low)}–{number(i.rank_high)}",
        )
    out.print(table)
    if view.unscored:
        out.print(f"{len(view.unscored)} items left out: they lack an input for {view.label}.")


@app.command("calibration")
def calibration_report(
    product: ProductRef,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Predicted against measured impact, per framework and per estimator."""
    with acting(data_dir, database_url, user) as ws:
        product_id, name = _product_id(ws, product)
        view = Scores(ws).calibration(product_id)
    report = view.report
    out.print(
        f"{name}: {view.snapshots} snapshots; {report.measured} predictions measured, "
        f"{report.awaiting} awaiting a measurement."
    )
    for title, groups in (("framework", report.by_framework), ("estimator", report.by_estimator)):
        if not groups:
            continue
        table = Table(title=f"per {title}", title_justify="left")
        table.add_column(title)
        for column in ("items", "Spearman ρ", "p", "norm. MAE", "impact MAE"):
            table.add_column(column, justify="right")
        table.add_column("verdict")
        for g in groups:
            table.add_row(
                g.key,
                str(g.count),
                "–" if g.spearman is None else f"{g.spearman:.2f}",
                "–" if g.p_value is None else f"{g.p_value:.3f}",
                "–" if g.mae is None else f"{g.mae:.2f}",
                "–" if g.impact_mae is None else number(g.impact_mae),
                g.verdict,
            )
        out.print(table)


@app.command("settings")
def settings(
    product: ProductRef,
    framework: Annotated[
        str | None,
        typer.Option(
            "--framework", help="Score with rice, ice, wsjf, cd3, opportunity or formula:<id>."
        ),
    ] = None,
    ice_aggregation: Annotated[
        IceAggregation | None, typer.Option("--ice-aggregation", help="ICE: mean or product.")
    ] = None,
    unaligned_weight: Annotated[
        float | None,
        typer.Option("--unaligned-weight", min=0, help="The goal weight of unaligned items."),
    ] = None,
    half_life_days: Annotated[
        float | None, typer.Option("--half-life-days", min=1, help="Half-life of evidence.")
    ] = None,
    quadrant_value: Annotated[
        str | None,
        typer.Option("--quadrant-value", help="Save the value axis, a formula expression."),
    ] = None,
    quadrant_effort: Annotated[
        str | None,
        typer.Option("--quadrant-effort", help="Save the effort axis, a formula expression."),
    ] = None,
    quadrant_value_threshold: Annotated[
        float | None,
        typer.Option("--quadrant-value-threshold", help="Save the line value is high from."),
    ] = None,
    quadrant_effort_threshold: Annotated[
        float | None,
        typer.Option("--quadrant-effort-threshold", help="Save the line effort is low up to."),
    ] = None,
    reset_quadrants: Annotated[
        bool,
        typer.Option(
            "--reset-quadrants",
            help="Back to the framework's own value-vs-effort grid, but for grid options given.",
        ),
    ] = False,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Print the product's scoring settings, or change those given: the framework, ICE's
    aggregation, the unaligned weight, the evidence half-life and the saved value-vs-effort
    grid (`score quadrants` uses it unless told otherwise)."""
    fields: dict[str, object] = {
        name: value
        for name, value in (
            ("framework", framework),
            ("ice_aggregation", ice_aggregation.value if ice_aggregation else None),
            ("unaligned_weight", unaligned_weight),
            ("half_life_days", half_life_days),
            ("quadrant_value", quadrant_value),
            ("quadrant_effort", quadrant_effort),
            ("quadrant_value_threshold", quadrant_value_threshold),
            ("quadrant_effort_threshold", quadrant_effort_threshold),
        )
        if value is not None
    }
    if reset_quadrants:
        # The rest of the grid goes back to the framework's; a grid option given with it stays.
        fields = dict.fromkeys(sorted(QUADRANT_FIELDS)) | fields
    with acting(data_dir, database_url, user) as ws:
        product_id, name = _product_id(ws, product)
        found = Scores(ws).settings(product_id, fields)
    base = quadrants.default_axes(found.framework)
    saved = quadrants.saved_grid(found)
    out.print(f"{name}: scored with {found.framework} (ICE {found.ice_aggregation.value})")
    out.print(
        f"  unaligned weight {number(found.unaligned_weight)}, "
        f"evidence half-life {number(found.half_life_days)} days"
    )
    for field, label in (
        ("value", "value axis"),
        ("value_threshold", "high at or above"),
        ("effort", "effort axis"),
        ("effort_threshold", "low at or below"),
    ):
        mine = saved[field]
        shown = getattr(base, field) if mine is None else mine
        text = number(shown) if isinstance(shown, float | int) else shown
        where = "framework default" if mine is None else "saved for this product"
        out.print(f"  {label}: {text} ({where})")


_SOURCES = {
    quadrants.Source.REQUEST: "given here",
    quadrants.Source.SAVED: "saved for this product",
    quadrants.Source.FRAMEWORK: "framework default",
}


@app.command("quadrants")
def value_vs_effort(
    product: ProductRef,
    value: Annotated[
        str | None, typer.Option("--value", help="Value axis, a formula expression.")
    ] = None,
    effort: Annotated[
        str | None, typer.Option("--effort", help="Effort axis, a formula expression.")
    ] = None,
    value_threshold: Annotated[
        float | None, typer.Option("--value-threshold", help="Value at or above it is high.")
    ] = None,
    effort_threshold: Annotated[
        float | None, typer.Option("--effort-threshold", help="Effort at or below it is low.")
    ] = None,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """The open backlog as quick wins, big bets, fill-ins and time sinks, by fixed lines."""
    with acting(data_dir, database_url, user) as ws:
        product_id, name = _product_id(ws, product)
        view = Scores(ws).quadrants(
            product_id,
            value=value,
            effort=effort,
            value_threshold=value_threshold,
            effort_threshold=effort_threshold,
        )
    axes = view.axes
    out.print(
        f"{name}: value {axes.value} ≥ {number(axes.value_threshold)} is high; "
        f"effort {axes.effort} ≤ {number(axes.effort_threshold)} is low"
    )
    out.print(
        "  from "
        + ", ".join(
            f"{field.replace('_', ' ')}: {_SOURCES[s]}" for field, s in view.sources.items()
        )
    )
    for which in Quadrant:
        inside = [p for p in view.items if p.quadrant is which]
        out.print(f"{which.value.replace('_', ' ')} ({len(inside)})")
        for p in inside:
            out.print(
                f"  #{p.item_id} {p.title}: value {number(p.value)}, effort {number(p.effort)}"
            )
    if view.unplaced:
        out.print(f"not on the grid ({len(view.unplaced)})")
        for u in view.unplaced:
            out.print(f"  #{u.item_id} {u.title}: {u.reason}")
