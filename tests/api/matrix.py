"""Every API route with a valid request and the decision right it needs (DOMAIN.md §1).

A new route must be added here or to an area module in tests/api/areas/ (listed in
tests/api/areas/__init__.py): tests/api/test_roles.py fails for a route no table has.
"""

from __future__ import annotations

from tests.api.areas import area_cases
from tests.api.cases import PREFIX, A, Case, P, Rule, W, patch_body
from tests.api.world import World
from tests.factories import PASSWORD

__all__ = ["CASES", "PREFIX", "Case"]

_patch = patch_body

# Reads first, then creations, changes and finally removals, so one world serves every case.
_CORE: list[Case] = [
    # accounts
    Case("GET", "/me", Rule.ANYONE),
    Case("GET", "/users", Rule.MEMBER),
    Case("GET", "/tokens", Rule.ANYONE),
    Case("GET", "/products/{product_id}/members", P, (A.VIEW,)),
    Case("GET", "/products", Rule.ANYONE),
    Case("GET", "/products/{product_id}", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/goals", P, (A.VIEW,)),
    Case("GET", "/goals/{goal_id}", P, (A.VIEW,)),
    Case("GET", "/measures/{measure_id}/observations", P, (A.VIEW,)),
    Case("GET", "/customers", Rule.MEMBER),
    Case("GET", "/customers/{customer_id}", Rule.MEMBER),
    Case("GET", "/feedback", Rule.MEMBER),
    Case("GET", "/feedback/{note_id}", P, (A.VIEW,)),
    Case("GET", "/feedback/{note_id}/links", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/items", P, (A.VIEW,)),
    Case("GET", "/items/{item_id}", P, (A.VIEW,)),
    Case("GET", "/items/{item_id}/evidence", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/decisions", P, (A.VIEW,)),
    Case("GET", "/decisions/{decision_id}", P, (A.VIEW,)),
    Case("GET", "/records/{record_type}/{record_id}/comments", P, (A.VIEW,)),
    Case("GET", "/records/{record_type}/{record_id}/watch", P, (A.VIEW,)),
    Case("GET", "/records/{record_type}/{record_id}/history", P, (A.VIEW,)),
    Case("GET", "/notifications", Rule.ANYONE),
    Case("GET", "/products/{product_id}/initiatives", P, (A.VIEW,)),
    Case("GET", "/initiatives/{initiative_id}", P, (A.VIEW,)),
    Case("GET", "/goals/{goal_id}/loops", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/gate", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/surveys/{survey}", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/finance", P, (A.VIEW,)),
    Case("GET", "/kvms", Rule.MEMBER),
    # creations
    Case(
        "POST",
        "/users",
        Rule.ADMIN,
        body=lambda w: {"username": w.unique("newbie"), "password": PASSWORD},
    ),
    Case("POST", "/tokens", Rule.ANYONE, body=lambda w: {"name": "script"}),
    Case("POST", "/products", W, (A.CREATE_PRODUCT,), body=lambda w: {"name": "Beta"}),
    Case(
        "POST",
        "/products/{product_id}/goals",
        P,
        (A.MANAGE_GOALS,),
        body=lambda w: {"title": "Cut churn", "level": "intermediate", "parent_id": w.goal},
    ),
    Case(
        "POST",
        "/goals/{goal_id}/measures",
        P,
        (A.MANAGE_GOALS,),
        body=lambda w: {"name": "Churn", "baseline": 5, "target": 2, "direction": "lower"},
    ),
    Case(
        "POST",
        "/measures/{measure_id}/observations",
        P,
        (A.RECORD_OBSERVATION,),
        body=lambda w: {"observed_on": "2024-02-01", "value": 25},
    ),
    Case(
        "POST",
        "/customers",
        W,
        (A.MANAGE_CUSTOMERS,),
        body=lambda w: {"name": "Initech", "segment": "smb", "arr": 300},
    ),
    Case(
        "POST",
        "/feedback",
        Rule.BODY_PRODUCT,
        (A.RECORD_FEEDBACK,),
        body=lambda w: {"text": "Exports are slow", "product_id": w.product},
        label="for the product",
    ),
    Case(
        "POST",
        "/feedback",
        W,
        (A.RECORD_FEEDBACK,),
        body=lambda w: {"text": "Love the app", "customer_id": w.customer},
        label="workspace-wide",
    ),
    Case(
        "POST",
        "/feedback/{note_id}/links",
        P,
        (A.LINK_EVIDENCE,),
        body=lambda w: {"item_id": w.item2, "importance": 3, "highlight": "SSO"},
    ),
    Case(
        "POST",
        "/products/{product_id}/items",
        P,
        (A.EDIT_ITEM,),
        body=lambda w: {"title": "Bulk edit", "type": "improvement"},
    ),
    Case(
        "POST",
        "/products/{product_id}/items",
        P,
        (A.EDIT_ITEM, A.ESTIMATE),
        body=lambda w: {"title": "Webhooks", "estimate": 3},
        label="with an estimate",
    ),
    Case(
        "POST",
        "/products/{product_id}/decisions",
        P,
        (A.RECORD_DECISION,),
        body=lambda w: {
            "title": "Defer dark mode",
            "decision": "Not this quarter",
            "options": ["now", "later"],
            "evidence": {"votes": 3},
            "record_type": "item",
            "record_id": w.doomed_item,
        },
    ),
    Case(
        "POST",
        "/records/{record_type}/{record_id}/comments",
        P,
        (A.COMMENT,),
        body=lambda w: {"body": f"What do you think, @{w.member}?"},
    ),
    Case("PUT", "/records/{record_type}/{record_id}/watch", P, (A.VIEW,)),
    Case("POST", "/notifications/read", Rule.ANYONE, body=lambda w: {}),
    Case(
        "POST",
        "/products/{product_id}/initiatives",
        P,
        (A.MANAGE_GOALS,),
        body=lambda w: {"title": "EU launch", "goal_id": w.goal, "budget": 50_000},
    ),
    Case(
        "POST",
        "/goals/{goal_id}/loops",
        P,
        (A.MANAGE_GOALS,),
        body=lambda w: {"hypothesis": "Audit export cuts churn", "measurement": "Churn in Q3"},
    ),
    Case(
        "POST",
        "/products/{product_id}/exit-criteria",
        P,
        (A.EDIT_PRODUCT,),
        body=lambda w: {
            "stage": "research",
            "measure_id": w.measure,
            "comparator": ">=",
            "threshold": 15,
        },
    ),
    Case(
        "POST",
        "/products/{product_id}/observations/import",
        P,
        (A.RECORD_OBSERVATION,),
        upload="measure,date,value\nNPS,2024-03-01,30\n",
    ),
    Case(
        "POST",
        "/products/{product_id}/surveys/{survey}",
        P,
        (A.RECORD_OBSERVATION, A.RECORD_FEEDBACK),
        upload="respondent,date,score\nr1,2024-03-01,9\nr2,2024-03-02,6\n",
    ),
    Case(
        "POST",
        "/products/{product_id}/finance",
        P,
        (A.MANAGE_GOALS,),
        upload="period,product,cost,revenue,headcount\n2024-01-01,Acme,1000,5000,3\n",
    ),
    Case("POST", "/products/{product_id}/measures/refresh", P, (A.RECORD_OBSERVATION,)),
    Case("POST", "/kvms/sync", W, (A.MANAGE_GOALS,)),
    # changes
    Case(
        "PATCH",
        "/products/{product_id}",
        P,
        (A.EDIT_PRODUCT,),
        body=_patch("products", "product", vision="Less toil", target_market="EU SaaS"),
    ),
    Case(
        "PUT",
        "/products/{product_id}/members/{username}",
        P,
        (A.MANAGE_MEMBERS,),
        body=lambda w: {"role": "contributor"},
    ),
    Case(
        "PATCH",
        "/goals/{goal_id}",
        P,
        (A.MANAGE_GOALS,),
        body=_patch("goals", "goal", kva="time_to_market"),
    ),
    Case(
        "PATCH",
        "/measures/{measure_id}",
        P,
        (A.MANAGE_GOALS,),
        body=_patch("measures", "measure", target=60),
    ),
    Case(
        "PATCH",
        "/customers/{customer_id}",
        W,
        (A.MANAGE_CUSTOMERS,),
        body=_patch("customers", "customer", plan="gold"),
    ),
    Case(
        "PATCH",
        "/feedback/{note_id}",
        P,
        (A.RECORD_FEEDBACK,),
        body=_patch("notes", "note", author="Hank"),
    ),
    Case(
        "PATCH",
        "/items/{item_id}",
        P,
        (A.EDIT_ITEM,),
        body=_patch("items", "item", title="SSO with SAML", status="ready"),
    ),
    Case(
        "PATCH",
        "/items/{item_id}",
        P,
        (A.EDIT_ITEM, A.ESTIMATE),
        body=_patch("items", "item", estimate=5),
        label="estimate",
    ),
    Case(
        "POST", "/items/{item_id}/move", P, (A.RANK_BACKLOG,), body=lambda w: {"after_id": w.item2}
    ),
    Case(
        "PATCH",
        "/initiatives/{initiative_id}",
        P,
        (A.MANAGE_GOALS,),
        body=_patch("initiatives", "initiative", status="active"),
    ),
    Case(
        "POST",
        "/initiatives/{initiative_id}/items",
        P,
        (A.MANAGE_GOALS,),
        body=lambda w: {"add": [w.item, w.item2]},
    ),
    Case(
        "POST",
        "/initiatives/{initiative_id}/stage",
        P,
        (A.MANAGE_GOALS, A.RECORD_DECISION),
        body=lambda w: {"stage": "research", "rationale": "Interviews done"},
    ),
    Case(
        "POST",
        "/products/{product_id}/stage",
        P,
        (A.EDIT_PRODUCT, A.RECORD_DECISION),
        body=lambda w: {"stage": "research", "rationale": "Problem validated", "override": True},
    ),
    Case(
        "POST",
        "/goals/{goal_id}/close",
        P,
        (A.MANAGE_GOALS, A.RECORD_DECISION),
        body=lambda w: {"status": "achieved", "rationale": "Support load halved"},
        ids=lambda w: {"goal_id": w.spare_goal},
    ),
    Case(
        "POST",
        "/loops/{loop_id}/steps",
        P,
        (A.MANAGE_GOALS,),
        body=lambda w: {"step": "shipped"},
    ),
    Case("PATCH", "/kvms/{kvm_id}", W, (A.MANAGE_GOALS,), body=_patch("kvms", "kvm", unit="pts")),
    # removals
    Case("DELETE", "/records/{record_type}/{record_id}/watch", P, (A.VIEW,)),
    Case(
        "DELETE",
        "/feedback-links/{link_id}",
        P,
        (A.LINK_EVIDENCE,),
        ids=lambda w: {"link_id": w.doomed_link},
    ),
    Case("DELETE", "/items/{item_id}", P, (A.EDIT_ITEM,), ids=lambda w: {"item_id": w.doomed_item}),
    Case("DELETE", "/exit-criteria/{criterion_id}", P, (A.EDIT_PRODUCT,)),
    Case("DELETE", "/products/{product_id}/members/{username}", P, (A.MANAGE_MEMBERS,)),
    Case("DELETE", "/tokens/{token_id}", Rule.ANYONE),
]

# --- Prioritization (estimates, scores, formulas, Kano, assessments, calibration) ---------------
# Records these routes change are made fresh for each call by the world's admin, so every case
# finds one whatever ran before it.


def _formula(world: World) -> int:
    from valueloop.services import formulas

    created = formulas.create_formula(
        world.container.uow(),
        world.boss,
        world.product,
        {"name": world.unique("Reach per effort "), "text": "reach / effort"},
    )
    return created.id


def _estimated(world: World, field: str) -> str:
    from valueloop.services import estimates

    estimates.set_estimate(world.container.uow(), world.boss, world.item2, field, {"likely": 2})
    return field


def _assessed(world: World, dimension: str) -> str:
    from valueloop.services import assessments

    assessments.assess(
        world.container.uow(),
        world.boss,
        world.item2,
        dimension,
        {"rating": "medium", "evidence": "Two of five interviews"},
    )
    return dimension


_CORE += [
    Case("GET", "/items/{item_id}/estimates", P, (A.VIEW,)),
    Case("GET", "/items/{item_id}/priority", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/scores", P, (A.VIEW,)),
    Case("GET", "/items/{item_id}/score", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/scoring-settings", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/rank-stability", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/moscow", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/formulas", P, (A.VIEW,)),
    Case(
        "POST",
        "/products/{product_id}/formulas/validate",
        P,
        (A.VIEW,),
        body=lambda w: {"text": "reach * impact * confidence_rice / effort"},
    ),
    Case("GET", "/products/{product_id}/kano", P, (A.VIEW,)),
    Case("GET", "/items/{item_id}/assessments", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/calibration", P, (A.VIEW,)),
    Case("GET", "/items/{item_id}/snapshots", P, (A.VIEW,)),
    Case(
        "PUT",
        "/items/{item_id}/estimates/{field}",
        P,
        (A.ESTIMATE,),
        body=lambda w: {"likely": 450, "low": 300, "high": 600, "distribution": "pert"},
        ids=lambda w: {"field": "reach"},
    ),
    Case(
        "PUT",
        "/items/{item_id}/priority",
        P,
        (A.RANK_BACKLOG,),
        body=lambda w: {
            "moscow": "must",
            "confidence_override": 0.8,
            "override_reason": "Two interviews agree",
            "impact_measure_id": w.measure,
        },
    ),
    Case(
        "PUT",
        "/products/{product_id}/scoring-settings",
        P,
        (A.RANK_BACKLOG,),
        body=lambda w: {"framework": "wsjf", "ice_aggregation": "product"},
    ),
    Case(
        "POST",
        "/products/{product_id}/formulas",
        P,
        (A.RANK_BACKLOG,),
        body=lambda w: {"name": w.unique("ARR per effort "), "text": "arr / max(effort, 1)"},
    ),
    Case(
        "PUT",
        "/formulas/{formula_id}",
        P,
        (A.RANK_BACKLOG,),
        body=lambda w: {"version": 1, "text": "reach * 2 / effort"},
        ids=lambda w: {"formula_id": _formula(w)},
    ),
    Case(
        "POST",
        "/products/{product_id}/kano",
        P,
        (A.RECORD_FEEDBACK,),
        upload="item,respondent,functional,dysfunctional\nAudit export,r1,like,dislike\n",
    ),
    Case(
        "PUT",
        "/items/{item_id}/assessments/{dimension}",
        P,
        (A.LINK_EVIDENCE,),
        body=lambda w: {
            "rating": "high",
            "evidence": "Asked for by 12 customers",
            "note_id": w.note,
        },
        ids=lambda w: {"dimension": "desirability"},
        label="desirability",
    ),
    Case(
        "PUT",
        "/items/{item_id}/assessments/{dimension}",
        P,
        (A.ESTIMATE,),
        body=lambda w: {"rating": "low", "link": "https://example.com/spike"},
        ids=lambda w: {"dimension": "feasibility"},
        label="feasibility",
    ),
    Case(
        "PUT",
        "/items/{item_id}/measured-impact",
        P,
        (A.RECORD_OBSERVATION,),
        body=lambda w: {"value": 12.5, "measure_id": w.measure, "measured_on": "2024-06-01"},
    ),
    Case(
        "DELETE",
        "/items/{item_id}/estimates/{field}",
        P,
        (A.ESTIMATE,),
        ids=lambda w: {"item_id": w.item2, "field": _estimated(w, "effort")},
    ),
    Case(
        "DELETE",
        "/items/{item_id}/assessments/{dimension}",
        P,
        (A.LINK_EVIDENCE,),
        ids=lambda w: {"item_id": w.item2, "dimension": _assessed(w, "viability")},
    ),
    Case(
        "DELETE",
        "/formulas/{formula_id}",
        P,
        (A.RANK_BACKLOG,),
        ids=lambda w: {"formula_id": _formula(w)},
    ),
]

# Each area's cases run after the core ones, in the area's own order.
CASES: list[Case] = [*_CORE, *area_cases()]
