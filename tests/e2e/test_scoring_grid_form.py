"""The Prioritize page's "Save as this product's grid" form over HTTP (no browser): what it sends
back is exactly the grid shown."""

from __future__ import annotations

import re

from tests import factories
from tests.e2e.page_client import signed_in
from valueloop.services import scoring

GRID = (
    "quadrant_value",
    "quadrant_effort",
    "quadrant_value_threshold",
    "quadrant_effort_threshold",
)


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)">', html)
    assert found, name
    return found.group(1)


def test_lines_tried_here_are_saved_to_the_last_digit(container):
    product_id = factories.product(container, name="Acme")
    client, token = signed_in(container)
    tried = client.get(
        f"/products/{product_id}/prioritize",
        params={"value": "reach", "vt": "1234567", "et": "0.123456789"},
    )
    sent = {name: _hidden(tried.text, name) for name in GRID}

    saved = client.post(
        f"/products/{product_id}/prioritize/grid",
        data={"csrf_token": token, "version": "0", **sent},
    )

    assert 303 == saved.status_code, saved.text
    assert ("1234567", "0.123456789") == (
        sent["quadrant_value_threshold"],
        sent["quadrant_effort_threshold"],
    )
    settings = scoring.get_settings(container.uow(), factories.admin(container), product_id)
    assert (1234567.0, 0.123456789) == (
        settings.quadrant_value_threshold,
        settings.quadrant_effort_threshold,
    )


def test_a_refused_save_shows_the_grid_that_was_being_saved(container):
    product_id = factories.product(container, name="Acme")
    client, token = signed_in(container)
    tried = client.get(
        f"/products/{product_id}/prioritize", params={"value": "reach * 2", "vt": "750"}
    )
    sent = {name: _hidden(tried.text, name) for name in GRID}
    boss = factories.admin(container)
    scoring.update_settings(container.uow(), boss, product_id, {"framework": "ice"}, version=0)

    refused = client.post(
        f"/products/{product_id}/prioritize/grid",
        data={"csrf_token": token, "version": "0", **sent},
    )

    assert 409 == refused.status_code
    assert "Not saved." in refused.text
    assert 'name="value" value="reach * 2"' in refused.text
    assert 'name="vt" value="750"' in refused.text
