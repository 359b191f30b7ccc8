"""Accounts: /api/v1/me, /tokens, /users and product members."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from valueloop.domain.roles import Role
from valueloop.entrypoints.api.deps import Actor, Uow
from valueloop.services import accounts

router = APIRouter(tags=["accounts"])


class MeOut(BaseModel):
    user_id: int
    username: str
    is_admin: bool
    roles: dict[int, Role] = Field(description="Role by product id.")


class UserIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(max_length=64)
    password: str = Field(max_length=1024)
    email: str = Field(default="", max_length=320)
    display_name: str = Field(default="", max_length=200)
    is_admin: bool = False


class UserOut(BaseModel):
    id: int
    username: str
    email: str
    display_name: str
    is_admin: bool
    is_active: bool


class TokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=200, description="What the token is for.")


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class NewTokenOut(TokenOut):
    token: str = Field(description="The secret; shown this once and never again.")


class MemberIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role


class MemberOut(BaseModel):
    user: UserOut
    role: Role


@router.get("/me")
def me(actor: Actor) -> MeOut:
    return MeOut(
        user_id=actor.user_id, username=actor.username, is_admin=actor.is_admin, roles=actor.roles
    )


@router.get("/users")
def list_users(actor: Actor, uow: Uow) -> list[UserOut]:
    return [
        UserOut.model_validate(u, from_attributes=True) for u in accounts.list_users(uow, actor)
    ]


@router.post("/users", status_code=status.HTTP_201_CREATED)
def add_user(body: UserIn, actor: Actor, uow: Uow) -> UserOut:
    user = accounts.add_user(
        uow,
        actor,
        body.username,
        body.password,
        email=body.email,
        display_name=body.display_name,
        is_admin=body.is_admin,
    )
    return UserOut.model_validate(user, from_attributes=True)


@router.get("/tokens")
def list_tokens(actor: Actor, uow: Uow) -> list[TokenOut]:
    return [
        TokenOut.model_validate(t, from_attributes=True) for t in accounts.list_tokens(uow, actor)
    ]


@router.post("/tokens", status_code=status.HTTP_201_CREATED)
def create_token(body: TokenIn, actor: Actor, uow: Uow) -> NewTokenOut:
    secret, token = accounts.create_token(uow, actor, body.name)
    return NewTokenOut(
        **TokenOut.model_validate(token, from_attributes=True).model_dump(), token=secret
    )


@router.delete("/tokens/{token_id}")
def revoke_token(token_id: int, actor: Actor, uow: Uow) -> TokenOut:
    return TokenOut.model_validate(
        accounts.revoke_token(uow, actor, token_id), from_attributes=True
    )


@router.get("/products/{product_id}/members")
def list_members(product_id: int, actor: Actor, uow: Uow) -> list[MemberOut]:
    return [
        MemberOut(user=UserOut.model_validate(user, from_attributes=True), role=role)
        for user, role in accounts.list_members(uow, actor, product_id)
    ]


@router.put("/products/{product_id}/members/{username}")
def set_member(product_id: int, username: str, body: MemberIn, actor: Actor, uow: Uow) -> MemberOut:
    accounts.set_role(uow, actor, product_id, username, body.role)
    members = accounts.list_members(uow, actor, product_id)
    user, role = next((u, r) for u, r in members if u.username == username.lower())
    return MemberOut(user=UserOut.model_validate(user, from_attributes=True), role=role)


@router.delete("/products/{product_id}/members/{username}", status_code=status.HTTP_204_NO_CONTENT)
def remove_member(product_id: int, username: str, actor: Actor, uow: Uow) -> None:
    accounts.set_role(uow, actor, product_id, username, None)
