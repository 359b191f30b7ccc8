"""In the browser: the demo backlog's Prioritize page, switching the framework for everyone,
reading a score's terms, and dragging a demo item between roadmap lanes (persisted)."""

from __future__ import annotations

import re

import pytest

from valueloop.adapters.db.transfer import SqlBulkUnitOfWork
from valueloop.services import demo

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo_workspace(container):
    demo.ensure_demo(SqlBulkUnitOfWork(container.engine))
    return container


def _sign_in(page, username: str, then: str) -> None:
    page.goto(then)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(then) + "$"))


def test_the_product_owner_switches_the_framework_and_reads_a_scores_terms(
    page, demo_workspace, snap, dialogs
):
    _sign_in(page, "oliver", "/products/1/backlog")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Prioritize").click()
    page.wait_for_url(re.compile(r"/products/1/prioritize$"))
    assert "Backlog by RICE score" in page.get_by_role("heading", level=2).all_text_contents()
    page.locator("[data-quadrant-chart] .main-svg").first.wait_for()  # Plotly, from the package
    snap(page, "prioritize-rice")

    page.get_by_label("Score the backlog with").select_option("wsjf")
    page.get_by_role("button", name="Use for everyone").click()
    page.locator(".notice").filter(has_text="now scored with WSJF").wait_for()
    page.reload()

    assert "Backlog by WSJF score" in page.get_by_role("heading", level=2).all_text_contents()
    first = page.locator("[data-score-row]").first
    first.get_by_text("Terms", exact=True).click()
    breakdown = first.locator("[data-breakdown]")
    explain = breakdown.locator(".score-explain").text_content()
    assert re.match(
        r"WSJF [\d.,]+ = \(business_value \+ time_criticality \+ risk_reduction\) ÷ job_size",
        explain,
    ), explain
    names = breakdown.locator("[data-terms] tbody th").all_text_contents()
    values = [float(v) for v in breakdown.locator("[data-terms] tbody td.num").all_text_contents()]
    terms = dict(zip(names, values, strict=True))
    assert [
        "Business value",
        "Time criticality",
        "Risk reduction",
        "Cost of delay",
        "Job size",
    ] == (names)
    score = float(first.locator("td.score").text_content().replace(",", ""))
    assert round(terms["Cost of delay"] / terms["Job size"], 2) == score
    assert breakdown.locator("[data-terms]").is_visible()
    snap(page, "prioritize-wsjf-terms")
    assert [] == dialogs


def _titles(page, lane: str) -> list[str]:
    return page.locator(f'[data-lane="{lane}"] .road-title').all_text_contents()


def test_the_product_owner_drags_a_demo_item_to_the_next_lane_and_it_stays(
    page, demo_workspace, dialogs
):
    _sign_in(page, "oliver", "/products/1/backlog")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Roadmap").click()
    page.wait_for_url(re.compile(r"/products/1/roadmap$"))
    now, upcoming = _titles(page, "now"), _titles(page, "next")
    assert now, "the demo has items in the now lane"
    assert upcoming, "the demo has items in the next lane"

    card = page.locator('[data-lane="now"] .road-card').first
    target = page.locator('[data-lane="next"] .road-card').first
    card.scroll_into_view_if_needed()
    start, end = card.bounding_box(), target.bounding_box()
    with page.expect_response(lambda r: r.url.endswith("/lane")) as moved:
        page.mouse.move(start["x"] + 20, start["y"] + start["height"] / 2)
        page.mouse.down()
        page.mouse.move(end["x"] + 30, end["y"] + 4, steps=15)
        page.mouse.up()
    assert 200 == moved.value.status
    page.reload()

    assert now[1:] == _titles(page, "now")
    assert [now[0], *upcoming] == _titles(page, "next")
    assert [] == dialogs
