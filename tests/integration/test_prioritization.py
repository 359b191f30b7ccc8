"""Prioritization use cases on SQLite and PostgreSQL: estimates, scores, formulas, evidence,
rank stability, Kano, assessments, MoSCoW and calibration."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from valueloop.adapters.db.engine import create_engine, upgrade
from valueloop.adapters.importers import kano_csv
from valueloop.bootstrap import Container
from valueloop.domain.confidence import Evidence, EvidenceKind, confidence_many, derive_confidence
from valueloop.domain.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from valueloop.domain.evidence import kind_of_source
from valueloop.domain.formulas import FormulaError
from valueloop.domain.roles import Principal, Role
from valueloop.services import (
    assessments,
    backlog,
    calibration,
    customers,
    estimates,
    feedback,
    formulas,
    goals,
    initiatives,
    kano,
    rank_stability,
    scoring,
)
from valueloop.services.score_inputs import evidence_kinds

TODAY = dt.date(2026, 3, 1)


@dataclass
class Shop:
    """A product with people in each role."""

    c: Container
    admin: Principal
    product: int
    owner: Principal
    contributor: Principal
    stakeholder: Principal


def shop(c: Container) -> Shop:
    admin = factories.admin(c)
    product = factories.product(c, name="Helpdesk")
    return Shop(
        c,
        admin,
        product,
        factories.user(c, Role.PRODUCT_OWNER, product),
        factories.user(c, Role.CONTRIBUTOR, product),
        factories.user(c, Role.STAKEHOLDER, product),
    )


def item(s: Shop, title: str, **fields: object) -> int:
    return backlog.create_item(s.c.uow(), s.admin, s.product, {"title": title, **fields}).id


def estimate(s: Shop, item_id: int, who: Principal | None = None, **fields: object) -> None:
    for name, value in fields.items():
        values = value if isinstance(value, dict) else {"likely": value}
        estimates.set_estimate(s.c.uow(), who or s.admin, item_id, name, values)


def override(s: Shop, item_id: int, value: float, reason: str = "measured") -> None:
    estimates.set_priority(
        s.c.uow(), s.admin, item_id, {"confidence_override": value, "override_reason": reason}
    )


def evidence(
    s: Shop,
    item_id: int,
    source: str,
    day: str,
    importance: int = 2,
    customer: int | None = None,
) -> None:
    note = feedback.record_note(
        s.c.uow(),
        s.admin,
        {"text": "We need this", "source": source, "received_on": day, "customer_id": customer},
    )
    feedback.link_note(s.c.uow(), s.admin, note.id, item_id, importance)


def board(s: Shop, framework: str | None = None, **options: object) -> scoring.ScoreBoard:
    return scoring.score_board(s.c.uow(), s.admin, s.product, framework, today=TODAY, **options)


def scores_by_title(found: scoring.ScoreBoard) -> dict[str, float | None]:
    return {row.item.title: row.score.value if row.score else None for row in found.items}


# --- Decision rights ----------------------------------------------------------------------------


def test_contributors_estimate_and_the_product_owner_decides_priorities(any_container):
    s = shop(any_container)
    sso = item(s, "SSO")

    estimate(s, sso, s.contributor, reach=450)
    estimates.set_priority(s.c.uow(), s.owner, sso, {"moscow": "must"})

    with pytest.raises(PermissionDenied):
        estimate(s, sso, s.owner, impact=3)
    with pytest.raises(PermissionDenied):
        estimates.set_priority(s.c.uow(), s.contributor, sso, {"moscow": "could"})
    with pytest.raises(PermissionDenied):
        formulas.create_formula(
            s.c.uow(), s.contributor, s.product, {"name": "Mine", "text": "reach"}
        )
    listed = estimates.list_estimates(s.c.uow(), s.stakeholder, sso)
    assert [("reach", 450.0, s.contributor.user_id)] == [
        (e.field, e.likely, e.estimator_id) for e in listed
    ]


def test_people_without_a_role_on_the_product_do_not_see_its_scores(any_container):
    s = shop(any_container)
    outsider = factories.user(s.c)
    sso = item(s, "SSO")

    with pytest.raises(NotFound):
        scoring.score_board(s.c.uow(), outsider, s.product)
    with pytest.raises(NotFound):
        estimates.list_estimates(s.c.uow(), outsider, sso)


def test_a_stale_estimate_version_is_a_conflict(any_container):
    s = shop(any_container)
    sso = item(s, "SSO")
    first = estimates.set_estimate(s.c.uow(), s.admin, sso, "reach", {"likely": 100})
    estimates.set_estimate(s.c.uow(), s.admin, sso, "reach", {"likely": 200}, version=1)

    with pytest.raises(Conflict):
        estimates.set_estimate(
            s.c.uow(), s.admin, sso, "reach", {"likely": 300}, version=first.version
        )


def test_estimate_changes_are_in_the_items_audit_trail(any_container):
    s = shop(any_container)
    sso = item(s, "SSO")
    estimate(s, sso, reach={"likely": 4, "low": 2, "high": 8})
    estimates.clear_estimate(s.c.uow(), s.admin, sso, "reach")

    with s.c.uow() as uow:
        trail = uow.audit.list(
            {"record_type": "item", "record_id": sso, "action": "estimate"}
        ).items
    assert [
        {"reach": [None, [2.0, 4.0, 8.0, "triangular"]]},
        {"reach": [[2.0, 4.0, 8.0, "triangular"], None]},
    ] == [entry.changes for entry in trail]


# --- Scores -------------------------------------------------------------------------------------


def test_rice_scores_intercoms_projects_and_ranks_them_highest_first(any_container):
    s = shop(any_container)
    for title, reach, impact, confidence, effort in (
        ("Project 1", 450, 3, 0.9, 2),  # confidence 0.9, 0.6, 0.2 fall in RICE's bands
        ("Project 2", 2000, 1, 0.6, 4),  # 1.0 (high), 0.8 (medium) and 0.5 (low)
        ("Project 3", 800, 2, 0.2, 1),
    ):
        found = item(s, title)
        estimate(s, found, reach=reach, impact=impact, effort=effort)
        override(s, found, confidence, "from last quarter's A/B test")

    found = board(s, "rice")

    assert ["Project 3", "Project 1", "Project 2"] == [r.item.title for r in found.items]
    assert {"Project 1": 675, "Project 2": 400, "Project 3": 800} == scores_by_title(found)
    assert [1, 2, 3] == [r.place for r in found.items]
    assert (
        "RICE 800 = reach × impact × confidence ÷ effort, with reach 800, impact 2 (high), "
        "confidence 0.5 (low, set by hand), effort 1 (person-months)"
    ) == found.items[0].score.explain()
    assert "set to 0.2 → RICE 0.5 (low) by hand" in found.items[0].confidence.reasons[0]


def test_an_item_without_an_input_is_unscored_listed_last_with_what_to_estimate(any_container):
    s = shop(any_container)
    bare = item(s, "Bare")
    full = item(s, "Full")
    estimate(s, full, ice_impact=8, ice_confidence=5, ice_ease=2)
    estimate(s, bare, ice_impact=3)

    found = board(s, "ice")

    assert ["Full", "Bare"] == [r.item.title for r in found.items]
    assert ((), ("ice_ease",)) == (found.items[0].missing, found.items[1].missing)
    assert (1, None) == (found.items[0].place, found.items[1].place)
    assert (2, 1) == (found.total, found.scored)


def test_ice_confidence_falls_back_to_the_evidence(any_container):
    s = shop(any_container)
    sso = item(s, "SSO")
    estimate(s, sso, ice_impact=8, ice_ease=2)
    override(s, sso, 0.5)

    found = board(s, "ice")

    # confidence 1 + 9 × 0.5 = 5.5; (8 + 5.5 + 2) ÷ 3
    assert pytest.approx((8 + 5.5 + 2) / 3) == found.items[0].score.value


def test_equal_scores_keep_the_manual_order_and_sort_can_ask_for_lowest_first(any_container):
    s = shop(any_container)
    ids = [item(s, title) for title in ("A", "B", "C")]
    for found, cod in zip(ids, (10, 20, 10), strict=True):
        estimate(s, found, cost_of_delay=cod, duration=2)

    highest = board(s, "cd3")
    lowest = board(s, "cd3", sort="score")
    manual = board(s, "cd3", sort="rank")

    assert ["B", "A", "C"] == [r.item.title for r in highest.items]
    assert ["C", "A", "B"] == [r.item.title for r in lowest.items]
    assert ["A", "B", "C"] == [r.item.title for r in manual.items]


def test_pages_of_scores_walk_the_whole_order(any_container):
    s = shop(any_container)
    for n in range(7):
        estimate(s, item(s, f"I{n}"), importance=n, satisfaction=2)

    pages = [board(s, "opportunity", limit=3, offset=offset) for offset in (0, 3, 6)]

    titles = [r.item.title for page in pages for r in page.items]
    assert ["I6", "I5", "I4", "I3", "I2", "I1", "I0"] == titles
    assert {7} == {page.total for page in pages}


def test_the_products_framework_is_used_when_none_is_named(any_container):
    s = shop(any_container)
    sso = item(s, "SSO")
    estimate(s, sso, business_value=8, time_criticality=5, risk_reduction=13, job_size=5)
    scoring.update_settings(s.c.uow(), s.owner, s.product, {"framework": "wsjf"})

    found = board(s)

    assert ("wsjf", 5.2) == (found.framework, found.items[0].score.value)


def test_the_status_filter_narrows_the_backlog(any_container):
    s = shop(any_container)
    item(s, "Open")
    item(s, "Dropped", status="rejected")

    assert ["Open"] == [r.item.title for r in board(s, "rice").items]
    assert ["Dropped"] == [r.item.title for r in board(s, "rice", statuses=["rejected"]).items]


# --- Evidence, confidence and alignment ---------------------------------------------------------


def test_derived_confidence_from_sql_equals_the_domains_over_every_piece(any_container):
    s = shop(any_container)
    pieces = {
        "Mixed": [
            ("support", "2026-02-20"),
            ("interview", "2025-12-01"),
            ("survey:nps", "2025-01-01"),
        ],
        "Opinions": [("app review", f"2026-02-{d:02d}") for d in range(1, 20)],
        "Future": [("experiment:v2", "2026-04-01"), ("usage:adoption", "2026-02-28")],
        "None": [],
    }
    ids = {}
    for title, notes in pieces.items():
        ids[title] = item(s, title)
        for source, day in notes:
            evidence(s, ids[title], source, day)

    found = {r.item.title: r for r in board(s, "rice").items}

    kinds = list(EvidenceKind)
    rows = [
        (i, kinds.index(kind_of_source(src)), (TODAY - dt.date.fromisoformat(day)).days)
        for i, notes in enumerate(pieces.values())
        for src, day in notes
    ]
    expected = confidence_many(*zip(*rows, strict=True), len(pieces)) if rows else []
    for index, (title, notes) in enumerate(pieces.items()):
        alone = derive_confidence(
            [Evidence(kind_of_source(src), dt.date.fromisoformat(day)) for src, day in notes],
            today=TODAY,
        )
        assert pytest.approx(alone.value, abs=1e-9) == found[title].confidence.derived
        assert pytest.approx(expected[index], abs=1e-9) == alone.value
    assert found["Future"].confidence.label == "high"


def test_vectorized_evidence_columns_match_each_items_demand(any_container):
    s = shop(any_container)
    acme = customers.create_customer(
        s.c.uow(), s.admin, {"name": "Acme", "arr": 1000, "segment": "Enterprise"}
    ).id
    globex = customers.create_customer(
        s.c.uow(), s.admin, {"name": "Globex", "arr": 250, "segment": "SMB"}
    ).id
    sso = item(s, "SSO")
    evidence(s, sso, "support", "2026-01-01", 3, acme)
    evidence(s, sso, "support", "2026-02-01", 1, acme)  # Acme's latest: nice to have
    evidence(s, sso, "interview", "2026-01-15", 3, globex)
    evidence(s, sso, "interview", "2026-01-20", 2, None)
    text = (
        "customers * 1000000 + arr + importance_sum * 100 + importance_max * 10 "
        "+ critical_customers + segment_enterprise / 10 + segment_smb / 100 + notes / 1000 "
        "+ recency_days / 100000"
    )
    saved = formulas.create_formula(s.c.uow(), s.owner, s.product, {"name": "All", "text": text})

    row = board(s, f"formula:{saved.id}").items[0]

    terms = {t.name: t.value for t in row.score.terms}
    assert {
        "customers": 2.0,
        "arr": 1250.0,
        "importance_sum": 4.0,
        "importance_max": 3.0,
        "critical_customers": 1.0,
        "segment_enterprise": 1.0,
        "segment_smb": 1.0,
        "notes": 4.0,
        "recency_days": 28.0,
    } == terms
    assert (2, 1250.0, 4, 28) == (
        row.evidence.customers,
        row.evidence.arr,
        row.evidence.importance_sum,
        row.evidence.recency_days,
    )


def test_goal_weight_reaches_items_through_their_goal_or_initiative(any_container):
    s = shop(any_container)
    heavy = goals.create_goal(s.c.uow(), s.admin, s.product, {"title": "Grow", "weight": 3}).id
    light = goals.create_goal(s.c.uow(), s.admin, s.product, {"title": "Keep"}).id
    done = goals.create_goal(
        s.c.uow(), s.admin, s.product, {"title": "Old", "weight": 9, "status": "achieved"}
    ).id
    direct = item(s, "Direct", goal_id=light)
    held = item(s, "Held", goal_id=done)
    alone = item(s, "Alone")
    plan = initiatives.create_initiative(
        s.c.uow(), s.admin, s.product, {"title": "Plan", "goal_id": heavy}
    ).id
    initiatives.set_items(s.c.uow(), s.admin, plan, add=[held], remove=[])
    for found in (direct, held, alone):
        estimate(s, found, value=10)
    saved = formulas.create_formula(
        s.c.uow(), s.owner, s.product, {"name": "Weighted", "text": "value * goal_weight + aligned"}
    )

    rows = {r.item.title: r for r in board(s, f"formula:{saved.id}").items}

    assert {"Held": 31.0, "Direct": 11.0, "Alone": 0.0} == {
        t: r.score.value for t, r in rows.items()
    }
    assert (False, "not linked to any current goal: unaligned") == (
        rows["Alone"].alignment.aligned,
        rows["Alone"].alignment.reason,
    )
    assert heavy == rows["Held"].alignment.goal_id


def test_one_items_breakdown_equals_its_row_on_the_board(any_container):
    s = shop(any_container)
    acme = customers.create_customer(s.c.uow(), s.admin, {"name": "Acme", "arr": 800}).id
    sso = item(s, "SSO")
    estimate(s, sso, reach={"likely": 450, "low": 200, "high": 900}, impact=2, effort=1.5)
    evidence(s, sso, "interview", "2026-02-01", 3, acme)
    saved = formulas.create_formula(
        s.c.uow(),
        s.owner,
        s.product,
        {"name": "Blend", "text": "rice * confidence + arr / effort - recency_days"},
    )

    for framework in ("rice", f"formula:{saved.id}"):
        row = board(s, framework).items[0]
        alone = scoring.score_item(s.c.uow(), s.admin, sso, framework, today=TODAY)
        assert pytest.approx(row.score.value, rel=1e-12) == alone.score.value
        assert [t.name for t in row.score.terms] == [t.name for t in alone.score.terms]


# --- Absolute scores ----------------------------------------------------------------------------


def test_adding_or_removing_an_item_never_changes_another_items_score(any_container):
    s = shop(any_container)
    acme = customers.create_customer(s.c.uow(), s.admin, {"name": "Acme", "arr": 900}).id
    saved = formulas.create_formula(
        s.c.uow(),
        s.owner,
        s.product,
        {"name": "Demand", "text": "arr * confidence / effort + customers"},
    )
    first = item(s, "First")
    estimate(s, first, reach=300, impact=1, effort=2)
    evidence(s, first, "interview", "2026-02-01", 2, acme)
    before = {fw: scores_by_title(board(s, fw)) for fw in ("rice", f"formula:{saved.id}")}

    second = item(s, "Second")
    estimate(s, second, reach=9000, impact=3, effort=0.5)
    evidence(s, second, "survey", "2026-02-25", 3, acme)
    grown = {fw: scores_by_title(board(s, fw)) for fw in before}
    backlog.delete_item(s.c.uow(), s.admin, second, None)
    shrunk = {fw: scores_by_title(board(s, fw)) for fw in before}

    for fw, scores in before.items():
        assert scores["First"] == grown[fw]["First"] == shrunk[fw]["First"]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([None, 10, 450, 2000]),
            st.sampled_from([None, 0.25, 1, 3]),
            st.sampled_from([None, 0.5, 2, 8]),
            st.lists(st.sampled_from(["support", "interview", "survey"]), max_size=3),
        ),
        min_size=2,
        max_size=6,
    ),
    st.data(),
)
def test_random_backlogs_score_each_item_the_same_alone_or_with_others(container, rows, data):
    admin = factories.admin(container)  # the admin alone: no password hashing per example
    s = Shop(container, admin, factories.product(container), admin, admin, admin)
    solo = factories.product(container)
    others = []
    for n, (reach, impact, effort, sources) in enumerate(rows):
        fields = {k: v for k, v in (("reach", reach), ("impact", impact), ("effort", effort)) if v}
        created = item(s, f"I{n}")
        estimate(s, created, **fields)
        for day, source in enumerate(sources, start=1):
            evidence(s, created, source, f"2026-02-{day:02d}")
        others.append((created, fields, sources))
    pick = data.draw(st.integers(0, len(rows) - 1))
    single = backlog.create_item(container.uow(), s.admin, solo, {"title": "Alone"}).id
    estimate(s, single, **others[pick][1])
    for day, source in enumerate(others[pick][2], start=1):
        evidence(s, single, source, f"2026-02-{day:02d}")

    together = scores_by_title(board(s, "rice"))
    alone = scoring.score_board(container.uow(), s.admin, solo, "rice", today=TODAY).items[0]

    expected = together[f"I{pick}"]
    assert (expected is None and alone.score is None) or expected == alone.score.value


# --- Formulas -----------------------------------------------------------------------------------


def test_a_formula_keeps_every_version_of_its_text(any_container):
    s = shop(any_container)
    saved = formulas.create_formula(
        s.c.uow(), s.owner, s.product, {"name": "Value", "text": "reach / effort"}
    )
    renamed = formulas.update_formula(
        s.c.uow(), s.owner, saved.id, saved.version, {"name": "Value per effort"}
    )
    rewritten = formulas.update_formula(
        s.c.uow(), s.owner, saved.id, renamed.version, {"text": "reach * impact / effort"}
    )

    listed = formulas.list_formulas(s.c.uow(), s.stakeholder, s.product)

    assert (2, "Value per effort v2") == (rewritten.revision, rewritten.label)
    assert [(2, "reach * impact / effort"), (1, "reach / effort")] == [
        (v.revision, v.text) for v in listed[0].versions
    ]
    with pytest.raises(Conflict):
        formulas.update_formula(s.c.uow(), s.owner, saved.id, saved.version, {"text": "reach"})


def test_a_formula_that_does_not_compile_points_at_the_position(any_container):
    s = shop(any_container)

    with pytest.raises(FormulaError) as error:
        formulas.create_formula(
            s.c.uow(), s.owner, s.product, {"name": "Typo", "text": "reach * reech"}
        )

    assert "formula, column 9: unknown name 'reech' (did you mean 'reach'?)" == error.value.message
    assert "reach * reech\n        ^^^^^" == error.value.pointer()
    assert "formula" == error.value.field


def test_custom_estimate_fields_and_any_segment_are_formula_variables(any_container):
    s = shop(any_container)
    sso = item(s, "SSO")
    estimate(s, sso, strategic_fit=4)

    checked = formulas.check_formula(
        s.c.uow(), s.stakeholder, s.product, "strategic_fit * 2 + segment_public_sector"
    )

    assert ("strategic_fit", "segment_public_sector") == checked.names


def test_names_in_use_and_formulas_in_use_are_protected(any_container):
    s = shop(any_container)
    saved = formulas.create_formula(s.c.uow(), s.owner, s.product, {"name": "V", "text": "value"})
    scoring.update_settings(s.c.uow(), s.owner, s.product, {"framework": f"formula:{saved.id}"})

    with pytest.raises(Conflict):
        formulas.create_formula(s.c.uow(), s.owner, s.product, {"name": "V", "text": "value"})
    with pytest.raises(ValidationFailed):
        formulas.delete_formula(s.c.uow(), s.owner, saved.id)


def test_a_formula_failing_on_one_item_leaves_the_others_scored(any_container):
    s = shop(any_container)
    for title, value, effort in (("Zero", 5, 0.0), ("Fine", 6, 3.0)):
        estimate(s, item(s, title), value=value, risk=effort)
    saved = formulas.create_formula(
        s.c.uow(), s.owner, s.product, {"name": "Per risk", "text": "value / risk"}
    )

    rows = {r.item.title: r for r in board(s, f"formula:{saved.id}").items}

    assert 2.0 == rows["Fine"].score.value
    assert "formula, column 9: division by zero (risk is 0)" == rows["Zero"].error


def test_a_formula_of_another_product_is_not_found(any_container):
    s = shop(any_container)
    other = factories.product(s.c)
    saved = formulas.create_formula(s.c.uow(), s.admin, other, {"name": "X", "text": "value"})

    with pytest.raises(NotFound):
        board(s, f"formula:{saved.id}")


# --- Rank stability -------------------------------------------------------------------------------


def test_rank_stability_samples_the_ranges_and_leaves_out_what_cannot_be_scored(any_container):
    s = shop(any_container)
    sure = item(s, "Sure winner")
    close = [item(s, f"Close {n}") for n in range(2)]
    bare = item(s, "Bare")
    estimate(s, sure, reach=10_000, impact=3, effort=1)
    for found in close:
        estimate(s, found, reach={"likely": 100, "low": 50, "high": 150}, impact=1, effort=1)

    view = rank_stability.product_rank_stability(
        s.c.uow(), s.admin, s.product, "rice", draws=2000, top_k=2, seed=7, today=TODAY
    )
    again = rank_stability.product_rank_stability(
        s.c.uow(), s.admin, s.product, "rice", draws=2000, top_k=2, seed=7, today=TODAY
    )

    by_id = {i.key: i for i in view.report.items}
    assert 1.0 == by_id[sure].top_k_probability
    assert (1.0, 1.0) == (by_id[sure].rank_low, by_id[sure].rank_high)
    assert pytest.approx(0.5, abs=0.05) == by_id[close[0]].top_k_probability
    assert (2.0, 3.0) == (by_id[close[0]].rank_low, by_id[close[0]].rank_high)
    assert [bare] == view.unscored
    assert view.report == again.report


def test_rank_stability_of_a_backlog_with_nothing_scorable_is_empty(any_container):
    s = shop(any_container)
    bare = item(s, "Bare")

    view = rank_stability.product_rank_stability(s.c.uow(), s.admin, s.product, "wsjf")

    assert (None, [bare]) == (view.report, view.unscored)


def test_rank_stability_of_a_formula_samples_its_estimate_fields(any_container):
    s = shop(any_container)
    for n in range(3):
        estimate(s, item(s, f"I{n}"), value={"likely": 10, "low": 5, "high": 15})
    saved = formulas.create_formula(
        s.c.uow(), s.owner, s.product, {"name": "V", "text": "value * 2"}
    )

    view = rank_stability.product_rank_stability(
        s.c.uow(), s.admin, s.product, f"formula:{saved.id}", top_k=1
    )

    assert pytest.approx(1.0) == sum(i.top_k_probability for i in view.report.items)
    assert {1.0, 3.0} == {i.rank_low for i in view.report.items} | {
        i.rank_high for i in view.report.items
    }


# --- Kano -------------------------------------------------------------------------------------

KANO = """item,respondent,functional,dysfunctional,customer,date
SSO,r1,like,dislike,Acme,2026-01-05
SSO,r2,expect,dislike,,2026-01-05
SSO,r3,I expect it,I dislike it,,
SSO,r4,like,neutral,,
Dark mode,r1,like,neutral,,
Dark mode,r2,neutral,neutral,,
"""


def test_kano_answers_give_each_item_its_category_and_coefficients(any_container):
    s = shop(any_container)
    customers.create_customer(s.c.uow(), s.admin, {"name": "Acme"})
    sso, dark = item(s, "SSO"), item(s, "Dark mode")

    report = kano.import_answers(
        s.c.uow(), s.contributor, s.product, kano_csv.read("kano.csv", text=KANO), "kano.csv"
    )
    again = kano.import_answers(
        s.c.uow(), s.contributor, s.product, kano_csv.read("kano.csv", text=KANO), "kano.csv"
    )

    found = {r.item.id: r.result for r in kano.results(s.c.uow(), s.stakeholder, s.product)}
    assert ((6, 0, 0), (0, 0, 6)) == (
        (report.created, report.updated, report.unchanged),
        (again.created, again.updated, again.unchanged),
    )
    # SSO: O, M, M, A → must-be; Better (1 + 1) ÷ 4, Worse −(1 + 2) ÷ 4
    assert ("must_be", 0.5, -0.75) == (found[sso].category, found[sso].better, found[sso].worse)
    # Dark mode: A, I → a tie, and attractive wins over indifferent
    assert "attractive" == found[dark].category
    row = scoring.score_item(s.c.uow(), s.admin, sso, "rice")
    assert "must_be" == row.kano.category


def test_a_bad_kano_line_names_line_and_field_and_imports_nothing(any_container):
    s = shop(any_container)
    item(s, "SSO")
    bad = KANO.replace("SSO,r4,like,neutral", "SSO,r4,like,meh").replace(",Acme,", ",,")

    with pytest.raises(ValidationFailed) as error:
        kano.import_answers(
            s.c.uow(), s.admin, s.product, kano_csv.read("k.csv", text=bad), "k.csv"
        )

    assert error.value.message.startswith("k.csv, line 5, field dysfunctional")
    with s.c.uow() as uow:
        assert 0 == uow.kano_answers.count()


# --- Desirability, viability, feasibility -------------------------------------------------------


def test_each_dimension_is_assessed_by_who_holds_that_decision(any_container):
    s = shop(any_container)
    sso = item(s, "SSO")

    assessments.assess(
        s.c.uow(), s.owner, sso, "desirability", {"rating": "high", "evidence": "12 asks"}
    )
    assessments.assess(
        s.c.uow(),
        s.contributor,
        sso,
        "feasibility",
        {"rating": "low", "link": "https://wiki.test/spike"},
    )
    with pytest.raises(PermissionDenied):
        assessments.assess(
            s.c.uow(), s.contributor, sso, "viability", {"rating": "low", "evidence": "cost"}
        )
    with pytest.raises(PermissionDenied):
        assessments.assess(
            s.c.uow(), s.owner, sso, "feasibility", {"rating": "high", "evidence": "easy"}
        )

    row = scoring.score_item(s.c.uow(), s.stakeholder, sso)
    assert ("high", None, "low") == (
        row.dvf.desirability,
        row.dvf.viability,
        row.dvf.feasibility,
    )
    assessments.withdraw(s.c.uow(), s.owner, sso, "desirability")
    assert ["feasibility"] == [
        a.dimension for a in assessments.list_assessments(s.c.uow(), s.stakeholder, sso)
    ]


def test_an_assessment_resting_on_a_note_of_an_invisible_product_is_not_found(any_container):
    s = shop(any_container)
    secret = factories.product(s.c)
    note = feedback.record_note(s.c.uow(), s.admin, {"text": "x", "product_id": secret})
    sso = item(s, "SSO")

    with pytest.raises(NotFound):
        assessments.assess(
            s.c.uow(), s.owner, sso, "desirability", {"rating": "high", "note_id": note.id}
        )


# --- MoSCoW -----------------------------------------------------------------------------------


def test_the_moscow_check_of_a_selection_says_how_much_must_move(any_container):
    s = shop(any_container)
    planned = {}
    for title, category, effort in (
        ("A", "must", 5),
        ("B", "must", 2),
        ("C", "should", 2),
        ("D", "could", 1),
        ("E", "wont", 8),
    ):
        planned[title] = item(s, title, estimate=effort if title == "D" else None)
        if title != "D":
            estimate(s, planned[title], effort=effort)
        estimates.set_priority(s.c.uow(), s.owner, planned[title], {"moscow": category})
    loose = item(s, "Loose")

    review = scoring.moscow_check(s.c.uow(), s.stakeholder, s.product)
    chosen = scoring.moscow_check(
        s.c.uow(), s.stakeholder, s.product, item_ids=[planned["B"], planned["C"], planned["D"]]
    )

    assert (7.0, 10.0, False) == (
        review.check.must_effort,
        review.check.planned_effort,
        review.check.within_limit,
    )
    assert "move at least 1 of effort from must to should" in review.check.verdict
    assert [loose] == review.uncategorized
    assert (2.0, 5.0, True) == (
        chosen.check.must_effort,
        chosen.check.planned_effort,
        chosen.check.within_limit,
    )


def test_the_moscow_check_of_an_initiative_counts_its_items(any_container):
    s = shop(any_container)
    a, b = item(s, "A"), item(s, "B")
    for found, category in ((a, "must"), (b, "should")):
        estimate(s, found, effort=3)
        estimates.set_priority(s.c.uow(), s.owner, found, {"moscow": category})
    plan = initiatives.create_initiative(s.c.uow(), s.admin, s.product, {"title": "Q3"}).id
    initiatives.set_items(s.c.uow(), s.admin, plan, add=[a], remove=[])

    review = scoring.moscow_check(s.c.uow(), s.admin, s.product, initiative_id=plan)

    assert (1.0, [a]) == (review.check.must_share, [p.item.id for p in review.items])


# --- Calibration ------------------------------------------------------------------------------


def test_committing_an_item_snapshots_its_scores_estimator_and_predicted_impact(any_container):
    s = shop(any_container)
    goal = goals.create_goal(s.c.uow(), s.admin, s.product, {"title": "Retention"}).id
    measure = goals.add_measure(
        s.c.uow(),
        s.admin,
        goal,
        {"name": "Churn", "baseline": 5, "target": 3, "direction": "lower"},
    ).id
    sso = item(s, "SSO")
    estimate(s, sso, s.contributor, reach=450, impact=3, effort=2, predicted_impact=-0.5)
    estimates.set_priority(s.c.uow(), s.owner, sso, {"impact_measure_id": measure})
    saved = formulas.create_formula(
        s.c.uow(), s.owner, s.product, {"name": "Reach", "text": "reach"}
    )
    version = backlog.get_item(s.c.uow(), s.admin, sso).version

    backlog.update_item(s.c.uow(), s.admin, sso, version, {"status": "in_progress"})

    taken, measured = calibration.item_snapshots(s.c.uow(), s.stakeholder, sso)
    assert {("rice", "RICE", 337.5), (f"formula:{saved.id}", "Reach v1", 450.0)} == {
        (t.framework, t.label, t.score) for t in taken
    }
    rice = next(t for t in taken if t.framework == "rice")
    assert (s.contributor.username, -0.5, measure, "committed") == (
        rice.estimator,
        rice.predicted_impact,
        rice.measure_id,
        rice.reason,
    )
    assert {"reach": 450, "impact": 3, "confidence": 0.5, "effort": 2} == rice.terms
    assert measured is None


def test_moving_back_and_forth_before_commit_takes_no_snapshot(any_container):
    s = shop(any_container)
    sso = item(s, "SSO")
    estimate(s, sso, reach=1, impact=1, effort=1)
    version = backlog.get_item(s.c.uow(), s.admin, sso).version

    backlog.update_item(s.c.uow(), s.admin, sso, version, {"status": "ready"})

    assert [] == calibration.item_snapshots(s.c.uow(), s.admin, sso)[0]


def test_calibration_compares_committed_scores_with_measured_impact(any_container):
    s = shop(any_container)
    for n, (reach, measured) in enumerate(
        ((100, 1.0), (200, 2.5), (300, 2.0), (400, 4.0), (500, 6.0))
    ):
        found = item(s, f"I{n}")
        estimate(s, found, s.contributor, reach=reach, impact=1, effort=1, predicted_impact=n + 1)
        version = backlog.get_item(s.c.uow(), s.admin, found).version
        backlog.update_item(s.c.uow(), s.admin, found, version, {"status": "in_progress"})
        calibration.record_impact(
            s.c.uow(), s.owner, found, measured, measured_on="2026-06-01", note="after launch"
        )
    waiting = item(s, "Waiting")
    estimate(s, waiting, reach=1, impact=1, effort=1)
    version = backlog.get_item(s.c.uow(), s.admin, waiting).version
    backlog.update_item(s.c.uow(), s.admin, waiting, version, {"status": "in_progress"})

    view = calibration.calibration_report(s.c.uow(), s.stakeholder, s.product)

    rice = next(g for g in view.report.by_framework if g.key == "RICE")
    assert (5, pytest.approx(0.9)) == (rice.count, rice.spearman)
    assert pytest.approx(0.5) == rice.impact_mae  # (0 + 0.5 + 1 + 0 + 1) ÷ 5, in its units
    assert [s.contributor.username] == [g.key for g in view.report.by_estimator if g.count == 5]
    assert 1 == view.report.awaiting


def test_measured_impact_is_the_deciders_and_stays_one_per_item(any_container):
    s = shop(any_container)
    sso = item(s, "SSO")

    first = calibration.record_impact(s.c.uow(), s.owner, sso, 3)
    second = calibration.record_impact(s.c.uow(), s.owner, sso, 4, version=first.version)

    with pytest.raises(PermissionDenied):
        calibration.record_impact(s.c.uow(), s.contributor, sso, 5)
    assert (4.0, 2) == (second.value, second.version)


# --- Goal weight ------------------------------------------------------------------------------


def test_goals_weigh_one_unless_given_another_weight(any_container):
    s = shop(any_container)
    plain = goals.create_goal(s.c.uow(), s.admin, s.product, {"title": "Plain"})
    heavy = goals.update_goal(s.c.uow(), s.admin, plain.id, plain.version, {"weight": 2.5})

    with pytest.raises(ValidationFailed) as error:
        goals.update_goal(s.c.uow(), s.admin, plain.id, heavy.version, {"weight": -1})

    assert (1.0, 2.5, "weight") == (plain.weight, heavy.weight, error.value.field)


def test_evidence_kinds_cover_every_source_of_the_workspace(any_container):
    s = shop(any_container)
    evidence(s, item(s, "SSO"), "survey:nps", "2026-01-01")
    evidence(s, item(s, "SAML"), "support", "2026-01-01")

    with s.c.uow() as uow:
        kinds = evidence_kinds(uow)

    assert {"survey:nps": 2, "support": 0} == kinds


def test_upgrading_a_strategy_workspace_gives_its_goals_weight_one(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0002")
    stamp = "2026-01-01 00:00:00.000000"  # as SQLite stores UTC timestamps
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO products (id, name, vision, target_market, lifecycle_stage, created_at, "
            "updated_at, version) VALUES (1, 'Old', '', '', 'launch', ?, ?, 1)",
            (stamp, stamp),
        )
        connection.exec_driver_sql(
            "INSERT INTO goals (id, product_id, level, title, description, kva, status, "
            "created_at, updated_at, version) "
            "VALUES (1, 1, 'strategic', 'Grow', '', 'current_value', 'active', ?, ?, 1)",
            (stamp, stamp),
        )

    upgrade(engine)

    with engine.connect() as connection:
        assert [(1.0,)] == connection.exec_driver_sql("SELECT weight FROM goals").all()
    engine.dispose()
