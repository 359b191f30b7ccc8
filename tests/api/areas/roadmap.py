"""Role-matrix cases of the roadmap: lanes, releases, dependencies, capacity, story maps."""

from __future__ import annotations

from typing import Any

from tests.api.cases import A, Case, P, patch_body
from tests.api.world import World
from valueloop.domain.backlog import Lane
from valueloop.services import capacity, dependencies, releases, roadmap, story_maps


def setup(world: World) -> dict[str, Any]:
    """A release, a capacity period, a dependency and a story map with one of each part."""
    uow, boss, product = world.container.uow, world.boss, world.product
    roadmap.move_to_lane(uow(), boss, world.item, Lane.NOW)
    release = releases.create_release(uow(), boss, product, {"name": "1.0"}).id
    doomed_release = releases.create_release(uow(), boss, product, {"name": "Gone"}).id
    period = capacity.create_period(
        uow(), boss, product, {"starts_on": "2025-01-01", "ends_on": "2025-03-31", "capacity": 9}
    ).id
    doomed_period = capacity.create_period(
        uow(), boss, product, {"starts_on": "2025-04-01", "ends_on": "2025-06-30", "capacity": 9}
    ).id
    dependency = dependencies.add_dependency(uow(), boss, world.item2, world.doomed_item).id
    story_map = story_maps.create_map(uow(), boss, product, {"name": "Onboarding"}).id
    doomed_map = story_maps.create_map(uow(), boss, product, {"name": "Gone"}).id
    activity = story_maps.add_activity(uow(), boss, story_map, {"title": "Join"}).id
    doomed_activity = story_maps.add_activity(uow(), boss, story_map, {"title": "Gone"}).id
    task = story_maps.add_task(uow(), boss, activity, {"title": "Sign up"}).id
    placement = story_maps.place_item(uow(), boss, task, world.item, None).id
    return {
        "release_id": release,
        "doomed_release": doomed_release,
        "period_id": period,
        "doomed_period": doomed_period,
        "dependency_id": dependency,
        "map_id": story_map,
        "doomed_map": doomed_map,
        "activity_id": activity,
        "doomed_activity": doomed_activity,
        "task_id": task,
        "placement_id": placement,
    }


RANK, EDIT = (A.RANK_BACKLOG,), (A.EDIT_ITEM,)

CASES: list[Case] = [
    Case("GET", "/products/{product_id}/roadmap", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/roadmap.csv", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/releases", P, (A.VIEW,)),
    Case("GET", "/releases/{release_id}", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/dependencies", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/capacity", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/capacity/report", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/story-maps", P, (A.VIEW,)),
    Case("GET", "/story-maps/{map_id}", P, (A.VIEW,)),
    Case("POST", "/products/{product_id}/releases", P, RANK, body=lambda w: {"name": "2.0"}),
    Case(
        "POST",
        "/products/{product_id}/capacity",
        P,
        EDIT,
        body=lambda w: {
            "team": w.unique("t"),
            "starts_on": "2025-01-01",
            "ends_on": "2025-01-31",
            "capacity": 3,
        },
    ),
    Case(
        "POST",
        "/items/{item_id}/dependencies",
        P,
        EDIT,
        body=lambda w: {"blocker_id": w.item2},
    ),
    Case("POST", "/products/{product_id}/story-maps", P, EDIT, body=lambda w: {"name": "Billing"}),
    Case("POST", "/story-maps/{map_id}/activities", P, EDIT, body=lambda w: {"title": "Pay"}),
    Case("POST", "/story-maps/{map_id}/slices", P, EDIT, body=lambda w: {"name": "Release 2"}),
    Case("POST", "/story-activities/{activity_id}/tasks", P, EDIT, body=lambda w: {"title": "T"}),
    Case(
        "POST",
        "/story-tasks/{task_id}/stories",
        P,
        EDIT,
        body=lambda w: {"item_id": w.item2},
    ),
    Case(
        "POST",
        "/story-placements/{placement_id}/move",
        P,
        EDIT,
        body=lambda w: {"task_id": w.extra["task_id"]},
    ),
    Case("POST", "/items/{item_id}/lane", P, RANK, body=lambda w: {"lane": "next"}),
    Case(
        "POST",
        "/releases/{release_id}/items",
        P,
        RANK,
        body=lambda w: {"add": [w.item]},
    ),
    Case(
        "POST",
        "/story-maps/parts/{part}/{part_id}/move",
        P,
        EDIT,
        body=lambda w: {},
        ids=lambda w: {"part": "activity", "part_id": w.extra["activity_id"]},
    ),
    Case(
        "POST",
        "/story-maps/parts/{part}/{part_id}/shift",
        P,
        EDIT,
        body=lambda w: {"by": -1},  # the move case before put the activity last
        ids=lambda w: {"part": "activity", "part_id": w.extra["activity_id"]},
    ),
    Case(
        "PATCH",
        "/story-maps/parts/{part}/{part_id}",
        P,
        EDIT,
        body=patch_body("story_activities", "activity_id", title="Sign up"),
        ids=lambda w: {"part": "activity", "part_id": w.extra["activity_id"]},
    ),
    Case(
        "PATCH",
        "/releases/{release_id}",
        P,
        RANK,
        body=patch_body("releases", "release_id", name="1.1"),
    ),
    Case(
        "PATCH",
        "/capacity/{period_id}",
        P,
        EDIT,
        body=patch_body("capacity", "period_id", capacity=12),
    ),
    Case(
        "PATCH", "/story-maps/{map_id}", P, EDIT, body=patch_body("story_maps", "map_id", name="On")
    ),
    Case(
        "DELETE",
        "/releases/{release_id}",
        P,
        RANK,
        ids=lambda w: {"release_id": w.extra["doomed_release"]},
    ),
    Case(
        "DELETE",
        "/capacity/{period_id}",
        P,
        EDIT,
        ids=lambda w: {"period_id": w.extra["doomed_period"]},
    ),
    Case("DELETE", "/dependencies/{dependency_id}", P, EDIT),
    Case("DELETE", "/story-placements/{placement_id}", P, EDIT),
    Case(
        "DELETE",
        "/story-maps/parts/{part}/{part_id}",
        P,
        EDIT,
        ids=lambda w: {"part": "activity", "part_id": w.extra["doomed_activity"]},
    ),
    Case(
        "DELETE", "/story-maps/{map_id}", P, EDIT, ids=lambda w: {"map_id": w.extra["doomed_map"]}
    ),
]
