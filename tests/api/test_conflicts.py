"""Optimistic concurrency: a PATCH with a stale version is refused with 409 and changes nothing."""

from __future__ import annotations

import pytest

from tests.api import world
from tests.api.matrix import CASES, PREFIX, Case
from tests.api.routing import api_routes
from valueloop.entrypoints.app import create_app

# Where each PATCH route's record lives: (unit-of-work repository, World attribute).
RECORDS = {
    "/products/{product_id}": ("products", "product"),
    "/goals/{goal_id}": ("goals", "goal"),
    "/measures/{measure_id}": ("measures", "measure"),
    "/customers/{customer_id}": ("customers", "customer"),
    "/feedback/{note_id}": ("notes", "note"),
    "/items/{item_id}": ("items", "item"),
    "/initiatives/{initiative_id}": ("initiatives", "initiative"),
    "/kvms/{kvm_id}": ("kvms", "kvm"),
    "/jobs-to-be-done/{jtbd_job_id}": ("jtbd_jobs", "jtbd_job_id"),
    "/desired-outcomes/{desired_outcome_id}": ("desired_outcomes", "desired_outcome_id"),
    "/job-stories/{job_story_id}": ("job_stories", "job_story_id"),
    "/competitors/{competitor_id}": ("competitors", "competitor_id"),
    "/capabilities/{capability_id}": ("capabilities", "capability_id"),
    "/opportunities/{opportunity_id}": ("opportunities", "opportunity_id"),
    "/solutions/{solution_id}": ("solutions", "solution_id"),
    "/assumption-tests/{test_id}": ("assumption_tests", "test_id"),
    "/releases/{release_id}": ("releases", "release_id"),
    "/capacity/{period_id}": ("capacity", "period_id"),
    "/story-maps/{map_id}": ("story_maps", "map_id"),
    "/story-maps/parts/{part}/{part_id}": ("story_activities", "activity_id"),
    "/themes/{theme_id}": ("themes", "theme"),
}
PATCHES = {case.route: case for case in CASES if case.method == "PATCH" and not case.label}


def test_every_patch_route_has_a_conflict_case(container):
    routes = {path for method, path in api_routes(create_app(container)) if method == "PATCH"}

    assert [] == sorted(routes - {PREFIX + route for route in RECORDS})


@pytest.mark.parametrize("route", sorted(RECORDS))
def test_a_stale_patch_is_refused_with_409_and_changes_nothing(container, route):
    w = world.build(container)
    case: Case = PATCHES[route]
    repository, attribute = RECORDS[route]
    record_id = w.record_id(attribute)
    stale = w.version(repository, record_id)

    first = w.client.patch(case.url(w), json=case.json(w))
    with container.uow() as uow:
        after_first = getattr(uow, repository).require(record_id)
    second = w.client.patch(case.url(w), json={**case.json(w), "version": stale})
    with container.uow() as uow:
        after_second = getattr(uow, repository).require(record_id)

    assert (200, stale + 1) == (first.status_code, first.json()["version"])
    assert 409 == second.status_code
    assert "application/problem+json" == second.headers["content-type"]
    assert "version" == second.json()["errors"][0]["field"]
    assert f"now at version {stale + 1}" in second.json()["detail"]
    assert after_first == after_second


def test_a_stale_patch_does_not_overwrite_someone_elses_change(container):
    w = world.build(container)
    url = f"/api/v1/items/{w.item}"
    read = w.client.get(url).json()

    mine = w.client.patch(url, json={"version": read["version"], "title": "Mine"})
    theirs = w.client.patch(url, json={"version": read["version"], "title": "Theirs"})

    assert (200, 409) == (mine.status_code, theirs.status_code)
    assert "Mine" == w.client.get(url).json()["title"]


def test_a_version_far_beyond_any_stored_is_a_conflict(container):
    w = world.build(container)

    response = w.client.patch(f"/api/v1/items/{w.item}", json={"version": 2**62, "title": "X"})

    assert 409 == response.status_code


def test_deleting_with_a_stale_version_is_refused_and_keeps_the_item(container):
    w = world.build(container)
    url = f"/api/v1/items/{w.doomed_item}"
    stale = w.version("items", w.doomed_item)
    w.client.patch(url, json={"version": stale, "title": "Renamed"})

    refused = w.client.delete(url, params={"version": stale})
    kept = w.client.get(url)
    removed = w.client.delete(url, params={"version": stale + 1})

    assert (409, 200, 204) == (refused.status_code, kept.status_code, removed.status_code)
    assert 404 == w.client.get(url).status_code


def test_a_patch_returns_the_new_version_to_use_next(container):
    w = world.build(container)
    url = f"/api/v1/customers/{w.customer}"
    version = w.client.get(url).json()["version"]

    versions = []
    for plan in ("silver", "gold", "platinum"):
        response = w.client.patch(url, json={"version": version, "plan": plan})
        version = response.json()["version"]
        versions.append(version)

    assert [2, 3, 4] == versions
    assert "platinum" == w.client.get(url).json()["plan"]
