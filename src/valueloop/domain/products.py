"""Products: vision, target market, lifecycle stage and an accountable owner."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed


class LifecycleStage(StrEnum):
    """Where a product stands in its life (DOMAIN.md §1), in order."""

    IDEATION = "ideation"
    RESEARCH = "research"
    MVP = "mvp"
    DEVELOPMENT = "development"
    BETA = "beta"
    LAUNCH = "launch"
    OPTIMIZATION = "optimization"
    SUNSET = "sunset"


@dataclass(frozen=True, slots=True)
class Product:
    """A product in the workspace."""

    id: int
    name: str
    vision: str
    target_market: str
    lifecycle_stage: LifecycleStage
    owner_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    public_slug: str | None  # the product's public pages live at /p/<slug>
    portal_enabled: bool
    roadmap_public: bool
    portal_webhook_url: str  # status changes of portal ideas are posted here (signed); "" for none


# The public pages' settings: who may change them is a product leader's call (EDIT_PRODUCT).
PUBLIC_SETTINGS = frozenset(
    {"public_slug", "portal_enabled", "roadmap_public", "portal_webhook_url"}
)
EDITABLE = frozenset({"name", "vision", "target_market", "lifecycle_stage", "owner_id"}) | (
    PUBLIC_SETTINGS
)
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def validate(fields: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """Normalized product fields, or ValidationFailed naming the first bad one."""
    f.reject_unknown(fields, EDITABLE)
    out: dict[str, object] = {}
    if creating or "name" in fields:
        out["name"] = f.text(fields, "name", max_len=200, required=True)
    for name, limit in (("vision", 4000), ("target_market", 1000)):
        if creating or name in fields:
            out[name] = f.text(fields, name, max_len=limit)
    if "lifecycle_stage" in fields:
        out["lifecycle_stage"] = f.choice(
            fields["lifecycle_stage"], "lifecycle_stage", LifecycleStage
        )
    elif creating:
        out["lifecycle_stage"] = LifecycleStage.IDEATION
    if "owner_id" in fields:
        out["owner_id"] = fields["owner_id"]
    out.update(validate_public(fields))
    return out


def validate_public(fields: Mapping[str, object]) -> dict[str, object]:
    """The public pages' settings among `fields`, normalized, or ValidationFailed naming one."""
    out: dict[str, object] = {}
    if "public_slug" in fields:
        out["public_slug"] = public_slug(fields["public_slug"])
    for flag in ("portal_enabled", "roadmap_public"):
        if flag in fields:
            if not isinstance(fields[flag], bool):
                raise ValidationFailed(f"{flag} must be true or false", field=flag)
            out[flag] = fields[flag]
    if "portal_webhook_url" in fields:
        url = f.text(fields, "portal_webhook_url", max_len=500)
        if url and not url.startswith(("https://", "http://")):
            raise ValidationFailed(
                "portal_webhook_url must be an http:// or https:// address",
                field="portal_webhook_url",
            )
        out["portal_webhook_url"] = url
    return out


def public_slug(value: object) -> str | None:
    """A public slug: 3–80 lowercase letters, digits and single inner hyphens; blank is none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ValidationFailed("public_slug must be text", field="public_slug")
    slug = value.strip()
    if not 3 <= len(slug) <= 80 or _SLUG.fullmatch(slug) is None:
        raise ValidationFailed(
            "public_slug must be 3 to 80 lowercase letters, digits and hyphens "
            "(not at the start or end), e.g. acme-analytics",
            field="public_slug",
        )
    return slug


def check_public(product: Product) -> None:
    """A product whose public pages are on needs a slug for their address."""
    if (product.portal_enabled or product.roadmap_public) and not product.public_slug:
        raise ValidationFailed(
            "set a public slug before turning on the portal or the public roadmap",
            field="public_slug",
        )
