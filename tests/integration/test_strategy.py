"""Strategy and EBM use cases on SQLite and PostgreSQL."""

import datetime as dt

import pytest

from tests import factories
from valueloop.adapters.catalogue import load_kvm_catalogue
from valueloop.adapters.importers import finance_csv, observations_csv, surveys_csv
from valueloop.domain.errors import Conflict, ValidationFailed
from valueloop.domain.goal_experiments import Step
from valueloop.domain.products import LifecycleStage
from valueloop.domain.roles import Role
from valueloop.services import (
    backlog,
    customers,
    finance,
    goal_experiments,
    goals,
    initiatives,
    kvm,
    lifecycle,
    measure_sources,
    surveys,
)

NPS_CSV = """respondent,customer,date,score,comment
r1,Acme,2026-01-05,10,Love the dashboards
r2,,2026-01-09,8,Exports are slow
r3,ACME-1,2026-02-02,9,
r4,,2026-02-10,3,Too expensive
"""


def world(container):
    admin = factories.admin(container)
    product_id = factories.product(container, name="Helpdesk")
    goal = goals.create_goal(container.uow(), admin, product_id, {"title": "Delight customers"})
    return admin, product_id, goal


def nps_measure(container, admin, goal):
    return goals.add_measure(
        container.uow(),
        admin,
        goal.id,
        {"name": "NPS", "baseline": 0, "target": 50, "computed_by": "survey:nps", "unit": "points"},
    )


def observations_of(container, admin, measure_id):
    return [
        (o.observed_on, o.value, o.source)
        for o in goals.list_observations(container.uow(), admin, measure_id)
    ]


def test_survey_import_computes_monthly_nps_and_files_comments_as_customer_feedback(any_container):
    c = any_container
    admin, product_id, goal = world(c)
    customers.create_customer(c.uow(), admin, {"name": "Acme", "external_id": "ACME-1"})
    measure = nps_measure(c, admin, goal)
    answers = surveys_csv.read("nps.csv", "nps", text=NPS_CSV)

    report = surveys.import_answers(c.uow(), admin, product_id, "nps", answers, "nps.csv")

    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
    # January: a promoter and a passive → 50; February: a promoter and a detractor → 0
    assert observations_of(c, admin, measure.id) == [
        (dt.date(2026, 1, 1), 50.0, "survey:nps"),
        (dt.date(2026, 2, 1), 0.0, "survey:nps"),
    ]
    with c.uow() as uow:
        notes = uow.notes.list({"source": "survey:nps"}, order_by=("received_on",)).items
    assert [n.text for n in notes] == [
        "Love the dashboards (score 10)",
        "Exports are slow (score 8)",
        "Too expensive (score 3)",
    ]
    assert notes[0].customer_id is not None
    assert notes[1].customer_id is None


def test_reimporting_the_same_survey_file_changes_nothing(any_container):
    c = any_container
    admin, product_id, _ = world(c)
    customers.create_customer(c.uow(), admin, {"name": "Acme", "external_id": "ACME-1"})
    answers = surveys_csv.read("nps.csv", "nps", text=NPS_CSV)
    surveys.import_answers(c.uow(), admin, product_id, "nps", answers, "nps.csv")

    again = surveys.import_answers(c.uow(), admin, product_id, "nps", answers, "nps.csv")

    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    with c.uow() as uow:
        assert uow.survey_responses.count() == 4
        assert uow.notes.count({"source": "survey:nps"}) == 3


def test_a_malformed_survey_file_names_line_and_field_and_imports_nothing(any_container):
    c = any_container
    admin, product_id, _ = world(c)
    customers.create_customer(c.uow(), admin, {"name": "Acme", "external_id": "ACME-1"})
    bad = NPS_CSV.replace("r4,,2026-02-10,3", "r4,,2026-02-10,11")
    answers = surveys_csv.read("nps.csv", "nps", text=bad)

    with pytest.raises(ValidationFailed) as error:
        surveys.import_answers(c.uow(), admin, product_id, "nps", answers, "nps.csv")

    assert "nps.csv, line 5" in error.value.message
    assert error.value.field == "score"
    with c.uow() as uow:
        assert uow.survey_responses.count() == 0
        assert uow.notes.count() == 0


def test_an_unparseable_date_is_named_by_the_reader():
    with pytest.raises(ValidationFailed) as error:
        surveys_csv.read("nps.csv", "nps", text="respondent,date,score\nr1,05/01/2026,9\n")

    assert error.value.message.startswith("nps.csv, line 2, field date")


def test_an_unknown_customer_is_refused_with_its_line(any_container):
    c = any_container
    admin, product_id, _ = world(c)
    answers = surveys_csv.read("nps.csv", "nps", text=NPS_CSV)  # "Acme" does not exist here

    with pytest.raises(ValidationFailed) as error:
        surveys.import_answers(c.uow(), admin, product_id, "nps", answers, "nps.csv")

    assert "line 2" in error.value.message
    assert error.value.field == "customer"


def test_satisfaction_gap_answers_compute_the_unrealized_value_measure(any_container):
    c = any_container
    admin, product_id, goal = world(c)
    gap = goals.add_measure(
        c.uow(),
        admin,
        goal.id,
        {
            "name": "Gap",
            "baseline": 5,
            "target": 1,
            "direction": "lower",
            "computed_by": "survey:satisfaction_gap",
        },
    )
    text = "respondent,date,desired,current\na,2026-03-01,9,6\nb,2026-03-02,8,7\n"

    surveys.import_answers(
        c.uow(), admin, product_id, "gap", surveys_csv.read("gap.csv", "gap", text=text), "gap.csv"
    )

    assert observations_of(c, admin, gap.id) == [
        (dt.date(2026, 3, 1), 2.0, "survey:satisfaction_gap")
    ]


def test_finance_import_feeds_revenue_per_employee_and_cost_ratio(any_container):
    c = any_container
    admin, product_id, goal = world(c)
    rpe = goals.add_measure(
        c.uow(),
        admin,
        goal.id,
        {
            "name": "RPE",
            "baseline": 0,
            "target": 1e5,
            "computed_by": "finance:revenue_per_employee",
        },
    )
    text = (
        "period,product,cost,revenue,headcount\n"
        '2026-01-01,Helpdesk,"50,000",120000,6\n'
        "2026-02-01,Helpdesk,50000,150000,6\n"
    )
    rows = finance_csv.read("finance.csv", text=text)

    finance.import_finance(c.uow(), admin, rows, "finance.csv")
    measure_sources.refresh_measures(c.uow(), admin, product_id)

    assert [(d, v) for d, v, _ in observations_of(c, admin, rpe.id)] == [
        (dt.date(2026, 1, 1), 20_000.0),
        (dt.date(2026, 2, 1), 25_000.0),
    ]


def test_a_stage_move_past_unmet_exit_criteria_is_refused_unless_overridden_with_a_reason(
    any_container,
):
    c = any_container
    admin, product_id, goal = world(c)
    measure = goals.add_measure(
        c.uow(), admin, goal.id, {"name": "Beta NPS", "baseline": 0, "target": 40}
    )
    lifecycle.add_exit_criterion(
        c.uow(),
        admin,
        product_id,
        stage="ideation",
        measure_id=measure.id,
        comparator=">=",
        threshold=30,
        description="beta NPS at least 30",
    )
    goals.record_observation(c.uow(), admin, measure.id, dt.date(2026, 1, 1), 20)

    with pytest.raises(ValidationFailed) as refused:
        lifecycle.move_product_stage(c.uow(), admin, product_id, "research", rationale="")
    with pytest.raises(ValidationFailed):
        lifecycle.move_product_stage(
            c.uow(), admin, product_id, "research", rationale="", override=True
        )
    decision = lifecycle.move_product_stage(
        c.uow(), admin, product_id, "research", rationale="board asked", override=True
    )

    assert "beta NPS at least 30" in refused.value.message
    assert decision.evidence["gate"]["criteria_met"] is False
    assert decision.evidence["override"] is True
    with c.uow() as uow:
        assert uow.products.require(product_id).lifecycle_stage == LifecycleStage.RESEARCH


def test_a_stage_move_with_met_criteria_records_the_evidence(any_container):
    c = any_container
    admin, product_id, goal = world(c)
    measure = goals.add_measure(
        c.uow(), admin, goal.id, {"name": "Interviews", "baseline": 0, "target": 10}
    )
    lifecycle.add_exit_criterion(
        c.uow(),
        admin,
        product_id,
        stage="ideation",
        measure_id=measure.id,
        comparator=">=",
        threshold=5,
    )
    goals.record_observation(c.uow(), admin, measure.id, dt.date(2026, 1, 1), 7)

    decision = lifecycle.move_product_stage(
        c.uow(), admin, product_id, "research", rationale="ready"
    )

    assert decision.evidence["gate"]["criteria_met"] is True
    assert decision.evidence["gate"]["checks"][0]["latest"] == 7.0
    with pytest.raises(ValidationFailed):  # no skipping stages
        lifecycle.move_product_stage(c.uow(), admin, product_id, "launch", rationale="")


def test_closing_a_goal_logs_a_decision_with_its_measures(any_container):
    c = any_container
    admin, _, goal = world(c)
    measure = goals.add_measure(
        c.uow(), admin, goal.id, {"name": "CSAT", "baseline": 60, "target": 80}
    )
    goals.record_observation(c.uow(), admin, measure.id, dt.date(2026, 1, 1), 82)

    decision = goals.close_goal(c.uow(), admin, goal.id, "achieved", rationale="target passed")

    assert decision.evidence["progress"] == 1.0
    assert decision.evidence["measures"][0]["latest"] == 82.0
    assert decision.record_id == goal.id
    with pytest.raises(ValidationFailed):
        goals.close_goal(c.uow(), admin, goal.id, "dropped", rationale="again")


def test_the_experiment_loop_dates_each_step_and_logs_the_adaptation(any_container):
    c = any_container
    admin, _, goal = world(c)
    loop = goal_experiments.start_loop(
        c.uow(),
        admin,
        goal.id,
        {
            "hypothesis": "Onboarding emails lift activation",
            "measurement": "activation rate",
            "hypothesized_on": "2026-01-01",
        },
    )
    goal_experiments.advance_loop(c.uow(), admin, loop.id, "shipped", on="2026-01-10")
    with pytest.raises(ValidationFailed):
        goal_experiments.advance_loop(
            c.uow(), admin, loop.id, "result", on="2026-01-05", result="x"
        )
    goal_experiments.advance_loop(
        c.uow(), admin, loop.id, "result", on="2026-01-31", result="+4 points"
    )
    done = goal_experiments.advance_loop(
        c.uow(), admin, loop.id, "adapted", on="2026-02-01", adaptation="keep", rationale="worked"
    )

    assert done.step == Step.ADAPTED
    assert done.time_to_learn_days == 30
    assert done.decision_id is not None


def test_initiative_progress_rolls_up_from_its_items_by_estimate(any_container):
    c = any_container
    admin, product_id, goal = world(c)
    initiative = initiatives.create_initiative(
        c.uow(),
        admin,
        product_id,
        {"title": "Self-serve onboarding", "goal_id": goal.id, "budget": 1000},
    )
    a = backlog.create_item(c.uow(), admin, product_id, {"title": "a", "estimate": 3})
    b = backlog.create_item(c.uow(), admin, product_id, {"title": "b", "estimate": 1})
    backlog.update_item(c.uow(), admin, b.id, None, {"status": "in_progress"})
    backlog.update_item(c.uow(), admin, b.id, None, {"status": "done"})

    initiatives.set_items(c.uow(), admin, initiative.id, [a.id, b.id], [])
    standing = initiatives.get_initiative(c.uow(), admin, initiative.id)
    other = initiatives.create_initiative(c.uow(), admin, product_id, {"title": "Other"})

    assert standing.progress.share_done == pytest.approx(0.25)
    assert standing.progress.weighted_by == "estimate"
    with pytest.raises(Conflict):
        initiatives.set_items(c.uow(), admin, other.id, [a.id], [])


def test_catalogue_sync_adds_every_measure_and_keeps_edited_ones(any_container):
    c = any_container
    admin = factories.admin(c)
    catalogue = load_kvm_catalogue()

    added, _ = kvm.sync_catalogue(c.uow(), admin, catalogue)
    nps = next(k for k in kvm.list_kvms(c.uow(), admin) if k.key == "nps")
    kvm.edit_kvm(c.uow(), admin, nps.id, nps.version, {"name": "Our NPS"})
    from dataclasses import replace

    newer = replace(catalogue, version="2099.1")
    _, refreshed = kvm.sync_catalogue(c.uow(), admin, newer)

    assert added == len(catalogue.measures)
    assert refreshed == len(catalogue.measures) - 1
    assert next(k for k in kvm.list_kvms(c.uow(), admin) if k.key == "nps").name == "Our NPS"


def test_observation_import_is_all_or_nothing_and_rerunnable(any_container):
    c = any_container
    admin, product_id, goal = world(c)
    measure = goals.add_measure(
        c.uow(), admin, goal.id, {"name": "Activation", "baseline": 0, "target": 1}
    )
    good = "measure,date,value\nActivation,2026-01-01,0.2\nactivation,2026-02-01,0.3\n"
    bad = good + "Nope,2026-03-01,0.4\n"

    with pytest.raises(ValidationFailed) as error:
        goals.import_observations(
            c.uow(), admin, product_id, observations_csv.read("o.csv", text=bad), "o.csv"
        )
    first = goals.import_observations(
        c.uow(), admin, product_id, observations_csv.read("o.csv", text=good), "o.csv"
    )
    second = goals.import_observations(
        c.uow(), admin, product_id, observations_csv.read("o.csv", text=good), "o.csv"
    )

    assert "line 4" in error.value.message
    assert (first.created, second.unchanged) == (2, 2)
    assert [v for _, v, _ in observations_of(c, admin, measure.id)] == [0.2, 0.3]


def test_a_stakeholder_cannot_import_surveys(any_container):
    c = any_container
    _, product_id, _ = world(c)
    viewer = factories.user(c, Role.STAKEHOLDER, product_id)

    from valueloop.domain.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        surveys.import_answers(c.uow(), viewer, product_id, "nps", [], "x.csv")
