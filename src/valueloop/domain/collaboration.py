"""Comments with @mentions, watching records, and the notifications they cause."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain import fields as f


class RecordType(StrEnum):
    """The core records people comment on, watch and audit."""

    PRODUCT = "product"
    GOAL = "goal"
    MEASURE = "measure"
    CUSTOMER = "customer"
    FEEDBACK = "feedback"
    ITEM = "item"
    DECISION = "decision"
    INITIATIVE = "initiative"
    OPPORTUNITY = "opportunity"
    SOLUTION = "solution"
    ASSUMPTION_TEST = "assumption_test"
    JTBD_JOB = "jtbd_job"
    COMPETITOR = "competitor"


class NotificationKind(StrEnum):
    MENTION = "mention"
    CHANGE = "change"
    COMMENT = "comment"


@dataclass(frozen=True, slots=True)
class Comment:
    id: int
    record_type: RecordType
    record_id: int
    author_id: int
    body: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Notification:
    id: int
    user_id: int
    kind: NotificationKind
    record_type: RecordType
    record_id: int
    actor_id: int | None
    message: str
    created_at: dt.datetime
    read_at: dt.datetime | None


# A mention is "@" + a username, not preceded by a word character (so e-mail addresses don't count).
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9][A-Za-z0-9_.-]{0,63})")


def mentions(body: str) -> list[str]:
    """Usernames mentioned in a comment, in order of first appearance, without duplicates."""
    seen: dict[str, None] = {}
    for match in MENTION.finditer(body):
        seen.setdefault(match.group(1).rstrip(".").lower(), None)
    return list(seen)


def comment_body(value: object) -> str:
    """A non-empty comment of at most 10,000 characters."""
    return f.text({"body": value}, "body", max_len=10_000, required=True)
