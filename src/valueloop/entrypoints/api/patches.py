"""PATCH bodies: a version for optimistic concurrency plus only the fields being changed."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Patch(BaseModel):
    """Base of every PATCH body."""

    model_config = ConfigDict(extra="forbid")
    version: int = Field(description="The version you read; a stale one is refused with 409.")


def changes(patch: BaseModel) -> dict[str, object]:
    """The fields a PATCH body actually sets (version excluded)."""
    return patch.model_dump(exclude_unset=True, exclude={"version"})
