"""Opportunities with the one grouped query their tree needs: evidence per node and customer."""

from __future__ import annotations

import sqlalchemy as sa

from valueloop.adapters.db import tables as t
from valueloop.adapters.db.repositories import TableRepository
from valueloop.domain.opportunities import EvidenceCount, Opportunity


class OpportunityRepository(TableRepository[Opportunity]):
    def evidence(self, product_id: int) -> list[EvidenceCount]:
        """Links per opportunity of the product and customer of the note, in one query."""
        links, notes, opps = t.opportunity_links, t.feedback_notes, t.opportunities
        query = (
            sa.select(links.c.opportunity_id, notes.c.customer_id, sa.func.count())
            .select_from(
                links.join(opps, opps.c.id == links.c.opportunity_id).join(
                    notes, notes.c.id == links.c.note_id
                )
            )
            .where(opps.c.product_id == product_id)
            .group_by(links.c.opportunity_id, notes.c.customer_id)
        )
        return [
            EvidenceCount(int(opportunity_id), customer_id, int(count))
            for opportunity_id, customer_id, count in self._connection.execute(query)
        ]
