"""Role-matrix cases of Jobs to be Done and competitors: jobs, desired outcomes, job stories,
the outcome survey, competitors, capabilities and the matrix cells."""

from __future__ import annotations

from typing import Any

from tests.api.cases import A, Case, P, patch_body
from tests.api.world import World
from valueloop.services import competitors, jtbd

SURVEY = (
    "respondent,outcome,importance,satisfaction\nr1,Minimize the time it takes to get paid,5,2\n"
)


def setup(world: World) -> dict[str, Any]:
    """A job with two outcomes and a story, two competitors and two capabilities, one of each
    to delete. World attributes (for test_conflicts) mirror the path parameters."""
    c, boss, product = world.container, world.boss, world.product
    job = jtbd.create_job(c.uow(), boss, product, {"statement": "Get paid while travelling"})
    doomed_job = jtbd.create_job(c.uow(), boss, product, {"statement": "File taxes at year end"})
    outcome = jtbd.create_outcome(
        c.uow(), boss, job.id, {"statement": "Minimize the time it takes to get paid"}
    )
    doomed_outcome = jtbd.create_outcome(
        c.uow(), boss, job.id, {"statement": "Minimize the likelihood of a late payment"}
    )
    story_fields = {
        "situation": "a client pays late",
        "motivation": "nudge",
        "expected_outcome": "x",
    }
    story = jtbd.create_story(c.uow(), boss, product, story_fields)
    doomed_story = jtbd.create_story(c.uow(), boss, product, story_fields)
    rival = competitors.create_competitor(c.uow(), boss, product, {"name": "Rival"})
    doomed_rival = competitors.create_competitor(c.uow(), boss, product, {"name": "Gone"})
    capability = competitors.create_capability(c.uow(), boss, product, {"name": "Invoicing"})
    doomed_capability = competitors.create_capability(c.uow(), boss, product, {"name": "Old"})
    competitors.set_level(c.uow(), boss, rival.id, doomed_capability.id, None, {"level": 2})
    return {
        "jtbd_job_id": job.id,
        "doomed_jtbd_job_id": doomed_job.id,
        "desired_outcome_id": outcome.id,
        "doomed_desired_outcome_id": doomed_outcome.id,
        "job_story_id": story.id,
        "doomed_job_story_id": doomed_story.id,
        "competitor_id": rival.id,
        "doomed_competitor_id": doomed_rival.id,
        "capability_id": capability.id,
        "doomed_capability_id": doomed_capability.id,
    }


def _doomed(name: str) -> Any:
    return lambda w: {name: w.extra[f"doomed_{name}"]}


R = (A.RECORD_FEEDBACK,)
E = (A.LINK_EVIDENCE,)
V = (A.VIEW,)

CASES: list[Case] = [
    Case("GET", "/products/{product_id}/jobs-to-be-done", P, V),
    Case("GET", "/jobs-to-be-done/{jtbd_job_id}", P, V),
    Case("GET", "/desired-outcomes/{desired_outcome_id}", P, V),
    Case("GET", "/products/{product_id}/opportunity-landscape", P, V),
    Case("GET", "/products/{product_id}/job-stories", P, V),
    Case("GET", "/job-stories/{job_story_id}", P, V),
    Case("GET", "/products/{product_id}/competitors", P, V),
    Case("GET", "/competitors/{competitor_id}", P, V),
    Case("GET", "/products/{product_id}/capabilities", P, V),
    Case("GET", "/capabilities/{capability_id}", P, V),
    Case("GET", "/products/{product_id}/competitor-matrix", P, V),
    # creations
    Case(
        "POST",
        "/products/{product_id}/jobs-to-be-done",
        P,
        E,
        body=lambda w: {"statement": "Reconcile accounts at month end", "kind": "related"},
    ),
    Case(
        "POST",
        "/jobs-to-be-done/{jtbd_job_id}/outcomes",
        P,
        E,
        body=lambda w: {"statement": w.unique("Minimize the number of errors when ")},
    ),
    Case(
        "POST",
        "/products/{product_id}/job-stories",
        P,
        E,
        body=lambda w: {"situation": "s", "motivation": "m", "expected_outcome": "o"},
    ),
    Case("POST", "/products/{product_id}/outcome-survey", P, R, upload=SURVEY),
    Case(
        "POST", "/products/{product_id}/competitors", P, E, body=lambda w: {"name": w.unique("C")}
    ),
    Case(
        "POST", "/products/{product_id}/capabilities", P, E, body=lambda w: {"name": w.unique("K")}
    ),
    Case(
        "PUT",
        "/competitors/{competitor_id}/capabilities/{capability_id}",
        P,
        E,
        body=lambda w: {"level": 3, "note": "Recurring invoices"},
    ),
    # changes
    Case(
        "PATCH",
        "/jobs-to-be-done/{jtbd_job_id}",
        P,
        E,
        body=patch_body("jtbd_jobs", "jtbd_job_id", performer="Freelancer"),
    ),
    Case(
        "PATCH",
        "/desired-outcomes/{desired_outcome_id}",
        P,
        E,
        body=patch_body(
            "desired_outcomes", "desired_outcome_id", statement="Minimize the time to get paid"
        ),
    ),
    Case(
        "PATCH",
        "/job-stories/{job_story_id}",
        P,
        E,
        body=patch_body("job_stories", "job_story_id", motivation="send a reminder"),
    ),
    Case(
        "PATCH",
        "/competitors/{competitor_id}",
        P,
        E,
        body=patch_body("competitors", "competitor_id", website="rival.example"),
    ),
    Case(
        "PATCH",
        "/capabilities/{capability_id}",
        P,
        E,
        body=patch_body("capabilities", "capability_id", own_level=2),
    ),
    # removals
    Case(
        "DELETE",
        "/competitors/{competitor_id}/capabilities/{capability_id}",
        P,
        E,
        ids=lambda w: {"capability_id": w.extra["doomed_capability_id"]},
    ),
    Case("DELETE", "/jobs-to-be-done/{jtbd_job_id}", P, E, ids=_doomed("jtbd_job_id")),
    Case(
        "DELETE", "/desired-outcomes/{desired_outcome_id}", P, E, ids=_doomed("desired_outcome_id")
    ),
    Case("DELETE", "/job-stories/{job_story_id}", P, E, ids=_doomed("job_story_id")),
    Case("DELETE", "/competitors/{competitor_id}", P, E, ids=_doomed("competitor_id")),
    Case("DELETE", "/capabilities/{capability_id}", P, E, ids=_doomed("capability_id")),
]
