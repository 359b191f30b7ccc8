"""Role-matrix cases of importers and webhooks: file imports, CRM imports, contacts, hooks."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from tests.api.cases import A, Case, P, Rule, W
from tests.api.world import World
from valueloop.domain.inbound_hooks import signature
from valueloop.services import inbound_hooks


def setup(world: World) -> dict[str, Any]:
    """A live hook (whose secret the signed case uses) and a spare one to revoke."""
    key = world.container.settings.resolved_secret_key()
    live, secret = inbound_hooks.create_hook(
        world.container.uow(), world.boss, world.product, {"name": "Typeform"}, key
    )
    spare, _ = inbound_hooks.create_hook(
        world.container.uow(), world.boss, world.product, {"name": "Old Zapier"}, key
    )
    return {"hook_id": live.id, "hook_secret": secret, "spare_hook_id": spare.id}


@dataclass(frozen=True)
class SignedCase(Case):
    """A request authenticated by the hook's signature: the same for every caller."""

    def call(self, world: World, url: str | None = None) -> Any:
        body = json.dumps({"text": "From a form", "external_id": world.unique("form-")}).encode()
        stamp = str(int(time.time()))
        headers = {
            "X-Valueloop-Timestamp": stamp,
            "X-Valueloop-Signature": signature(world.extra["hook_secret"], stamp, body),
            "Content-Type": "application/json",
        }
        return world.client.post(url or self.url(world), content=body, headers=headers)


CASES: list[Case] = [
    Case("GET", "/products/{product_id}/hooks", P, (A.VIEW,)),
    Case("GET", "/customers/{customer_id}/contacts", Rule.MEMBER),
    Case(
        "POST",
        "/products/{product_id}/feedback/imports",
        P,
        (A.RECORD_FEEDBACK,),
        upload="text,external_id,author\nExport to PDF loses the logo,m-1,Ana\n",
    ),
    Case(
        "POST",
        "/customers/imports",
        W,
        (A.MANAGE_CUSTOMERS,),
        upload="Account ID,Account Name,Website,Annual Revenue\n001X,Hooli,hooli.example,5000\n",
    ),
    Case(
        "POST",
        "/products/{product_id}/hooks",
        P,
        (A.MANAGE_MEMBERS,),
        body=lambda w: {"name": "Zapier"},
    ),
    SignedCase("POST", "/hooks/{hook_id}/notes", Rule.ANYONE, label="signed, no session"),
    Case(
        "DELETE",
        "/hooks/{hook_id}",
        P,
        (A.MANAGE_MEMBERS,),
        ids=lambda w: {"hook_id": w.extra["spare_hook_id"]},
    ),
]
