import pytest

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.lifecycle import Comparator, ExitCriterion, check_move, evaluate, next_stage
from valueloop.domain.products import LifecycleStage as S


def criterion(measure_id, comparator, threshold, stage=S.BETA):
    return ExitCriterion(
        id=measure_id,
        stage=stage,
        measure_id=measure_id,
        comparator=comparator,
        threshold=threshold,
        description="",
    )


def test_stages_advance_in_the_published_order():
    assert next_stage(S.IDEATION) == S.RESEARCH
    assert next_stage(S.BETA) == S.LAUNCH
    assert next_stage(S.SUNSET) is None


def test_a_product_cannot_skip_a_stage_but_may_go_back():
    check_move(S.MVP, S.DEVELOPMENT)
    check_move(S.BETA, S.RESEARCH)
    with pytest.raises(ValidationFailed):
        check_move(S.MVP, S.LAUNCH)
    with pytest.raises(ValidationFailed):
        check_move(S.MVP, S.MVP)


def test_gate_is_met_only_when_every_criterion_of_the_stage_holds():
    criteria = [
        criterion(1, Comparator.AT_LEAST, 30),
        criterion(2, Comparator.AT_MOST, 5),
        criterion(3, Comparator.AT_LEAST, 999, stage=S.LAUNCH),  # another stage's: ignored
    ]

    passing = evaluate(S.BETA, criteria, {1: 31.0, 2: 5.0})
    failing = evaluate(S.BETA, criteria, {1: 29.9, 2: 4.0})

    assert passing.met
    assert not failing.met
    assert [c.criterion.measure_id for c in failing.unmet] == [1]


def test_a_criterion_without_observations_is_not_met():
    gate = evaluate(S.BETA, [criterion(1, Comparator.AT_LEAST, 0)], {})

    assert not gate.met
    assert gate.checks[0].latest is None
