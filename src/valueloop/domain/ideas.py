"""The public portal: ideas customers submit, their votes and comments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Idea:
    """An idea submitted on the public portal."""

    id: int
    product_id: int
    title: str
    body: str
    status: str
    moderation: str
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
    moderation: str
    created_at: dt.datetime
