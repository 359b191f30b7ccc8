"""In the browser: editing a product that someone else changed meanwhile."""

from __future__ import annotations

import pytest

from tests import factories
from valueloop.services import products

pytestmark = pytest.mark.e2e


def test_a_stale_edit_shows_the_conflict_and_keeps_the_other_change(page, sign_in, container, snap):
    boss = factories.admin(container)
    product_id = factories.product(container, name="Orbit", vision="First vision")
    sign_in(page, then=f"/products/{product_id}")

    products.update_product(
        container.uow(), boss, product_id, None, {"vision": "Changed elsewhere"}
    )
    page.get_by_label("Vision").fill("My edit")
    page.get_by_role("button", name="Save changes").click()

    alert = page.get_by_role("alert")
    assert "changed by someone else" in alert.text_content()
    assert "reload" in alert.text_content()
    assert "My edit" in alert.locator(".unsaved").text_content()
    assert "Changed elsewhere" == page.get_by_label("Vision").input_value()
    snap(page, "conflict")
    assert "Changed elsewhere" == products.get_product(container.uow(), boss, product_id).vision
