"""The demo's customer evidence: a year of feedback notes from six sources, linked to items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

from valueloop.domain.backlog import ItemType
from valueloop.domain.feedback import Importance, LinkedEvidence
from valueloop.domain.roles import Role
from valueloop.services import demo_corpus as corpus
from valueloop.services.demo_corpus import Theme, fill
from valueloop.services.demo_data import SEGMENTS, Account, Item, Plan, Team


@dataclass(frozen=True, slots=True)
class Feedback:
    """What later areas need from the feedback: the evidence behind each item."""

    evidence: dict[int, list[LinkedEvidence]]
    note_count: int


SOURCES = {  # source → (share of notes, external id prefix, chance a product person linked it)
    "support": (0.34, "ZD", 0.45),
    "nps_survey": (0.24, "NPS", 0.40),
    "sales_call": (0.14, "CALL", 0.70),
    "interview": (0.09, "INT", 0.80),
    "app_review": (0.11, "REV", 0.20),
    "portal": (0.08, "IDEA", 0.60),
}
_TREND: dict[str, Callable[[float], float]] = {
    "steady": lambda x: 1.0,
    "rising": lambda x: 0.5 + 1.2 * x,
    "falling": lambda x: 1.6 - 1.3 * x,
}


def feedback(
    plan: Plan,
    team: Team,
    product_ids: dict[str, int],
    accounts: list[Account],
    items: list[Item],
    count: int = 4000,
) -> Feedback:
    """Notes over the year (more lately, fewer at weekends), some linked to items as evidence."""
    rng = plan.rng
    by_theme: dict[tuple[str, str], list[Item]] = {}
    for item in items:
        if item.theme and item.type is not ItemType.EXPERIMENT:
            by_theme.setdefault((item.product, item.theme), []).append(item)
    days = [plan.start + dt.timedelta(days=d) for d in range(365)]
    day_weights = [
        (0.7 + 0.6 * d / 365) * (0.35 if day.weekday() >= 5 else 1.0) for d, day in enumerate(days)
    ]
    paying = [a for a in accounts if a.status in ("active", "churned")]
    selling = [a for a in accounts if a.status in ("prospect", "lost_deal")]
    # Cumulative weights, computed once: drawing 4,000 accounts stays cheap.
    cumulative = {
        id(pool): list(accumulate(SEGMENTS[a.segment][4] for a in pool))
        for pool in (paying, selling)
    }
    sources, source_weights = list(SOURCES), list(accumulate(s[0] for s in SOURCES.values()))
    deciders = {p: team.with_role(p, Role.PRODUCT_MANAGER, Role.PRODUCT_OWNER) for p in product_ids}
    listeners = {p: [*deciders[p], *team.with_role(p, Role.STAKEHOLDER)] for p in product_ids}
    evidence: dict[int, list[LinkedEvidence]] = {}
    for serial, day in enumerate(sorted(rng.choices(days, day_weights, k=count)), start=1):
        product = "helpdesk" if rng.random() < 0.86 else "insights"
        x = (day - plan.start).days / 365
        themes = [t for t in corpus.THEMES if t.product == product]
        theme = None
        if rng.random() >= 0.05:
            theme = plan.pick(themes, [t.weight * _TREND[t.trend](x) for t in themes])
        source = rng.choices(sources, cum_weights=source_weights)[0]
        if theme is None or (product == "insights" and source == "app_review"):
            source = "support"
        account = None
        if source != "app_review":
            pool = selling if source == "sales_call" and rng.random() < 0.5 else paying
            account = rng.choices(pool, cum_weights=cumulative[id(pool)])[0]
        contact = plan.pick(account.contacts) if account else ("Store reviewer", "")
        text, passage = _note_text(plan, source, theme, account, contact)
        received = plan.moment(day)
        workspace_wide = theme is not None and theme.key == "billing" and rng.random() < 0.5
        note_id = plan.add(
            "feedback_notes",
            text=text,
            source=source,
            customer_id=account.id if account else None,
            author=contact[0],
            received_on=day,
            external_id=f"{SOURCES[source][1]}-{20_000 + serial}",
            product_id=None if workspace_wide else product_ids[product],
            created_by=rng.choice(listeners[product])
            if source in ("interview", "sales_call")
            else None,
            created_at=received,
            updated_at=received,
            version=1,
        )
        candidates = by_theme.get((product, theme.key), []) if theme else []
        if not candidates or rng.random() > SOURCES[source][2]:
            continue
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
                created_by=rng.choice(deciders[product]),
                created_at=plan.moment(linked_on),
            )
            evidence.setdefault(item.id, []).append(
                LinkedEvidence(
                    link_id=link_id,
                    received_on=day,
                    customer_id=account.id if account else None,
                    importance=importance,
                    customer_arr=account.arr if account else 0.0,
                    customer_segment=account.segment if account else "",
                )
            )
    return Feedback(evidence, count)


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
    elif source == "nps_survey":
        score = rng.choice((0, 2, 3, 4, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10))
        if score >= 9:
            wish = ask[0].lower() + ask[1:]
            return f"NPS {score}/10. {rng.choice(corpus.PRAISE)} One wish: {wish}", wish
        parts = [f"NPS {score}/10.", pain, ask if score <= 6 else "Otherwise happy."]
    elif source == "app_review":
        stars = rng.choice((1, 2, 2, 3, 3, 4))
        titles = corpus.REVIEW_TITLES_GOOD if stars >= 4 else corpus.REVIEW_TITLES_BAD
        parts = ["★" * stars + "☆" * (5 - stars), f"“{rng.choice(titles)}”", pain, ask]
    else:
        parts = [f"Idea from the customer portal ({rng.randint(2, 140)} votes):", ask, pain]
    return " ".join(parts), pain
