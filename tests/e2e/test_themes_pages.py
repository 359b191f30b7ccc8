"""The themes and suggestions pages over HTTP: running synthesis, renaming, merging, escaping."""

from __future__ import annotations

import re

from tests import factories
from tests.e2e.page_client import signed_in
from tests.integration.test_synthesis import TOPICS
from valueloop.services import feedback, jobs, themes


def _product(container):
    admin = factories.admin(container)
    product = factories.product(container, name="Helpdesk")
    for texts in TOPICS.values():
        for text in texts:
            feedback.record_note(container.uow(), admin, {"text": text, "product_id": product})
    for text in (
        "<script>alert(1)</script> app crashes on start",
        "<script>alert(1)</script> app crashes on start!",
    ):
        feedback.record_note(container.uow(), admin, {"text": text, "product_id": product})
    return admin, product


def test_running_synthesis_from_the_page_shows_themes_and_a_renamed_label(container):
    admin, product = _product(container)
    client, token = signed_in(container)

    started = client.post(
        f"/products/{product}/themes/run", data={"csrf_token": token, "mode": "full"}
    )
    job = jobs.list_jobs(container.uow(), admin, product_id=product).items[0]
    page = client.get(started.headers["location"])
    theme = themes.overview(container.uow(), admin, product).themes[0].theme
    renamed = client.post(
        f"/themes/{theme.id}",
        data={"csrf_token": token, "version": str(theme.version), "label": "<b>Exports</b>"},
    )
    detail = client.get(f"/themes/{theme.id}")

    assert (303, f"/products/{product}/themes?job={job.id}") == (
        started.status_code,
        started.headers["location"],
    )
    assert "succeeded" == job.status
    assert 200 == page.status_code
    assert "<polyline points=" in page.text
    assert f'href="/themes/{theme.id}"' in page.text
    assert 303 == renamed.status_code
    assert "&lt;b&gt;Exports&lt;/b&gt;" in detail.text
    assert "<b>Exports</b>" not in detail.text


def test_duplicates_are_reviewed_side_by_side_and_merged_from_the_page(container):
    _, product = _product(container)
    client, token = signed_in(container)
    client.post(f"/products/{product}/themes/run", data={"csrf_token": token, "mode": "full"})

    review = client.get(f"/products/{product}/suggestions?kind=duplicate")
    ids = re.findall(r'action="/suggestions/(\d+)/accept"', review.text)
    merged = client.post(
        f"/suggestions/{ids[0]}/accept",
        data={"csrf_token": token, "next": f"/products/{product}/suggestions?kind=duplicate"},
    )
    after = client.get(f"/products/{product}/suggestions?kind=duplicate")

    assert 200 == review.status_code
    assert "side-by-side" in review.text
    assert "<script>alert(1)</script>" not in review.text
    assert 303 == merged.status_code
    assert len(re.findall(r'action="/suggestions/(\d+)/accept"', after.text)) == len(ids) - 1


def test_a_run_without_the_csrf_token_is_refused(container):
    _, product = _product(container)
    client, _ = signed_in(container)

    answer = client.post(f"/products/{product}/themes/run", data={"mode": "full"})

    assert 403 == answer.status_code
