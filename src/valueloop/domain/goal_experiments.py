"""The EBM experiment loop on a goal: hypothesis → measurement → result → adapt, each step dated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed


class Adaptation(StrEnum):
    """What the inspection led to: keep the approach, change it, or drop it."""

    KEEP = "keep"
    CHANGE = "change"
    DROP = "drop"


class Step(StrEnum):
    HYPOTHESIS = "hypothesis"
    SHIPPED = "shipped"
    RESULT = "result"
    ADAPTED = "adapted"


@dataclass(frozen=True, slots=True)
class GoalExperiment:
    id: int
    goal_id: int
    hypothesis: str
    measurement: str
    measure_id: int | None
    hypothesized_on: dt.date
    shipped_on: dt.date | None
    result: str
    result_on: dt.date | None
    adaptation: Adaptation | None
    adapted_on: dt.date | None
    decision_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int

    @property
    def step(self) -> Step:
        """The last step reached."""
        if self.adapted_on is not None:
            return Step.ADAPTED
        if self.result_on is not None:
            return Step.RESULT
        if self.shipped_on is not None:
            return Step.SHIPPED
        return Step.HYPOTHESIS

    @property
    def time_to_learn_days(self) -> int | None:
        """Days from forming the hypothesis to reading the result (EBM's Time to Learn)."""
        if self.result_on is None:
            return None
        return (self.result_on - self.hypothesized_on).days


def start(fields: Mapping[str, object], today: dt.date) -> dict[str, object]:
    """A new loop: the hypothesis and how success will be measured."""
    f.reject_unknown(
        fields, frozenset({"hypothesis", "measurement", "measure_id", "hypothesized_on"})
    )
    day = fields.get("hypothesized_on")
    return {
        "hypothesis": f.text(fields, "hypothesis", max_len=4000, required=True),
        "measurement": f.text(fields, "measurement", max_len=4000, required=True),
        "measure_id": fields.get("measure_id"),
        "hypothesized_on": f.date(day, "hypothesized_on") if day is not None else today,
    }


# Which step may follow which: shipping is optional (a test can read a result without a release).
_FOLLOWS: dict[Step, frozenset[Step]] = {
    Step.SHIPPED: frozenset({Step.HYPOTHESIS}),
    Step.RESULT: frozenset({Step.HYPOTHESIS, Step.SHIPPED}),
    Step.ADAPTED: frozenset({Step.RESULT}),
}


def advance(
    current: GoalExperiment, step: Step, on: dt.date, *, result: str = "", adaptation: object = None
) -> dict[str, object]:
    """The fields that record `step` on date `on`; steps go in order and dates never go back."""
    if step is Step.HYPOTHESIS:
        raise ValidationFailed("the hypothesis is recorded when the loop starts", field="step")
    if current.step not in _FOLLOWS[step]:
        raise ValidationFailed(
            f"the loop is at {current.step.value}; {step.value} cannot come next", field="step"
        )
    latest = max(d for d in (current.hypothesized_on, current.shipped_on, current.result_on) if d)
    if on < latest:
        raise ValidationFailed(f"{step.value} cannot be dated before {latest}", field="on")
    if step is Step.SHIPPED:
        return {"shipped_on": on}
    if step is Step.RESULT:
        text = f.text({"result": result}, "result", max_len=4000, required=True)
        return {"result": text, "result_on": on}
    return {"adaptation": f.choice(adaptation, "adaptation", Adaptation), "adapted_on": on}
