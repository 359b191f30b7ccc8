"""Roles as decision rights (DOMAIN.md §1) and the check every use case performs."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from valueloop.domain.errors import PermissionDenied


class Role(StrEnum):
    """A user's role on one product."""

    PRODUCT_LEADER = "product_leader"
    PRODUCT_MANAGER = "product_manager"
    PRODUCT_OWNER = "product_owner"
    CONTRIBUTOR = "contributor"
    STAKEHOLDER = "stakeholder"


class Action(StrEnum):
    """Something a use case does that needs a decision right."""

    VIEW = "view"
    COMMENT = "comment"
    CREATE_PRODUCT = "create_product"
    EDIT_PRODUCT = "edit_product"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_GOALS = "manage_goals"
    RECORD_OBSERVATION = "record_observation"
    EDIT_ITEM = "edit_item"
    ESTIMATE = "estimate"
    RANK_BACKLOG = "rank_backlog"
    MANAGE_CUSTOMERS = "manage_customers"
    RECORD_FEEDBACK = "record_feedback"
    LINK_EVIDENCE = "link_evidence"
    RECORD_DECISION = "record_decision"


_LEADERS = {Role.PRODUCT_LEADER, Role.PRODUCT_MANAGER}
_DECIDERS = {Role.PRODUCT_LEADER, Role.PRODUCT_MANAGER, Role.PRODUCT_OWNER}
_BUILDERS = _DECIDERS | {Role.CONTRIBUTOR}

# "The owner decides what and why; developers decide how": estimates belong to contributors,
# ordering belongs to the product owner (and the product manager who owns the what and why).
RIGHTS: dict[Action, frozenset[Role]] = {
    Action.VIEW: frozenset(Role),
    Action.COMMENT: frozenset(Role),
    Action.CREATE_PRODUCT: frozenset({Role.PRODUCT_LEADER}),
    Action.EDIT_PRODUCT: frozenset(_LEADERS),
    Action.MANAGE_MEMBERS: frozenset({Role.PRODUCT_LEADER}),
    Action.MANAGE_GOALS: frozenset(_LEADERS),
    Action.RECORD_OBSERVATION: frozenset(_DECIDERS),
    Action.EDIT_ITEM: frozenset(_BUILDERS),
    Action.ESTIMATE: frozenset({Role.CONTRIBUTOR}),
    Action.RANK_BACKLOG: frozenset({Role.PRODUCT_OWNER, Role.PRODUCT_MANAGER}),
    Action.MANAGE_CUSTOMERS: frozenset(_DECIDERS),
    Action.RECORD_FEEDBACK: frozenset(_BUILDERS),
    Action.LINK_EVIDENCE: frozenset(_DECIDERS),
    Action.RECORD_DECISION: frozenset(_DECIDERS),
}


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is acting: a user, whether they administer the workspace, and their product roles."""

    user_id: int
    username: str
    is_admin: bool = False
    roles: dict[int, Role] = field(default_factory=dict)

    def can(self, action: Action, product_id: int | None = None) -> bool:
        """Whether this principal holds the right for `action` on a product (or on any product)."""
        if self.is_admin:
            return True
        allowed = RIGHTS[action]
        if product_id is None:
            return any(role in allowed for role in self.roles.values())
        role = self.roles.get(product_id)
        return role is not None and role in allowed

    def require(self, action: Action, product_id: int | None = None) -> None:
        """Raise PermissionDenied unless `can(action, product_id)`."""
        if not self.can(action, product_id):
            where = f" on product {product_id}" if product_id is not None else ""
            raise PermissionDenied(
                f"{self.username} may not {action.value.replace('_', ' ')}{where}"
            )

    def visible_product_ids(self) -> set[int] | None:
        """Products this principal may see; None means all (admins)."""
        return None if self.is_admin else set(self.roles)
