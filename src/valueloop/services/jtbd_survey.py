"""Use cases for the outcome survey: import importance/satisfaction ratings per desired outcome,
and the opportunity landscape they make (Ulwick's opportunity scores, DOMAIN.md §4)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from valueloop.domain import jtbd
from valueloop.domain.errors import DomainError, NotFound, ValidationFailed
from valueloop.domain.imports import ImportReport, at_line
from valueloop.domain.jtbd import DesiredOutcome, Job, OutcomeScore, SurveyRow
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
from valueloop.services.jtbd import scores_of
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class LandscapePoint:
    """A rated desired outcome on the landscape: importance (y) against satisfaction (x)."""

    outcome: DesiredOutcome
    job: Job
    score: OutcomeScore


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def import_survey(
    uow: UnitOfWork, actor: Principal, product_id: int, rows: Sequence[SurveyRow], source: str
) -> ImportReport:
    """Store the ratings for the product's desired outcomes; all rows or none.

    Outcomes are named by id or by exact statement (case and spacing aside); a respondent rates
    an outcome once, so importing the same file again changes nothing and a changed answer
    replaces the earlier one.
    """
    created = updated = unchanged = 0
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.RECORD_FEEDBACK, product_id)
        jobs = uow.jtbd_jobs.list({"product_id": product_id}).items
        outcomes = uow.desired_outcomes.list({"job_id": [j.id for j in jobs]}).items if jobs else []
        by_id = {str(o.id): o.id for o in outcomes}
        by_statement: dict[str, list[int]] = {}
        for o in outcomes:
            by_statement.setdefault(_normal(o.statement), []).append(o.id)
        customers = uow.customers.list().items
        by_customer = {c.name.lower(): c.id for c in customers}
        by_customer.update({c.external_id.lower(): c.id for c in customers if c.external_id})
        ids = [o.id for o in outcomes]
        existing = {
            (r.outcome_id, r.respondent): r
            for r in (uow.outcome_ratings.list({"outcome_id": ids}).items if ids else [])
        }
        seen: set[tuple[int, str]] = set()
        for row in rows:
            try:
                outcome_id = _outcome_id(row.outcome, by_id, by_statement)
                customer_id = _customer_id(row.customer, by_customer)
            except DomainError as error:
                raise at_line(source, row.line, error) from None
            key = (outcome_id, row.respondent)
            if key in seen:
                raise at_line(
                    source,
                    row.line,
                    ValidationFailed(
                        "this respondent rated this outcome twice in the file", field="respondent"
                    ),
                )
            seen.add(key)
            values: dict[str, object] = {
                "importance": row.importance,
                "satisfaction": row.satisfaction,
                "customer_id": customer_id,
                "answered_on": row.answered_on,
            }
            current = existing.get(key)
            if current is None:
                uow.outcome_ratings.add(
                    {
                        **values,
                        "outcome_id": outcome_id,
                        "respondent": row.respondent,
                        "source_file": source[:300],
                        "created_at": changes.now(),
                    }
                )
                created += 1
            elif any(getattr(current, k) != v for k, v in values.items()):
                uow.outcome_ratings.update(current.id, None, values)
                updated += 1
            else:
                unchanged += 1
        changes.logged(
            uow,
            actor,
            "product",
            product_id,
            "import",
            {"outcome_survey": [None, {"file": source[:300], "rows": len(rows)}]},
        )
        uow.commit()
    return ImportReport(source, len(rows), created, updated, unchanged)


def _outcome_id(ref: str, by_id: dict[str, int], by_statement: dict[str, list[int]]) -> int:
    if ref.strip() in by_id:
        return by_id[ref.strip()]
    found = by_statement.get(_normal(ref), [])
    if len(found) > 1:
        raise ValidationFailed(
            f"{len(found)} outcomes have the statement {ref[:80]!r}; name one by id",
            field="outcome",
        )
    if not found:
        raise NotFound(
            f"no desired outcome of this product with id or statement {ref[:80]!r}",
            field="outcome",
        )
    return found[0]


def _customer_id(ref: str, by_customer: dict[str, int]) -> int | None:
    if not ref:
        return None
    customer_id = by_customer.get(ref.lower())
    if customer_id is None:
        raise NotFound(f"no customer with external id or name {ref!r}", field="customer")
    return customer_id


def landscape(uow: UnitOfWork, actor: Principal, product_id: int) -> list[LandscapePoint]:
    """Every rated outcome of the product, most under-served first."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        jobs = {j.id: j for j in uow.jtbd_jobs.list({"product_id": product_id}).items}
        outcomes = uow.desired_outcomes.list({"job_id": list(jobs)}).items if jobs else []
        scores = scores_of(uow, [o.id for o in outcomes])
    points = [LandscapePoint(o, jobs[o.job_id], scores[o.id]) for o in outcomes if o.id in scores]
    points.sort(key=lambda p: (-p.score.opportunity, p.outcome.id))
    return points


def served_counts(points: Sequence[LandscapePoint]) -> dict[jtbd.Served, int]:
    """How many outcomes are under-, appropriately and over-served."""
    counts = dict.fromkeys(jtbd.Served, 0)
    for point in points:
        counts[point.score.served] += 1
    return counts
