"""The prioritization pages over HTTP without a browser: scores with their terms, the framework
switch, value vs effort, MoSCoW, rank stability, calibration, formulas and an item's estimates."""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.e2e.page_client import signed_in
from valueloop.domain.roles import Role
from valueloop.services import backlog, estimates, formulas, scoring


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
