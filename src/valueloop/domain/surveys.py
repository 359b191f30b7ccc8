"""Survey scores: NPS, eNPS and CSAT per period with confidence intervals, and satisfaction gaps.

NPS (and eNPS) = % promoters (9–10) − % detractors (0–6) of 0–10 answers. Its interval is the
adjusted Wald interval of Rocks (2016): add 3 pseudo-answers (¾ promoter, ¾ detractor, 1½ passive)
before computing the variance of the per-answer value (+1, 0, −1); it keeps its coverage at the
small samples that product surveys often have. CSAT = % of 1–5 answers that are 4 or 5, with a
Wilson score interval. Satisfaction gap = mean of (desired − current) over paired answers with a
Student t interval.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from statistics import NormalDist

from valueloop.domain.errors import ValidationFailed


class SurveyKind(StrEnum):
    NPS = "nps"
    ENPS = "enps"
    CSAT = "csat"


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"


SCALES: dict[SurveyKind, tuple[int, int]] = {
    SurveyKind.NPS: (0, 10),
    SurveyKind.ENPS: (0, 10),
    SurveyKind.CSAT: (1, 5),
}


@dataclass(frozen=True, slots=True)
class Score:
    """A survey score (in points, −100…100 for NPS, 0…100 for CSAT) with its interval."""

    value: float
    low: float
    high: float
    responses: int
    confidence: float


@dataclass(frozen=True, slots=True)
class PeriodScore:
    period_start: dt.date
    score: Score


def check_score(kind: SurveyKind, value: object) -> int:
    """An answer on the survey's scale, or ValidationFailed naming the scale."""
    low, high = SCALES[kind]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationFailed(
            f"score must be a whole number from {low} to {high} for {kind.value}", field="score"
        )
    return value


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def nps(scores: Sequence[int], confidence: float = 0.95) -> Score:
    """Net Promoter Score of 0–10 answers with the adjusted Wald interval."""
    return nps_of_tally(Counter(scores), confidence)


def nps_of_tally(tally: Mapping[int, int], confidence: float = 0.95) -> Score:
    """NPS from a count of answers per score."""
    n = sum(tally.values())
    if n == 0:
        raise ValidationFailed("no answers to score", field="score")
    promoters = sum(c for s, c in tally.items() if s >= 9)
    detractors = sum(c for s, c in tally.items() if s <= 6)
    value = (promoters - detractors) / n
    n_adj = n + 3
    p_adj = (promoters + 0.75) / n_adj
    d_adj = (detractors + 0.75) / n_adj
    centre = p_adj - d_adj
    variance = (p_adj + d_adj - centre**2) / n_adj
    half = _z(confidence) * math.sqrt(variance)
    return Score(
        value=100 * value,
        low=100 * max(-1.0, centre - half),
        high=100 * min(1.0, centre + half),
        responses=n,
        confidence=confidence,
    )


def csat(scores: Sequence[int], confidence: float = 0.95) -> Score:
    """Customer satisfaction: the share of 1–5 answers that are 4 or 5, with a Wilson interval."""
    return csat_of_tally(Counter(scores), confidence)


def csat_of_tally(tally: Mapping[int, int], confidence: float = 0.95) -> Score:
    """CSAT from a count of answers per score."""
    n = sum(tally.values())
    if n == 0:
        raise ValidationFailed("no answers to score", field="score")
    satisfied = sum(c for s, c in tally.items() if s >= 4)
    p = satisfied / n
    z = _z(confidence)
    denominator = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denominator
    return Score(
        value=100 * p,
        low=100 * max(0.0, centre - half),
        high=100 * min(1.0, centre + half),
        responses=n,
        confidence=confidence,
    )


def score(kind: SurveyKind, scores: Sequence[int], confidence: float = 0.95) -> Score:
    """The survey's own score: NPS and eNPS share a formula; CSAT has its own."""
    return csat(scores, confidence) if kind is SurveyKind.CSAT else nps(scores, confidence)


def period_start(day: dt.date, period: Period) -> dt.date:
    """The first day of the week (Monday), month or quarter containing `day`."""
    if period is Period.WEEK:
        return day - dt.timedelta(days=day.weekday())
    if period is Period.MONTH:
        return day.replace(day=1)
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def by_period(
    kind: SurveyKind,
    answers: Iterable[tuple[dt.date, int]],
    period: Period = Period.MONTH,
    confidence: float = 0.95,
) -> list[PeriodScore]:
    """The score of each period that has answers, oldest first."""
    return by_period_of_tallies(
        kind, ((day, value, 1) for day, value in answers), period, confidence
    )


def by_period_of_tallies(
    kind: SurveyKind,
    tallies: Iterable[tuple[dt.date, int, int]],
    period: Period = Period.MONTH,
    confidence: float = 0.95,
) -> list[PeriodScore]:
    """The score of each period from (day, score, count) tallies, oldest first."""
    groups: defaultdict[dt.date, Counter[int]] = defaultdict(Counter)
    for day, value, count in tallies:
        groups[period_start(day, period)][value] += count
    scorer: Callable[[Mapping[int, int], float], Score] = (
        csat_of_tally if kind is SurveyKind.CSAT else nps_of_tally
    )
    return [PeriodScore(start, scorer(groups[start], confidence)) for start in sorted(groups)]


def satisfaction_gap(pairs: Sequence[tuple[float, float]], confidence: float = 0.95) -> Score:
    """Mean of desired − current over paired answers (Unrealized Value), with a t interval."""
    return gap_of_tally(Counter(desired - current for desired, current in pairs), confidence)


def gap_of_tally(tally: Mapping[float, int], confidence: float = 0.95) -> Score:
    """The satisfaction gap from a count of answers per (desired − current) difference."""
    n = sum(tally.values())
    if n == 0:
        raise ValidationFailed("no paired answers", field="score")
    mean = sum(g * c for g, c in tally.items()) / n
    if n == 1:
        return Score(value=mean, low=-math.inf, high=math.inf, responses=1, confidence=confidence)
    sd = math.sqrt(sum(c * (g - mean) ** 2 for g, c in tally.items()) / (n - 1))
    from scipy.special import stdtrit  # loaded on first use: scipy is slow to import

    half = float(stdtrit(n - 1, 0.5 + confidence / 2)) * sd / math.sqrt(n)
    return Score(value=mean, low=mean - half, high=mean + half, responses=n, confidence=confidence)


@dataclass(frozen=True, slots=True)
class SurveyResponse:
    """One answer: a 0–10 or 1–5 score, or a desired/current pair for the satisfaction gap."""

    id: int
    product_id: int
    survey: str
    respondent: str
    customer_id: int | None
    responded_on: dt.date
    score: float | None
    desired: float | None
    current: float | None
    comment: str
    note_id: int | None
    source_file: str
    created_at: dt.datetime


GAP = "gap"  # the survey name of paired desired/current answers


@dataclass(frozen=True, slots=True)
class SurveyAnswer:
    """One row of a survey file, before it is matched to a customer and stored."""

    line: int
    respondent: str
    customer: str
    responded_on: dt.date
    score: float | None
    desired: float | None
    current: float | None
    comment: str
