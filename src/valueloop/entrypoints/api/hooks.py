"""Signed webhooks: /api/v1/products/{id}/hooks (manage) and /api/v1/hooks/{id}/notes (receive).

The receiving route takes no session or token: the request is authenticated by its HMAC-SHA256
signature over the timestamp and the body (see docs/api.md, "Signed webhooks").
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Header, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.inbound_hooks import MAX_BODY, InboundHook
from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.entrypoints.api.feedback import NoteOut
from valueloop.entrypoints.http import container_of
from valueloop.services import inbound_hooks

router = APIRouter(tags=["feedback"])


class HookIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=200, description="Which tool sends, e.g. “Typeform NPS”.")
    source: str = Field(
        default="webhook", max_length=100, description="The source of the notes it sends."
    )


class HookOut(BaseModel):
    id: int
    product_id: int
    name: str
    source: str
    created_by: int | None
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    url: str = Field(description="Where the tool POSTs its signed notes.")


class NewHookOut(HookOut):
    secret: str = Field(description="The signing secret; shown this once, store it now.")


def _out(hook: InboundHook) -> dict[str, object]:
    return {
        "id": hook.id,
        "product_id": hook.product_id,
        "name": hook.name,
        "source": hook.source,
        "created_by": hook.created_by,
        "created_at": hook.created_at,
        "last_used_at": hook.last_used_at,
        "revoked_at": hook.revoked_at,
        "url": f"/api/v1/hooks/{hook.id}/notes",
    }


@router.get("/products/{product_id}/hooks")
def list_hooks(product_id: int, actor: Actor, uow: Uow) -> list[HookOut]:
    """The product's webhooks, newest first; secrets are never shown again."""
    return [
        HookOut.model_validate(_out(h)) for h in inbound_hooks.list_hooks(uow, actor, product_id)
    ]


@router.post("/products/{product_id}/hooks", status_code=status.HTTP_201_CREATED)
def create_hook(
    product_id: int, body: HookIn, actor: Actor, uow: Uow, request: Request
) -> NewHookOut:
    """A new webhook; its secret is in this answer only (it is derived, never stored)."""
    secret_key = container_of(request).settings.resolved_secret_key()
    hook, secret = inbound_hooks.create_hook(uow, actor, product_id, body.model_dump(), secret_key)
    return NewHookOut.model_validate({**_out(hook), "secret": secret})


@router.delete("/hooks/{hook_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_hook(hook_id: int, actor: Actor, uow: Uow) -> Response:
    """Revoke: requests signed with its secret are refused from now on."""
    inbound_hooks.revoke_hook(uow, actor, hook_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/hooks/{hook_id}/notes",
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "Already received (same external id): nothing new stored."}},
)
async def receive_note(
    hook_id: int,
    request: Request,
    response: Response,
    uow: Uow,
    timestamp: str = Header("", alias="X-Valueloop-Timestamp"),
    signature: str = Header("", alias="X-Valueloop-Signature"),
) -> NoteOut:
    """A note from another tool, signed with the hook's secret (no session or token)."""
    body = await request.body()
    if len(body) > MAX_BODY:
        raise ValidationFailed(f"the body is larger than {MAX_BODY // 1024} KB", field="body")
    secret_key = container_of(request).settings.resolved_secret_key()
    note, created = inbound_hooks.receive_note(uow, hook_id, timestamp, signature, body, secret_key)
    if not created:
        response.status_code = status.HTTP_200_OK
    return NoteOut.model_validate(note, from_attributes=True)
