"""The plumbing shared by survey imports (Kano answers, outcome ratings): each row resolved to
what it rates, one answer per respondent and target, stored idempotently (unchanged rows left
alone, changed answers replaced), the import logged on the product and counted."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from valueloop.domain.errors import DomainError, ValidationFailed
from valueloop.domain.imports import ImportReport, at_line
from valueloop.domain.roles import Principal
from valueloop.services import changes
from valueloop.services.unit_of_work import Records, UnitOfWork


class SurveyRow(Protocol):
    """What every survey row has: its line in the file and who answered."""

    @property
    def line(self) -> int: ...

    @property
    def respondent(self) -> str: ...


R = TypeVar("R", bound=SurveyRow)

# A row resolved: the id of what it rates, the values an answer holds (compared and updated),
# and the columns set only when the answer is first stored.
Resolved = tuple[int, dict[str, object], dict[str, object]]


def customer_refs(uow: UnitOfWork) -> dict[str, int]:
    """Customer ids by lower-cased name and external id (external ids win)."""
    customers = uow.customers.list().items
    by_customer = {c.name.lower(): c.id for c in customers}
    by_customer.update({c.external_id.lower(): c.id for c in customers if c.external_id})
    return by_customer


def store(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    records: Records[Any],
    existing: Mapping[tuple[int, str], Any],
    rows: Sequence[R],
    source: str,
    *,
    resolve: Callable[[R], Resolved],
    twice: str,
    audit_field: str,
) -> ImportReport:
    """Within an open unit of work: store every row or raise naming the file and line.

    `existing` holds the stored answers by (target id, respondent); `twice` is the error for a
    respondent answering the same target twice in the file; `audit_field` names the import in
    the product's audit trail.
    """
    created = updated = unchanged = 0
    seen: set[tuple[int, str]] = set()
    for row in rows:
        try:
            target_id, values, on_insert = resolve(row)
        except DomainError as error:
            raise at_line(source, row.line, error) from None
        key = (target_id, row.respondent)
        if key in seen:
            raise at_line(source, row.line, ValidationFailed(twice, field="respondent"))
        seen.add(key)
        current = existing.get(key)
        if current is None:
            records.add(
                {
                    **values,
                    **on_insert,
                    "respondent": row.respondent,
                    "source_file": source[:300],
                    "created_at": changes.now(),
                }
            )
            created += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            records.update(current.id, None, values)
            updated += 1
        else:
            unchanged += 1
    changes.logged(
        uow,
        actor,
        "product",
        product_id,
        "import",
        {audit_field: [None, {"file": source[:300], "rows": len(rows)}]},
    )
    return ImportReport(source, len(rows), created, updated, unchanged)
