"""In the browser: search the inbox, tick two notes, mark them processed, see the tabs change."""

from __future__ import annotations

import pytest

from tests import factories
from valueloop.services import feedback

pytestmark = pytest.mark.e2e


def test_searching_and_bulk_marking_two_notes_processed_moves_them_between_tabs(
    page, sign_in, container, snap
):
    boss = factories.admin(container)
    product_id = factories.product(container, name="Orbit")
    texts = [
        "Exporting the roadmap to CSV fails for large plans",
        "The CSV export drops the owner column",
        "Dark mode would be lovely <b>at night</b>",
    ]
    for text in texts:
        feedback.record_note(container.uow(), boss, {"text": text, "product_id": product_id})
    sign_in(page, then="/feedback")
    new_tab = page.locator("[data-count=new]")
    processed_tab = page.locator("[data-count=processed]")
    assert ("3", "0") == (new_tab.text_content(), processed_tab.text_content())

    page.keyboard.press("/")
    page.keyboard.type("csv export*")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=csv*")
    cards = page.locator("[data-inbox] [data-note-id]")
    assert 2 == cards.count()
    assert ("2", "0") == (new_tab.text_content(), processed_tab.text_content())
    mark = page.get_by_role("button", name="Mark processed")
    assert mark.is_disabled()

    page.get_by_label("Select note", exact=False).first.check()
    page.locator("[data-note-check]").nth(1).check()
    assert "2 selected" == page.locator("[data-selected-count]").text_content()
    snap(page, "inbox-selected")
    mark.click()

    page.locator(".notice").wait_for()
    assert "2 notes marked processed." in page.locator(".notice").text_content()
    assert ("0", "2") == (new_tab.text_content(), processed_tab.text_content())
    assert 0 == cards.count()
    page.locator("[data-tab=processed]").click()
    assert 2 == page.locator("[data-inbox] [data-note-id]").count()
    page.goto("/feedback")
    assert "1" == page.locator("[data-count=new]").text_content()
    assert 0 == page.locator("[data-inbox] b").count()  # note text is shown as text
    snap(page, "inbox")
