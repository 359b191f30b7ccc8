"""Pages for products: the list, creating one, the overview with its edit form, and members."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from valueloop.domain.collaboration import RecordType
from valueloop.domain.errors import Conflict, DomainError, NotFound, ValidationFailed
from valueloop.domain.lifecycle import ORDER, next_stage
from valueloop.domain.products import LifecycleStage
from valueloop.domain.roles import Action, Role
from valueloop.entrypoints.http import container_of
from valueloop.entrypoints.web.formatting import label
from valueloop.entrypoints.web.rendering import (
    form_state,
    page_number,
    pager,
    redirect,
    render,
    status_for,
)
from valueloop.entrypoints.web.sessions import Posted, Signed, Viewer
from valueloop.services import accounts, dashboards, lifecycle, outbox, overview, products

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 25
_FIELDS = ("name", "vision", "target_market")


def stage_choices(current: LifecycleStage) -> list[tuple[str, str]]:
    """Where a product may move: one stage forward, or back to any earlier stage (a pivot)."""
    ahead = next_stage(current)
    back = [s for s in ORDER if ORDER.index(s) < ORDER.index(current)]
    forward = [(ahead.value, f"Advance to {label(ahead)}")] if ahead else []
    return forward + [(s.value, f"Go back to {label(s)}") for s in reversed(back)]


@router.get("/products")
def product_list(request: Request, who: Signed, q: str = "", page: str = "1") -> Response:
    return _list_page(request, who, q, page_number(page))


def _list_page(
    request: Request,
    who: Viewer,
    q: str,
    number: int,
    *,
    error: DomainError | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    listed = products.list_products(
        container_of(request).uow(),
        who.principal,
        search=q,
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
    )
    return render(
        request,
        "products/list.html",
        {
            "page": listed,
            "pager": pager(request, listed),
            "q": q,
            "error": error,
            "failed": "create" if error else None,
            "form": form or {},
        },
        viewer=who,
        status_code=status_for(error) if error else 200,
    )


@router.post("/products")
def create_product(request: Request, who: Signed, form: Posted) -> Response:
    try:
        created = products.create_product(
            container_of(request).uow(),
            who.principal,
            form.pick(text=(*_FIELDS, "lifecycle_stage")),
        )
    except ValidationFailed as error:
        return _list_page(request, who, "", 1, error=error, form=form.values())
    return redirect(request, f"/products/{created.id}", notice=f"Product “{created.name}” created.")


@router.get("/products/{product_id}")
def product_overview(request: Request, product_id: int, who: Signed) -> Response:
    return show_overview(request, who, product_id)


def show_overview(
    request: Request,
    who: Viewer,
    product_id: int,
    *,
    error: DomainError | None = None,
    failed: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    """The overview page, with a form shown again with its error when `error` is given."""
    uow = container_of(request).uow
    view = overview.product_overview(uow(), who.principal, product_id)
    members = accounts.list_members(uow(), who.principal, product_id)
    key = None
    if view.product.portal_webhook_url and who.principal.can(Action.EDIT_PRODUCT, product_id):
        secret = container_of(request).settings.resolved_secret_key()
        key = outbox.signing_key(uow(), who.principal, product_id, secret)
    return render(
        request,
        "products/overview.html",
        {
            "view": view,
            "product": view.product,
            "members": members,
            "webhook_key": key,
            "gate": lifecycle.product_gate(uow(), who.principal, product_id),
            "criteria": dashboards.exit_criteria(uow(), who.principal, product_id),
            "stages": stage_choices(view.product.lifecycle_stage),
            "owners": [(user.id, overview.display_name(user)) for user, _ in members],
            "talk": overview.discussion(uow(), who.principal, RecordType.PRODUCT, product_id),
            "record": (RecordType.PRODUCT, product_id),
            **form_state(error, failed, form),
        },
        viewer=who,
        product=view.product,
        status_code=status_for(error) if error else 200,
    )


@router.post("/products/{product_id}")
def edit_product(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    try:
        products.update_product(
            container_of(request).uow(),
            who.principal,
            product_id,
            form.version(),
            form.pick(text=_FIELDS, ids=("owner_id",)),
        )
    except (ValidationFailed, Conflict) as error:
        return show_overview(
            request, who, product_id, error=error, failed="edit", form=form.values()
        )
    return redirect(request, f"/products/{product_id}", notice="Product saved.")


@router.post("/products/{product_id}/public")
def edit_public_settings(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    """The public pages' settings: slug, portal, public roadmap, webhook address."""
    try:
        products.update_product(
            container_of(request).uow(),
            who.principal,
            product_id,
            form.version(),
            {
                "public_slug": form.text("public_slug"),
                "portal_enabled": form.has("portal_enabled"),
                "roadmap_public": form.has("roadmap_public"),
                "portal_webhook_url": form.text("portal_webhook_url").strip(),
            },
        )
    except (ValidationFailed, Conflict) as error:
        return show_overview(
            request, who, product_id, error=error, failed="public", form=form.values()
        )
    return redirect(request, f"/products/{product_id}#public", notice="Public settings saved.")


@router.post("/products/{product_id}/stage")
def move_stage(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    """Move the lifecycle stage through its gate; the move is recorded as a decision."""
    try:
        decision = lifecycle.move_product_stage(
            container_of(request).uow(),
            who.principal,
            product_id,
            form.text("stage"),
            rationale=form.text("rationale"),
            version=form.version(),
            override=form.text("override") == "1",
        )
    except (ValidationFailed, Conflict) as error:
        return show_overview(
            request, who, product_id, error=error, failed="stage", form=form.values()
        )
    return redirect(
        request, f"/decisions/{decision.id}", notice="Stage moved; the decision is in the log."
    )


@router.post("/products/{product_id}/members")
def set_member(request: Request, product_id: int, who: Signed, form: Posted) -> Response:
    username = form.text("username").strip()
    choice = form.text("role")
    try:
        if choice != "none" and choice not in set(Role):
            raise ValidationFailed("choose a role", field="role")
        role = None if choice == "none" else Role(choice)
        # NotFound here names an unknown username (a missing product fails again below, as 404).
        accounts.set_role(container_of(request).uow(), who.principal, product_id, username, role)
    except (ValidationFailed, Conflict, NotFound) as error:
        return show_overview(
            request, who, product_id, error=error, failed="members", form=form.values()
        )
    notice = f"{username} removed." if role is None else f"{username} is now {label(role)}."
    return redirect(request, f"/products/{product_id}#members", notice=notice)
