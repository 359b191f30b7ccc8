"""The note page's two link forms over HTTP (no browser): a refused link shows its own form again
with the passage typed, and only that form's "Or type the passage" open."""

from __future__ import annotations

import re

from tests import factories
from tests.e2e.page_client import signed_in
from valueloop.services import backlog, feedback, opportunities


def test_a_refused_opportunity_link_reopens_only_its_own_typed_passage(container):
    client, token = signed_in(container)
    boss = factories.admin(container)
    product = factories.product(container, name="Relay")
    note = feedback.record_note(
        container.uow(), boss, {"text": "Breaches surprise us at night.", "product_id": product}
    )
    backlog.create_item(container.uow(), boss, product, {"title": "Breach alarm"})
    target = opportunities.create_opportunity(
        container.uow(), boss, product, {"title": "Leads miss breaches"}
    )

    refused = client.post(
        f"/feedback/{note.id}/opportunity-links",
        data={
            "csrf_token": token,
            "opportunity_id": str(target.id),
            "importance": "2",
            "highlight_typed": "words that are not in the note",
        },
    )

    assert 422 == refused.status_code
    html = refused.text
    opened = re.findall(r'<details class="fallback"( open)?>', html)
    assert ["", " open"] == opened  # the item form's box stays closed
    assert "words that are not in the note" in html
