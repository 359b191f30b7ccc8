"""Demand roll-ups per item, opportunity and theme: the inputs prioritization uses.

Each roll-up counts a customer once (their latest piece of evidence sets the importance),
adds up the ARR of those customers, counts them per segment and says how recent the newest
evidence is. Items and opportunities roll up their links; a theme rolls up its member notes,
each with the highest importance it was linked with anywhere ("nice to have" if never linked).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.evidence import EvidenceRollup, rollup
from valueloop.domain.feedback import LinkedEvidence, demand
from valueloop.domain.roles import Principal
from valueloop.domain.themes import ThemeStatus
from valueloop.services import changes
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork


class Subject(StrEnum):
    ITEM = "item"
    OPPORTUNITY = "opportunity"
    THEME = "theme"


@dataclass(frozen=True, slots=True)
class DemandRow:
    """One item, opportunity or theme with its demand roll-up."""

    kind: Subject
    id: int
    title: str
    demand: EvidenceRollup


def product_demand(
    uow: UnitOfWork, actor: Principal, product_id: int, kind: str
) -> list[DemandRow]:
    """The demand behind every item, opportunity or (active) theme of a product, most first."""
    subject = _subject(kind)
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        titles = _titles(uow, product_id, subject)
        evidence = _evidence(uow, subject, list(titles))
    today = changes.now().date()
    rows = [
        DemandRow(subject, key, titles[key], rollup(demand(evidence.get(key, [])), today))
        for key in titles
    ]
    return sorted(rows, key=lambda r: (-r.demand.customers, -r.demand.arr, r.id))


def demand_of(uow: UnitOfWork, actor: Principal, kind: str, record_id: int) -> DemandRow:
    """The demand behind one item, opportunity or theme."""
    subject = _subject(kind)
    product_id: int | None
    with uow:
        if subject is Subject.ITEM:
            item = uow.items.require(record_id)
            product_id, title = item.product_id, item.title
        elif subject is Subject.OPPORTUNITY:
            opportunity = uow.opportunities.require(record_id)
            product_id, title = opportunity.product_id, opportunity.title
        else:
            theme = uow.themes.require(record_id)
            product_id, title = theme.product_id, theme.label
        require_visible(actor, product_id, subject.value, record_id)
        evidence = _evidence(uow, subject, [record_id])
    today = changes.now().date()
    return DemandRow(subject, record_id, title, rollup(demand(evidence[record_id]), today))


def _subject(kind: str) -> Subject:
    try:
        return Subject(kind)
    except ValueError:
        raise ValidationFailed("kind must be item, opportunity or theme", field="kind") from None


def _titles(uow: UnitOfWork, product_id: int, subject: Subject) -> dict[int, str]:
    if subject is Subject.ITEM:
        return {i.id: i.title for i in uow.items.list({"product_id": product_id}).items}
    if subject is Subject.OPPORTUNITY:
        found = uow.opportunities.list({"product_id": product_id}).items
        return {o.id: o.title for o in found}
    active = {"product_id": product_id, "status": ThemeStatus.ACTIVE.value}
    return {t.id: t.label for t in uow.themes.list(active).items}


def _evidence(uow: UnitOfWork, subject: Subject, ids: list[int]) -> dict[int, list[LinkedEvidence]]:
    if not ids:
        return {}
    if subject is Subject.ITEM:
        return uow.links.evidence_for_items(ids)
    if subject is Subject.OPPORTUNITY:
        return uow.opportunity_evidence.evidence_for_opportunities(ids)
    return uow.theme_members.evidence(ids)
