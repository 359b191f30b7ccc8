"""Reading the audit trail of a record."""

from __future__ import annotations

from valueloop.domain.audit import AuditEntry
from valueloop.domain.collaboration import RecordType
from valueloop.domain.roles import Principal
from valueloop.services.records import locate, require_visible
from valueloop.services.unit_of_work import UnitOfWork


def history(
    uow: UnitOfWork, actor: Principal, kind: RecordType, record_id: int
) -> list[AuditEntry]:
    """Who changed what on a record, newest first."""
    with uow:
        _, product_id = locate(uow, kind, record_id)
        require_visible(actor, product_id, kind.value, record_id)
        return uow.audit.list(
            {"record_type": kind.value, "record_id": record_id}, order_by=("-id",)
        ).items
