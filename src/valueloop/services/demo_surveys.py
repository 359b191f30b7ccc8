"""The demo's surveys: a year of NPS, CSAT, eNPS and satisfaction-gap answers; comments as notes.

Answers are stored the way the survey import stores them (a comment becomes a feedback note of
the customer with the same source, text and external id), so the computed survey measures come
from them exactly as they would from imported files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import accumulate

from valueloop.domain.surveys import GAP
from valueloop.services import demo_corpus as corpus
from valueloop.services.demo_data import SEGMENTS, Account, Plan
from valueloop.services.demo_feedback import SURVEY_LINK_CHANCE, Feedback, survey_comment
from valueloop.services.demo_finance import headcount


@dataclass(frozen=True, slots=True)
class NpsSpec:
    """A monthly 0–10 survey wave: how many answer, and the score moving from `start` to `end`."""

    survey: str  # "nps" or "enps"
    product: str
    answers: tuple[int, int]  # per wave, low and high
    start: float
    end: float
    passives: float  # share of 7s and 8s
    comments: tuple[float, float, float]  # chance of a comment: detractor, passive, promoter


NPS = (
    NpsSpec("nps", "helpdesk", (140, 200), 16, 32, 0.36, (0.55, 0.30, 0.30)),
    # Relay Insights asks its pilot and beta design partners only.
    NpsSpec("nps", "insights", (30, 55), 4, 22, 0.34, (0.60, 0.40, 0.40)),
)
ENPS = NpsSpec("enps", "helpdesk", (0, 0), 8, 22, 0.40, (0.0, 0.0, 0.0))
CSAT = (0.80, 0.88)  # share of 4s and 5s after a ticket, from the start of the year to its end
GAP_MEAN = (3.2, 2.4)  # desired − current experience of reporting, on 1–5
GAP_SHARE = 0.35  # of NPS respondents who also answer the paired reporting questions
_DETRACTOR_WEIGHTS = (1, 1, 2, 3, 4, 7, 9)  # answers 0 to 6


def surveys(plan: Plan, products: dict[str, int], accounts: list[Account], notes: Feedback) -> None:
    """Every survey answer of the year; comments become notes linked like other feedback."""
    waves = wave_days(plan)
    paying = [a for a in accounts if a.status in ("active", "churned")]
    for spec in NPS:
        pool = paying
        if spec.product == "insights":
            pool = [a for a in paying if a.segment != "SMB"][:40]
        _nps_waves(plan, products, pool, notes, spec, waves)
    _enps_waves(plan, products, waves)
    _csat(plan, products, paying, notes)


def wave_days(plan: Plan) -> list[dt.date]:
    """The first Tuesday of each month of the demo year: when the monthly surveys go out."""
    days = []
    month = plan.start.replace(day=1)
    while month <= plan.today:
        tuesday = month + dt.timedelta(days=(1 - month.weekday()) % 7)
        if plan.start <= tuesday <= plan.today:
            days.append(tuesday)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return days


def _progress(plan: Plan, day: dt.date) -> float:
    return min(1.0, max(0.0, (day - plan.start).days / 364))


def _nps_score(plan: Plan, value: float, passives: float) -> int:
    """One 0–10 answer from a population whose NPS is `value`."""
    promoters = (1 - passives + value / 100) / 2
    draw = plan.rng.random()
    if draw < promoters:
        return plan.pick((9, 10), (0.55, 0.45))
    if draw < promoters + passives:
        return plan.pick((7, 8), (0.45, 0.55))
    return plan.pick(range(7), _DETRACTOR_WEIGHTS)


def _answered(plan: Plan, wave: dt.date) -> dt.date | None:
    """When someone answered a wave: most in the first days, none after two weeks or today."""
    day = wave + dt.timedelta(days=min(13, int(plan.rng.expovariate(1 / 2.5))))
    return day if day <= plan.today else None


def _nps_waves(
    plan: Plan,
    products: dict[str, int],
    pool: list[Account],
    notes: Feedback,
    spec: NpsSpec,
    waves: list[dt.date],
) -> None:
    rng = plan.rng
    product_id = products[spec.product]
    for wave in waves:
        x = _progress(plan, wave)
        value = spec.start + (spec.end - spec.start) * x
        # Churned accounts stop answering half way through the year.
        people = [(a, c) for a in pool if a.status == "active" or x < 0.5 for c in a.contacts]
        seen: set[str] = set()  # two contacts of an account may share a name, hence an address
        for account, contact in rng.sample(people, min(len(people), rng.randint(*spec.answers))):
            day = _answered(plan, wave)
            respondent = account.email(contact)
            if day is None or respondent in seen:
                continue
            seen.add(respondent)
            score = _nps_score(plan, value, spec.passives)
            group = 0 if score <= 6 else (1 if score <= 8 else 2)
            comment, note_id = "", None
            if rng.random() < spec.comments[group]:
                theme = notes.theme(spec.product, day)
                comment, passage = survey_comment(plan, theme, score, 9)
                note_id = notes.add(
                    product=spec.product,
                    day=day,
                    source=f"survey:{spec.survey}",
                    account=account,
                    author=respondent,
                    text=f"{comment} (score {score})",
                    passage=passage,
                    theme=theme,
                    external_id=f"{product_id}:{respondent}:{day.isoformat()}",
                    link_chance=SURVEY_LINK_CHANCE[f"survey:{spec.survey}"],
                    created_by=rng.choice(notes.deciders[spec.product]),
                )
            _answer(
                plan,
                product_id,
                spec.survey,
                respondent,
                account,
                day,
                comment=comment,
                note_id=note_id,
                score=float(score),
            )
            if spec.product == "helpdesk" and rng.random() < GAP_SHARE:
                desired = plan.pick((4, 5), (0.3, 0.7))
                mean = GAP_MEAN[0] + (GAP_MEAN[1] - GAP_MEAN[0]) * x
                gap = round(rng.gauss(mean, 0.9))
                current = max(1, min(desired, desired - gap))
                _answer(
                    plan,
                    product_id,
                    GAP,
                    respondent,
                    account,
                    day,
                    desired=float(desired),
                    current=float(current),
                )


def _enps_waves(plan: Plan, products: dict[str, int], waves: list[dt.date]) -> None:
    """The monthly pulse of the Relay Helpdesk team: anonymous, so no customer, no comments."""
    rng, spec = plan.rng, ENPS
    for wave in waves:
        x = _progress(plan, wave)
        value = spec.start + (spec.end - spec.start) * x
        staff = headcount(plan, wave)
        for number in sorted(
            rng.sample(range(1, staff + 1), round(staff * rng.uniform(0.55, 0.8)))
        ):
            day = _answered(plan, wave)
            if day is not None:
                score = float(_nps_score(plan, value, spec.passives))
                respondent = f"employee-{number:03d}"
                _answer(plan, products["helpdesk"], "enps", respondent, None, day, score=score)


def _csat(plan: Plan, products: dict[str, int], paying: list[Account], notes: Feedback) -> None:
    """A satisfaction question after closed tickets, every day; unhappy answers say why."""
    rng = plan.rng
    weights = list(accumulate(SEGMENTS[a.segment][4] for a in paying))
    product_id = products["helpdesk"]
    for offset in range(365):
        day = plan.start + dt.timedelta(days=offset)
        if day > plan.today:
            break
        x = _progress(plan, day)
        satisfied = CSAT[0] + (CSAT[1] - CSAT[0]) * x
        seen: set[str] = set()
        for _ in range(rng.randint(1, 4) if day.weekday() >= 5 else rng.randint(5, 11)):
            account = rng.choices(paying, cum_weights=weights)[0]
            if account.status == "churned" and x >= 0.5:
                continue
            contact = plan.pick(account.contacts)
            respondent = account.email(contact)
            if respondent in seen:
                continue
            seen.add(respondent)
            happy = rng.random() < satisfied
            score = plan.pick((4, 5), (0.4, 0.6)) if happy else plan.pick((1, 2, 3), (25, 30, 45))
            comment, passage, theme, note_id = "", "", None, None
            if not happy and rng.random() < 0.45:
                theme = notes.theme("helpdesk", day)
                comment = passage = corpus.fill(rng, rng.choice(theme.pains))
            elif happy and rng.random() < 0.06:
                comment = rng.choice(corpus.CSAT_PRAISE)
            if comment:
                note_id = notes.add(
                    product="helpdesk",
                    day=day,
                    source="survey:csat",
                    account=account,
                    author=respondent,
                    text=f"{comment} (score {score})",
                    passage=passage,
                    theme=theme,
                    external_id=f"{product_id}:{respondent}:{day.isoformat()}",
                    link_chance=SURVEY_LINK_CHANCE["survey:csat"],
                    created_by=rng.choice(notes.deciders["helpdesk"]),
                )
            _answer(
                plan,
                product_id,
                "csat",
                respondent,
                account,
                day,
                comment=comment,
                note_id=note_id,
                score=float(score),
            )


def _answer(
    plan: Plan,
    product_id: int,
    survey: str,
    respondent: str,
    account: Account | None,
    day: dt.date,
    *,
    comment: str = "",
    note_id: int | None = None,
    score: float | None = None,
    desired: float | None = None,
    current: float | None = None,
) -> None:
    plan.add(
        "survey_responses",
        product_id=product_id,
        survey=survey,
        respondent=respondent,
        customer_id=account.id if account else None,
        responded_on=day,
        score=score,
        desired=desired,
        current=current,
        comment=comment,
        note_id=note_id,
        source_file=f"{'reporting-gap' if survey == GAP else survey}-{day:%Y-%m}.csv",
        created_at=plan.moment(day),
    )
