"""Accounts: users, passwords, browser sessions, API tokens and product memberships."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from valueloop.domain import accounts
from valueloop.domain import fields as f
from valueloop.domain.accounts import ApiToken, Membership, User, WebSession
from valueloop.domain.errors import Conflict, NotFound, PermissionDenied, Unauthenticated
from valueloop.domain.roles import Action, Principal, Role
from valueloop.services.changes import now
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import UnitOfWork

_hasher = PasswordHasher()
TOKEN_PREFIX = "vl_"  # noqa: S105 (a marker that makes leaked tokens findable, not a secret)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def principal_for(uow: UnitOfWork, user: User) -> Principal:
    """The principal of an active user, with their roles on every product."""
    if not user.is_active:
        raise Unauthenticated("this account is disabled")
    roles = {m.product_id: Role(m.role) for m in uow.memberships.list({"user_id": user.id}).items}
    return Principal(user_id=user.id, username=user.username, is_admin=user.is_admin, roles=roles)


def create_first_admin(uow: UnitOfWork, username: str, password: str, email: str = "") -> User:
    """Create the workspace's first user, an admin; refused once any user exists."""
    with uow:
        if uow.users.count() > 0:
            raise Conflict("the workspace already has users; ask an admin to add you")
        user = _add_user(uow, username, password, email, display_name="", is_admin=True)
        uow.commit()
        return user


def add_user(
    uow: UnitOfWork,
    actor: Principal,
    username: str,
    password: str,
    *,
    email: str = "",
    display_name: str = "",
    is_admin: bool = False,
) -> User:
    """An admin adds a user."""
    if not actor.is_admin:
        raise PermissionDenied("only admins add users")
    with uow:
        user = _add_user(uow, username, password, email, display_name, is_admin)
        uow.commit()
        return user


def _add_user(
    uow: UnitOfWork, username: str, password: str, email: str, display_name: str, is_admin: bool
) -> User:
    name = accounts.username(username)
    if uow.users.by_username(name) is not None:
        raise Conflict(f"username {name} is taken", field="username")
    stamp = now()
    return uow.users.add(
        {
            "username": name,
            "email": f.text({"email": email}, "email", max_len=320),
            "display_name": f.text({"display_name": display_name}, "display_name", max_len=200),
            "password_hash": _hasher.hash(accounts.password(password)),
            "is_admin": is_admin,
            "is_active": True,
            "created_at": stamp,
            "updated_at": stamp,
        }
    )


def list_users(uow: UnitOfWork, actor: Principal) -> list[User]:
    """Every user (names are needed for mentions and owners, so any member may list them)."""
    if not actor.is_admin and not actor.roles:
        raise PermissionDenied("you have no role on any product")
    with uow:
        return uow.users.list(order_by=("username",)).items


def authenticate(uow: UnitOfWork, username: str, password: str) -> User:
    """The user whose password this is; the same error for an unknown name and a wrong password."""
    with uow:
        user = uow.users.by_username(username.strip().lower())
        if user is None or not user.is_active:
            _hasher.hash(password)  # spend the same time, so names cannot be probed by timing
            raise Unauthenticated("wrong username or password")
        try:
            _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            raise Unauthenticated("wrong username or password") from None
        if _hasher.check_needs_rehash(user.password_hash):
            uow.users.update(user.id, None, {"password_hash": _hasher.hash(password)})
            uow.commit()
        return user


def start_session(uow: UnitOfWork, user: User, max_age_s: int) -> tuple[str, WebSession]:
    """A new browser session: the cookie secret and the stored session with its CSRF token."""
    secret = secrets.token_urlsafe(32)
    stamp = now()
    with uow:
        uow.sessions.delete_expired(stamp)
        session = uow.sessions.add(
            {
                "user_id": user.id,
                "token_hash": _digest(secret),
                "csrf_token": secrets.token_urlsafe(32),
                "created_at": stamp,
                "expires_at": stamp + dt.timedelta(seconds=max_age_s),
            }
        )
        uow.commit()
    return secret, session


def session_principal(uow: UnitOfWork, secret: str) -> tuple[Principal, WebSession]:
    """Who a session cookie belongs to; Unauthenticated when unknown or expired."""
    with uow:
        session = uow.sessions.by_hash(_digest(secret))
        if session is None or session.expires_at < now():
            raise Unauthenticated("your session has ended; sign in again")
        return principal_for(uow, uow.users.require(session.user_id)), session


def end_session(uow: UnitOfWork, secret: str) -> None:
    """Sign out: the session stops working at once."""
    with uow:
        session = uow.sessions.by_hash(_digest(secret))
        if session is not None:
            uow.sessions.delete(session.id)
            uow.commit()


def create_token(uow: UnitOfWork, actor: Principal, name: str) -> tuple[str, ApiToken]:
    """A new API token for the actor; the secret is returned once and only its hash is kept."""
    label = f.text({"name": name}, "name", max_len=200, required=True)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with uow:
        token = uow.tokens.add(
            {
                "user_id": actor.user_id,
                "name": label,
                "token_hash": _digest(secret),
                "prefix": secret[: len(TOKEN_PREFIX) + 6],
                "created_at": now(),
                "last_used_at": None,
                "revoked_at": None,
            }
        )
        uow.commit()
    return secret, token


def list_tokens(uow: UnitOfWork, actor: Principal) -> list[ApiToken]:
    """The actor's own tokens (never their secrets)."""
    with uow:
        return uow.tokens.list({"user_id": actor.user_id}, order_by=("-id",)).items


def revoke_token(uow: UnitOfWork, actor: Principal, token_id: int) -> ApiToken:
    """Stop a token from working; admins may revoke anyone's."""
    with uow:
        token = uow.tokens.get(token_id)
        if token is None or (token.user_id != actor.user_id and not actor.is_admin):
            raise NotFound(f"API token {token_id} does not exist", field="id")
        if token.revoked_at is None:
            token = uow.tokens.update(token.id, None, {"revoked_at": now()})
        uow.commit()
        return token


def token_principal(uow: UnitOfWork, secret: str) -> Principal:
    """Who an API token belongs to; Unauthenticated when unknown or revoked."""
    with uow:
        token = uow.tokens.by_hash(_digest(secret))
        if token is None or token.revoked_at is not None:
            raise Unauthenticated("the API token is unknown or revoked")
        stamp = now()
        if token.last_used_at is None or stamp - token.last_used_at > dt.timedelta(minutes=1):
            uow.tokens.update(token.id, None, {"last_used_at": stamp})
            uow.commit()
        return principal_for(uow, uow.users.require(token.user_id))


def set_role(
    uow: UnitOfWork, actor: Principal, product_id: int, username: str, role: Role | None
) -> Membership | None:
    """Give a user a role on a product, change it, or (role None) remove them."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        actor.require(Action.MANAGE_MEMBERS, product_id)
        user = uow.users.by_username(username)
        if user is None:
            raise NotFound(f"user {username} does not exist", field="username")
        existing = uow.memberships.list({"user_id": user.id, "product_id": product_id}).items
        for membership in existing:
            uow.memberships.delete(membership.id)
        result = None
        if role is not None:
            result = uow.memberships.add(
                {"user_id": user.id, "product_id": product_id, "role": role, "created_at": now()}
            )
        uow.commit()
        return result


def list_members(uow: UnitOfWork, actor: Principal, product_id: int) -> list[tuple[User, Role]]:
    """The people with a role on a product."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        members = uow.memberships.list({"product_id": product_id}).items
        return [(uow.users.require(m.user_id), Role(m.role)) for m in members]


def hash_password(password: str) -> str:
    """The stored form (argon2id) of a password that passes the password rules."""
    return _hasher.hash(accounts.password(password))


def principal_named(uow: UnitOfWork, username: str) -> Principal:
    """The principal of the active user called `username`; NotFound when there is none."""
    with uow:
        user = uow.users.by_username(username.strip().lower())
        if user is None:
            raise NotFound(f"user {username} does not exist", field="username")
        return principal_for(uow, user)


def operator(uow: UnitOfWork) -> Principal:
    """Who the local operator (a shell on the server) acts as: the first active admin."""
    with uow:
        admins = uow.users.list({"is_admin": True, "is_active": True}, limit=1).items
        if not admins:
            raise NotFound("the workspace has no admin yet; create one with `valueloop init`")
        return principal_for(uow, admins[0])
