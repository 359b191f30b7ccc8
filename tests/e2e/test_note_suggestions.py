"""The note page offers synthesis's suggestions with their actions: link, merge, reject."""

from __future__ import annotations

import datetime as dt

from tests import factories
from tests.e2e.page_client import signed_in
from valueloop.services import backlog, feedback


def _suggest(container, note_id: int, kind: str, target_id: int) -> int:
    with container.uow() as uow:
        made = uow.suggestions.add(
            {
                "note_id": note_id,
                "kind": kind,
                "target_id": target_id,
                "score": 0.91,
                "status": "pending",
                "created_at": dt.datetime.now(dt.UTC),
            }
        )
        uow.commit()
        return int(made.id)


def test_accepting_a_suggested_item_on_the_note_page_links_the_note(container):
    admin = factories.admin(container)
    product = factories.product(container, name="Helpdesk")
    item = backlog.create_item(container.uow(), admin, product, {"title": "<i>Bulk export</i>"})
    note = feedback.record_note(
        container.uow(), admin, {"text": "Exporting tickets one by one", "product_id": product}
    )
    suggestion = _suggest(container, note.id, "item", item.id)
    client, token = signed_in(container)

    page = client.get(f"/feedback/{note.id}").text
    accepted = client.post(
        f"/suggestions/{suggestion}/accept",
        data={"csrf_token": token, "importance": "3", "next": f"/feedback/{note.id}"},
    )

    assert f'action="/suggestions/{suggestion}/accept"' in page
    assert f'action="/suggestions/{suggestion}/reject"' in page
    assert "&lt;i&gt;Bulk export&lt;/i&gt;" in page
    assert "<i>Bulk export</i>" not in page
    assert (303, f"/feedback/{note.id}") == (accepted.status_code, accepted.headers["location"])
    links = feedback.note_links(container.uow(), admin, note.id)
    assert [(item.id, 3)] == [(link.item_id, int(link.importance)) for link in links]
    after = client.get(f"/feedback/{note.id}").text
    assert f'action="/suggestions/{suggestion}/accept"' not in after


def test_a_rejected_suggestion_leaves_the_note_page(container):
    admin = factories.admin(container)
    product = factories.product(container, name="Helpdesk")
    first, second = (
        feedback.record_note(container.uow(), admin, {"text": text, "product_id": product})
        for text in ("Search is slow", "Search is slow!")
    )
    suggestion = _suggest(container, second.id, "duplicate", first.id)
    client, token = signed_in(container)

    client.post(
        f"/suggestions/{suggestion}/reject",
        data={"csrf_token": token, "next": f"/feedback/{second.id}"},
    )

    assert f"/suggestions/{suggestion}/" not in client.get(f"/feedback/{second.id}").text
