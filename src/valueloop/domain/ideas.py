"""The public portal: ideas customers submit, their votes and comments, and moderation."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed


class IdeaStatus(StrEnum):
    """Where an idea stands, as the public sees it."""

    OPEN = "open"
    UNDER_REVIEW = "under_review"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    SHIPPED = "shipped"
    DECLINED = "declined"


class Moderation(StrEnum):
    """A moderator's verdict on a submission; only approved ones are public."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SPAM = "spam"


class PublicSort(StrEnum):
    """How the public list of ideas is ordered."""

    VOTES = "votes"
    NEWEST = "newest"


# Lengths a visitor may send; longer text is refused with the field named, not cut.
NAME_MAX = 200
EMAIL_MAX = 320
TITLE_MIN, TITLE_MAX = 5, 200
BODY_MAX = 5000
COMMENT_MAX = 2000

# A pragmatic address check: one @, a dotted domain, no spaces or angle brackets.
_EMAIL = re.compile(
    r"[^@\s<>\"']{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)


@dataclass(frozen=True, slots=True)
class Idea:
    """An idea submitted on the public portal."""

    id: int
    product_id: int
    title: str
    body: str
    status: IdeaStatus
    moderation: Moderation
    submitter_name: str
    submitter_email: str
    customer_id: int | None
    item_id: int | None
    merged_into_id: int | None
    note_id: int | None
    votes: int
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class IdeaVote:
    """One voter's vote for an idea."""

    id: int
    idea_id: int
    email: str
    customer_id: int | None
    note_id: int | None
    client_hash: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class IdeaComment:
    """A comment on an idea, by a portal visitor or a member of the team."""

    id: int
    idea_id: int
    author_name: str
    author_email: str
    user_id: int | None
    body: str
    moderation: Moderation
    created_at: dt.datetime


def email(value: object, name: str = "email") -> str:
    """A lowercased email address, or ValidationFailed naming the field."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationFailed(f"{name} is required (we tell you when the idea moves)", field=name)
    address = value.strip().lower()
    if len(address) > EMAIL_MAX or _EMAIL.fullmatch(address) is None:
        raise ValidationFailed(f"{name} is not an email address", field=name)
    return address


def validate_submission(fields: Mapping[str, object]) -> dict[str, object]:
    """A visitor's idea: name, email, title and body, checked and normalized."""
    f.reject_unknown(fields, frozenset({"name", "email", "title", "body"}))
    title = f.text(fields, "title", max_len=TITLE_MAX, required=True)
    if len(title) < TITLE_MIN:
        raise ValidationFailed(
            f"title is shorter than {TITLE_MIN} characters; say what you need", field="title"
        )
    return {
        "submitter_name": f.text(fields, "name", max_len=NAME_MAX),
        "submitter_email": email(fields.get("email")),
        "title": title,
        "body": f.text(fields, "body", max_len=BODY_MAX),
    }


def validate_comment(fields: Mapping[str, object]) -> dict[str, object]:
    """A visitor's comment: name, email and body."""
    f.reject_unknown(fields, frozenset({"name", "email", "body"}))
    return {
        "author_name": f.text(fields, "name", max_len=NAME_MAX),
        "author_email": email(fields.get("email")),
        "body": f.text(fields, "body", max_len=COMMENT_MAX, required=True),
    }


def validate_edit(fields: Mapping[str, object]) -> dict[str, object]:
    """A moderator's correction of an idea's title or body."""
    f.reject_unknown(fields, frozenset({"title", "body"}))
    out: dict[str, object] = {}
    if "title" in fields:
        out["title"] = f.text(fields, "title", max_len=TITLE_MAX, required=True)
    if "body" in fields:
        out["body"] = f.text(fields, "body", max_len=BODY_MAX)
    return out


def merged_voters(target: list[str], source: list[str]) -> list[str]:
    """The source's voter emails the target lacks, in order (a voter counts once per idea)."""
    have = set(target)
    return [address for address in dict.fromkeys(source) if address not in have]


def is_public(idea: Idea) -> bool:
    """Whether visitors may see the idea: approved and not merged away."""
    return idea.moderation == Moderation.APPROVED and idea.merged_into_id is None
