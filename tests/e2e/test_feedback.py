"""In the browser: feedback is shown as text, and a highlighted passage becomes evidence."""

from __future__ import annotations

import re

import pytest

from tests import factories
from valueloop.services import backlog, customers, feedback

pytestmark = pytest.mark.e2e

SCRIPT = "<script>alert(1)</script>"


def test_a_note_containing_a_script_tag_is_shown_as_literal_text(page, sign_in, container, dialogs):
    factories.product(container, name="Orbit")
    sign_in(page, then="/feedback")
    text = f"Export is broken {SCRIPT} please fix <b>soon</b>"

    page.get_by_label("What the customer said").fill(text)
    page.get_by_role("button", name="Record note").click()
    page.wait_for_url(re.compile(r"/feedback/\d+$"))
    page.wait_for_timeout(300)

    shown = page.locator("[data-note-text]")
    assert text == shown.text_content()
    assert shown.get_by_text(SCRIPT, exact=False).is_visible()
    assert 0 == page.locator("[data-note-text] script, [data-note-text] b").count()
    page.goto("/feedback")
    assert SCRIPT in page.locator(".note-excerpt").first.text_content()
    assert [] == dialogs


def test_linking_a_highlighted_passage_adds_the_customer_to_the_items_demand(
    page, sign_in, container, snap
):
    boss = factories.admin(container)
    product_id = factories.product(container, name="Orbit")
    customer = customers.create_customer(
        container.uow(), boss, {"name": "Globex", "segment": "Enterprise", "arr": 48000.0}
    )
    passage = "we need a CSV export of the forecast"
    note = feedback.record_note(
        container.uow(),
        boss,
        {
            "text": f"Love the roadmap. But {passage} every Monday for the board.",
            "customer_id": customer.id,
            "product_id": product_id,
            "source": "interview",
        },
    )
    item = backlog.create_item(container.uow(), boss, product_id, {"title": "Forecast export"})
    sign_in(page, then=f"/items/{item.id}")
    assert "0" == page.locator("[data-demand-customers]").text_content()

    page.goto(f"/feedback/{note.id}")
    page.evaluate(
        """(passage) => {
            const text = document.querySelector('[data-note-text]').firstChild;
            const start = text.textContent.indexOf(passage);
            const range = document.createRange();
            range.setStart(text, start);
            range.setEnd(text, start + passage.length);
            window.getSelection().removeAllRanges();
            window.getSelection().addRange(range);
        }""",
        passage,
    )
    preview = page.locator("[data-highlight-text]")
    preview.wait_for()
    assert passage == preview.text_content()
    page.get_by_label("Item in Orbit's backlog").select_option(label="Forecast export")
    page.get_by_label("How important to this customer").select_option(label="3 · Critical")
    page.get_by_role("button", name="Link as evidence").click()

    page.locator(".notice").wait_for()
    assert passage == page.locator("[data-note-text] mark").text_content()
    assert passage == page.locator("[data-links] .quote").text_content()
    snap(page, "note")
    page.get_by_role("link", name="Forecast export").click()
    assert "1" == page.locator("[data-demand-customers]").text_content()
    assert "48,000" == page.locator("[data-demand-arr]").text_content()
    assert "Critical" in page.locator(".importance-list").text_content()
    snap(page, "item")
