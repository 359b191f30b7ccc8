"""The vocabulary of the role matrix: who may call a route, and one valid request to it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from tests.api.world import World
from valueloop.domain.roles import Action, Principal

PREFIX = "/api/v1"


class Rule(Enum):
    """Who may call a route."""

    ANYONE = "any signed-in user"
    ADMIN = "admins only"
    MEMBER = "anyone with a role on some product"
    WORKSPACE = "the actions on some product (workspace-wide records)"
    PRODUCT = "the path names a record of the product: non-members get 404, others need actions"
    BODY_PRODUCT = "the body names the product: the actions on it, or 403"
    PUBLIC = "no sign-in needed: everyone, signed in or not (public pages' JSON)"


@dataclass(frozen=True)
class Case:
    method: str
    route: str
    rule: Rule
    actions: tuple[Action, ...] = ()
    body: Callable[[World], dict[str, Any]] | None = None
    upload: str | None = None  # the text of a CSV file sent as multipart field "file"
    ids: Callable[[World], dict[str, Any]] | None = None
    label: str = ""

    @property
    def name(self) -> str:
        return f"{self.method} {self.route}" + (f" ({self.label})" if self.label else "")

    def url(self, world: World) -> str:
        ids = {**world.ids(), **(self.ids(world) if self.ids else {})}
        return PREFIX + self.route.format(**ids)

    def json(self, world: World) -> dict[str, Any] | None:
        return self.body(world) if self.body else None

    def files(self) -> dict[str, tuple[str, bytes, str]] | None:
        return {"file": ("upload.csv", self.upload.encode(), "text/csv")} if self.upload else None

    def call(self, world: World, url: str | None = None) -> Any:
        """Send this case's request with the world's client (to another `url` if given)."""
        return world.client.request(
            self.method, url or self.url(world), json=self.json(world), files=self.files()
        )

    def expected(self, who: Principal, product_id: int) -> str:
        """ "allow", "403" or "404" for `who` by the decision rights in domain/roles.py."""
        if self.rule in (Rule.ANYONE, Rule.PUBLIC):
            return "allow"
        if self.rule is Rule.ADMIN:
            return "allow" if who.is_admin else "403"
        if self.rule is Rule.MEMBER:
            return "allow" if who.can(Action.VIEW) else "403"
        if self.rule is Rule.WORKSPACE:
            return "allow" if all(who.can(a) for a in self.actions) else "403"
        if self.rule is Rule.PRODUCT and not who.can(Action.VIEW, product_id):
            return "404"
        return "allow" if all(who.can(a, product_id) for a in self.actions) else "403"


A = Action
P, W = Rule.PRODUCT, Rule.WORKSPACE


def patch_body(repository: str, record: str, **fields: Any) -> Callable[[World], dict[str, Any]]:
    def body(world: World) -> dict[str, Any]:
        return {"version": world.version(repository, world.record_id(record)), **fields}

    return body
