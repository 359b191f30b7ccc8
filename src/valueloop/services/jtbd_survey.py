"""Use cases for the outcome survey: import importance/satisfaction ratings per desired outcome,
and the opportunity landscape they make (Ulwick's opportunity scores, DOMAIN.md §4)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from valueloop.domain import jtbd
from valueloop.domain.errors import NotFound, ValidationFailed
from valueloop.domain.imports import ImportReport
from valueloop.domain.jtbd import DesiredOutcome, Job, OutcomeScore, SurveyRow
from valueloop.domain.roles import Action, Principal
from valueloop.services import survey_imports
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
        by_customer = survey_imports.customer_refs(uow)
        ids = [o.id for o in outcomes]
        existing = {
            (r.outcome_id, r.respondent): r
            for r in (uow.outcome_ratings.list({"outcome_id": ids}).items if ids else [])
        }

        def resolve(row: SurveyRow) -> survey_imports.Resolved:
            outcome_id = _outcome_id(row.outcome, by_id, by_statement)
            values: dict[str, object] = {
                "importance": row.importance,
                "satisfaction": row.satisfaction,
                "customer_id": _customer_id(row.customer, by_customer),
                "answered_on": row.answered_on,
            }
            return outcome_id, values, {"outcome_id": outcome_id}

        report = survey_imports.store(
            uow,
            actor,
            product_id,
            uow.outcome_ratings,
            existing,
            rows,
            source,
            resolve=resolve,
            twice="this respondent rated this outcome twice in the file",
            audit_field="outcome_survey",
        )
        uow.commit()
    return report


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
