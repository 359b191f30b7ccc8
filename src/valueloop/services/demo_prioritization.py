"""Demo prioritization: estimates with ranges, MoSCoW and a confidence override, saved formulas,
desirability/viability/feasibility assessments, Kano answers, and the score snapshots of
delivered items with their measured impact, so every prioritization view shows real numbers.

Pure and seeded like the other demo areas: rows are added to the `Plan`, nothing is read back.
"""

from __future__ import annotations

import datetime as dt

from valueloop.domain.backlog import ItemStatus, ItemType
from valueloop.domain.roles import Role
from valueloop.domain.scoring import FIBONACCI, IMPACT_SCALE, Term, rice, wsjf
from valueloop.services.demo_data import Account, Item, Plan, Team

_OPEN = (ItemStatus.NEW, ItemStatus.READY, ItemStatus.IN_PROGRESS)
_IMPACTS = sorted(IMPACT_SCALE)  # 0.25 … 3
_FIB = sorted(FIBONACCI)
_REACH = {ItemType.FEATURE: 1800, ItemType.IMPROVEMENT: 900, ItemType.BUG: 400}
_FORMULAS = (
    (
        "Goal-weighted RICE",
        "RICE, counted fully for items that serve a weighted goal and half for the rest.",
        ("reach * impact * confidence_rice / effort * max(goal_weight, 0.5)",),
    ),
    (
        "Revenue at stake per effort",
        "ARR of the customers asking, by how sure we are, per person-month.",
        ("arr / effort", "arr * confidence / effort"),
    ),
)
_DESIRABILITY = (
    "{n} of {m} interviewed admins asked for it unprompted",
    "Survey: {n}% of respondents rate it important or critical",
    "{n} customers linked support tickets to it this quarter",
)
_VIABILITY = (
    "Sales: named in {n} open deals; finance sees no margin risk",
    "Fits the {plan} plan; pricing reviewed with finance",
    "Legal review done; no new data-processing terms needed",
)
_FEASIBILITY = (
    "Spike done: about {n} weeks for two engineers",
    "Needs the new permissions model first; {n} sprints",
    "Reuses the existing export pipeline; low risk",
)
_KANO = {  # a prototype answer pair per category; a quarter of answers stray from it
    "attractive": (("like", "neutral"), ("like", "live_with"), ("like", "expect")),
    "one_dimensional": (("like", "dislike"),),
    "must_be": (("expect", "dislike"), ("neutral", "dislike"), ("live_with", "dislike")),
    "indifferent": (("neutral", "neutral"), ("live_with", "neutral"), ("neutral", "live_with")),
}
_ANSWERS = ("like", "expect", "neutral", "live_with", "dislike")


def prioritization(
    plan: Plan,
    team: Team,
    product_ids: dict[str, int],
    items: list[Item],
    accounts: list[Account],
) -> None:
    """Estimates, priorities, formulas, assessments, Kano answers and calibration history."""
    usernames = {user_id: name for name, user_id in team.ids.items()}
    for product, product_id in product_ids.items():
        mine = [i for i in items if i.product == product]
        estimators = team.with_role(product, Role.CONTRIBUTOR)
        deciders = team.with_role(product, Role.PRODUCT_OWNER, Role.PRODUCT_MANAGER)
        formula_ids = _formulas(plan, product_id, deciders[0])
        # Most items are estimated; some new ones wait for it (they show as unscored).
        estimated = [
            i
            for i in mine
            if i.status is ItemStatus.DONE
            or (i.status in _OPEN and (i.status is not ItemStatus.NEW or plan.rng.random() < 0.8))
        ]
        inputs = {i.id: _estimates(plan, i, estimators) for i in estimated}
        _priorities(plan, [i for i in mine if i.status in _OPEN], inputs, deciders)
        _assessments(plan, [i for i in mine if i.status in _OPEN][:36], deciders, estimators)
        _kano(plan, product_id, mine, accounts)
        delivered = [i for i in mine if i.status is ItemStatus.DONE and i.id in inputs][:24]
        for item in delivered:
            _history(plan, item, inputs[item.id], formula_ids, usernames, deciders[0])


def _at(plan: Plan, day: dt.date) -> dt.datetime:
    return plan.moment(min(day, plan.today))


def _estimate(
    plan: Plan,
    item: Item,
    field: str,
    likely: float,
    who: int,
    spread: tuple[float, float] | None = None,
    distribution: str = "triangular",
) -> None:
    low, high = (likely, likely) if spread is None else spread
    at = _at(plan, item.created + dt.timedelta(days=plan.rng.randint(1, 20)))
    plan.add(
        "item_estimates",
        item_id=item.id,
        field=field,
        low=low,
        likely=likely,
        high=high,
        distribution=distribution if low != high else "point",
        estimator_id=who,
        note="",
        created_at=at,
        updated_at=at,
        version=1,
    )


def _estimates(plan: Plan, item: Item, estimators: list[int]) -> dict[str, float]:
    """RICE inputs (reach and effort as ranges), WSJF inputs, a value and a predicted impact."""
    rng = plan.rng
    who = rng.choice(estimators)
    reach = float(round(_REACH.get(item.type, 300) * rng.lognormvariate(0, 0.6), -1) or 10)
    impact = float(plan.pick(_IMPACTS, (1, 3, 4, 3, 1)))
    effort = float(plan.pick((0.5, 1, 2, 3, 5, 8), (2, 4, 4, 3, 2, 1)))
    values = {"reach": reach, "impact": impact, "effort": effort}
    _estimate(plan, item, "reach", reach, who, (round(reach * 0.6), round(reach * 1.8)), "pert")
    low_impact = _IMPACTS[max(_IMPACTS.index(impact) - 1, 0)]
    if rng.random() < 0.5 and low_impact < impact:
        _estimate(plan, item, "impact", impact, who, (low_impact, impact), "uniform")
    else:
        _estimate(plan, item, "impact", impact, who)
    _estimate(plan, item, "effort", effort, who, (effort * 0.5, effort * 2.5), "triangular")
    for field in ("business_value", "time_criticality", "risk_reduction", "job_size"):
        values[field] = float(plan.pick(_FIB, (2, 3, 4, 4, 3, 2, 1)))
        _estimate(plan, item, field, values[field], who)
    values["value"] = float(rng.randint(1, 10))
    _estimate(plan, item, "value", values["value"], who)
    values["predicted_impact"] = round(reach * impact * rng.uniform(0.004, 0.012), 1)
    _estimate(plan, item, "predicted_impact", values["predicted_impact"], who)
    return values


def _priorities(
    plan: Plan, items: list[Item], inputs: dict[int, dict[str, float]], deciders: list[int]
) -> None:
    """MoSCoW for the ready and started items; one confidence set by hand, with its reason."""
    overridden = False
    for item in items:
        if item.status is ItemStatus.NEW:
            continue
        at = _at(plan, item.created + dt.timedelta(days=plan.rng.randint(5, 40)))
        override: dict[str, object] = {
            "confidence_override": None,
            "override_reason": "",
            "override_by": None,
            "override_at": None,
        }
        if not overridden and item.id in inputs and item.type is ItemType.FEATURE:
            overridden = True
            override = {
                "confidence_override": 0.9,
                "override_reason": "A/B test of the prototype on 5% of accounts: +12% activation",
                "override_by": deciders[0],
                "override_at": at,
            }
        plan.add(
            "item_priorities",
            item_id=item.id,
            moscow=plan.pick(("must", "should", "could", "wont"), (4, 3, 2, 1)),
            **override,
            impact_measure_id=None,
            created_at=at,
            updated_at=at,
            version=1,
        )


def _formulas(plan: Plan, product_id: int, author: int) -> list[tuple[int, str, int]]:
    """The saved formulas (id, label, revision); the second one was rewritten once."""
    saved = []
    for name, description, texts in _FORMULAS:
        created = plan.moment(plan.start + dt.timedelta(days=plan.rng.randint(30, 90)))
        updated = created + dt.timedelta(days=40 * (len(texts) - 1))
        formula_id = plan.add(
            "formulas",
            product_id=product_id,
            name=name,
            description=description,
            text=texts[-1],
            revision=len(texts),
            created_by=author,
            created_at=created,
            updated_at=min(updated, plan.now),
            version=len(texts),
        )
        for revision, text in enumerate(texts, start=1):
            plan.add(
                "formula_versions",
                formula_id=formula_id,
                revision=revision,
                text=text,
                created_by=author,
                created_at=min(created + dt.timedelta(days=40 * (revision - 1)), plan.now),
            )
        saved.append((formula_id, f"{name} v{len(texts)}", len(texts)))
    return saved


def _assessments(plan: Plan, items: list[Item], deciders: list[int], estimators: list[int]) -> None:
    rng = plan.rng
    for item in items:
        for dimension, texts, people in (
            ("desirability", _DESIRABILITY, deciders),
            ("viability", _VIABILITY, deciders),
            ("feasibility", _FEASIBILITY, estimators),
        ):
            if rng.random() < 0.15:
                continue  # not every item is assessed on every dimension yet
            at = _at(plan, item.created + dt.timedelta(days=rng.randint(3, 50)))
            evidence = rng.choice(texts).format(
                n=rng.randint(2, 9), m=rng.randint(10, 14), plan=rng.choice(("Growth", "Scale"))
            )
            plan.add(
                "item_assessments",
                item_id=item.id,
                dimension=dimension,
                rating=plan.pick(("high", "medium", "low"), (4, 4, 2)),
                evidence=evidence,
                link="",
                note_id=None,
                assessed_by=rng.choice(people),
                created_at=at,
                updated_at=at,
                version=1,
            )


def _kano(plan: Plan, product_id: int, items: list[Item], accounts: list[Account]) -> None:
    """A Kano survey of eight open features, answered by a dozen customer contacts each."""
    rng = plan.rng
    features = [i for i in items if i.type is ItemType.FEATURE and i.status in _OPEN][:8]
    day = plan.today - dt.timedelta(days=21)
    for item in features:
        category = rng.choice(list(_KANO))
        for account in rng.sample(accounts, 12):
            if rng.random() < 0.25:
                pair = (rng.choice(_ANSWERS), rng.choice(_ANSWERS))
            else:
                pair = rng.choice(_KANO[category])
            plan.add(
                "kano_answers",
                product_id=product_id,
                item_id=item.id,
                respondent=account.email(account.contacts[0]),
                customer_id=account.id,
                functional=pair[0],
                dysfunctional=pair[1],
                answered_on=day + dt.timedelta(days=rng.randint(0, 6)),
                source_file="kano-survey.csv",
                created_at=plan.moment(day + dt.timedelta(days=7)),
            )


def _history(
    plan: Plan,
    item: Item,
    inputs: dict[str, float],
    formula_ids: list[tuple[int, str, int]],
    usernames: dict[int, str],
    recorder: int,
) -> None:
    """A delivered item's scores when it was committed, and the impact measured afterwards."""
    rng = plan.rng
    row = plan.rows["item_estimates"]
    estimator = next(r["estimator_id"] for r in reversed(row) if r["item_id"] == item.id)
    who = usernames.get(int(str(estimator)), "")
    committed = min(item.created + dt.timedelta(days=rng.randint(10, 60)), plan.today)
    taken_at = _at(plan, committed)
    confidence = rng.choice((1.0, 0.8, 0.8, 0.5))
    rice_score = rice(inputs["reach"], inputs["impact"], confidence, inputs["effort"])
    wsjf_score = wsjf(
        inputs["business_value"],
        inputs["time_criticality"],
        inputs["risk_reduction"],
        inputs["job_size"],
    )
    scores: list[tuple[str, str, int | None, int | None, float, tuple[Term, ...]]] = [
        ("rice", "RICE", None, None, rice_score.value, rice_score.terms),
        ("wsjf", "WSJF", None, None, wsjf_score.value, wsjf_score.terms),
    ]
    formula_id, label, revision = formula_ids[0]
    goal_weight = rng.choice((1.0, 1.0, 0.5))
    weighted = {
        "reach": inputs["reach"],
        "impact": inputs["impact"],
        "confidence_rice": confidence,
        "effort": inputs["effort"],
        "goal_weight": goal_weight,
    }
    scores.append(
        (f"formula:{formula_id}", label, formula_id, revision, rice_score.value * goal_weight, ())
    )
    for framework, name, fid, rev, value, terms in scores:
        plan.add(
            "score_snapshots",
            item_id=item.id,
            product_id=plan.rows["backlog_items"][item.id - 1]["product_id"],
            framework=framework,
            label=name,
            formula_id=fid,
            formula_revision=rev,
            estimator_id=estimator,
            estimator=who,
            score=round(value, 4),
            terms={t.name: t.value for t in terms} or weighted,
            predicted_impact=inputs["predicted_impact"],
            measure_id=None,
            reason="committed",
            taken_at=taken_at,
        )
    # What it really did: the reach that came, the impact it had, and luck.
    measured = inputs["reach"] * inputs["impact"] * confidence * rng.lognormvariate(0, 0.5) / 100
    measured_on = min(committed + dt.timedelta(days=rng.randint(30, 90)), plan.today)
    at = _at(plan, measured_on)
    plan.add(
        "measured_impacts",
        item_id=item.id,
        value=round(measured, 1),
        measure_id=None,
        measured_on=measured_on,
        note="Weekly active accounts using it, 30 days after release",
        recorded_by=recorder,
        created_at=at,
        updated_at=at,
        version=1,
    )
