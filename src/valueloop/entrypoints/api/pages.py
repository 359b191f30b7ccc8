"""The list envelope every collection endpoint returns."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from valueloop.services.unit_of_work import Page

M = TypeVar("M", bound=BaseModel)


class PageOut(BaseModel, Generic[M]):
    items: list[M]
    total: int
    limit: int | None
    offset: int


def page_out(page: Page[Any], model: type[M]) -> PageOut[M]:
    """Wire form of a page of domain records."""
    return PageOut[M](
        items=[model.model_validate(item, from_attributes=True) for item in page.items],
        total=page.total,
        limit=page.limit,
        offset=page.offset,
    )


def wire(model: type[M], value: object) -> M:
    """The wire form of a domain value."""
    return model.model_validate(value, from_attributes=True)
