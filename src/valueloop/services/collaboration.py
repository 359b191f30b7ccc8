"""Use cases for comments with @mentions, watching records, and in-app notifications."""

from __future__ import annotations

from valueloop.domain import collaboration
from valueloop.domain.collaboration import Comment, Notification, NotificationKind, RecordType
from valueloop.domain.errors import NotFound
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes
from valueloop.services.records import label, locate, require_visible
from valueloop.services.unit_of_work import Page, UnitOfWork


def add_comment(
    uow: UnitOfWork, actor: Principal, kind: RecordType, record_id: int, body: str
) -> Comment:
    """Comment on a record: notify mentioned users and watchers; the author starts watching."""
    text = collaboration.comment_body(body)
    with uow:
        record, product_id = locate(uow, kind, record_id)
        require_visible(actor, product_id, kind.value, record_id)
        actor.require(Action.COMMENT, product_id)
        comment = uow.comments.add(
            {
                "record_type": kind.value,
                "record_id": record_id,
                "author_id": actor.user_id,
                "body": text,
                "created_at": changes.now(),
            }
        )
        what = label(kind, record)
        mentioned: set[int] = set()
        for user in uow.users.by_usernames(collaboration.mentions(text)):
            # Only people who can see the record hear about it; no leak through a mention.
            roles = {m.product_id for m in uow.memberships.list({"user_id": user.id}).items}
            sees = user.is_admin or (product_id is None and bool(roles)) or product_id in roles
            if user.id != actor.user_id and user.is_active and sees:
                changes.notify(
                    uow,
                    user.id,
                    actor,
                    kind,
                    record_id,
                    f"{actor.username} mentioned you on {what}",
                    NotificationKind.MENTION,
                )
                mentioned.add(user.id)
        changes.notify_watchers(
            uow,
            actor,
            kind,
            record_id,
            f"{actor.username} commented on {what}",
            notification=NotificationKind.COMMENT,
            skip=frozenset(mentioned),
        )
        uow.watches.watch(actor.user_id, kind.value, record_id, changes.now())
        uow.commit()
        return comment


def list_comments(
    uow: UnitOfWork, actor: Principal, kind: RecordType, record_id: int
) -> list[Comment]:
    with uow:
        _, product_id = locate(uow, kind, record_id)
        require_visible(actor, product_id, kind.value, record_id)
        return uow.comments.list(
            {"record_type": kind.value, "record_id": record_id}, order_by=("created_at",)
        ).items


def set_watching(
    uow: UnitOfWork, actor: Principal, kind: RecordType, record_id: int, watching: bool
) -> bool:
    """Start or stop watching a record; returns the new state."""
    with uow:
        _, product_id = locate(uow, kind, record_id)
        require_visible(actor, product_id, kind.value, record_id)
        if watching:
            uow.watches.watch(actor.user_id, kind.value, record_id, changes.now())
        else:
            uow.watches.unwatch(actor.user_id, kind.value, record_id)
        uow.commit()
        return watching


def is_watching(uow: UnitOfWork, actor: Principal, kind: RecordType, record_id: int) -> bool:
    with uow:
        _, product_id = locate(uow, kind, record_id)
        require_visible(actor, product_id, kind.value, record_id)
        return uow.watches.is_watching(actor.user_id, kind.value, record_id)


def list_notifications(
    uow: UnitOfWork,
    actor: Principal,
    *,
    unread_only: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> Page[Notification]:
    """The actor's notifications, newest first."""
    where: dict[str, object] = {"user_id": actor.user_id}
    if unread_only:
        where["read_at"] = None
    with uow:
        return uow.notifications.list(where, order_by=("-id",), limit=limit, offset=offset)


def unread_count(uow: UnitOfWork, actor: Principal) -> int:
    with uow:
        return uow.notifications.count({"user_id": actor.user_id, "read_at": None})


def mark_read(uow: UnitOfWork, actor: Principal, notification_ids: list[int] | None = None) -> int:
    """Mark some (None: all) of the actor's notifications read; returns how many changed."""
    with uow:
        unread = uow.notifications.list({"user_id": actor.user_id, "read_at": None}).items
        wanted = set(notification_ids) if notification_ids is not None else None
        if wanted is not None:
            mine = {
                n.id
                for n in uow.notifications.list(
                    {"user_id": actor.user_id, "id": sorted(wanted)}
                ).items
            }
            missing = wanted - mine
            if missing:
                raise NotFound(f"notification {min(missing)} does not exist", field="ids")
        stamp = changes.now()
        count = 0
        for notification in unread:
            if wanted is None or notification.id in wanted:
                uow.notifications.update(notification.id, None, {"read_at": stamp})
                count += 1
        uow.commit()
        return count
