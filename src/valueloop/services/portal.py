"""What visitors of a product's public portal do, without signing in: read approved ideas,
submit one, vote, comment. Every write passes a signed form token, a honeypot and per-client
and per-email rate limits; reads return public views that carry no private field at all."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain import ideas
from valueloop.domain.errors import NotFound, PermissionDenied, RateLimited
from valueloop.domain.ideas import Idea, IdeaComment, IdeaStatus, Moderation, PublicSort
from valueloop.domain.products import Product
from valueloop.services import changes, idea_evidence
from valueloop.services.unit_of_work import Page, UnitOfWork


class Feature(StrEnum):
    """The public pages a product can open, each on its own switch."""

    PORTAL = "portal"
    ROADMAP = "roadmap"


class Act(StrEnum):
    """What a visitor does that is rate limited."""

    SUBMIT = "submit"
    VOTE = "vote"
    COMMENT = "comment"


@dataclass(frozen=True, slots=True)
class Limit:
    """At most `count` acts per `window_s` seconds (fixed windows)."""

    count: int
    window_s: int


# Per client (hashed address) and per email, per act. Generous for people, tight for scripts:
# one office behind one address can still vote a few dozen times an hour.
LIMITS: dict[Act, tuple[Limit, Limit]] = {
    Act.SUBMIT: (Limit(5, 3600), Limit(3, 3600)),
    Act.VOTE: (Limit(30, 3600), Limit(30, 3600)),
    Act.COMMENT: (Limit(10, 3600), Limit(5, 3600)),
}
TOKEN_MAX_AGE_S = 4 * 3600
LONGEST_WINDOW_S = max(limit.window_s for pair in LIMITS.values() for limit in pair)


@dataclass(frozen=True, slots=True)
class Guard:
    """Keys for a visitor's request: the workspace secret (hashing, form tokens) and the
    client's address, which is only ever stored as a keyed hash."""

    secret: str
    client: str

    def digest(self, purpose: str, value: str) -> str:
        message = f"{purpose}:{value}".encode()
        return hmac.new(self.secret.encode(), message, hashlib.sha256).hexdigest()

    @property
    def client_hash(self) -> str:
        return self.digest("client", self.client)


@dataclass(frozen=True, slots=True)
class Attempt:
    """One public write: the form's token and its honeypot field."""

    token: str
    honeypot: str = ""


@dataclass(frozen=True, slots=True)
class PublicProduct:
    """A product as the public sees it."""

    name: str
    slug: str
    portal: bool
    roadmap: bool


@dataclass(frozen=True, slots=True)
class PublicIdea:
    """An idea with its public fields only: no email, no customer, no item, no hashes."""

    id: int
    title: str
    body: str
    status: IdeaStatus
    votes: int
    author: str
    created_on: dt.date


@dataclass(frozen=True, slots=True)
class PublicComment:
    id: int
    author: str
    body: str
    team: bool  # written by a member of the product team
    created_on: dt.date


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a visitor is told after a write."""

    accepted: bool
    message: str
    votes: int | None = None


def form_token(secret: str, slug: str, now: float | None = None) -> str:
    """A signed, time-stamped token for a public form of the product at `slug`."""
    stamp = str(int(time.time() if now is None else now))
    return f"{stamp}.{_token_mac(secret, slug, stamp)}"


def _token_mac(secret: str, slug: str, stamp: str) -> str:
    message = f"portal-form:{slug}:{stamp}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def check_token(secret: str, slug: str, token: str, now: float | None = None) -> None:
    """PermissionDenied unless `token` was made by form_token for this product lately."""
    stamp, _, mac = token.partition(".")
    current = time.time() if now is None else now
    fresh = stamp.isdigit() and 0 <= current - int(stamp) <= TOKEN_MAX_AGE_S
    if not fresh or not hmac.compare_digest(mac, _token_mac(secret, slug, stamp)):
        raise PermissionDenied(
            "this form has expired or did not come from this portal; reload the page and try again"
        )


def public_product(uow: UnitOfWork, slug: str, feature: Feature) -> Product:
    """The product published at `slug` with `feature` switched on; NotFound otherwise."""
    found = uow.products.list({"public_slug": slug}, limit=1).items if slug else []
    product = found[0] if found else None
    on = product is not None and (
        product.portal_enabled if feature is Feature.PORTAL else product.roadmap_public
    )
    if product is None or not on:
        raise NotFound(f"there is no public {feature.value} at {slug!r}", field="slug")
    return product


def product_view(product: Product) -> PublicProduct:
    return PublicProduct(
        name=product.name,
        slug=product.public_slug or "",
        portal=product.portal_enabled,
        roadmap=product.roadmap_public,
    )


def _public_idea(idea: Idea) -> PublicIdea:
    return PublicIdea(
        id=idea.id,
        title=idea.title,
        body=idea.body,
        status=idea.status,
        votes=idea.votes,
        author=idea.submitter_name or "A customer",
        created_on=idea.created_at.date(),
    )


def _public_comment(comment: IdeaComment) -> PublicComment:
    return PublicComment(
        id=comment.id,
        author=comment.author_name or "A customer",
        body=comment.body,
        team=comment.user_id is not None,
        created_on=comment.created_at.date(),
    )


def published(uow: UnitOfWork, slug: str, feature: Feature) -> PublicProduct:
    """The product at `slug` whose `feature` is public; NotFound otherwise."""
    with uow:
        return product_view(public_product(uow, slug, feature))


def list_ideas(
    uow: UnitOfWork,
    slug: str,
    *,
    status: IdeaStatus | None = None,
    sort: PublicSort = PublicSort.VOTES,
    limit: int = 50,
    offset: int = 0,
) -> tuple[PublicProduct, Page[PublicIdea]]:
    """Approved ideas (not merged away), most voted or newest first."""
    with uow:
        product = public_product(uow, slug, Feature.PORTAL)
        where: dict[str, object] = {
            "product_id": product.id,
            "moderation": Moderation.APPROVED,
            "merged_into_id": None,
        }
        if status is not None:
            where["status"] = status
        order = ("-votes", "-id") if sort is PublicSort.VOTES else ("-id",)
        page = uow.ideas.list(where, order_by=order, limit=limit, offset=offset)
    listed = Page([_public_idea(i) for i in page.items], page.total, page.limit, page.offset)
    return product_view(product), listed


def _visible_idea(uow: UnitOfWork, product: Product, idea_id: int) -> Idea:
    """The public idea `idea_id` stands for now: merged ideas lead to the one they joined."""
    idea = uow.ideas.get(idea_id)
    for _ in range(10):  # merges chain at most a few deep; never loop on bad data
        if idea is None or idea.merged_into_id is None:
            break
        idea = uow.ideas.get(idea.merged_into_id)
    if idea is None or idea.product_id != product.id or not ideas.is_public(idea):
        raise NotFound(f"idea {idea_id} does not exist", field="idea_id")
    return idea


def get_idea(
    uow: UnitOfWork, slug: str, idea_id: int
) -> tuple[PublicProduct, PublicIdea, list[PublicComment]]:
    """An approved idea and its approved comments; a merged idea answers with its target."""
    with uow:
        product = public_product(uow, slug, Feature.PORTAL)
        idea = _visible_idea(uow, product, idea_id)
        comments = uow.idea_comments.list(
            {"idea_id": idea.id, "moderation": Moderation.APPROVED}, order_by=("id",)
        ).items
    return product_view(product), _public_idea(idea), [_public_comment(c) for c in comments]


def _limit(uow: UnitOfWork, guard: Guard, act: Act, email: str) -> None:
    """Count the act against the client and the email; RateLimited past either limit."""
    per_client, per_email = LIMITS[act]
    now = int(time.time())
    for limit, key in (
        (per_client, f"{act.value}:client:{guard.client_hash}"),
        (per_email, f"{act.value}:email:{guard.digest('email', email)}"),
    ):
        start = now - now % limit.window_s
        window = dt.datetime.fromtimestamp(start, dt.UTC)
        if uow.rate_limits.hit(key, window) > limit.count:
            raise RateLimited(
                f"too many {act.value}s from you in a short time; try again later",
                retry_after_s=start + limit.window_s - now,
            )
    # Windows that ended count for nothing: forget them, or every address a script tries would
    # stay a row for good. Two spans back, so a window ending this very second is kept.
    uow.rate_limits.purge(dt.datetime.fromtimestamp(now - 2 * LONGEST_WINDOW_S, dt.UTC))


def _screen(guard: Guard, slug: str, attempt: Attempt) -> bool:
    """Check the form token; False when the honeypot was filled (a bot: accept and drop)."""
    check_token(guard.secret, slug, attempt.token)
    return not attempt.honeypot.strip()


def submit_idea(
    uow: UnitOfWork, guard: Guard, slug: str, fields: Mapping[str, object], attempt: Attempt
) -> Outcome:
    """A visitor's idea, held for moderation; shown once a moderator approves it."""
    thanks = Outcome(
        True, "Thank you! Your idea is waiting for a moderator and shows once approved."
    )
    with uow:
        product = public_product(uow, slug, Feature.PORTAL)
        if not _screen(guard, slug, attempt):
            return thanks
        values = ideas.validate_submission(fields)
        _limit(uow, guard, Act.SUBMIT, str(values["submitter_email"]))
        uow.ideas.add(
            {
                **values,
                "product_id": product.id,
                "status": IdeaStatus.OPEN,
                "moderation": Moderation.PENDING,
                "customer_id": idea_evidence.customer_for_email(
                    uow, str(values["submitter_email"])
                ),
                "votes": 0,
            }
        )
        uow.commit()
    return thanks


def vote(
    uow: UnitOfWork, guard: Guard, slug: str, idea_id: int, email: object, attempt: Attempt
) -> Outcome:
    """One vote per email per idea; a second vote from the same email changes nothing."""
    with uow:
        product = public_product(uow, slug, Feature.PORTAL)
        idea = _visible_idea(uow, product, idea_id)
        if not _screen(guard, slug, attempt):
            return Outcome(True, "Thank you for your vote!", idea.votes)
        address = ideas.email(email)
        _limit(uow, guard, Act.VOTE, address)
        if uow.idea_votes.count({"idea_id": idea.id, "email": address}):
            uow.commit()  # the attempt still counts against the limits
            return Outcome(False, "You have already voted for this idea.", idea.votes)
        cast = uow.idea_votes.add(
            {
                "idea_id": idea.id,
                "email": address,
                "customer_id": idea_evidence.customer_for_email(uow, address),
                "client_hash": guard.client_hash,
                "created_at": changes.now(),
            }
        )
        idea = idea_evidence.record_vote(uow, idea, cast)
        uow.commit()
    return Outcome(True, "Thank you for your vote!", idea.votes)


def comment(
    uow: UnitOfWork,
    guard: Guard,
    slug: str,
    idea_id: int,
    fields: Mapping[str, object],
    attempt: Attempt,
) -> Outcome:
    """A visitor's comment, held for moderation."""
    thanks = Outcome(True, "Thank you! Your comment shows once a moderator approves it.")
    with uow:
        product = public_product(uow, slug, Feature.PORTAL)
        idea = _visible_idea(uow, product, idea_id)
        if not _screen(guard, slug, attempt):
            return thanks
        values = ideas.validate_comment(fields)
        _limit(uow, guard, Act.COMMENT, str(values["author_email"]))
        uow.idea_comments.add(
            {
                **values,
                "idea_id": idea.id,
                "user_id": None,
                "moderation": Moderation.PENDING,
                "created_at": changes.now(),
            }
        )
        uow.commit()
    return thanks
