"""Moderating a product's portal: approve or reject submissions, merge duplicates, set the
status (voters are told through the outbox), and link ideas to backlog items as evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from valueloop.domain import feedback, fields, ideas
from valueloop.domain.errors import NotFound, ValidationFailed
from valueloop.domain.ideas import Idea, IdeaComment, IdeaStatus, IdeaVote, Moderation
from valueloop.domain.products import Product
from valueloop.domain.roles import Action, Principal
from valueloop.services import changes, idea_evidence, outbox
from valueloop.services.records import require_visible
from valueloop.services.unit_of_work import Page, UnitOfWork

RECORD = "idea"
STATUS_TOPIC = "idea.status_changed"


@dataclass(frozen=True, slots=True)
class ModerationQueue:
    """What waits for a moderator: pending ideas and pending comments (with their idea)."""

    ideas: list[Idea]
    comments: list[tuple[IdeaComment, Idea]]


@dataclass(frozen=True, slots=True)
class IdeaDetail:
    """An idea as the team sees it: every vote and comment, whatever their moderation."""

    idea: Idea
    votes: list[IdeaVote]
    comments: list[IdeaComment]
    merged: list[Idea]  # ideas merged into this one


def _idea(uow: UnitOfWork, actor: Principal, idea_id: int, action: Action) -> Idea:
    idea = uow.ideas.require(idea_id)
    require_visible(actor, idea.product_id, RECORD, idea_id)
    actor.require(action, idea.product_id)
    return idea


def list_ideas(
    uow: UnitOfWork,
    actor: Principal,
    product_id: int,
    *,
    moderation: Moderation | None = None,
    status: IdeaStatus | None = None,
    search: str = "",
    limit: int | None = 50,
    offset: int = 0,
) -> Page[Idea]:
    """A product's ideas (merged ones left out), most voted first."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        where: dict[str, object] = {"product_id": product_id, "merged_into_id": None}
        if moderation is not None:
            where["moderation"] = moderation
        if status is not None:
            where["status"] = status
        return uow.ideas.list(
            where,
            search=(("title", "body"), search),
            order_by=("-votes", "-created_at"),
            limit=limit,
            offset=offset,
        )


def queue(uow: UnitOfWork, actor: Principal, product_id: int) -> ModerationQueue:
    """Pending ideas and comments of a product, oldest first."""
    with uow:
        uow.products.require(product_id)
        require_visible(actor, product_id, "product", product_id)
        pending = uow.ideas.list(
            {"product_id": product_id, "moderation": Moderation.PENDING}, order_by=("id",)
        ).items
        product_ideas = {
            i.id: i for i in uow.ideas.list({"product_id": product_id}, order_by=("id",)).items
        }
        comments = uow.idea_comments.list(
            {"idea_id": sorted(product_ideas) or [0], "moderation": Moderation.PENDING},
            order_by=("id",),
        ).items
    return ModerationQueue(pending, [(c, product_ideas[c.idea_id]) for c in comments])


def get_idea(uow: UnitOfWork, actor: Principal, idea_id: int) -> IdeaDetail:
    with uow:
        idea = _idea(uow, actor, idea_id, Action.VIEW)
        return IdeaDetail(
            idea=idea,
            votes=uow.idea_votes.list({"idea_id": idea_id}, order_by=("-id",)).items,
            comments=uow.idea_comments.list({"idea_id": idea_id}, order_by=("id",)).items,
            merged=uow.ideas.list({"merged_into_id": idea_id}).items,
        )


def moderate_idea(uow: UnitOfWork, actor: Principal, idea_id: int, verdict: object) -> Idea:
    """Approve, reject or mark as spam; approval makes it public and turns it into evidence."""
    decision = ideas_choice(verdict)
    with uow:
        before = _idea(uow, actor, idea_id, Action.RECORD_FEEDBACK)
        after = uow.ideas.update(idea_id, None, {"moderation": decision})
        if decision is Moderation.APPROVED:
            after = idea_evidence.record_idea(uow, after)
        changes.logged(
            uow, actor, RECORD, idea_id, "moderate", {"moderation": [before.moderation, decision]}
        )
        uow.commit()
        return after


def moderate_comment(
    uow: UnitOfWork, actor: Principal, comment_id: int, verdict: object
) -> IdeaComment:
    decision = ideas_choice(verdict)
    with uow:
        comment = uow.idea_comments.require(comment_id)
        idea = uow.ideas.require(comment.idea_id)
        require_visible(actor, idea.product_id, "idea comment", comment_id)
        actor.require(Action.RECORD_FEEDBACK, idea.product_id)
        after = uow.idea_comments.update(comment_id, None, {"moderation": decision})
        changes.logged(
            uow,
            actor,
            RECORD,
            idea.id,
            "moderate",
            {f"comment {comment_id}": [comment.moderation, decision]},
        )
        uow.commit()
        return after


def ideas_choice(value: object) -> Moderation:
    """The moderation verdict named by `value`."""
    return fields.choice(value, "moderation", Moderation)


def edit_idea(
    uow: UnitOfWork,
    actor: Principal,
    idea_id: int,
    version: int | None,
    fields: Mapping[str, object],
) -> Idea:
    """Correct an idea's title or body (typos, personal data a visitor should not have posted)."""
    values = ideas.validate_edit(fields)
    with uow:
        before = _idea(uow, actor, idea_id, Action.RECORD_FEEDBACK)
        after = uow.ideas.update(idea_id, version, values)
        changes.logged(
            uow,
            actor,
            RECORD,
            idea_id,
            "update",
            {k: [getattr(before, k), getattr(after, k)] for k in values},
        )
        uow.commit()
        return after


def reply(uow: UnitOfWork, actor: Principal, idea_id: int, body: object) -> IdeaComment:
    """A team member's public comment on an idea (shown at once, marked as the team's)."""
    text = feedback_text(body)
    with uow:
        idea = _idea(uow, actor, idea_id, Action.COMMENT)
        user = uow.users.require(actor.user_id)
        comment = uow.idea_comments.add(
            {
                "idea_id": idea.id,
                "author_name": user.display_name or user.username,
                "author_email": "",
                "user_id": actor.user_id,
                "body": text,
                "moderation": Moderation.APPROVED,
                "created_at": changes.now(),
            }
        )
        changes.logged(uow, actor, RECORD, idea_id, "comment", {"comment": [None, comment.id]})
        uow.commit()
        return comment


def feedback_text(body: object) -> str:
    """A team reply's text, checked."""
    return fields.text({"body": body}, "body", max_len=ideas.COMMENT_MAX, required=True)


def set_status(
    uow: UnitOfWork,
    actor: Principal,
    idea_id: int,
    status: object,
    *,
    site_url: str = "",
    version: int | None = None,
) -> Idea:
    """Move an idea to a status; its submitter and every voter get an email in the outbox, and
    the product's webhook (if set) a signed message."""
    new = fields.choice(status, "status", IdeaStatus)
    with uow:
        before = _idea(uow, actor, idea_id, Action.LINK_EVIDENCE)
        if before.merged_into_id is not None:
            raise ValidationFailed(
                f"idea {idea_id} was merged into idea {before.merged_into_id}; "
                "set that one's status",
                field="status",
            )
        after = uow.ideas.update(idea_id, version, {"status": new})
        if new != before.status:
            product = uow.products.require(after.product_id)
            _tell_followers(uow, product, after, site_url)
            changes.logged(uow, actor, RECORD, idea_id, "status", {"status": [before.status, new]})
        uow.commit()
        return after


def followers(uow: UnitOfWork, idea: Idea) -> list[str]:
    """Who hears about an idea: its submitter, its voters, and the submitters of merged ideas."""
    merged = uow.ideas.list({"merged_into_id": idea.id}).items
    votes = uow.idea_votes.list({"idea_id": idea.id}, order_by=("id",)).items
    emails = [idea.submitter_email, *(m.submitter_email for m in merged), *(v.email for v in votes)]
    return list(dict.fromkeys(e for e in emails if e))


def _tell_followers(uow: UnitOfWork, product: Product, idea: Idea, site_url: str) -> None:
    label = idea.status.value.replace("_", " ")
    url = f"{site_url}/p/{product.public_slug}/ideas/{idea.id}"
    recipients = followers(uow, idea)
    subject = f"{product.name}: “{idea.title}” is now {label}"
    body = (
        f"The idea “{idea.title}” you submitted or voted for on {product.name}'s portal "
        f"is now {label}.\n\nSee it here: {url}\n\n"
        "You get this email because you gave your address when you voted or submitted the idea."
    )
    outbox.enqueue_email(uow, product.id, STATUS_TOPIC, recipients, subject, body)
    if product.portal_webhook_url:
        outbox.enqueue_webhook(
            uow,
            product.id,
            STATUS_TOPIC,
            product.portal_webhook_url,
            {
                "event": STATUS_TOPIC,
                "product": {"id": product.id, "name": product.name, "slug": product.public_slug},
                "idea": {
                    "id": idea.id,
                    "title": idea.title,
                    "status": idea.status.value,
                    "votes": idea.votes,
                    "url": url,
                },
                "recipients": recipients,
            },
        )


def merge(uow: UnitOfWork, actor: Principal, idea_id: int, into_id: int) -> Idea:
    """Merge a duplicate idea into another: votes move (one per email), comments follow, the
    duplicate points to the target; the target's item gains the moved evidence."""
    if idea_id == into_id:
        raise ValidationFailed("an idea cannot be merged into itself", field="into_id")
    with uow:
        source = _idea(uow, actor, idea_id, Action.LINK_EVIDENCE)
        target = uow.ideas.get(into_id)
        if target is None or target.product_id != source.product_id:
            raise NotFound(f"idea {into_id} does not exist in this product", field="into_id")
        if source.merged_into_id is not None or target.merged_into_id is not None:
            raise ValidationFailed("one of the ideas was already merged away", field="into_id")
        source_votes = uow.idea_votes.list({"idea_id": source.id}).items
        moving = ideas.merged_voters(
            [v.email for v in uow.idea_votes.list({"idea_id": target.id}).items],
            [v.email for v in source_votes],
        )
        for vote in source_votes:
            if vote.email in moving:
                uow.idea_votes.update(vote.id, None, {"idea_id": target.id})
            else:
                uow.idea_votes.delete(vote.id)  # a duplicate voter; their note stays as evidence
        for comment in uow.idea_comments.list({"idea_id": source.id}).items:
            uow.idea_comments.update(comment.id, None, {"idea_id": target.id})
        for ref in uow.ideas.list({"merged_into_id": source.id}).items:
            uow.ideas.update(ref.id, None, {"merged_into_id": target.id})
        uow.ideas.update(source.id, None, {"merged_into_id": target.id})
        idea_evidence.count_votes(uow, source.id)
        target = idea_evidence.count_votes(uow, target.id)
        if target.item_id is not None:
            notes = idea_evidence.evidence_notes(uow, target.id)
            notes += [source.note_id] if source.note_id is not None else []
            idea_evidence.link_notes(
                uow, notes, target.item_id, idea_evidence.importance_on(uow, target), actor.user_id
            )
        changes.logged(
            uow, actor, RECORD, source.id, "merge", {"merged_into_id": [None, target.id]}
        )
        changes.logged(
            uow,
            actor,
            RECORD,
            target.id,
            "merge",
            {"absorbed": [None, source.id], "votes": [None, len(moving)]},
        )
        uow.commit()
        return target


def link_item(
    uow: UnitOfWork,
    actor: Principal,
    idea_id: int,
    item_id: int | None,
    importance: object = idea_evidence.DEFAULT_IMPORTANCE,
) -> Idea:
    """Link an idea to a backlog item (None: unlink): its note and every vote's note become
    feedback links to the item with `importance`, so the item's demand counts the voters."""
    level = feedback.importance(importance)
    with uow:
        idea = _idea(uow, actor, idea_id, Action.LINK_EVIDENCE)
        if item_id is not None:
            item = uow.items.get(item_id)
            if item is None or item.product_id != idea.product_id:
                raise NotFound(
                    f"backlog item {item_id} does not exist in this product", field="item_id"
                )
        notes = idea_evidence.evidence_notes(uow, idea_id)
        if idea.item_id is not None and idea.item_id != item_id:
            idea_evidence.unlink_notes(uow, notes, idea.item_id)
        after = uow.ideas.update(idea_id, None, {"item_id": item_id})
        if item_id is not None:
            # A new importance replaces the old one on links made before.
            idea_evidence.unlink_notes(uow, notes, item_id)
            idea_evidence.link_notes(uow, notes, item_id, level, actor.user_id)
        changes.logged(uow, actor, RECORD, idea_id, "link", {"item_id": [idea.item_id, item_id]})
        uow.commit()
        return after
