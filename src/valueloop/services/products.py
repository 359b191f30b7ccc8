"""Use cases for products."""

from __future__ import annotations

from collections.abc import Mapping

from valueloop.domain import products
from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import NotFound, ValidationFailed
from valueloop.domain.products import Product
from valueloop.domain.roles import Action, Principal, Role
from valueloop.services import changes
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import Page, UnitOfWork


def create_product(uow: UnitOfWork, actor: Principal, fields: Mapping[str, object]) -> Product:
    """Create a product; its creator becomes its product leader."""
    actor.require(Action.CREATE_PRODUCT)
    values = products.validate(fields, creating=True)
    with uow:
        if values.get("owner_id") is not None:
            uow.users.require(int(str(values["owner_id"])))
        values.setdefault("owner_id", actor.user_id)
        _check_slug_free(uow, 0, values)
        product = uow.products.add(values)
        products.check_public(product)
        uow.memberships.add(
            {
                "user_id": actor.user_id,
                "product_id": product.id,
                "role": Role.PRODUCT_LEADER,
                "created_at": changes.now(),
            }
        )
        changes.created(uow, actor, RecordType.PRODUCT, product)
        uow.commit()
        return product


def update_product(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> Product:
    """Change a product's fields; refused with Conflict when `version` is stale."""
    values = products.validate(fields, creating=False)
    with uow:
        before = uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.EDIT_PRODUCT, product_id)
        stage = values.get("lifecycle_stage")
        if stage is not None and stage != before.lifecycle_stage:
            raise ValidationFailed(
                "the lifecycle stage moves through its gate, as a recorded decision "
                "(POST /api/v1/products/{id}/stage or the Lifecycle panel)",
                field="lifecycle_stage",
            )
        if values.get("owner_id") is not None:
            uow.users.require(int(str(values["owner_id"])))
        _check_slug_free(uow, product_id, values)
        after = uow.products.update(product_id, version, values)
        products.check_public(after)
        changes.updated(uow, actor, RecordType.PRODUCT, before, after, f"product “{after.name}”")
        uow.commit()
        return after


def _check_slug_free(uow: UnitOfWork, product_id: int, values: Mapping[str, object]) -> None:
    """A public slug names one product only (the table's unique key, said in words)."""
    slug = values.get("public_slug")
    if slug is None:
        return
    taken = uow.products.list({"public_slug": slug}, limit=1).items
    if taken and taken[0].id != product_id:
        raise ValidationFailed(
            f"the public slug {slug!r} is taken by another product", field="public_slug"
        )


def get_product(uow: UnitOfWork, actor: Principal, product_id: int) -> Product:
    with uow:
        product = uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        return product


def list_products(
    uow: UnitOfWork,
    actor: Principal,
    *,
    search: str = "",
    limit: int | None = None,
    offset: int = 0,
) -> Page[Product]:
    """Products the actor can see, by name."""
    visible = actor.visible_product_ids()
    where = {} if visible is None else {"id": sorted(visible)}
    with uow:
        return uow.products.list(
            where,
            search=(("name", "vision"), search),
            order_by=("name",),
            limit=limit,
            offset=offset,
        )


def find_product(uow: UnitOfWork, actor: Principal, ref: str | int) -> Product:
    """The product a person means by its id or its name (any case), among those they can see."""
    text = str(ref).strip()
    visible = actor.visible_product_ids()
    with uow:
        if text.isdigit():
            product = uow.products.get(int(text))
            if product is not None and (visible is None or product.id in visible):
                return product
        named = [
            p
            for p in uow.products.list({} if visible is None else {"id": sorted(visible)}).items
            if p.name.lower() == text.lower()
        ]
    if not named:
        raise NotFound(f"no product {text!r} (give its id or its name)", field="product")
    if len(named) > 1:
        ids = ", ".join(str(p.id) for p in named)
        raise ValidationFailed(
            f"{len(named)} products are called {text!r} (ids {ids}); give the id", field="product"
        )
    return named[0]
