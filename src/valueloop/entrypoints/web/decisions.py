"""Pages for the decision log: the list, recording a decision with its evidence, one decision."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, Response

from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import DomainError, ValidationFailed
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.formatting import pretty_json
from valueloop.entrypoints.web.forms import Form
from valueloop.entrypoints.web.rendering import page_number, pager, redirect, render, status_for
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer
from valueloop.services import decisions, overview, products

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 25


@router.get("/products/{product_id}/decisions")
def decision_log(
    request: Request, product_id: int, who: Signed, q: str = "", page: str = "1"
) -> Response:
    return _log_page(request, who, product_id, q, page_number(page))


def _log_page(
    request: Request,
    who: Viewer,
    product_id: int,
    q: str,
    number: int,
    *,
    error: DomainError | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    uow = container_of(request).uow
    product = products.get_product(uow(), who.principal, product_id)
    listed = decisions.list_decisions(
        uow(),
        who.principal,
        product_id,
        search=q,
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
    )
    snapshot = overview.evidence_snapshot(uow(), who.principal, product_id)
    return render(
        request,
        "decisions/list.html",
        {
            "product": product,
            "page": listed,
            "pager": pager(request, listed),
            "q": q,
            "names": overview.user_names(
                uow(), who.principal, [d.decided_by for d in listed.items]
            ),
            "snapshot": pretty_json(snapshot),
            "error": error,
            "failed": "decide" if error else None,
            "form": form or {},
        },
        viewer=who,
        product=product,
        status_code=status_for(error) if error else 200,
    )


def snapshot_goals(evidence: dict[str, Any]) -> list[tuple[str, str, float | None]]:
    """(title, level, progress) of each goal in an evidence snapshot taken by the decision form."""
    listed = evidence.get("goals")
    rows: list[tuple[str, str, float | None]] = []
    for goal in listed if isinstance(listed, list) else []:
        if not isinstance(goal, dict) or not isinstance(goal.get("title"), str):
            continue
        progress = goal.get("progress")
        share = (
            float(progress)
            if isinstance(progress, int | float) and not isinstance(progress, bool)
            else None
        )
        rows.append((goal["title"], str(goal.get("level", "")), share))
    return rows


def _decision_fields(form: Form) -> dict[str, object]:
    raw = form.text("evidence").strip()
    try:
        evidence = json.loads(raw) if raw else {}
    except json.JSONDecodeError as error:
        raise ValidationFailed(
            f"evidence is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
            field="evidence",
        ) from None
    return {
        "title": form.text("title"),
        "decision": form.text("decision"),
        "options": [line.strip() for line in form.text("options").splitlines() if line.strip()],
        "rationale": form.text("rationale"),
        "evidence": evidence,
    }


@router.post("/products/{product_id}/decisions")
def record_decision(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    try:
        decision = decisions.record_decision(
            container_of(request).uow(), who.principal, product_id, _decision_fields(form)
        )
    except ValidationFailed as error:
        return _log_page(request, who, product_id, "", 1, error=error, form=form.values())
    return redirect(request, f"/decisions/{decision.id}", notice="Decision recorded.")


@router.get("/decisions/{decision_id}")
def decision_page(request: Request, decision_id: int, who: Signed) -> Response:
    uow = container_of(request).uow
    decision = decisions.get_decision(uow(), who.principal, decision_id)
    product = products.get_product(uow(), who.principal, decision.product_id)
    return render(
        request,
        "decisions/decision.html",
        {
            "decision": decision,
            "product": product,
            "names": overview.user_names(uow(), who.principal, [decision.decided_by]),
            "evidence": pretty_json(decision.evidence),
            "goal_rows": snapshot_goals(decision.evidence),
            "talk": overview.discussion(uow(), who.principal, RecordType.DECISION, decision_id),
            "record": (RecordType.DECISION, decision_id),
        },
        viewer=who,
        product=product,
    )
