"""The strategy pages over HTTP (no browser): EBM dashboard, portfolio, initiatives, goal loops,
exit criteria, the KVM catalogue and measure-data uploads, each through its use case."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests import factories
from tests.e2e.page_client import signed_in
from valueloop.adapters.catalogue import load_kvm_catalogue
from valueloop.domain.roles import Role
from valueloop.entrypoints.web.csv_files import cell
from valueloop.services import backlog, dashboards, goals, initiatives, kvm, lifecycle

XSS = "<script>alert('x')</script>"


def _goal(container, product_id, title="Teams trust us", kva="current_value", **fields):
    boss = factories.admin(container)
    return goals.create_goal(
        container.uow(), boss, product_id, {"title": title, "kva": kva, **fields}
    )


def _measure(container, goal_id, name="Trust score", observations=(), **fields):
    boss = factories.admin(container)
    values = {"name": name, "baseline": 10.0, "target": 50.0, **fields}
    measure = goals.add_measure(container.uow(), boss, goal_id, values)
    for day, value, note in observations:
        goals.record_observation(container.uow(), boss, measure.id, day, value, note=note)
    return measure


def _rows(answer) -> list[list[str]]:
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+cmd", "'+1+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-3.5", "-3.5"),
        (-3.5, "-3.5"),
        ("plain text", "plain text"),
        (None, ""),
    ],
)
def test_a_csv_cell_that_a_spreadsheet_would_run_as_a_formula_is_neutralised(value, expected):
    assert expected == cell(value)


def test_a_measures_observations_download_as_csv_with_formulas_neutralised(container):
    product_id = factories.product(container, name="Orbit")
    goal = _goal(container, product_id)
    measure = _measure(
        container,
        goal.id,
        observations=[("2025-01-06", -3.5, "=cmd|' /C calc'!A0"), ("2025-02-03", 12, "@SUM(1)")],
    )
    client, _ = signed_in(container)

    answer = client.get(f"/measures/{measure.id}/observations.csv")

    assert 200 == answer.status_code
    assert answer.headers["content-type"].startswith("text/csv")
    assert 'filename="orbit-trust-score.csv"' in answer.headers["content-disposition"]
    assert [
        ["measure", "date", "value", "note", "source", "unit", "baseline", "target"],
        ["Trust score", "2025-01-06", "-3.5", "'=cmd|' /C calc'!A0", "manual", "", "10", "50"],
        ["Trust score", "2025-02-03", "12", "'@SUM(1)", "manual", "", "10", "50"],
    ] == _rows(answer)


def test_the_dashboard_table_downloads_with_change_and_gap_to_target(container):
    product_id = factories.product(container, name="Orbit")
    goal = _goal(container, product_id, kva="time_to_market")
    _measure(
        container,
        goal.id,
        "Lead time",
        [("2025-01-06", 30, ""), ("2025-01-13", 26, "from the tracker")],
        baseline=40.0,
        target=14.0,
        direction="lower",
    )
    client, _ = signed_in(container)

    rows = _rows(client.get(f"/products/{product_id}/ebm.csv"))
    row = dict(zip(rows[0], rows[1], strict=True))

    assert 2 == len(rows)
    assert {
        "key_value_area": "Time to market",
        "measure": "Lead time",
        "latest": "26",
        "previous": "30",
        "change": "-4",
        "change_is_better": "true",
        "gap_to_target": "12",
        "latest_note": "from the tracker",
    } == {k: row[k] for k in ("key_value_area", "measure", "latest", "previous", "change")} | {
        k: row[k] for k in ("change_is_better", "gap_to_target", "latest_note")
    }


def test_the_dashboard_shows_each_area_and_sends_empty_ones_to_the_catalogue(container):
    product_id = factories.product(container, name="Orbit")
    goal = _goal(container, product_id, title="Ship docs", kva="ability_to_innovate")
    _measure(container, goal.id, "Pages written", [("2025-01-06", 12, "")], kind="output")
    client, _ = signed_in(container)

    page = client.get(f"/products/{product_id}/ebm").text

    assert 4 == page.count('<section class="kva kva-')
    assert f'href="/catalogue?kva=current_value&amp;product_id={product_id}"' in page
    assert f'href="/catalogue?kva=ability_to_innovate&amp;product_id={product_id}"' not in page
    assert "Vanity-metric risk." in page


def test_user_text_on_the_dashboard_and_in_its_chart_data_is_escaped(container):
    product_id = factories.product(container, name="Orbit")
    goal = _goal(container, product_id, title=XSS)
    _measure(container, goal.id, XSS + "</script>", [("2025-01-06", 12, XSS)])
    client, _ = signed_in(container)

    page = client.get(f"/products/{product_id}/ebm").text

    assert XSS not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "\\u003cscript\\u003e" in page  # inside the chart's JSON


def test_the_portfolio_compares_only_the_products_a_viewer_has_a_role_on(container):
    seen = factories.product(container, name="Seen product")
    factories.product(container, name="Hidden product")
    _measure(container, _goal(container, seen).id, observations=[("2025-01-06", 30, "")])
    factories.user(container, Role.STAKEHOLDER, seen, name="sam")
    client, _ = signed_in(container, "sam")

    page = client.get("/portfolio").text
    table = _rows(client.get("/portfolio.csv"))

    assert "Seen product" in page
    assert "Hidden product" not in page
    assert ["Seen product"] == sorted({row[0] for row in table[1:]})


def test_an_initiative_is_created_and_a_stale_edit_is_refused_keeping_what_was_typed(container):
    product_id = factories.product(container, name="Orbit")
    goal = _goal(container, product_id)
    client, token = signed_in(container)
    created = client.post(
        f"/products/{product_id}/initiatives",
        data={"csrf_token": token, "title": "CRM sync", "goal_id": str(goal.id), "budget": "1000"},
    )
    initiative_id = int(created.headers["location"].rsplit("/", 1)[1])
    first = {"csrf_token": token, "version": "1", "title": "CRM sync v2", "budget": "2000"}
    client.post(f"/initiatives/{initiative_id}", data=first)

    stale = client.post(
        f"/initiatives/{initiative_id}",
        data={"csrf_token": token, "version": "1", "title": "Mine", "budget": "5"},
    )
    listed = client.get(f"/products/{product_id}/initiatives").text

    assert 409 == stale.status_code
    assert "changed by someone else" in stale.text
    assert "What you typed (not saved)" in stale.text
    assert "CRM sync v2" in listed
    assert "Teams trust us" in listed


def test_backlog_items_go_into_an_initiative_and_its_progress_counts_them(container):
    product_id = factories.product(container, name="Orbit")
    boss = factories.admin(container)
    done = backlog.create_item(container.uow(), boss, product_id, {"title": "Done one"})
    backlog.update_item(container.uow(), boss, done.id, None, {"status": "in_progress"})
    backlog.update_item(container.uow(), boss, done.id, None, {"status": "done"})
    open_item = backlog.create_item(container.uow(), boss, product_id, {"title": "Open one"})
    initiative = initiatives.create_initiative(container.uow(), boss, product_id, {"title": "I"})
    client, token = signed_in(container)

    for item in (done, open_item):
        client.post(
            f"/initiatives/{initiative.id}/items", data={"csrf_token": token, "add": item.id}
        )
    page = client.get(f"/initiatives/{initiative.id}").text
    client.post(
        f"/initiatives/{initiative.id}/items", data={"csrf_token": token, "remove": open_item.id}
    )
    after = initiatives.get_initiative(container.uow(), boss, initiative.id)

    assert "1 of 2 items done · by item count" in page
    assert [done.id] == after.item_ids


def test_closing_a_goal_records_a_decision_that_the_goal_page_links_to(container):
    product_id = factories.product(container, name="Orbit")
    goal = _goal(container, product_id)
    client, token = signed_in(container)

    answer = client.post(
        f"/goals/{goal.id}/close",
        data={"csrf_token": token, "version": "1", "status": "achieved", "rationale": "Hit it."},
    )
    page = client.get(f"/goals/{goal.id}").text
    decision = re.search(r'Closed by decision <a href="/decisions/(\d+)">([^<]+)</a>', page)

    assert 303 == answer.status_code
    assert decision is not None
    assert "Goal “Teams trust us” achieved" == decision.group(2)
    assert "Close the goal" not in page


def test_an_experiment_loop_runs_to_its_adaptation_showing_the_time_to_learn(container):
    product_id = factories.product(container, name="Orbit")
    goal = _goal(container, product_id, level="strategic")
    measure = _measure(container, goal.id)
    client, token = signed_in(container)
    client.post(
        f"/goals/{goal.id}/loops",
        data={
            "csrf_token": token,
            "hypothesis": "Onboarding calls raise trust",
            "measurement": "Trust score above 30",
            "measure_id": str(measure.id),
            "hypothesized_on": "2025-03-03",
        },
    )
    loop = dashboards.goal_loops(container.uow(), factories.admin(container), goal.id).loops[0]
    steps = [
        {"step": "shipped", "on": "2025-03-10", "version": "1"},
        {"step": "result", "on": "2025-03-24", "result": "Rose to 34", "version": "2"},
        {"step": "adapted", "on": "2025-03-25", "adaptation": "keep", "version": "3"},
    ]
    for step in steps:
        answer = client.post(
            f"/loops/{loop.id}/steps", data={"csrf_token": token, "goal_id": goal.id, **step}
        )
        assert 303 == answer.status_code, answer.text

    page = client.get(f"/goals/{goal.id}").text
    early = client.post(
        f"/loops/{loop.id}/steps",
        data={"csrf_token": token, "goal_id": goal.id, "step": "shipped", "version": "4"},
    )

    assert "Time to Learn: 21 days" in page
    assert "Keep 25 Mar 2025" in page
    assert "The adaptation decision" in page
    assert 422 == early.status_code
    assert "The loop is at adapted; shipped cannot come next." in early.text


def test_exit_criteria_are_added_and_removed_on_the_product_overview(container):
    product_id = factories.product(container, name="Orbit", lifecycle_stage="beta")
    measure = _measure(container, _goal(container, product_id).id, "Beta NPS")
    client, token = signed_in(container)

    client.post(
        f"/products/{product_id}/exit-criteria",
        data={
            "csrf_token": token,
            "stage": "beta",
            "measure_id": str(measure.id),
            "comparator": ">=",
            "threshold": "30",
            "description": "Beta NPS of at least 30",
        },
    )
    gate = lifecycle.product_gate(container.uow(), factories.admin(container), product_id)
    page = client.get(f"/products/{product_id}").text
    missing = client.post(
        f"/products/{product_id}/exit-criteria",
        data={"csrf_token": token, "stage": "beta", "measure_id": str(measure.id), "threshold": ""},
    )
    client.post(
        f"/exit-criteria/{gate.checks[0].criterion.id}/delete",
        data={"csrf_token": token, "product_id": str(product_id)},
    )
    after = lifecycle.product_gate(container.uow(), factories.admin(container), product_id)

    assert [30.0] == [c.criterion.threshold for c in gate.checks]
    assert "Beta NPS of at least 30" in page
    assert 422 == missing.status_code
    assert [] == after.checks


def test_a_catalogue_entry_becomes_a_measure_on_the_chosen_goal(container):
    product_id = factories.product(container, name="Orbit")
    goal = _goal(container, product_id)
    client, token = signed_in(container)
    client.post("/catalogue/sync", data={"csrf_token": token})
    entries = kvm.list_kvms(container.uow(), factories.admin(container))
    nps = next(e for e in entries if e.key == "nps")

    answer = client.post(
        f"/catalogue/{nps.id}/measures",
        data={"csrf_token": token, "goal_id": str(goal.id), "baseline": "10", "target": "40"},
    )
    measure = goals.get_goal(container.uow(), factories.admin(container), goal.id).measures[0]

    assert 303 == answer.status_code
    assert (nps.key, nps.name, "survey:nps", "points") == (
        measure.measure.catalogue_key,
        measure.measure.name,
        measure.measure.computed_by,
        measure.measure.unit,
    )
    assert "used by 1 measure" in client.get("/catalogue").text


def test_a_stale_catalogue_edit_is_refused_and_a_leaderless_viewer_cannot_sync(container):
    product_id = factories.product(container, name="Orbit")
    kvm.sync_catalogue(container.uow(), factories.admin(container), load_kvm_catalogue())
    entry = kvm.list_kvms(container.uow(), factories.admin(container))[0]
    client, token = signed_in(container)
    form = {"csrf_token": token, "version": str(entry.version), "name": "Renamed"}
    client.post(f"/catalogue/{entry.id}", data=form)
    factories.user(container, Role.STAKEHOLDER, product_id, name="sam")
    visitor, visitor_token = signed_in(container, "sam")

    stale = client.post(f"/catalogue/{entry.id}", data=form | {"name": "Again"})
    sync = visitor.post("/catalogue/sync", data={"csrf_token": visitor_token})

    assert 409 == stale.status_code
    assert 403 == sync.status_code
    assert "Sync with the packaged catalogue" not in visitor.get("/catalogue").text


def test_an_observations_upload_reports_created_then_unchanged_rows(container):
    product_id = factories.product(container, name="Orbit")
    _measure(container, _goal(container, product_id).id)
    client, token = signed_in(container)
    text = b"measure,date,value,note\nTrust score,2025-01-06,20,\nTrust score,2025-02-03,25,\n"

    def upload():
        answer = client.post(
            f"/products/{product_id}/measure-data/observations",
            data={"csrf_token": token},
            files={"file": ("trust.csv", text, "text/csv")},
        )
        return client.get(answer.headers["location"]).text

    first, second = upload(), upload()

    assert "Imported trust.csv: 2 rows — 2 created, 0 updated, 0 unchanged." in first
    assert "Imported trust.csv: 2 rows — 0 created, 0 updated, 2 unchanged." in second


def test_a_finance_upload_recomputes_revenue_per_employee(container):
    product_id = factories.product(container, name="Orbit")
    goal = _goal(container, product_id)
    measure = _measure(
        container, goal.id, "Revenue per employee", computed_by="finance:revenue_per_employee"
    )
    client, token = signed_in(container)
    text = b"period,product,cost,revenue,headcount\n2025-01-01,Orbit,50000,120000,4\n"

    answer = client.post(
        f"/products/{product_id}/measure-data/finance",
        data={"csrf_token": token},
        files={"file": ("finance.csv", text, "text/csv")},
    )
    page = client.get(f"/measures/{measure.id}").text

    assert 303 == answer.status_code
    assert "30,000" in page
    assert "finance:revenue_per_employee" in page


def test_a_stakeholder_sees_no_upload_form_and_may_not_post_one(container):
    product_id = factories.product(container, name="Orbit")
    factories.user(container, Role.STAKEHOLDER, product_id, name="sam")
    client, token = signed_in(container, "sam")

    page = client.get(f"/products/{product_id}/measure-data").text
    answer = client.post(
        f"/products/{product_id}/measure-data/surveys",
        data={"csrf_token": token, "survey": "nps"},
        files={"file": ("nps.csv", b"respondent,date,score\nr1,2025-01-02,9\n", "text/csv")},
    )

    assert "Upload survey answers" not in page
    assert 403 == answer.status_code
