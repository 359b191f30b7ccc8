"""In the browser: the roadmap board, an item dragged from one lane to another, persisted."""

from __future__ import annotations

import pytest

from tests import factories
from valueloop.domain.backlog import Lane
from valueloop.services import backlog, releases, roadmap

pytestmark = pytest.mark.e2e


def _lane(page, lane):
    return page.locator(f'[data-lane="{lane}"] .road-title').all_text_contents()


def test_an_item_dragged_from_now_to_next_stays_there_after_a_reload(page, sign_in, container):
    boss = factories.admin(container)
    product = factories.product(container, name="Orbit")
    ids = [
        backlog.create_item(container.uow(), boss, product, {"title": t}).id
        for t in ("Single sign-on", "Audit export", "Dark mode")
    ]
    roadmap.move_to_lane(container.uow(), boss, ids[0], Lane.NOW)
    roadmap.move_to_lane(container.uow(), boss, ids[1], Lane.NEXT)
    roadmap.move_to_lane(container.uow(), boss, ids[2], Lane.NEXT)
    releases.create_release(
        container.uow(), boss, product, {"name": "Spring", "target_date": "2025-04-01"}
    )
    sign_in(page, then=f"/products/{product}/roadmap")
    assert ["Single sign-on"] == _lane(page, "now")

    card = page.locator(".road-card", has_text="Single sign-on")
    target = page.locator('[data-lane="next"] .road-card', has_text="Dark mode")
    start, end = card.bounding_box(), target.bounding_box()
    with page.expect_response(lambda r: r.url.endswith("/lane")) as moved:
        page.mouse.move(start["x"] + 20, start["y"] + start["height"] / 2)
        page.mouse.down()
        page.mouse.move(end["x"] + 30, end["y"] + 4, steps=15)
        page.mouse.up()
    assert 200 == moved.value.status
    page.reload()

    assert [] == _lane(page, "now")
    assert ["Audit export", "Single sign-on", "Dark mode"] == _lane(page, "next")
    assert page.locator("#roadmap-timeline").is_visible()
    shown = roadmap.view(container.uow(), boss, product)
    assert ["Audit export", "Single sign-on", "Dark mode"] == [
        i.title for _, items in dict(shown.lanes)[Lane.NEXT] for i in items
    ]


def test_alt_arrow_moves_a_card_to_the_next_lane_from_the_keyboard(page, sign_in, container):
    boss = factories.admin(container)
    product = factories.product(container, name="Orbit")
    item = backlog.create_item(container.uow(), boss, product, {"title": "Webhooks"}).id
    roadmap.move_to_lane(container.uow(), boss, item, Lane.NOW)
    sign_in(page, then=f"/products/{product}/roadmap")

    page.locator(".road-card", has_text="Webhooks").focus()
    with page.expect_response(lambda r: r.url.endswith("/lane")):
        page.keyboard.press("Alt+ArrowRight")
    page.reload()

    assert ["Webhooks"] == _lane(page, "next")
