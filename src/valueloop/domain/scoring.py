"""Prioritization frameworks with their published formulas; every score is absolute and explained.

An item's score depends on its own inputs only, so adding or removing an item never moves another
item's score (no normalization against the rest of the backlog). Each score carries its terms and
its formula text. Sources: RICE (Intercom, McBride), ICE (Ellis), WSJF (SAFe), Cost of Delay and
CD3 (Reinertsen; Black Swan Farming), opportunity scoring (Ulwick), MoSCoW (DSDM).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed


@dataclass(frozen=True, slots=True)
class Term:
    """One named quantity that went into a score, with a label for scale values."""

    name: str
    value: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class Score:
    """A score's value, the named terms that produced it and the formula that combined them."""

    framework: str
    value: float
    terms: tuple[Term, ...]
    formula: str

    def term(self, name: str) -> float:
        """The value of the term called `name`."""
        for term in self.terms:
            if term.name == name:
                return term.value
        raise KeyError(name)

    def explain(self) -> str:
        """One line a person can check by hand: value, formula and the terms."""
        parts = [
            f"{t.name} {number_text(t.value)}" + (f" ({t.note})" if t.note else "")
            for t in self.terms
        ]
        return (
            f"{self.framework} {number_text(self.value)} = {self.formula}, with {', '.join(parts)}"
        )


def number_text(value: float) -> str:
    """A number as people write it: 675, 0.8, 1,234.5, 2,500,000."""
    if abs(value) < 1e15 and value == int(value):
        return f"{int(value):,}"
    return f"{value:,.6g}"


def _positive(value: object, name: str, unit: str) -> float:
    result = f.number(value, name, minimum=0)
    if result == 0:
        raise ValidationFailed(f"{name} must be greater than 0 ({unit})", field=name)
    return result


def _on_scale(value: object, name: str, scale: Mapping[float, str]) -> tuple[float, str]:
    result = f.number(value, name)
    if result not in scale:
        allowed = ", ".join(number_text(v) for v in scale)
        raise ValidationFailed(f"{name} must be one of {allowed}", field=name)
    return result, scale[result]


# --- RICE -------------------------------------------------------------------------------------

RICE_FORMULA = "reach × impact × confidence ÷ effort"
IMPACT_SCALE: dict[float, str] = {3: "massive", 2: "high", 1: "medium", 0.5: "low", 0.25: "minimal"}
CONFIDENCE_SCALE: dict[float, str] = {1.0: "high", 0.8: "medium", 0.5: "low"}


def rice(reach: object, impact: object, confidence: object, effort: object) -> Score:
    """RICE = reach × impact × confidence ÷ effort (effort in person-months)."""
    reach_value = f.number(reach, "reach", minimum=0)
    impact_value, impact_note = _on_scale(impact, "impact", IMPACT_SCALE)
    confidence_value, confidence_note = _on_scale(confidence, "confidence", CONFIDENCE_SCALE)
    effort_value = _positive(effort, "effort", "person-months")
    return Score(
        framework="RICE",
        value=reach_value * impact_value * confidence_value / effort_value,
        terms=(
            Term("reach", reach_value),
            Term("impact", impact_value, impact_note),
            Term("confidence", confidence_value, confidence_note),
            Term("effort", effort_value, "person-months"),
        ),
        formula=RICE_FORMULA,
    )


# --- ICE --------------------------------------------------------------------------------------


class IceAggregation(StrEnum):
    """How ICE combines its three 1–10 ratings; a workspace setting."""

    MEAN = "mean"
    PRODUCT = "product"


ICE_FORMULAS = {
    IceAggregation.MEAN: "(impact + confidence + ease) ÷ 3",
    IceAggregation.PRODUCT: "impact × confidence × ease",
}


def ice(
    impact: object,
    confidence: object,
    ease: object,
    aggregation: IceAggregation | str = IceAggregation.MEAN,
) -> Score:
    """ICE: impact, confidence and ease (each 1–10) averaged or multiplied."""
    how = f.choice(aggregation, "aggregation", IceAggregation)
    values = [
        f.number(v, name, minimum=1, maximum=10)
        for v, name in ((impact, "impact"), (confidence, "confidence"), (ease, "ease"))
    ]
    i, c, e = values
    value = (i + c + e) / 3 if how is IceAggregation.MEAN else i * c * e
    return Score(
        framework="ICE",
        value=value,
        terms=(Term("impact", i), Term("confidence", c), Term("ease", e)),
        formula=ICE_FORMULAS[how],
    )


# --- WSJF -------------------------------------------------------------------------------------

WSJF_FORMULA = "(business_value + time_criticality + risk_reduction) ÷ job_size"
# SAFe's modified Fibonacci scale for every WSJF input.
FIBONACCI: dict[float, str] = dict.fromkeys((1, 2, 3, 5, 8, 13, 20), "")


def wsjf(
    business_value: object, time_criticality: object, risk_reduction: object, job_size: object
) -> Score:
    """WSJF = cost of delay (user-business value + time criticality + risk reduction/opportunity
    enablement) ÷ job size, each on 1, 2, 3, 5, 8, 13, 20."""
    bv, _ = _on_scale(business_value, "business_value", FIBONACCI)
    tc, _ = _on_scale(time_criticality, "time_criticality", FIBONACCI)
    rr, _ = _on_scale(risk_reduction, "risk_reduction", FIBONACCI)
    size, _ = _on_scale(job_size, "job_size", FIBONACCI)
    cost = bv + tc + rr
    return Score(
        framework="WSJF",
        value=cost / size,
        terms=(
            Term("business_value", bv),
            Term("time_criticality", tc),
            Term("risk_reduction", rr, "and opportunity enablement"),
            Term("cost_of_delay", cost, "sum of the three"),
            Term("job_size", size),
        ),
        formula=WSJF_FORMULA,
    )


# --- Cost of Delay and CD3 --------------------------------------------------------------------

COST_OF_DELAY_FORMULA = "increase_revenue + protect_revenue + reduce_costs + avoid_costs"
CD3_FORMULA = "cost_of_delay ÷ duration"


def cost_of_delay(
    *,
    increase_revenue: object = 0,
    protect_revenue: object = 0,
    reduce_costs: object = 0,
    avoid_costs: object = 0,
) -> Score:
    """Cost of Delay per unit of time, summed over the four kinds of value a change brings."""
    parts = {
        "increase_revenue": increase_revenue,
        "protect_revenue": protect_revenue,
        "reduce_costs": reduce_costs,
        "avoid_costs": avoid_costs,
    }
    terms = tuple(Term(name, f.number(v, name, minimum=0), "per week") for name, v in parts.items())
    return Score(
        framework="Cost of Delay",
        value=sum(t.value for t in terms),
        terms=terms,
        formula=COST_OF_DELAY_FORMULA,
    )


def cd3(cost_of_delay: object, duration: object) -> Score:
    """CD3 = Cost of Delay (value per unit of time) ÷ duration; schedule the highest first."""
    cod = f.number(cost_of_delay, "cost_of_delay", minimum=0)
    weeks = _positive(duration, "duration", "weeks")
    return Score(
        framework="CD3",
        value=cod / weeks,
        terms=(Term("cost_of_delay", cod, "per week"), Term("duration", weeks, "weeks")),
        formula=CD3_FORMULA,
    )


@dataclass(frozen=True, slots=True)
class Job:
    """A piece of work to schedule: its Cost of Delay per unit of time and its duration."""

    key: str
    cost_of_delay: float
    duration: float


@dataclass(frozen=True, slots=True)
class ScheduledJob:
    job: Job
    finish: float
    delay_cost: float


@dataclass(frozen=True, slots=True)
class Schedule:
    """Jobs done one after another; each costs its Cost of Delay for every unit until it ends."""

    rule: ScheduleRule
    jobs: tuple[ScheduledJob, ...]
    total_delay_cost: float

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(s.job.key for s in self.jobs)


class ScheduleRule(StrEnum):
    CD3 = "cd3"
    SHORTEST_JOB_FIRST = "shortest_job_first"
    HIGHEST_COST_OF_DELAY_FIRST = "highest_cost_of_delay_first"
    AS_GIVEN = "as_given"


def _checked_jobs(jobs: Iterable[Job]) -> list[Job]:
    checked: list[Job] = []
    keys: set[str] = set()
    for job in jobs:
        if job.key in keys:
            raise ValidationFailed(f"job {job.key!r} appears twice", field="jobs")
        keys.add(job.key)
        f.number(job.cost_of_delay, "cost_of_delay", minimum=0)
        _positive(job.duration, "duration", "weeks")
        checked.append(job)
    return checked


def schedule(jobs: Iterable[Job], rule: ScheduleRule = ScheduleRule.CD3) -> Schedule:
    """The jobs ordered by `rule` (ties keep the given order) with the delay cost of that order.

    Total delay cost = Σ Cost of Delayᵢ × finish timeᵢ; highest CD3 first minimizes it.
    """
    ordered = _checked_jobs(jobs)
    if rule is ScheduleRule.CD3:
        ordered.sort(key=lambda j: -j.cost_of_delay / j.duration)
    elif rule is ScheduleRule.SHORTEST_JOB_FIRST:
        ordered.sort(key=lambda j: j.duration)
    elif rule is ScheduleRule.HIGHEST_COST_OF_DELAY_FIRST:
        ordered.sort(key=lambda j: -j.cost_of_delay)
    clock = 0.0
    done: list[ScheduledJob] = []
    for job in ordered:
        clock += job.duration
        done.append(ScheduledJob(job, clock, job.cost_of_delay * clock))
    return Schedule(rule, tuple(done), sum(s.delay_cost for s in done))


def compare_schedules(jobs: Iterable[Job]) -> tuple[Schedule, ...]:
    """The same jobs scheduled by every rule, cheapest total delay cost first."""
    listed = list(jobs)
    schedules = [schedule(listed, rule) for rule in ScheduleRule]
    return tuple(sorted(schedules, key=lambda s: s.total_delay_cost))


# --- Opportunity scoring (Ulwick) -------------------------------------------------------------

OPPORTUNITY_FORMULA = "importance + max(importance − satisfaction, 0)"


def top_two_box(answers: Sequence[object], name: str) -> float:
    """The share of 1–5 answers that are 4 or 5, times 10 (0–10), as Ulwick scores outcomes."""
    if not answers:
        raise ValidationFailed(f"{name} needs at least one answer", field=name)
    top = 0
    for answer in answers:
        if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= 5:
            raise ValidationFailed(f"{name} answers must be whole numbers 1–5", field=name)
        top += answer >= 4
    return 10 * top / len(answers)


def opportunity(importance: object, satisfaction: object) -> Score:
    """Opportunity = importance + max(importance − satisfaction, 0), both 0–10."""
    imp = f.number(importance, "importance", minimum=0, maximum=10)
    sat = f.number(satisfaction, "satisfaction", minimum=0, maximum=10)
    return Score(
        framework="Opportunity",
        value=imp + max(imp - sat, 0.0),
        terms=(Term("importance", imp), Term("satisfaction", sat)),
        formula=OPPORTUNITY_FORMULA,
    )


def opportunity_from_answers(
    importance_answers: Sequence[object], satisfaction_answers: Sequence[object]
) -> Score:
    """Opportunity from 1–5 survey answers, each side scored as the top-two-box share × 10."""
    imp = top_two_box(importance_answers, "importance")
    sat = top_two_box(satisfaction_answers, "satisfaction")
    score = opportunity(imp, sat)
    notes = (f"of {len(importance_answers)} answers", f"of {len(satisfaction_answers)} answers")
    terms = tuple(
        Term(t.name, t.value, f"share rating 4–5 × 10, {n}")
        for t, n in zip(score.terms, notes, strict=True)
    )
    return Score(score.framework, score.value, terms, score.formula)


# --- MoSCoW -----------------------------------------------------------------------------------


class Moscow(StrEnum):
    MUST = "must"
    SHOULD = "should"
    COULD = "could"
    WONT = "wont"


MUST_HAVE_LIMIT = 0.6


@dataclass(frozen=True, slots=True)
class MoscowCheck:
    """Whether Must-haves stay within their share of the planned (must + should + could) effort."""

    must_effort: float
    planned_effort: float
    must_share: float
    limit: float
    within_limit: bool
    verdict: str


def check_moscow(
    items: Iterable[tuple[Moscow | str, object]], limit: float = MUST_HAVE_LIMIT
) -> MoscowCheck:
    """The Must-have share of the planned effort against the limit (60% by default)."""
    if not 0 < limit <= 1:
        raise ValidationFailed("the must-have limit must be above 0 and at most 1", field="limit")
    efforts = dict.fromkeys(Moscow, 0.0)
    for category, effort in items:
        efforts[f.choice(category, "moscow", Moscow)] += f.number(effort, "effort", minimum=0)
    must = efforts[Moscow.MUST]
    planned = must + efforts[Moscow.SHOULD] + efforts[Moscow.COULD]
    share = must / planned if planned else 0.0
    within = share <= limit
    pct = f"{share:.0%} of the planned effort (limit {limit:.0%})"
    if not planned:
        verdict = "nothing is planned yet"
    elif within:
        verdict = f"Must-haves take {pct}: within the rule"
    else:
        excess = must - limit * planned
        verdict = (
            f"Must-haves take {pct}: move at least {number_text(excess)} of effort "
            "from must to should"
        )
    return MoscowCheck(must, planned, share, limit, within, verdict)


# --- Value vs effort --------------------------------------------------------------------------


class Quadrant(StrEnum):
    QUICK_WIN = "quick_win"  # high value, low effort
    BIG_BET = "big_bet"  # high value, high effort
    FILL_IN = "fill_in"  # low value, low effort
    TIME_SINK = "time_sink"  # low value, high effort


def quadrant(
    value: object, effort: object, *, value_threshold: float, effort_threshold: float
) -> Quadrant:
    """The value-vs-effort quadrant: value at or above its threshold is high, effort at or
    below its threshold is low. Thresholds are fixed numbers, never the backlog's median, so an
    item's quadrant does not move when other items come and go."""
    v = f.number(value, "value")
    e = f.number(effort, "effort", minimum=0)
    high_value = v >= value_threshold
    low_effort = e <= effort_threshold
    if high_value:
        return Quadrant.QUICK_WIN if low_effort else Quadrant.BIG_BET
    return Quadrant.FILL_IN if low_effort else Quadrant.TIME_SINK


# --- Goal alignment ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoalAlignment:
    """The weight an item inherits from the goals it serves; unaligned items are flagged."""

    weight: float
    goal_id: int | None
    aligned: bool
    reason: str


def goal_alignment(
    goal_ids: Iterable[int], goal_weights: Mapping[int, float], *, unaligned_weight: float = 0.0
) -> GoalAlignment:
    """The heaviest weight among the item's goals that carry one (ties: the lowest goal id).

    Goals absent from `goal_weights` (achieved or dropped ones) give nothing; an item with no
    weighted goal is unaligned and gets `unaligned_weight`.
    """
    for goal_id, weight in goal_weights.items():
        f.number(weight, f"goal {goal_id} weight", minimum=0)
    weighted = sorted((-goal_weights[g], g) for g in set(goal_ids) if g in goal_weights)
    if not weighted:
        return GoalAlignment(
            unaligned_weight, None, False, "not linked to any current goal: unaligned"
        )
    weight, goal_id = -weighted[0][0], weighted[0][1]
    others = f" (heaviest of {len(weighted)} goals)" if len(weighted) > 1 else ""
    return GoalAlignment(
        weight, goal_id, True, f"inherits weight {number_text(weight)} from goal {goal_id}{others}"
    )


# --- One entry point per framework ------------------------------------------------------------


class Framework(StrEnum):
    RICE = "rice"
    ICE = "ice"
    WSJF = "wsjf"
    CD3 = "cd3"
    OPPORTUNITY = "opportunity"


INPUTS: dict[Framework, tuple[str, ...]] = {
    Framework.RICE: ("reach", "impact", "confidence", "effort"),
    Framework.ICE: ("impact", "confidence", "ease"),
    Framework.WSJF: ("business_value", "time_criticality", "risk_reduction", "job_size"),
    Framework.CD3: ("cost_of_delay", "duration"),
    Framework.OPPORTUNITY: ("importance", "satisfaction"),
}


def score(
    framework: Framework | str,
    inputs: Mapping[str, object],
    *,
    ice_aggregation: IceAggregation | str = IceAggregation.MEAN,
) -> Score:
    """One item's score under `framework` from its named inputs (other keys are ignored)."""
    chosen = f.choice(framework, "framework", Framework)
    for name in INPUTS[chosen]:
        if inputs.get(name) is None:
            raise ValidationFailed(f"{name} is required for {chosen.value}", field=name)
    args = {name: inputs[name] for name in INPUTS[chosen]}
    if chosen is Framework.ICE:
        return ice(**args, aggregation=ice_aggregation)
    return _SCORERS[chosen](**args)


_SCORERS: dict[Framework, Callable[..., Score]] = {
    Framework.RICE: rice,
    Framework.WSJF: wsjf,
    Framework.CD3: cd3,
    Framework.OPPORTUNITY: opportunity,
}
