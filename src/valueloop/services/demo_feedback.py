"""The demo's customer evidence: a year of feedback notes from many sources, linked to items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import accumulate

from valueloop.domain.backlog import ItemType
from valueloop.domain.feedback import Importance, LinkedEvidence, NoteStatus
from valueloop.domain.roles import Role
from valueloop.services import demo_corpus as corpus
from valueloop.services.demo_corpus import Theme, fill
from valueloop.services.demo_data import SEGMENTS, Account, Item, Plan, Team

SOURCES = {  # source → (share of notes, external id prefix, chance a product person linked it)
    "support": (0.45, "ZD", 0.45),
    "sales_call": (0.18, "CALL", 0.70),
    "interview": (0.12, "INT", 0.80),
    "app_review": (0.14, "REV", 0.20),
    "portal": (0.11, "IDEA", 0.60),
}
# Survey comments arrive with the answers (see demo_surveys); how often one gets linked.
SURVEY_LINK_CHANCE = {"survey:nps": 0.40, "survey:csat": 0.30}
_TREND: dict[str, Callable[[float], float]] = {
    "steady": lambda x: 1.0,
    "rising": lambda x: 0.5 + 1.2 * x,
    "falling": lambda x: 1.6 - 1.3 * x,
}


class Feedback:
    """Writes notes and the links a product person made from them; keeps the evidence per item.

    Later areas read `evidence` (decisions snapshot it); the survey area adds its comments here.
    """

    def __init__(
        self, plan: Plan, team: Team, product_ids: dict[str, int], items: list[Item]
    ) -> None:
        self.plan = plan
        self.product_ids = product_ids
        self.evidence: dict[int, list[LinkedEvidence]] = {}
        self.note_count = 0
        self._by_theme: dict[tuple[str, str], list[Item]] = {}
        for item in items:
            if item.theme and item.type is not ItemType.EXPERIMENT:
                self._by_theme.setdefault((item.product, item.theme), []).append(item)
        self.deciders = {
            p: team.with_role(p, Role.PRODUCT_MANAGER, Role.PRODUCT_OWNER) for p in product_ids
        }
        self.listeners = {
            p: [*self.deciders[p], *team.with_role(p, Role.STAKEHOLDER)] for p in product_ids
        }

    def theme(self, product: str, day: dt.date) -> Theme:
        """A theme people talk about on `day`, following each theme's trend over the year."""
        x = (day - self.plan.start).days / 365
        themes = [t for t in corpus.THEMES if t.product == product]
        return self.plan.pick(themes, [t.weight * _TREND[t.trend](x) for t in themes])

    def add(
        self,
        *,
        product: str,
        day: dt.date,
        source: str,
        account: Account | None,
        author: str,
        text: str,
        passage: str,
        theme: Theme | None,
        external_id: str,
        link_chance: float,
        workspace_wide: bool = False,
        created_by: int | None = None,
    ) -> int:
        """Store a note; with `link_chance` a product person linked its passage to an item."""
        plan, rng = self.plan, self.plan.rng
        received = plan.moment(day)
        note_id = plan.add(
            "feedback_notes",
            text=text,
            source=source,
            customer_id=account.id if account else None,
            author=author,
            received_on=day,
            external_id=external_id,
            product_id=None if workspace_wide else self.product_ids[product],
            created_by=created_by,
            created_at=received,
            updated_at=received,
            version=1,
        )
        self.note_count += 1
        candidates = self._by_theme.get((product, theme.key), []) if theme else []
        if not candidates or not passage or rng.random() > link_chance:
            self._triage(note_id, day, product, linked=False)
            return note_id
        self._triage(note_id, day, product, linked=True)
        targets = {plan.pick(candidates, [1 / (1 + i) for i in range(len(candidates))])}
        if rng.random() < 0.1:
            targets.add(rng.choice(candidates))
        for item in sorted(targets, key=lambda i: i.id):
            importance = Importance(plan.pick((0, 1, 2, 3), _importance_weights(source, account)))
            linked_on = min(
                plan.today, max(day, item.created) + dt.timedelta(days=rng.randint(0, 14))
            )
            link_id = plan.add(
                "feedback_links",
                note_id=note_id,
                item_id=item.id,
                importance=int(importance),
                highlight=passage,
                created_by=rng.choice(self.deciders[product]),
                created_at=plan.moment(linked_on),
            )
            self.evidence.setdefault(item.id, []).append(
                LinkedEvidence(
                    link_id=link_id,
                    received_on=day,
                    customer_id=account.id if account else None,
                    importance=importance,
                    customer_arr=account.arr if account else 0.0,
                    customer_segment=account.segment if account else "",
                )
            )
        return note_id

    def _triage(self, note_id: int, day: dt.date, product: str, *, linked: bool) -> None:
        """Give the note an inbox state without drawing from the random stream (which would
        change every figure after it): linked and older notes were processed, a few archived,
        recent unlinked ones are new, some of them assigned to a product person."""
        row = self.plan.rows["feedback_notes"][note_id - 1]
        age = (self.plan.today - day).days
        deciders = self.deciders[product]
        if linked:
            status = NoteStatus.PROCESSED
        elif age > 45:
            status = NoteStatus.ARCHIVED if note_id % 5 == 0 else NoteStatus.PROCESSED
        else:
            status = NoteStatus.NEW
        assign = bool(deciders) and (
            note_id % 3 == 0 if status is NoteStatus.NEW else note_id % 7 == 0
        )
        row["status"] = status.value
        row["assignee_id"] = deciders[note_id % len(deciders)] if assign else None


def feedback(
    plan: Plan,
    team: Team,
    product_ids: dict[str, int],
    accounts: list[Account],
    items: list[Item],
    count: int = 3100,
) -> Feedback:
    """Notes over the year (more lately, fewer at weekends), some linked to items as evidence."""
    rng = plan.rng
    notes = Feedback(plan, team, product_ids, items)
    days = [plan.start + dt.timedelta(days=d) for d in range(365)]
    day_weights = [
        (0.7 + 0.6 * d / 365) * (0.35 if day.weekday() >= 5 else 1.0) for d, day in enumerate(days)
    ]
    paying = [a for a in accounts if a.status in ("active", "churned")]
    selling = [a for a in accounts if a.status in ("prospect", "lost_deal")]
    # Cumulative weights, computed once: drawing thousands of accounts stays cheap.
    cumulative = {
        id(pool): list(accumulate(SEGMENTS[a.segment][4] for a in pool))
        for pool in (paying, selling)
    }
    sources, source_weights = list(SOURCES), list(accumulate(s[0] for s in SOURCES.values()))
    for serial, day in enumerate(sorted(rng.choices(days, day_weights, k=count)), start=1):
        product = "helpdesk" if rng.random() < 0.86 else "insights"
        theme = notes.theme(product, day) if rng.random() >= 0.05 else None
        source = rng.choices(sources, cum_weights=source_weights)[0]
        if theme is None or (product == "insights" and source == "app_review"):
            source = "support"
        account = None
        if source != "app_review":
            pool = selling if source == "sales_call" and rng.random() < 0.5 else paying
            account = rng.choices(pool, cum_weights=cumulative[id(pool)])[0]
        contact = plan.pick(account.contacts) if account else ("Store reviewer", "")
        text, passage = _note_text(plan, source, theme, account, contact)
        notes.add(
            product=product,
            day=day,
            source=source,
            account=account,
            author=contact[0],
            text=text,
            passage=passage,
            theme=theme,
            external_id=f"{SOURCES[source][1]}-{20_000 + serial}",
            link_chance=SOURCES[source][2],
            workspace_wide=theme is not None and theme.key == "billing" and rng.random() < 0.5,
            created_by=rng.choice(notes.listeners[product])
            if source in ("interview", "sales_call")
            else None,
        )
    return notes


def _importance_weights(source: str, account: Account | None) -> list[float]:
    weights = [0.08, 0.32, 0.40, 0.20]
    if source in ("sales_call", "interview"):
        weights = [0.04, 0.20, 0.44, 0.32]
    if account is not None and account.segment == "Enterprise":
        weights[3] += 0.15
    return weights


def _note_text(
    plan: Plan,
    source: str,
    theme: Theme | None,
    account: Account | None,
    contact: tuple[str, str],
) -> tuple[str, str]:
    """The note's text and the passage a product person would highlight (it occurs in the text)."""
    rng = plan.rng
    name, title = contact
    who = {"first": name.split(" ")[0], "title": title}
    company = account.name if account else ""
    greeting = rng.choice(corpus.GREETINGS)
    signoff = fill(rng, rng.choice(corpus.SIGNOFFS), **who)
    if theme is None:
        body = rng.choice(corpus.SMALL_TALK)
        return "\n\n".join(p for p in (greeting, body, signoff) if p), ""
    pain = fill(rng, rng.choice(theme.pains))
    ask = fill(rng, rng.choice(theme.requests))
    if source == "support":
        body = " ".join(p for p in (pain, ask, fill(rng, rng.choice(corpus.IMPACTS))) if p)
        return "\n\n".join(p for p in (greeting, body, signoff) if p), pain
    if source == "interview":
        parts = [
            f"Customer interview with {name} ({title}, {company}).",
            pain,
            f"In their words: “{ask}”",
            fill(rng, rng.choice(corpus.WORKAROUNDS)),
        ]
    elif source == "sales_call":
        segment = account.segment if account else ""
        parts = [
            f"Sales call with {company} ({segment}, {fill(rng, '{agents}')} agents, "
            f"comparing us with {rng.choice(corpus.COMPETITORS)}).",
            pain,
            ask,
            fill(rng, rng.choice(corpus.DEAL_NOTES)),
        ]
    elif source == "app_review":
        stars = rng.choice((1, 2, 2, 3, 3, 4))
        titles = corpus.REVIEW_TITLES_GOOD if stars >= 4 else corpus.REVIEW_TITLES_BAD
        parts = ["★" * stars + "☆" * (5 - stars), f"“{rng.choice(titles)}”", pain, ask]
    else:
        parts = [f"Idea from the customer portal ({rng.randint(2, 140)} votes):", ask, pain]
    return " ".join(parts), pain


def survey_comment(plan: Plan, theme: Theme, score: int, promoter_from: int) -> tuple[str, str]:
    """A survey answer's comment and the passage worth highlighting, in the spirit of the score."""
    rng = plan.rng
    pain = fill(rng, rng.choice(theme.pains))
    ask = fill(rng, rng.choice(theme.requests))
    if score >= promoter_from:
        wish = ask[0].lower() + ask[1:]
        return f"{rng.choice(corpus.PRAISE)} One wish: {wish}", wish
    if score >= promoter_from - 2:
        return f"{pain} Otherwise happy.", pain
    return f"{pain} {ask}", pain
