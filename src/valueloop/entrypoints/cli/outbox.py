"""`valueloop outbox`: send the queued emails and webhooks, and list them."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from valueloop.adapters.outbox_senders import NetworkSender
from valueloop.bootstrap import Container
from valueloop.domain.outbox import MessageStatus
from valueloop.domain.roles import Principal
from valueloop.entrypoints.cli.console import out
from valueloop.entrypoints.cli.options import DatabaseUrl, DataDir, User, opened, settings
from valueloop.services import accounts, outbox, products

app = typer.Typer(
    help="Notifications waiting to be sent (emails and webhooks).", no_args_is_help=True
)

ProductOption = Annotated[
    str | None, typer.Option("--product", help="Only this product (id or name).")
]


def _scope(
    container: Container, user: str | None, product: str | None
) -> tuple[Principal, int | None]:
    """Who acts (the named user, else the local operator) and the chosen product's id."""
    who = (
        accounts.principal_named(container.uow(), user)
        if user
        else accounts.operator(container.uow())
    )
    return who, products.find_product(container.uow(), who, product).id if product else None


@app.command("send")
def send(
    product: ProductOption = None,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Try messages that gave up once more.")
    ] = False,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Deliver pending messages: email via VALUELOOP_SMTP_*, webhooks signed with HMAC."""
    with opened(settings(data_dir, database_url)) as container:
        who, product_id = _scope(container, user, product)
        report = outbox.send_pending(
            container.uow,
            who,
            NetworkSender(),
            container.settings.resolved_secret_key(),
            product_id=product_id,
            retry_failed=retry_failed,
        )
    out.print(f"{report.sent} sent, {report.retrying} to retry, {report.failed} failed for good.")


@app.command("list")
def list_messages(
    product: ProductOption = None,
    status: Annotated[
        MessageStatus | None, typer.Option("--status", help="pending, sent or failed.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10_000)] = 50,
    user: User = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """The newest messages with their status, attempts and last error."""
    with opened(settings(data_dir, database_url)) as container:
        who, product_id = _scope(container, user, product)
        page = outbox.list_messages(
            container.uow(), who, product_id=product_id, status=status, limit=limit
        )
    table = Table("id", "channel", "recipient", "subject", "status", "attempts", "last error")
    for m in page.items:
        table.add_row(
            str(m.id),
            m.channel.value,
            m.recipient,
            m.subject,
            m.status.value,
            str(m.attempts),
            m.last_error,
        )
    out.print(table)
    out.print(f"{len(page.items)} of {page.total} messages.")
