"""Value vs effort on SQLite and PostgreSQL: the same grid from the same estimates."""

from __future__ import annotations

from tests import factories
from valueloop.domain.scoring import Quadrant
from valueloop.services import backlog, estimates, quadrants


def test_the_grid_places_items_by_fixed_lines_on_both_engines(any_container):
    boss = factories.admin(any_container)
    product_id = factories.product(any_container, name="Grid")
    plans = {
        "Quick": {"reach": 5000, "impact": 1, "effort": 1},  # 5000 × 1 × 0.5 = 2500, effort 1
        "Bet": {"reach": 5000, "impact": 1, "effort": 6},
        "Filler": {"reach": 100, "impact": 1, "effort": 0.5},
        "Sink": {"reach": 100, "impact": 0.25, "effort": 8},
        "Bare": {},
    }
    for title, fields in plans.items():
        item = backlog.create_item(any_container.uow(), boss, product_id, {"title": title})
        for field, likely in fields.items():
            estimates.set_estimate(any_container.uow(), boss, item.id, field, {"likely": likely})

    view = quadrants.value_vs_effort(any_container.uow(), boss, product_id)

    assert [
        ("Quick", 2500.0, Quadrant.QUICK_WIN),
        ("Bet", 2500.0, Quadrant.BIG_BET),
        ("Filler", 50.0, Quadrant.FILL_IN),
        ("Sink", 12.5, Quadrant.TIME_SINK),
    ] == [(p.title, p.value, p.quadrant) for p in view.items]
    assert [("Bare", "value lacks reach, impact; effort lacks effort")] == [
        (u.title, u.reason) for u in view.unplaced
    ]
