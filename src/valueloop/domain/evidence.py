"""An item's evidence as scores use it: the kind of each note, the roll-up, and formula variables.

A feedback note's `source` says what kind of evidence it is: survey answers (`survey`, `survey:nps`,
`nps`, `csat`) are surveys; interviews and user research are interviews; usage data and A/B tests
come from `usage:*` and `experiment:*` sources; everything else (support tickets, app reviews,
portal posts, sales calls, typed-in notes) is one person's opinion.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from valueloop.domain.confidence import EvidenceKind
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.feedback import Demand

_SURVEY = frozenset({"survey", "nps", "csat", "enps", "ces", "questionnaire", "poll", "kano"})
_INTERVIEW = frozenset(
    {"interview", "interviews", "user interview", "customer interview", "user research", "research"}
)
_USAGE = frozenset({"usage", "usage data", "analytics", "product analytics", "telemetry"})
_AB_TEST = frozenset({"experiment", "a/b test", "ab test", "ab_test", "split test"})


def kind_of_source(source: str) -> EvidenceKind:
    """The kind of evidence a note from `source` is (a prefix before ':' counts: survey:nps)."""
    text = " ".join(source.strip().lower().replace("-", " ").split())
    head = text.split(":", 1)[0].strip()
    for names, kind in (
        (_AB_TEST, EvidenceKind.AB_TEST),
        (_USAGE, EvidenceKind.USAGE_DATA),
        (_SURVEY, EvidenceKind.SURVEY),
        (_INTERVIEW, EvidenceKind.INTERVIEW),
    ):
        if text in names or head in names:
            return kind
    return EvidenceKind.OPINION


_SLUG = re.compile(r"[^a-z0-9]+")


def segment_variable(segment: str) -> str:
    """The formula variable counting an item's customers in `segment`: segment_<lower_snake>."""
    slug = _SLUG.sub("_", segment.strip().lower()).strip("_") or "unsegmented"
    return f"segment_{slug}"[:60]


@dataclass(frozen=True, slots=True)
class EvidenceRollup:
    """The evidence behind an item: each customer once (latest importance wins) and recency."""

    notes: int
    customers: int
    arr: float
    segments: dict[str, int]
    importance_by_customer: dict[int, int]
    importance_sum: int
    importance_max: int | None
    critical_customers: int
    latest_on: dt.date | None
    recency_days: int | None

    @property
    def importance_mean(self) -> float | None:
        return self.importance_sum / self.customers if self.customers else None


def rollup(demand: Demand, today: dt.date) -> EvidenceRollup:
    """The roll-up of one item's demand, with recency counted from `today`."""
    levels = [int(level) for level in demand.importance_by_customer.values()]
    return EvidenceRollup(
        notes=demand.notes,
        customers=demand.customers,
        arr=demand.arr,
        segments=dict(demand.segments),
        importance_by_customer={k: int(v) for k, v in demand.importance_by_customer.items()},
        importance_sum=sum(levels),
        importance_max=max(levels) if levels else None,
        critical_customers=sum(1 for level in levels if level == 3),
        latest_on=demand.latest_on,
        recency_days=max((today - demand.latest_on).days, 0) if demand.latest_on else None,
    )


@dataclass(frozen=True, slots=True)
class CustomerRollups:
    """Many items' customer evidence at once: each customer once per item, latest link winning."""

    customers: NDArray[np.float64]
    arr: NDArray[np.float64]
    importance_sum: NDArray[np.float64]
    importance_max: NDArray[np.float64]  # NaN for items without customer evidence
    critical_customers: NDArray[np.float64]
    pair_items: NDArray[np.int64]  # per (item, customer) pair: the item's index …
    pair_customers: NDArray[np.int64]  # … and the customer's position

    @property
    def importance_mean(self) -> NDArray[np.float64]:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray(self.importance_sum / self.customers, dtype=np.float64)

    def customers_where(self, chosen: ArrayLike) -> NDArray[np.float64]:
        """Per item, how many of its customers `chosen` (a flag per customer position) marks."""
        flags = np.asarray(chosen, dtype=bool)[self.pair_customers]
        return np.bincount(self.pair_items[flags], minlength=self.customers.size).astype(np.float64)


def rollup_many(
    item_index: ArrayLike,
    customer_index: ArrayLike,
    age_days: ArrayLike,
    link_ids: ArrayLike,
    importance: ArrayLike,
    customer_arr: ArrayLike,
    items: int,
) -> CustomerRollups:
    """`demand` for `items` items at once, from one entry per link (customer −1: none).

    A customer counts once per item with the importance of their latest link (newest note, then
    the newest link), as `demand` decides one item at a time.
    """
    item = np.asarray(item_index, dtype=np.int64)
    customer = np.asarray(customer_index, dtype=np.int64)
    age = np.asarray(age_days, dtype=np.int64)
    link = np.asarray(link_ids, dtype=np.int64)
    level = np.asarray(importance, dtype=np.int64)
    arr = np.asarray(customer_arr, dtype=np.float64)
    if not item.shape == customer.shape == age.shape == link.shape == level.shape:
        raise ValidationFailed("evidence columns differ in length", field="evidence")
    known = customer >= 0
    item, customer, level = _latest_words(
        item[known], customer[known], age[known], link[known], level[known]
    )
    maximum = np.full(items, -1.0)
    np.maximum.at(maximum, item, level.astype(np.float64))
    return CustomerRollups(
        customers=np.bincount(item, minlength=items).astype(np.float64),
        arr=np.bincount(item, weights=arr[customer], minlength=items).astype(np.float64),
        importance_sum=np.bincount(item, weights=level, minlength=items).astype(np.float64),
        importance_max=np.where(maximum < 0, np.nan, maximum),
        critical_customers=np.bincount(item, weights=level == 3, minlength=items).astype(
            np.float64
        ),
        pair_items=item,
        pair_customers=customer,
    )


def _latest_words(
    item: NDArray[np.int64],
    customer: NDArray[np.int64],
    age: NDArray[np.int64],
    link: NDArray[np.int64],
    level: NDArray[np.int64],
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Each (item, customer) pair once, sorted, with the importance of its latest link (newest
    note, then the newest link).

    Where item, customer, note age, link and importance fit in one 63-bit key (link ids
    replaced by their rank when their span is too wide), one sort of the keys finds them: ten
    times faster than sorting row positions by four columns, which is left for the rest.
    """
    if not item.size:
        return item, customer, level
    customers = int(customer.max()) + 1
    oldest = int(age.max())
    span = oldest - int(age.min()) + 1
    lowest = int(level.min())
    levels = int(level.max()) - lowest + 1
    pairs = (int(item.max()) + 1) * customers
    first = int(link.min())
    links = int(link.max()) - first + 1
    order = link - first
    if pairs * span * links * levels >= 2**63 and pairs * span * link.size * levels < 2**63:
        links = link.size
        order = np.empty(link.size, dtype=np.int64)
        order[np.argsort(link)] = np.arange(link.size)
    if pairs * span * links * levels < 2**63:
        key = (((item * customers + customer) * span + (oldest - age)) * links + order) * levels
        key += level - lowest
        key.sort()
        pair = key // (span * links * levels)
        last = np.ones(key.size, dtype=bool)
        last[:-1] = pair[1:] != pair[:-1]
        pair = pair[last]
        return pair // customers, pair % customers, key[last] % levels + lowest
    # Sorted by item, customer, date (oldest first: the largest age), link: the last row of each
    # (item, customer) run is that customer's latest word on the item.
    rows = np.lexsort((link, -age, customer, item))
    item, customer, level = item[rows], customer[rows], level[rows]
    last = np.ones(item.size, dtype=bool)
    last[:-1] = (item[1:] != item[:-1]) | (customer[1:] != customer[:-1])
    return item[last], customer[last], level[last]


# Variables every custom formula may use, besides the estimate fields and segment_<name>.
EVIDENCE_VARIABLES: dict[str, str] = {
    "notes": "pieces of feedback linked to the item",
    "customers": "distinct customers behind the linked feedback",
    "arr": "their annual recurring revenue, each customer once",
    "importance_sum": "the customers' importance 0–3 (latest per customer), summed",
    "importance_max": "the highest of those importances",
    "importance_mean": "their mean",
    "critical_customers": "customers whose latest importance is 3 (critical)",
    "recency_days": "days since the newest linked feedback",
    "confidence": "the confidence in force, 0–1 (derived from the evidence, or set by hand)",
    "confidence_derived": "the confidence derived from the evidence, 0–1",
    "confidence_rice": "RICE's confidence band of it: 1, 0.8 or 0.5",
}
GOAL_VARIABLES: dict[str, str] = {
    "goal_weight": "the weight of the heaviest current goal the item serves (0 when unaligned)",
    "aligned": "1 when the item serves a current goal, else 0",
}
OTHER_VARIABLES: dict[str, str] = {
    "estimate": "the item's own estimate (story points or the team's unit)",
    "kano_better": "Kano satisfaction coefficient Better, 0–1",
    "kano_worse": "Kano dissatisfaction coefficient Worse, −1–0",
    "rice": "the item's RICE score",
    "ice": "the item's ICE score",
    "wsjf": "the item's WSJF score",
    "cd3": "the item's CD3 score",
    "opportunity": "the item's opportunity score",
}
# Names an estimate field may not take: the formula would not know which value is meant.
COMPUTED = frozenset({*EVIDENCE_VARIABLES, *GOAL_VARIABLES, *OTHER_VARIABLES})
# Customer-level roll-ups need the per-customer pass over the links; the rest do not.
CUSTOMER_VARIABLES = frozenset(
    {
        "customers",
        "arr",
        "importance_sum",
        "importance_max",
        "importance_mean",
        "critical_customers",
    }
)


class Variables(Mapping[str, str]):
    """The names a product's formulas may use: fixed ones, estimate fields and segment_<name>.

    Any segment_<name> is accepted (a segment without customers counts 0), so `in` answers for
    names that iteration does not list.
    """

    def __init__(self, fixed: Mapping[str, str], segments: Iterable[str]) -> None:
        self._fixed = dict(fixed)
        for segment in segments:
            self._fixed.setdefault(segment_variable(segment), f"customers in segment {segment}")

    def __getitem__(self, name: str) -> str:
        if name in self._fixed:
            return self._fixed[name]
        if name.startswith("segment_") and len(name) > len("segment_"):
            return "customers in that segment (0 when none)"
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (
            name in self._fixed or (name.startswith("segment_") and len(name) > len("segment_"))
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self._fixed)

    def __len__(self) -> int:
        return len(self._fixed)
