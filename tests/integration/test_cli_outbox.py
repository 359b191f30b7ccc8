"""`valueloop outbox` against a real workspace."""

from __future__ import annotations

from typer.testing import CliRunner

from tests import factories
from valueloop.entrypoints.cli import app
from valueloop.services import outbox


def test_outbox_send_keeps_the_reason_and_list_shows_it_per_product(container, monkeypatch):
    monkeypatch.delenv("VALUELOOP_SMTP_HOST", raising=False)
    factories.admin(container)
    acme = factories.product(container, name="Acme")
    other = factories.product(container, name="Other")
    with container.uow() as uow:
        outbox.enqueue_email(uow, acme, "idea.status_changed", ["ann@x.org"], "Shipped", "Yes")
        outbox.enqueue_email(uow, other, "idea.status_changed", ["bob@x.org"], "Planned", "Soon")
        uow.commit()
    url = ["--database-url", str(container.engine.url)]
    runner = CliRunner()

    sent = runner.invoke(app, ["outbox", "send", "--product", "Acme", *url])
    listed = runner.invoke(app, ["outbox", "list", "--product", "Acme", *url])

    assert 0 == sent.exit_code, sent.output
    assert "0 sent, 1 to retry, 0 failed for good." in sent.output
    assert 0 == listed.exit_code, listed.output
    assert "ann@x.org" in listed.output
    assert "no SMTP server configured" in listed.output
    assert "bob@x.org" not in listed.output
    assert "1 of 1 messages." in listed.output
