import datetime as dt

import pytest

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.surveys import (
    Period,
    SurveyKind,
    by_period,
    check_score,
    csat,
    nps,
    period_start,
    satisfaction_gap,
)


def test_nps_is_percent_promoters_minus_percent_detractors():
    answers = [10, 10, 9, 9, 9, 8, 7, 6, 3, 0]  # 5 promoters, 2 passives, 3 detractors

    assert nps(answers).value == pytest.approx(20.0)


def test_nps_interval_is_the_adjusted_wald_interval_computed_by_hand():
    # n=10, 5 promoters, 2 detractors; adjusted: n'=13, p'=5.75/13, d'=2.75/13
    # centre = 3/13 = 0.230769; var = (8.5/13 - (3/13)^2) / 13 = 0.0461993
    # half width = 1.959964 * sqrt(0.0461993) = 0.421283
    result = nps([10] * 5 + [8] * 3 + [3] * 2)

    assert result.value == pytest.approx(30.0)
    assert result.low == pytest.approx(-19.0506, abs=1e-3)
    assert result.high == pytest.approx(65.2045, abs=1e-3)
    assert result.responses == 10


def test_nps_interval_stays_within_minus_100_and_100():
    all_promoters = nps([10] * 3)

    assert all_promoters.value == 100.0
    assert -100.0 <= all_promoters.low <= all_promoters.high <= 100.0


def test_enps_uses_the_nps_formula():
    from valueloop.domain.surveys import score

    answers = [9, 10, 6, 7, 2]

    assert score(SurveyKind.ENPS, answers) == score(SurveyKind.NPS, answers)


def test_csat_is_the_share_of_four_and_five_with_a_wilson_interval():
    # 6 of 10 satisfied; Wilson 95%: (0.312664, 0.831820), as statsmodels' proportion_confint
    result = csat([5, 4, 4, 3, 2, 1, 5, 5, 4, 3])

    assert result.value == pytest.approx(60.0)
    assert result.low == pytest.approx(31.2664, abs=1e-3)
    assert result.high == pytest.approx(83.1820, abs=1e-3)


def test_scores_of_no_answers_are_refused():
    with pytest.raises(ValidationFailed):
        nps([])
    with pytest.raises(ValidationFailed):
        csat([])


@pytest.mark.parametrize(
    ("kind", "value"),
    [(SurveyKind.NPS, 11), (SurveyKind.NPS, -1), (SurveyKind.CSAT, 0), (SurveyKind.CSAT, 2.5)],
)
def test_answers_off_the_scale_are_refused_naming_the_score(kind, value):
    with pytest.raises(ValidationFailed) as error:
        check_score(kind, value)

    assert error.value.field == "score"


def test_period_start_of_week_month_and_quarter():
    day = dt.date(2026, 8, 13)  # a Thursday

    assert period_start(day, Period.WEEK) == dt.date(2026, 8, 10)
    assert period_start(day, Period.MONTH) == dt.date(2026, 8, 1)
    assert period_start(day, Period.QUARTER) == dt.date(2026, 7, 1)


def test_scores_by_month_group_answers_and_come_oldest_first():
    answers = [(dt.date(2026, 2, 3), 10), (dt.date(2026, 1, 9), 0), (dt.date(2026, 2, 20), 9)]

    periods = by_period(SurveyKind.NPS, answers, Period.MONTH)

    assert [p.period_start for p in periods] == [dt.date(2026, 1, 1), dt.date(2026, 2, 1)]
    assert [p.score.value for p in periods] == [-100.0, 100.0]


def test_satisfaction_gap_is_the_mean_paired_difference_with_a_t_interval():
    # gaps 3, 1, 5, 0: mean 2.25, sd 2.217356, t(0.975, 3) = 3.182446
    result = satisfaction_gap([(9, 6), (8, 7), (10, 5), (7, 7)])

    assert result.value == pytest.approx(2.25)
    assert result.high - result.value == pytest.approx(3.182446 * 2.217356 / 2, abs=1e-4)
