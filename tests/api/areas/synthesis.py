"""Role-matrix cases of synthesis: themes, suggestions with accept/reject, merges, jobs, demand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.api.cases import A, Case, P, patch_body
from tests.api.world import World
from valueloop.services import feedback


def setup(world: World) -> dict[str, Any]:
    """A theme holding the world's note, two pending suggestions, a duplicate and a job."""
    notes = [
        feedback.record_note(
            world.container.uow(), world.boss, {"text": text, "product_id": world.product}
        ).id
        for text in ("Dark mode please", "Dark mode, please", "Night theme wanted")
    ]
    now = dt.datetime.now(dt.UTC)
    with world.container.uow() as uow:
        theme = uow.themes.add(
            {
                "product_id": world.product,
                "label": "dark mode",
                "terms": [["dark mode", 0.5]],
                "representatives": [world.note],
                "size": 2,
                "embedder": "test",
            }
        ).id
        for note in (world.note, notes[2]):
            member = {"theme_id": theme, "note_id": note, "similarity": 0.9, "added_at": now}
            uow.theme_members.add(member)
        pending = {"kind": "item", "target_id": world.item, "score": 0.7, "created_at": now}
        accept = uow.suggestions.add({"note_id": notes[0], **pending}).id
        reject = uow.suggestions.add({"note_id": notes[2], **pending}).id
        job = uow.jobs.add(
            {"kind": "synthesis", "product_id": world.product, "status": "succeeded"}
            | {"created_by": world.boss.user_id, "created_at": now}
        ).id
        uow.commit()
    return {
        "theme": theme,
        "theme_id": theme,
        "suggestion_id": accept,
        "rejected_id": reject,
        "duplicate_note_id": notes[1],
        "kept_note_id": notes[0],
        "member_note_id": notes[2],
        "job_id": job,
    }


CASES: list[Case] = [
    Case("GET", "/products/{product_id}/themes", P, (A.VIEW,)),
    Case("GET", "/themes/{theme_id}", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/suggestions", P, (A.VIEW,)),
    Case("GET", "/feedback/{note_id}/suggestions", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/demand", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/jobs", P, (A.VIEW,)),
    Case("GET", "/jobs/{job_id}", P, (A.VIEW,)),
    Case(
        "PATCH",
        "/themes/{theme_id}",
        P,
        (A.RECORD_FEEDBACK,),
        body=patch_body("themes", "theme", label="Dark mode"),
    ),
    Case(
        "POST",
        "/themes/{theme_id}/members",
        P,
        (A.RECORD_FEEDBACK,),
        body=lambda w: {"note_id": w.extra["kept_note_id"]},
    ),
    Case(
        "DELETE",
        "/themes/{theme_id}/members/{note_id}",
        P,
        (A.RECORD_FEEDBACK,),
        ids=lambda w: {"note_id": w.extra["member_note_id"]},
    ),
    Case("POST", "/suggestions/{suggestion_id}/accept", P, (A.LINK_EVIDENCE,), body=lambda w: {}),
    Case(
        "POST",
        "/suggestions/{suggestion_id}/reject",
        P,
        (A.LINK_EVIDENCE,),
        ids=lambda w: {"suggestion_id": w.extra["rejected_id"]},
    ),
    Case(
        "POST",
        "/feedback/{note_id}/merge",
        P,
        (A.LINK_EVIDENCE,),
        body=lambda w: {"into_id": w.extra["kept_note_id"]},
        ids=lambda w: {"note_id": w.extra["duplicate_note_id"]},
    ),
    # Last: a run replaces the themes and pending suggestions the cases above use.
    Case(
        "POST",
        "/products/{product_id}/synthesis",
        P,
        (A.RECORD_FEEDBACK,),
        body=lambda w: {"mode": "full"},
    ),
]
