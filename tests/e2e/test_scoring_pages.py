"""The prioritization pages over HTTP without a browser: scores with their terms, the framework
switch, value vs effort, MoSCoW, rank stability, calibration, formulas and an item's estimates."""

from __future__ import annotations

import json
import re

import pytest

from tests import factories
from tests.e2e.page_client import signed_in
from valueloop.adapters.db.transfer import SqlBulkUnitOfWork
from valueloop.domain.roles import Role
from valueloop.services import backlog, calibration, demo, estimates, formulas, scoring


@pytest.fixture
def acme(container):
    """A product with two RICE-estimated items (one with a range) and one without estimates."""
    product_id = factories.product(container, name="Acme")
    boss = factories.admin(container)
    ids = {}
    for title, values in (
        ("Single sign-on", {"reach": 450, "impact": 3, "effort": 2}),
        ("Audit export", {"reach": 2000, "impact": 1, "effort": 4}),
        ("Dark mode", {}),
    ):
        item = backlog.create_item(container.uow(), boss, product_id, {"title": title})
        ids[title] = item.id
        for field, likely in values.items():
            estimates.set_estimate(container.uow(), boss, item.id, field, {"likely": likely})
    estimates.set_estimate(
        container.uow(),
        boss,
        ids["Single sign-on"],
        "reach",
        {"low": 300, "likely": 450, "high": 900, "distribution": "pert"},
    )
    return product_id, ids


def test_the_prioritize_page_lists_scores_with_their_terms_and_what_unscored_items_lack(
    container, acme
):
    product_id, _ = acme
    client, _ = signed_in(container)

    page = client.get(f"/products/{product_id}/prioritize")

    assert 200 == page.status_code
    text = page.text
    # No evidence: confidence is low (0.5). SSO 450 × 3 × 0.5 ÷ 2 = 337.5; audit 2000 × 1 × 0.5 ÷ 4.
    assert "RICE 337.5 = reach × impact × confidence ÷ effort" in text
    assert "RICE 250 = reach × impact × confidence ÷ effort" in text
    assert text.index("Single sign-on") < text.index("Audit export") < text.index("Dark mode")
    assert "Not scored: no reach, impact, effort estimates yet." in text
    assert "unaligned" in text
    assert "Quick wins: high value, low effort" in text


def test_switching_the_framework_persists_it_in_the_scoring_settings(container, acme):
    product_id, _ = acme
    client, token = signed_in(container)

    answer = client.post(
        f"/products/{product_id}/prioritize/settings",
        data={"csrf_token": token, "framework": "wsjf", "version": "0"},
    )
    page = client.get(f"/products/{product_id}/prioritize")

    assert 303 == answer.status_code
    settings = scoring.get_settings(container.uow(), factories.admin(container), product_id)
    assert "wsjf" == settings.framework
    assert "Backlog by WSJF score" in page.text


def test_a_stakeholder_sees_the_scores_but_not_the_settings_form(container, acme):
    product_id, _ = acme
    factories.user(container, Role.STAKEHOLDER, product_id, name="sam")
    client, token = signed_in(container, "sam")

    page = client.get(f"/products/{product_id}/prioritize")
    refused = client.post(
        f"/products/{product_id}/prioritize/settings",
        data={"csrf_token": token, "framework": "ice"},
    )

    assert 200 == page.status_code
    assert "Use for everyone" not in page.text
    assert 403 == refused.status_code


def test_rank_stability_shows_each_items_chance_of_the_top_k(container, acme):
    product_id, _ = acme
    client, _ = signed_in(container)

    page = client.get(f"/products/{product_id}/prioritize/stability", params={"top": "1"})

    assert 200 == page.status_code
    assert "Chance of the top 1" in page.text
    assert re.search(r"Single sign-on</a></td>\s*<td class=\"num\">337.5", page.text)
    assert "1 item left out" in page.text


def test_the_calibration_page_says_what_awaits_a_measurement(container, acme):
    product_id, _ = acme
    client, _ = signed_in(container)

    page = client.get(f"/products/{product_id}/prioritize/calibration")

    assert 200 == page.status_code
    assert "No measured items yet." in page.text


def test_a_bad_value_axis_points_at_the_position_and_the_default_grid_is_drawn(container, acme):
    product_id, _ = acme
    client, _ = signed_in(container)

    page = client.get(f"/products/{product_id}/prioritize", params={"value": "reach * reech"})

    assert 200 == page.status_code
    assert "value, column 9: unknown name &#39;reech&#39;" in page.text
    assert "reach * reech\n        ^^^^^" in page.text


def test_an_items_page_shows_its_terms_and_saves_an_estimate_range(container, acme):
    _, ids = acme
    item_id = ids["Audit export"]
    client, token = signed_in(container)

    saved = client.post(
        f"/items/{item_id}/estimates",
        data={
            "csrf_token": token,
            "field": "effort",
            "likely": "4",
            "low": "2",
            "high": "9",
            "distribution": "pert",
            "version": "1",
        },
    )
    page = client.get(f"/items/{item_id}/prioritize")

    assert 303 == saved.status_code
    found = estimates.list_estimates(container.uow(), factories.admin(container), item_id)
    effort = next(e for e in found if e.field == "effort")
    assert ("effort", 2.0, 4.0, 9.0, "pert") == (
        effort.field,
        effort.low,
        effort.likely,
        effort.high,
        effort.distribution.value,
    )
    assert "RICE score 250" in page.text
    assert "ICE not scored: no ice_impact, ice_ease" in page.text


def test_an_impact_off_the_rice_scale_comes_back_with_the_reason(container, acme):
    _, ids = acme
    client, token = signed_in(container)

    answer = client.post(
        f"/items/{ids['Dark mode']}/estimates",
        data={"csrf_token": token, "field": "impact", "likely": "4"},
    )

    assert 422 == answer.status_code
    assert "Not saved.</strong> Impact must be at most 3." in answer.text


def test_a_confidence_override_needs_a_reason_and_then_scores_with_it(container, acme):
    _, ids = acme
    item_id = ids["Single sign-on"]
    client, token = signed_in(container)

    refused = client.post(
        f"/items/{item_id}/priority",
        data={"csrf_token": token, "part": "override", "confidence_override": "90"},
    )
    saved = client.post(
        f"/items/{item_id}/priority",
        data={
            "csrf_token": token,
            "part": "override",
            "confidence_override": "90",
            "override_reason": "Two paying pilots asked for it in writing",
        },
    )
    page = client.get(f"/items/{item_id}/prioritize")

    assert (422, 303) == (refused.status_code, saved.status_code)
    assert "override_reason" in refused.text or "reason" in refused.text
    assert "RICE score 675" in page.text  # 450 × 3 × 1.0 ÷ 2: 90% is RICE's high band
    assert "Two paying pilots asked for it in writing" in page.text


def test_assessing_desirability_shows_beside_the_score(container, acme):
    product_id, ids = acme
    client, token = signed_in(container)

    client.post(
        f"/items/{ids['Single sign-on']}/assessments/desirability",
        data={"csrf_token": token, "rating": "high", "evidence": "8 of 10 interviews asked"},
    )
    page = client.get(f"/products/{product_id}/prioritize")

    assert 'title="Desirability: high">D</span>' in page.text


def test_a_formula_that_does_not_compile_comes_back_pointing_at_the_position(container, acme):
    product_id, _ = acme
    client, token = signed_in(container)

    answer = client.post(
        f"/products/{product_id}/formulas",
        data={"csrf_token": token, "name": "Typo", "text": "reach * reech", "action": "save"},
    )

    assert 422 == answer.status_code
    assert "Formula, column 9: unknown name &#39;reech&#39; (did you mean &#39;reach&#39;?)" in (
        answer.text
    )
    assert (
        '<pre class="pointer" data-formula-pointer>reach * reech\n        ^^^^^</pre>'
        in answer.text
    )
    assert [] == formulas.list_formulas(container.uow(), factories.admin(container), product_id)


def test_a_saved_formula_gets_a_new_version_when_its_text_changes(container, acme):
    product_id, _ = acme
    client, token = signed_in(container)
    client.post(
        f"/products/{product_id}/formulas",
        data={"csrf_token": token, "name": "Reach per effort", "text": "reach / effort"},
    )
    boss = factories.admin(container)
    saved = formulas.list_formulas(container.uow(), boss, product_id)[0].formula

    client.post(
        f"/formulas/{saved.id}",
        data={
            "csrf_token": token,
            "version": str(saved.version),
            "name": "Reach per effort",
            "description": "",
            "text": "reach * 2 / effort",
        },
    )
    page = client.get(
        f"/products/{product_id}/prioritize", params={"framework": f"formula:{saved.id}"}
    )

    assert "Reach per effort v2" in page.text
    assert "Reach per effort v2 450 = reach * 2 / effort" in page.text  # SSO: 450 × 2 ÷ 2


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)">', html)
    assert found, name
    return found.group(1)


def test_a_grid_tried_here_is_saved_for_the_product_and_reset_to_the_framework(container, acme):
    product_id, _ = acme
    client, token = signed_in(container)
    tried = client.get(
        f"/products/{product_id}/prioritize", params={"value": "reach", "vt": "1000"}
    )
    assert "given here" in tried.text
    assert "Save as this product's grid" in tried.text
    sent = {
        name: _hidden(tried.text, name)
        for name in (
            "quadrant_value",
            "quadrant_effort",
            "quadrant_value_threshold",
            "quadrant_effort_threshold",
        )
    }
    # What was typed is saved; the effort axis and line keep following the framework.
    assert {
        "quadrant_value": "reach",
        "quadrant_effort": "",
        "quadrant_value_threshold": "1000",
        "quadrant_effort_threshold": "",
    } == sent

    saved = client.post(
        f"/products/{product_id}/prioritize/grid",
        data={"csrf_token": token, "version": "0", **sent},
    )
    page = client.get(f"/products/{product_id}/prioritize")

    assert 303 == saved.status_code
    settings = scoring.get_settings(container.uow(), factories.admin(container), product_id)
    assert ("reach", None, 1000.0, None) == (
        settings.quadrant_value,
        settings.quadrant_effort,
        settings.quadrant_value_threshold,
        settings.quadrant_effort_threshold,
    )
    assert "saved for this product" in page.text
    assert "Value <code>reach</code> at or above 1,000 is high" in page.text
    chart = json.loads(
        re.search(r'id="quadrant-chart-data">(.*?)</script>', page.text, re.S).group(1)
    )
    # Reach alone: Audit export (2,000) is high value, Single sign-on (450) is not.
    assert {("Single sign-on", 450.0, "fill_in"), ("Audit export", 2000.0, "big_bet")} == {
        (p["title"], p["value"], p["quadrant"]) for p in chart["points"]
    }

    reset = client.post(
        f"/products/{product_id}/prioritize/grid",
        data={"csrf_token": token, "version": str(settings.version), "reset": "1"},
    )
    after = client.get(f"/products/{product_id}/prioritize")

    assert 303 == reset.status_code
    assert "framework default" in after.text
    assert "Value <code>reach * impact * confidence_rice</code>" in after.text
    assert "Reset to the framework" not in after.text


def test_a_bad_grid_sent_to_be_saved_comes_back_pointing_at_the_position(container, acme):
    product_id, _ = acme
    client, token = signed_in(container)

    answer = client.post(
        f"/products/{product_id}/prioritize/grid",
        data={"csrf_token": token, "version": "0", "quadrant_value": "reach * reech"},
    )

    assert 422 == answer.status_code
    assert "Not saved." in answer.text
    assert "quadrant_value, column 9: unknown name &#39;reech&#39;" in answer.text
    assert "reach * reech\n        ^^^^^" in answer.text


def test_a_stakeholder_may_try_a_grid_but_not_save_it(container, acme):
    product_id, _ = acme
    factories.user(container, Role.STAKEHOLDER, product_id, name="sam")
    client, token = signed_in(container, "sam")

    page = client.get(f"/products/{product_id}/prioritize", params={"value": "reach"})
    answer = client.post(
        f"/products/{product_id}/prioritize/grid",
        data={"csrf_token": token, "quadrant_value": "reach"},
    )

    assert "given here" in page.text
    assert "Save as this product" not in page.text
    assert 403 == answer.status_code


def _commit_and_measure(container, item_id: int, impact: float) -> None:
    boss = factories.admin(container)
    version = backlog.get_item(container.uow(), boss, item_id).version
    backlog.update_item(container.uow(), boss, item_id, version, {"status": "in_progress"})
    calibration.record_impact(container.uow(), boss, item_id, impact)


def test_the_calibration_chart_plots_each_measured_items_scaled_score_against_its_impact(
    container, acme
):
    product_id, ids = acme
    _commit_and_measure(container, ids["Single sign-on"], 10)  # RICE 337.5
    _commit_and_measure(container, ids["Audit export"], 30)  # RICE 250
    client, _ = signed_in(container)

    page = client.get(f"/products/{product_id}/prioritize/calibration")

    assert 200 == page.status_code
    chart = json.loads(
        re.search(r'id="calibration-chart-data">(.*?)</script>', page.text, re.S).group(1)
    )
    # The higher score (SSO) went with the lower impact: (1, 0) and (0, 1), off the y = x line.
    assert [
        ("Single sign-on", "RICE", 1.0, 0.0, 337.5, 10.0),
        ("Audit export", "RICE", 0.0, 1.0, 250.0, 30.0),
    ] == sorted(
        (
            (p["title"], p["framework"], p["x"], p["y"], p["score"], p["measured"])
            for p in chart["points"]
        ),
        key=lambda p: -p[2],
    )
    assert {"RICE": "RICE (too few points: 2 of the 5 needed)"} == chart["groups"]["framework"]
    assert "data-calibration-chart" in page.text
    assert "js/calibration-chart.js" in page.text


def test_the_calibration_page_without_measurements_says_how_to_get_points(container, acme):
    product_id, ids = acme
    boss = factories.admin(container)
    version = backlog.get_item(container.uow(), boss, ids["Single sign-on"]).version
    backlog.update_item(
        container.uow(), boss, ids["Single sign-on"], version, {"status": "in_progress"}
    )
    client, _ = signed_in(container)

    page = client.get(f"/products/{product_id}/prioritize/calibration")

    assert "No points yet." in page.text
    assert "record its measured impact on its Prioritize page" in page.text
    assert "1 prediction is waiting for one." in page.text
    assert "data-calibration-chart" not in page.text


@pytest.fixture
def demo_workspace(container):
    demo.ensure_demo(SqlBulkUnitOfWork(container.engine))
    return container


@pytest.mark.e2e
def test_the_demos_calibration_chart_draws_a_point_per_measured_prediction(
    page, demo_workspace, snap, dialogs
):
    then = "/products/1/prioritize/calibration"
    page.goto(then)
    page.get_by_label("Username").fill("oliver")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(then) + "$"))
    chart = json.loads(page.locator("#calibration-chart-data").text_content())
    marks = page.locator("[data-calibration-chart] .scatterlayer .point")
    page.locator("[data-calibration-chart] .main-svg").first.wait_for()  # Plotly, from the package
    snap(page, "calibration-chart")

    per_framework = marks.count()
    legend = page.locator("[data-calibration-chart] .legendtext").all_text_contents()
    page.get_by_label("Group the points").select_option("estimator")
    page.locator('[data-calibration-chart][data-series="estimator"]').wait_for()
    per_estimator = marks.count()
    page.get_by_label("Group the points").select_option("impact")
    page.locator('[data-calibration-chart][data-series="impact"]').wait_for()
    per_item = marks.count()

    assert len(chart["points"]) == per_framework == per_estimator > 10
    assert len(chart["impacts"]) == per_item > 5
    assert {"RICE", "WSJF", "Goal-weighted RICE v1"} == {t.split(" (")[0] for t in legend}
    assert all("ρ " in t for t in legend), legend
    assert page.locator("[data-export-target=calibration-chart]").first.is_visible()
    assert [] == dialogs


@pytest.mark.e2e
def test_a_point_on_the_value_vs_effort_grid_shows_its_title_literally_and_opens_its_item(
    page, sign_in, container, acme
):
    product_id, _ = acme
    boss = factories.admin(container)
    item = backlog.create_item(container.uow(), boss, product_id, {"title": "<b>x</b> export"})
    for field, likely in (("reach", 100), ("impact", 1), ("effort", 1)):
        estimates.set_estimate(container.uow(), boss, item.id, field, {"likely": likely})
    sign_in(page, then=f"/products/{product_id}/prioritize")
    chart = page.locator("[data-quadrant-chart]")
    chart.locator(".main-svg").first.wait_for()  # drawn with Plotly and plots.js
    png = chart.evaluate("c => c._context.toImageButtonOptions")
    chart.scroll_into_view_if_needed()
    # Where Plotly drew the new item's point (lowest value and effort: clear of the modebar).
    where = chart.evaluate(
        """(c, id) => {
          const p = c.data.flatMap(t => t.customdata.map((d, i) => [d, t.x[i], t.y[i]]))
            .find(([d]) => d === id);
          const xa = c._fullLayout.xaxis, ya = c._fullLayout.yaxis, box = c.getBoundingClientRect();
          return [box.left + xa._offset + xa.l2p(p[1]), box.top + ya._offset + ya.l2p(p[2])];
        }""",
        item.id,
    )
    page.mouse.move(*where)
    hover = chart.locator(".hoverlayer .hovertext")
    hover.wait_for()
    shown = hover.text_content()
    page.mouse.click(*where)
    page.wait_for_url(re.compile(r"/items/\d+/prioritize$"))

    assert shown.startswith("<b>x</b> export"), shown
    assert page.url.endswith(f"/items/{item.id}/prioritize")
    assert {"format": "png", "filename": "value-vs-effort", "scale": 2} == png
