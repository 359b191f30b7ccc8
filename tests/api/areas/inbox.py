"""Role-matrix cases of the inbox: status counts, bulk triage and links to opportunities."""

from __future__ import annotations

from typing import Any

from tests.api.cases import A, Case, P, Rule
from tests.api.world import World
from valueloop.services import opportunity_links


def setup(world: World) -> dict[str, Any]:
    """An opportunity of the product to link the note to, and a link for the removal case."""
    with world.container.uow() as uow:
        opportunity = uow.opportunities.add(
            {
                "product_id": world.product,
                "title": "Sign-in is painful",
                "status": "open",
                "rank": "a0",
            }
        ).id
        uow.commit()
    doomed = opportunity_links.link_note(
        world.container.uow(), world.boss, world.note, opportunity, 2, "SSO"
    ).id
    return {"opportunity_id": opportunity, "opportunity_link_id": doomed}


CASES: list[Case] = [
    Case("GET", "/feedback/status-counts", Rule.MEMBER),
    Case("GET", "/feedback/{note_id}/opportunity-links", P, (A.VIEW,)),
    Case(
        "POST",
        "/feedback/bulk",
        P,
        (A.RECORD_FEEDBACK,),
        body=lambda w: {"note_ids": [w.note], "action": "status", "status": "processed"},
        label="triage",
    ),
    Case(
        "POST",
        "/feedback/bulk",
        P,
        (A.LINK_EVIDENCE,),
        body=lambda w: {"note_ids": [w.note], "action": "link_item", "target_id": w.item},
        label="link",
    ),
    Case(
        "POST",
        "/feedback/{note_id}/opportunity-links",
        P,
        (A.LINK_EVIDENCE,),
        body=lambda w: {"opportunity_id": w.extra["opportunity_id"], "importance": 3},
    ),
    Case(
        "DELETE",
        "/opportunity-links/{link_id}",
        P,
        (A.LINK_EVIDENCE,),
        ids=lambda w: {"link_id": w.extra["opportunity_link_id"]},
    ),
]
