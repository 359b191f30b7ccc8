"""Role-matrix cases of the portal: moderation, close the loop and the outbox for members, and
the public JSON (Rule.PUBLIC: no sign-in; tests/api/test_portal_api.py calls it anonymously)."""

from __future__ import annotations

from typing import Any

from tests.api.cases import A, Case, P, Rule
from tests.api.world import World
from valueloop.services import backlog, ideas, portal, products

SLUG = "acme"


def token(world: World) -> str:
    return portal.form_token(world.container.settings.resolved_secret_key(), SLUG)


def _approved_idea(world: World, title: str) -> int:
    guard = portal.Guard(world.container.settings.resolved_secret_key(), "192.0.2.1")
    email = world.unique("ann") + "@globex.com"
    portal.submit_idea(
        world.container.uow(),
        guard,
        SLUG,
        {"name": "Ann", "email": email, "title": title},
        portal.Attempt(token(world)),
    )
    with world.container.uow() as uow:
        idea_id = max(i.id for i in uow.ideas.list({"product_id": world.product}).items)
    ideas.moderate_idea(world.container.uow(), world.boss, idea_id, "approved")
    return idea_id


def setup(world: World) -> dict[str, Any]:
    """Open the product's portal and roadmap; an approved idea, a pending comment, a shipped
    item."""
    products.update_product(
        world.container.uow(),
        world.boss,
        world.product,
        None,
        {"public_slug": SLUG, "portal_enabled": True, "roadmap_public": True},
    )
    idea_id = _approved_idea(world, "Export to CSV")
    guard = portal.Guard(world.container.settings.resolved_secret_key(), "192.0.2.2")
    portal.comment(
        world.container.uow(),
        guard,
        SLUG,
        idea_id,
        {"name": "Bob", "email": "bob@globex.com", "body": "Yes please"},
        portal.Attempt(token(world)),
    )
    with world.container.uow() as uow:
        comment_id = uow.idea_comments.list({"idea_id": idea_id}).items[0].id
    shipped = backlog.create_item(
        world.container.uow(), world.boss, world.product, {"title": "CSV"}
    )
    for status in ("in_progress", "done"):
        version = world.version("items", shipped.id)
        backlog.update_item(
            world.container.uow(), world.boss, shipped.id, version, {"status": status}
        )
    return {"slug": SLUG, "idea_id": idea_id, "comment_id": comment_id, "shipped": shipped.id}


def _shipped(world: World) -> dict[str, Any]:
    return {"item_id": world.extra["shipped"]}


PUBLIC = Rule.PUBLIC

CASES: list[Case] = [
    # the public JSON (no sign-in)
    Case("GET", "/public/{slug}/form-token", PUBLIC),
    Case("GET", "/public/{slug}/ideas", PUBLIC),
    Case("GET", "/public/{slug}/ideas/{idea_id}", PUBLIC),
    Case("GET", "/public/{slug}/roadmap", PUBLIC),
    Case("GET", "/public/{slug}/changelog", PUBLIC),
    Case(
        "POST",
        "/public/{slug}/ideas",
        PUBLIC,
        body=lambda w: {
            "name": "Cy",
            "email": w.unique("cy") + "@initech.com",
            "title": "Dark mode",
            "body": "For night shifts",
            "token": token(w),
        },
    ),
    Case(
        "POST",
        "/public/{slug}/ideas/{idea_id}/votes",
        PUBLIC,
        body=lambda w: {"email": w.unique("voter") + "@initech.com", "token": token(w)},
    ),
    Case(
        "POST",
        "/public/{slug}/ideas/{idea_id}/comments",
        PUBLIC,
        body=lambda w: {"email": "dee@initech.com", "body": "Agreed", "token": token(w)},
    ),
    # moderation, for members
    Case("GET", "/products/{product_id}/ideas", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/ideas/queue", P, (A.VIEW,)),
    Case("GET", "/ideas/{idea_id}", P, (A.VIEW,)),
    Case("GET", "/items/{item_id}/close-the-loop", P, (A.VIEW,)),
    Case("GET", "/products/{product_id}/outbox", P, (A.EDIT_PRODUCT,)),
    Case(
        "POST",
        "/ideas/{idea_id}/moderation",
        P,
        (A.RECORD_FEEDBACK,),
        body=lambda w: {"moderation": "approved"},
    ),
    Case(
        "POST",
        "/idea-comments/{comment_id}/moderation",
        P,
        (A.RECORD_FEEDBACK,),
        body=lambda w: {"moderation": "approved"},
    ),
    Case("POST", "/ideas/{idea_id}/comments", P, (A.COMMENT,), body=lambda w: {"body": "Soon!"}),
    Case(
        "POST",
        "/ideas/{idea_id}/status",
        P,
        (A.LINK_EVIDENCE,),
        body=lambda w: {"status": "planned"},
    ),
    Case(
        "PUT",
        "/ideas/{idea_id}/item",
        P,
        (A.LINK_EVIDENCE,),
        body=lambda w: {"item_id": w.item, "importance": 2},
    ),
    Case(
        "POST",
        "/ideas/{idea_id}/merge",
        P,
        (A.LINK_EVIDENCE,),
        body=lambda w: {"into_id": w.extra["idea_id"]},
        ids=lambda w: {"idea_id": _approved_idea(w, "CSV export please")},
    ),
    Case(
        "POST",
        "/items/{item_id}/close-the-loop",
        P,
        (A.MANAGE_CUSTOMERS,),
        body=lambda w: {"channel": "email"},
        ids=_shipped,
    ),
]
