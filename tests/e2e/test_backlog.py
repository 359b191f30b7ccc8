"""In the browser: from signing in to a product with goals and a backlog ranked by dragging."""

from __future__ import annotations

import re

import pytest

from tests import factories
from valueloop.services import backlog

pytestmark = pytest.mark.e2e


def _titles(page):
    return page.locator("[data-backlog] .item-title").all_text_contents()


def _drag(page, source, target):
    """Press on `source`, move in small steps to the top edge of `target`, release."""
    start = source.bounding_box()
    end = target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + 40, end["y"] + 4, steps=15)
    page.mouse.up()


def test_a_new_product_gets_a_goal_with_a_measure_and_a_backlog_ranked_by_dragging(
    page, sign_in, container, snap
):
    sign_in(page)

    page.get_by_label("Name", exact=True).fill("Orbit")
    page.get_by_label("Vision").fill("Teams see the value of every change they ship.")
    page.get_by_role("button", name="Create product").click()
    page.wait_for_url(re.compile(r"/products/\d+$"))
    assert "Orbit" == page.get_by_role("heading", level=1).text_content()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Goals").click()
    page.get_by_label("Title").fill("Teams trust their release forecasts")
    page.get_by_role("button", name="Add goal").click()
    page.wait_for_url(re.compile(r"/goals/\d+$"))
    page.get_by_label("Name", exact=True).fill("Forecast hit rate")
    page.get_by_label("Baseline").fill("40")
    page.get_by_label("Target", exact=True).fill("85")
    page.get_by_label("Unit").fill("%")
    page.get_by_role("button", name="Add measure").click()
    page.get_by_role("link", name="Forecast hit rate").click()
    page.get_by_label("Value (%)").fill("58")
    page.get_by_role("button", name="Record").click()
    page.locator("[data-chart] .main-svg").first.wait_for()  # Plotly, served from the package
    snap(page, "measure")
    page.get_by_role("link", name="Teams trust their release forecasts").click()
    assert "40%" in page.locator(".big-progress").text_content()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Backlog").click()
    for title in ("First item", "Second item"):
        page.get_by_label("Title").fill(title)
        page.get_by_role("button", name="Add to backlog").click()
        page.locator(".notice").filter(has_text=title).wait_for()
    assert ["First item", "Second item"] == _titles(page)

    handle = page.get_by_role("button", name="Drag to reorder Second item")
    first_row = page.locator(".item-row", has_text="First item")
    with page.expect_response(lambda r: r.url.endswith("/move")) as moved:
        _drag(page, handle, first_row)
    assert 200 == moved.value.status
    snap(page, "backlog")
    page.reload()

    assert ["Second item", "First item"] == _titles(page)
    product_id = int(page.url.split("/")[-2])
    ranked = backlog.list_items(container.uow(), factories.admin(container), product_id)
    assert ["Second item", "First item"] == [i.title for i in ranked.items]


def test_the_move_buttons_rank_the_backlog_from_the_keyboard(page, sign_in, container):
    product_id = factories.product(container, name="Keys")
    boss = factories.admin(container)
    for title in ("Alpha", "Beta", "Gamma"):
        backlog.create_item(container.uow(), boss, product_id, {"title": title})
    sign_in(page, then=f"/products/{product_id}/backlog")

    page.get_by_role("button", name="Move Alpha down").focus()
    with page.expect_response(lambda r: r.url.endswith("/move")):
        page.keyboard.press("Enter")
    handle = page.get_by_role("button", name="Drag to reorder Gamma")
    handle.focus()
    with page.expect_response(lambda r: r.url.endswith("/move")):
        page.keyboard.press("ArrowUp")
    page.reload()

    assert ["Beta", "Gamma", "Alpha"] == _titles(page)
