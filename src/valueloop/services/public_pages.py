"""A product's public roadmap and changelog: items marked public, with their public fields only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from valueloop.domain.backlog import BacklogItem, ItemStatus
from valueloop.services.portal import Feature, PublicProduct, product_view, public_product
from valueloop.services.unit_of_work import UnitOfWork

LANES = ("now", "next", "later")
CHANGELOG_SIZE = 200


@dataclass(frozen=True, slots=True)
class PublicItem:
    """What the public sees of a backlog item: its public title and public description."""

    title: str
    description: str
    shipped_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Lane:
    name: str
    items: list[PublicItem]


@dataclass(frozen=True, slots=True)
class ChangelogGroup:
    """Shipped items under one public release, or under the month they shipped in."""

    heading: str
    released_on: dt.date | None
    items: list[PublicItem]


def _public_item(item: BacklogItem, shipped_on: dt.date | None = None) -> PublicItem:
    # The item's own title is shown only when no public title was written: marking an item
    # public is the decision to show its title. Its internal description never is.
    return PublicItem(
        title=item.public_title or item.title,
        description=item.public_description,
        shipped_on=shipped_on,
    )


def roadmap(uow: UnitOfWork, slug: str) -> tuple[PublicProduct, list[Lane]]:
    """Public items on the now, next and later lanes, in lane order; shipped ones left out."""
    with uow:
        product = public_product(uow, slug, Feature.ROADMAP)
        items = uow.items.list(
            {"product_id": product.id, "public": True, "lane": list(LANES)},
            order_by=("lane_rank", "rank"),
        ).items
    lanes = [
        Lane(
            name,
            [
                _public_item(i)
                for i in items
                if i.lane == name and i.status not in (ItemStatus.DONE, ItemStatus.REJECTED)
            ],
        )
        for name in LANES
    ]
    return product_view(product), lanes


def changelog(uow: UnitOfWork, slug: str) -> tuple[PublicProduct, list[ChangelogGroup]]:
    """Public items that shipped, newest first, grouped by public release or else by month."""
    with uow:
        product = public_product(uow, slug, Feature.ROADMAP)
        shipped = uow.items.list(
            {"product_id": product.id, "public": True, "status": ItemStatus.DONE}
        ).items
        release_ids = sorted({i.release_id for i in shipped if i.release_id is not None})
        releases = {
            r.id: r
            for r in (uow.releases.list({"id": release_ids}).items if release_ids else [])
            if r.public
        }
    dated = sorted(
        ((i.shipped_on or i.updated_at.date(), i) for i in shipped),
        key=lambda pair: (pair[0], pair[1].id),
        reverse=True,
    )[:CHANGELOG_SIZE]
    groups: dict[tuple[str, object], ChangelogGroup] = {}
    for day, item in dated:
        release = releases.get(item.release_id) if item.release_id is not None else None
        if release is not None:
            key: tuple[str, object] = ("release", release.id)
            heading, released_on = release.name, release.released_on or day
        else:
            key = ("month", (day.year, day.month))
            heading, released_on = day.strftime("%B %Y"), None
        group = groups.setdefault(key, ChangelogGroup(heading, released_on, []))
        group.items.append(_public_item(item, day))
    ordered = sorted(
        groups.values(),
        key=lambda g: max(i.shipped_on or dt.date.min for i in g.items),
        reverse=True,
    )
    return product_view(product), ordered
