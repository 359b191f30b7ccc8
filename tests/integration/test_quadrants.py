"""Value vs effort on SQLite and PostgreSQL: the same grid from the same estimates."""

from __future__ import annotations

import pytest

from tests import factories
from valueloop.domain.errors import PermissionDenied, ValidationFailed
from valueloop.domain.roles import Role
from valueloop.domain.scoring import Quadrant
from valueloop.services import backlog, estimates, quadrants, scoring
from valueloop.services.quadrants import Source


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


def _grid_product(container):
    boss = factories.admin(container)
    product_id = factories.product(container, name="Saved grid")
    for title, fields in {
        "Small": {"value": 30, "effort": 1},
        "Big": {"value": 80, "effort": 3},
    }.items():
        item = backlog.create_item(container.uow(), boss, product_id, {"title": title})
        for field, likely in fields.items():
            estimates.set_estimate(container.uow(), boss, item.id, field, {"likely": likely})
    return boss, product_id


def _placed(view):
    return [(p.title, p.value, p.quadrant) for p in view.items]


def test_the_products_saved_grid_is_used_and_the_requests_own_values_override_it(any_container):
    boss, product_id = _grid_product(any_container)
    owner = factories.user(any_container, Role.PRODUCT_OWNER, product_id, name="olga")
    scoring.update_settings(
        any_container.uow(),
        owner,
        product_id,
        {"quadrant_value": "value * 2", "quadrant_value_threshold": 100},
    )

    saved = quadrants.value_vs_effort(any_container.uow(), boss, product_id)
    asked = quadrants.value_vs_effort(
        any_container.uow(), boss, product_id, value="value", value_threshold=50
    )

    assert ("value * 2", "effort", 100.0, 2.0) == (
        saved.axes.value,
        saved.axes.effort,
        saved.axes.value_threshold,
        saved.axes.effort_threshold,
    )
    assert [("Small", 60.0, Quadrant.FILL_IN), ("Big", 160.0, Quadrant.BIG_BET)] == _placed(saved)
    assert {
        "value": Source.SAVED,
        "effort": Source.FRAMEWORK,
        "value_threshold": Source.SAVED,
        "effort_threshold": Source.FRAMEWORK,
    } == saved.sources
    assert [("Small", 30.0, Quadrant.FILL_IN), ("Big", 80.0, Quadrant.BIG_BET)] == _placed(asked)
    assert Source.REQUEST == asked.sources["value"] == asked.sources["value_threshold"]


def test_a_saved_axis_that_does_not_compile_is_refused_naming_the_field_and_position(
    any_container,
):
    boss, product_id = _grid_product(any_container)

    with pytest.raises(ValidationFailed) as raised:
        scoring.update_settings(
            any_container.uow(), boss, product_id, {"quadrant_effort": "effort + efort"}
        )

    assert "quadrant_effort" == raised.value.field
    assert raised.value.message.startswith(
        "quadrant_effort, column 10: unknown name 'efort' (did you mean 'effort'?)"
    )
    assert raised.value.message.endswith("effort + efort\n         ^^^^^")
    assert scoring.get_settings(any_container.uow(), boss, product_id).quadrant_effort is None


def test_only_those_who_rank_the_backlog_save_a_grid(any_container):
    _, product_id = _grid_product(any_container)
    contributor = factories.user(any_container, Role.CONTRIBUTOR, product_id, name="cody")

    with pytest.raises(PermissionDenied):
        scoring.update_settings(
            any_container.uow(), contributor, product_id, {"quadrant_value": "value"}
        )


def test_reset_goes_back_to_the_frameworks_grid_and_both_changes_are_audited(any_container):
    boss, product_id = _grid_product(any_container)
    scoring.update_settings(
        any_container.uow(), boss, product_id, {"quadrant_value": "value", "quadrant_effort": "1"}
    )

    scoring.update_settings(
        any_container.uow(),
        boss,
        product_id,
        {"quadrant_value": None, "quadrant_effort": None},
    )

    view = quadrants.value_vs_effort(any_container.uow(), boss, product_id)
    assert ("reach * impact * confidence_rice", "effort") == (view.axes.value, view.axes.effort)
    assert {Source.FRAMEWORK} == set(view.sources.values())
    with any_container.uow() as uow:
        trail = uow.audit.list(
            {"record_type": "product", "record_id": product_id, "action": "scoring"}
        ).items
    assert [
        {"quadrant_effort": [None, "1"], "quadrant_value": [None, "value"]},
        {"quadrant_effort": ["1", None], "quadrant_value": ["value", None]},
    ] == [entry.changes for entry in trail]


def test_a_saved_axis_whose_custom_estimate_is_gone_leaves_items_unplaced_instead_of_failing(
    any_container,
):
    boss, product_id = _grid_product(any_container)
    item = backlog.create_item(any_container.uow(), boss, product_id, {"title": "Paid"}).id
    estimates.set_estimate(any_container.uow(), boss, item, "mrr", {"likely": 5000})
    estimates.set_estimate(any_container.uow(), boss, item, "effort", {"likely": 1})
    scoring.update_settings(any_container.uow(), boss, product_id, {"quadrant_value": "mrr"})
    estimates.clear_estimate(any_container.uow(), boss, item, "mrr")  # no item has mrr now

    view = quadrants.value_vs_effort(any_container.uow(), boss, product_id)

    assert ("mrr", Source.SAVED) == (view.axes.value, view.sources["value"])
    assert [] == view.items
    assert [
        ("Small", "value lacks mrr"),
        ("Big", "value lacks mrr"),
        ("Paid", "value lacks mrr"),
    ] == [(u.title, u.reason) for u in view.unplaced]
    with pytest.raises(ValidationFailed, match="value, column 1: unknown name 'mrr'"):
        quadrants.value_vs_effort(any_container.uow(), boss, product_id, value="mrr")


def test_a_saved_axis_sent_back_unchanged_with_a_new_line_is_kept_though_its_name_is_gone(
    any_container,
):
    boss, product_id = _grid_product(any_container)
    item = backlog.create_item(any_container.uow(), boss, product_id, {"title": "Paid"}).id
    estimates.set_estimate(any_container.uow(), boss, item, "mrr", {"likely": 5000})
    scoring.update_settings(any_container.uow(), boss, product_id, {"quadrant_value": "mrr"})
    estimates.clear_estimate(any_container.uow(), boss, item, "mrr")

    # What the page's "Save as this product's grid" sends after a new line was tried.
    saved = scoring.update_settings(
        any_container.uow(),
        boss,
        product_id,
        {"quadrant_value": "mrr", "quadrant_value_threshold": 50},
    )
    with pytest.raises(ValidationFailed) as changed:
        scoring.update_settings(
            any_container.uow(), boss, product_id, {"quadrant_value": "mrr * 2"}
        )

    assert ("mrr", 50.0) == (saved.quadrant_value, saved.quadrant_value_threshold)
    assert "quadrant_value" == changed.value.field


def test_saving_the_same_settings_again_changes_nothing_not_even_the_version(any_container):
    boss, product_id = _grid_product(any_container)
    first = scoring.update_settings(
        any_container.uow(), boss, product_id, {"quadrant_value": "value", "framework": "ice"}
    )
    with any_container.uow() as uow:
        logged = len(uow.audit.list({"record_id": product_id, "action": "scoring"}).items)

    again = scoring.update_settings(
        any_container.uow(),
        boss,
        product_id,
        {"quadrant_value": "value", "framework": "ice"},
        version=first.version,
    )

    with any_container.uow() as uow:
        assert logged == len(uow.audit.list({"record_id": product_id, "action": "scoring"}).items)
    assert (first.version, "value") == (again.version, again.quadrant_value)
