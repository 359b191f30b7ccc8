# ruff: noqa: E501 -- the idea specs below read as one table; wrapping their rows would hide the shape
"""The demo's public portal: Relay Helpdesk opens its portal and public roadmap at
/p/relay-helpdesk, with ideas in every status and moderation state, votes from customers'
people, comments, ideas linked to backlog items (their votes are evidence there, as the
portal's own use cases would record them), and outbox messages sent, pending and failed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import cast

from valueloop.domain import ideas as rules
from valueloop.domain.feedback import NoteStatus
from valueloop.domain.ideas import IdeaStatus, Moderation
from valueloop.domain.outbox import MessageStatus
from valueloop.services import idea_evidence
from valueloop.services.demo_data import Account, Item, Plan
from valueloop.services.idea_evidence import DEFAULT_IMPORTANCE

PRODUCT = "helpdesk"
SLUG = "relay-helpdesk"


@dataclass(frozen=True, slots=True)
class IdeaSpec:
    title: str
    body: str
    status: IdeaStatus = IdeaStatus.OPEN
    moderation: Moderation = Moderation.APPROVED
    votes: int = 0
    item: str = ""  # the backlog item's title it is linked to
    duplicate_of: str = ""  # merged into the idea with this title


S, M = IdeaStatus, Moderation
IDEAS: tuple[IdeaSpec, ...] = (
    IdeaSpec(
        "Sync tickets with Salesforce cases",
        "Our account team lives in Salesforce; tickets should show up on the account.",
        S.IN_PROGRESS,
        votes=24,
        item="Native Salesforce integration",
    ),
    IdeaSpec(
        "Reply to Slack threads from the ticket",
        "Agents switch between Slack and Relay all day.",
        S.SHIPPED,
        votes=19,
        item="Two-way Slack threads for tickets",
    ),
    IdeaSpec(
        "AI suggested replies",
        "Draft an answer from our help center articles.",
        S.IN_PROGRESS,
        votes=17,
        item="AI-drafted replies from help articles",
    ),
    IdeaSpec(
        "Dark mode for the agent inbox", "Night shift agents would love it.", S.PLANNED, votes=15
    ),
    IdeaSpec(
        "SLA policies per customer plan",
        "Enterprise customers need a 1-hour first response, Starter does not.",
        S.PLANNED,
        votes=13,
        item="SLA policies per customer plan",
    ),
    IdeaSpec(
        "Microsoft Teams app", "Same as Slack, for companies on Teams.", S.UNDER_REVIEW, votes=12
    ),
    IdeaSpec(
        "Search tickets by requester email",
        "Typing an address into search finds nothing today.",
        S.UNDER_REVIEW,
        votes=11,
    ),
    IdeaSpec(
        "Daily digest instead of one email per update",
        "I ignore the notification emails because there are so many.",
        S.OPEN,
        votes=9,
    ),
    IdeaSpec(
        "Customer satisfaction survey after close",
        "A one-question survey when a ticket is solved.",
        S.SHIPPED,
        votes=9,
    ),
    IdeaSpec(
        "Shared inbox for several brands",
        "We run three brands from one support team.",
        S.OPEN,
        votes=8,
    ),
    IdeaSpec(
        "Canned responses with variables",
        "Insert the customer's first name and order number.",
        S.OPEN,
        votes=7,
    ),
    IdeaSpec("Mobile app for agents", "Answer urgent tickets from a phone.", S.DECLINED, votes=7),
    IdeaSpec(
        "Ticket merge keeps both conversations",
        "Merging loses the second thread today.",
        S.OPEN,
        votes=6,
    ),
    IdeaSpec("Keyboard shortcuts cheat sheet", "Press ? to see every shortcut.", S.OPEN, votes=5),
    IdeaSpec(
        "Right-to-left languages in the help center",
        "Arabic and Hebrew articles render backwards.",
        S.UNDER_REVIEW,
        votes=4,
    ),
    IdeaSpec("Export reports to Google Sheets", "Scheduled export every Monday.", S.OPEN, votes=4),
    IdeaSpec("Voice channel", "Take phone calls inside Relay.", S.DECLINED, votes=3),
    IdeaSpec(
        "Sync with Salesforce",
        "Please connect to Salesforce.",
        S.OPEN,
        votes=3,
        duplicate_of="Sync tickets with Salesforce cases",
    ),
    IdeaSpec(
        "Dark theme please",
        "My eyes hurt at 2am.",
        S.OPEN,
        votes=2,
        duplicate_of="Dark mode for the agent inbox",
    ),
    IdeaSpec(
        "Show customer ARR next to the ticket", "So we know who to answer first.", S.OPEN, votes=2
    ),
    IdeaSpec(
        "Auto-close tickets waiting on the customer",
        "After 7 days without a reply.",
        S.OPEN,
        M.PENDING,
    ),
    IdeaSpec(
        "Emoji reactions on internal notes",
        "A quick thumbs-up instead of a reply.",
        S.OPEN,
        M.PENDING,
    ),
    IdeaSpec(
        "Webhooks for ticket events", "We want to trigger our own automations.", S.OPEN, M.PENDING
    ),
    IdeaSpec(
        "Cheap followers for your account!!!",
        "Visit our site for the best deals <a href=x>here</a>.",
        S.OPEN,
        M.SPAM,
    ),
    IdeaSpec("asdf", "test test", S.OPEN, M.REJECTED),
)

COMMENTS: tuple[tuple[str, str, Moderation], ...] = (
    (
        "Sync tickets with Salesforce cases",
        "We would also need the case owner to follow the ticket.",
        Moderation.APPROVED,
    ),
    (
        "Dark mode for the agent inbox",
        "Please also for the help center editor.",
        Moderation.APPROVED,
    ),
    (
        "Microsoft Teams app",
        "This is the one thing keeping us from moving off our old tool.",
        Moderation.APPROVED,
    ),
    (
        "Search tickets by requester email",
        "Same for phone numbers would be great.",
        Moderation.PENDING,
    ),
    (
        "Daily digest instead of one email per update",
        "Yes! And let me pick the hour.",
        Moderation.PENDING,
    ),
    ("Shared inbox for several brands", "Buy cheap watches at example.com", Moderation.SPAM),
)


def portal(
    plan: Plan, products: dict[str, int], customers: list[Account], items: list[Item]
) -> None:
    """Open Relay Helpdesk's public pages and fill its portal."""
    product_id = products[PRODUCT]
    for row in plan.rows["products"]:  # every row gets every column (bulk inserts need one set)
        mine = row["id"] == product_id
        row.update(
            public_slug=SLUG if mine else None,
            portal_enabled=mine,
            roadmap_public=mine,
            portal_webhook_url="",
        )
    item_ids = {it.title: it.id for it in items if it.product == PRODUCT}
    people = [(a, a.email(c), c[0]) for a in customers if a.status == "active" for c in a.contacts]
    rng = plan.rng
    ids: dict[str, int] = {}
    for number, spec in enumerate(IDEAS):
        account, email, name = people[rng.randrange(len(people))]
        created = plan.moment(plan.today - dt.timedelta(days=3 + (len(IDEAS) - number) * 9))
        item_id = item_ids.get(spec.item)
        idea_id = plan.add(
            "ideas",
            product_id=product_id,
            title=spec.title,
            body=spec.body,
            status=spec.status.value,
            moderation=spec.moderation.value,
            submitter_name=name,
            submitter_email=email,
            customer_id=account.id,
            item_id=item_id,
            merged_into_id=ids.get(spec.duplicate_of),
            note_id=None,
            votes=0,
            created_at=created,
            updated_at=created,
            version=1,
        )
        ids[spec.title] = idea_id
        row = plan.rows["ideas"][idea_id - 1]
        if spec.moderation is Moderation.APPROVED:
            values = idea_evidence.idea_note(
                idea_id=idea_id,
                product_id=product_id,
                title=spec.title,
                body=spec.body,
                author=name,
                customer_id=account.id,
                received_on=created.date(),
            )
            # Approved long ago: the team has triaged the idea's note since.
            values["status"] = NoteStatus.PROCESSED
            row["note_id"] = _note(plan, values, item_id, created)
        voters = rng.sample(people, min(spec.votes, len(people)))
        emails = {email}
        for voter, voter_email, _ in voters:
            if voter_email in emails:
                continue
            emails.add(voter_email)
            at = plan.moment(
                min(plan.today, created.date() + dt.timedelta(days=rng.randint(0, 30)))
            )
            vote_id = plan.add(
                "idea_votes",
                idea_id=idea_id,
                email=voter_email,
                customer_id=voter.id,
                note_id=None,
                client_hash="",
                created_at=at,
            )
            values = idea_evidence.vote_note(
                idea_id=idea_id,
                product_id=product_id,
                title=spec.title,
                vote_id=vote_id,
                email=voter_email,
                customer_id=voter.id,
                received_on=at.date(),
            )
            plan.rows["idea_votes"][vote_id - 1]["note_id"] = _note(plan, values, item_id, at)
    _merged(plan)
    _count_votes(plan)
    _same_columns(plan.rows["feedback_notes"])
    _comments(plan, ids, people)
    _outbox(plan, product_id, ids)


def _note(plan: Plan, values: dict[str, object], item_id: int | None, at: dt.datetime) -> int:
    """A portal note (fields from idea_evidence), linked to the idea's item as evidence."""
    note_id = plan.add(
        "feedback_notes", **values, assignee_id=None, created_at=at, updated_at=at, version=1
    )
    _link(plan, note_id, item_id, at)
    return note_id


def _link(plan: Plan, note_id: int, item_id: object, at: dt.datetime) -> None:
    """The note as evidence on the item, with the importance a portal vote carries."""
    if isinstance(item_id, int):
        plan.add(
            "feedback_links",
            **idea_evidence.link_values(note_id, item_id, DEFAULT_IMPORTANCE, None, at),
        )


def _same_columns(rows: list[dict[str, object]]) -> None:
    """Portal notes carry a title and attributes; the other notes get them empty (bulk inserts
    need one set of columns)."""
    for row in rows:
        row.setdefault("title", "")
        row.setdefault("attributes", None)


def _merged(plan: Plan) -> None:
    """A merged duplicate's votes move to its target once per email and its note becomes
    evidence on the target's item, as the merge use case leaves them."""
    rows = plan.rows["ideas"]
    for row in rows:
        target = row["merged_into_id"]
        if not isinstance(target, int):
            continue
        item_id = rows[target - 1]["item_id"]
        moved = [v for v in plan.rows["idea_votes"] if v["idea_id"] == row["id"]]
        have = [str(v["email"]) for v in plan.rows["idea_votes"] if v["idea_id"] == target]
        moving = rules.merged_voters(have, [str(v["email"]) for v in moved])
        for vote in moved:
            if vote["email"] in moving:
                vote["idea_id"] = target
                _link(
                    plan, cast(int, vote["note_id"]), item_id, cast(dt.datetime, vote["created_at"])
                )
        if isinstance(row["note_id"], int):
            _link(plan, row["note_id"], item_id, cast(dt.datetime, row["created_at"]))
        plan.rows["idea_votes"] = [v for v in plan.rows["idea_votes"] if v["idea_id"] != row["id"]]


def _count_votes(plan: Plan) -> None:
    """Each idea's vote count, from its vote rows (as idea_evidence.count_votes sets it)."""
    counts = Counter(v["idea_id"] for v in plan.rows["idea_votes"])
    for row in plan.rows["ideas"]:
        row["votes"] = counts[row["id"]]


def _comments(plan: Plan, ids: dict[str, int], people: list[tuple[Account, str, str]]) -> None:
    for title, body, moderation in COMMENTS:
        _, email, name = people[plan.rng.randrange(len(people))]
        plan.add(
            "idea_comments",
            idea_id=ids[title],
            author_name=name,
            author_email=email,
            user_id=None,
            body=body,
            moderation=moderation.value,
            created_at=plan.moment(plan.today - dt.timedelta(days=plan.rng.randint(1, 20))),
        )


def _outbox(plan: Plan, product_id: int, ids: dict[str, int]) -> None:
    """Status emails for two ideas: most sent, a few waiting, one bounced for good."""
    for title, status in (
        ("Reply to Slack threads from the ticket", "shipped"),
        ("Dark mode for the agent inbox", "planned"),
    ):
        idea_id = ids[title]
        emails = [str(plan.rows["ideas"][idea_id - 1]["submitter_email"])]
        emails += [str(v["email"]) for v in plan.rows["idea_votes"] if v["idea_id"] == idea_id]
        at = plan.moment(plan.today - dt.timedelta(days=2))
        for number, email in enumerate(emails):
            state = MessageStatus.SENT if number % 6 else MessageStatus.PENDING
            if number == 1:
                state = MessageStatus.FAILED
            plan.add(
                "outbox",
                product_id=product_id,
                topic="idea.status_changed",
                channel="email",
                recipient=email,
                subject=f"Relay Helpdesk: “{title}” is now {status}",
                body=f"The idea “{title}” you submitted or voted for is now {status}.\n\nSee it here: /p/{SLUG}/ideas/{idea_id}",
                payload=None,
                status=state.value,
                attempts={MessageStatus.SENT: 1, MessageStatus.PENDING: 0, MessageStatus.FAILED: 5}[
                    state
                ],
                last_error="550 mailbox unavailable" if state is MessageStatus.FAILED else "",
                created_at=at,
                sent_at=at if state is MessageStatus.SENT else None,
            )
