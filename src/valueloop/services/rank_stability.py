"""Use case: how stable a product's ranking is when its estimates are ranges (≥1,000 draws)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from valueloop.domain import priorities
from valueloop.domain.backlog_scores import align
from valueloop.domain.rank_stability import (
    MIN_DRAWS,
    Distribution,
    Estimate,
    ItemEstimates,
    StabilityReport,
    formula_framework,
    rank_stability,
    vector_framework,
)
from valueloop.domain.roles import Principal
from valueloop.domain.scoring import Framework
from valueloop.services import changes
from valueloop.services.records import require_visible
from valueloop.services.score_inputs import (
    CANDIDATES,
    backlog_columns,
    framework_inputs,
    is_estimate_field,
)
from valueloop.services.scoring import scorer_for, settings_of
from valueloop.services.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class StabilityView:
    """A rank-stability report for the scorable items, titles by item id, and the items left out
    because they lack an input or cannot be scored."""

    framework: str
    label: str
    report: StabilityReport | None
    titles: dict[int, str]
    unscored: list[int]


def product_rank_stability(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    framework: str | None = None,
    *,
    draws: int = MIN_DRAWS,
    top_k: int = 10,
    seed: int = 0,
    statuses: Sequence[str] | None = CANDIDATES,
    today: dt.date | None = None,
) -> StabilityView:
    """Sample every estimate range `draws` times, rank each draw, and report per item the chance
    of landing in the top K and its rank interval. Items the framework cannot score are left
    out (and listed); K is capped at the number of items scored."""
    day = today or changes.now().date()
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        settings = settings_of(uow, product_id)
        chosen = scorer_for(uow, product_id, priorities.choose(framework or settings.framework))
        columns = backlog_columns(uow, product_id, statuses, chosen.names, settings, day)
        scores = chosen.score_columns(columns, settings)
        # The inputs read from estimates are sampled from their ranges; the rest are points.
        if chosen.framework is not None:
            sources = {
                key: variable
                for key, variable in framework_inputs(chosen.framework).items()
                if is_estimate_field(variable)
            }
            if chosen.framework is Framework.ICE:
                sources.pop("confidence", None)  # may fall back to the evidence: keep it a point
        else:
            sources = {name: name for name in chosen.names if is_estimate_field(name)}
        ranges = uow.scoring.estimate_columns(
            product_id, sorted(set(sources.values())), ranges=True
        )
        scorable = np.flatnonzero(np.isfinite(scores.values))
        ids = columns.ids[scorable]
        titles = (
            {i.id: i.title for i in uow.items.list({"id": [int(i) for i in ids]}).items}
            if ids.size
            else {}
        )
    unscored = [int(i) for i in columns.ids[~np.isfinite(scores.values)]]
    if not ids.size:
        return StabilityView(chosen.key, chosen.label, None, titles, unscored)
    inputs = chosen.inputs(columns)
    per_item: list[dict[str, object]] = [
        {name: float(inputs[name][i]) for name in scores.inputs} for i in scorable
    ]
    for key, variable in sources.items():
        if variable not in ranges.low:
            continue
        low = align(ids, ranges.ids, ranges.low[variable])
        high = align(ids, ranges.ids, ranges.high[variable])
        likely = align(ids, ranges.ids, ranges.likely[variable])
        kinds = dict(zip(ranges.ids.tolist(), ranges.distribution[variable], strict=True))
        for row, item_id in enumerate(ids.tolist()):
            if np.isfinite(low[row]) and low[row] != high[row]:
                per_item[row][key] = Estimate(
                    float(low[row]),
                    float(high[row]),
                    float(likely[row]),
                    Distribution(kinds[item_id] or Distribution.UNIFORM.value),
                )
    vector = (
        formula_framework(chosen.formula)
        if chosen.formula is not None
        else vector_framework(chosen.key, ice_aggregation=settings.ice_aggregation)
    )
    report = rank_stability(
        [ItemEstimates(int(i), values) for i, values in zip(ids.tolist(), per_item, strict=True)],
        vector,
        draws=draws,
        top_k=min(top_k, int(ids.size)),
        seed=seed,
    )
    return StabilityView(chosen.key, chosen.label, report, titles, unscored)
