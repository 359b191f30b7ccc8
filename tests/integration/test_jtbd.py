"""Jobs to be Done and competitors on SQLite and PostgreSQL: records, links, the survey import
(all or nothing, idempotent), scores and the landscape, the matrix with its gaps."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests import factories
from valueloop.adapters.importers import outcome_survey_csv
from valueloop.bootstrap import Container
from valueloop.domain.competitors import Standing
from valueloop.domain.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from valueloop.domain.jtbd import Served
from valueloop.domain.roles import Principal, Role
from valueloop.services import backlog, competitors, customers, jtbd, jtbd_survey

SLOW = "Minimize the time it takes to get paid when a client pays late"
LOST = "Minimize the likelihood of losing track of an invoice while travelling"


@dataclass
class Desk:
    c: Container
    admin: Principal
    product: int
    job: int
    slow: int
    lost: int


def desk(c: Container) -> Desk:
    admin = factories.admin(c)
    product = factories.product(c, name="Ledger")
    job = jtbd.create_job(c.uow(), admin, product, {"statement": "Get paid while travelling"}).id
    slow = jtbd.create_outcome(c.uow(), admin, job, {"statement": SLOW}).id
    lost = jtbd.create_outcome(c.uow(), admin, job, {"statement": LOST}).id
    return Desk(c, admin, product, job, slow, lost)


def survey(d: Desk, text: str, name: str = "survey.csv") -> object:
    rows = outcome_survey_csv.read(name, text=text)
    return jtbd_survey.import_survey(d.c.uow(), d.admin, d.product, rows, name)


def _ratings(d: Desk) -> list[tuple[int, str, int, int]]:
    with d.c.uow() as uow:
        return sorted(
            (r.outcome_id, r.respondent, r.importance, r.satisfaction)
            for r in uow.outcome_ratings.list().items
        )


def _file(d: Desk) -> str:
    # 10 respondents. SLOW: 9 important, 2 satisfied → 9 + 7 = 16 (under-served).
    # LOST (named by id): 3 important, 8 satisfied → 3 (over-served).
    lines = ["respondent,outcome,importance,satisfaction,date"]
    for i in range(10):
        lines.append(f"r{i},{SLOW},{5 if i < 9 else 2},{4 if i < 2 else 1},2026-02-0{i % 9 + 1}")
        lines.append(f"r{i},{d.lost},{4 if i < 3 else 2},{5 if i < 8 else 3},")
    return "\n".join(lines) + "\n"


def test_a_survey_import_scores_each_outcome_and_places_it_on_the_landscape(any_container):
    d = desk(any_container)

    report = survey(d, _file(d))
    points = jtbd_survey.landscape(d.c.uow(), d.admin, d.product)

    assert (20, 20, 0, 0) == (report.rows, report.created, report.updated, report.unchanged)
    assert [
        (d.slow, 9.0, 2.0, 16.0, Served.UNDER_SERVED),
        (d.lost, 3.0, 8.0, 3.0, Served.OVER_SERVED),
    ] == [
        (
            p.outcome.id,
            p.score.importance,
            p.score.satisfaction,
            p.score.opportunity,
            p.score.served,
        )
        for p in points
    ]


def test_importing_the_same_survey_again_adds_nothing_and_a_changed_answer_replaces(any_container):
    d = desk(any_container)
    survey(d, _file(d))
    before = _ratings(d)

    again = survey(d, _file(d))
    after_again = _ratings(d)
    changed = survey(d, f"respondent,outcome,importance,satisfaction\nr0,{d.slow},1,1\n")

    assert (0, 0, 20) == (again.created, again.updated, again.unchanged)
    assert before == after_again
    assert (0, 1) == (changed.created, changed.updated)
    assert 20 == len(_ratings(d))
    assert (d.slow, "r0", 1, 1) in _ratings(d)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("r9,Nobody said this,4,4,,", "bad.csv, line 3, field outcome: no desired outcome"),
        ("r9,{lost},6,4,,", "bad.csv, line 3, field importance: 6 is not a rating from 1 to 5"),
        ("r9,{lost},4,x,,", "bad.csv, line 3, field satisfaction: 'x' is not a number"),
        (
            "r1,{slow},4,4,,",
            "bad.csv, line 3, field respondent: this respondent rated this outcome twice",
        ),
        ("r9,{lost},4,4,,Nope", "bad.csv, line 3, field customer: no customer with external id"),
    ],
)
def test_a_bad_line_names_file_line_and_field_and_nothing_is_imported(
    any_container, line, expected
):
    d = desk(any_container)
    text = (
        "respondent,outcome,importance,satisfaction,date,customer\n"
        f"r1,{d.slow},5,1,,\n" + line.format(lost=d.lost, slow=d.slow) + "\n"
    )

    with pytest.raises(ValidationFailed) as failure:
        survey(d, text, "bad.csv")

    assert failure.value.message.startswith(expected), failure.value.message
    assert [] == _ratings(d)


def test_a_survey_links_ratings_to_customers_by_external_id(any_container):
    d = desk(any_container)
    acme = customers.create_customer(
        d.c.uow(), d.admin, {"name": "Acme", "external_id": "SF-001"}
    ).id

    survey(d, f"respondent,outcome,importance,satisfaction,customer\nann,{d.slow},5,2,sf-001\n")

    with d.c.uow() as uow:
        assert [acme] == [r.customer_id for r in uow.outcome_ratings.list().items]


def test_a_statement_shared_by_two_outcomes_must_be_named_by_id(any_container):
    d = desk(any_container)
    other = jtbd.create_job(d.c.uow(), d.admin, d.product, {"statement": "Send invoices"}).id
    jtbd.create_outcome(d.c.uow(), d.admin, other, {"statement": SLOW.upper()})

    with pytest.raises(ValidationFailed, match="name one by id"):
        survey(d, f"respondent,outcome,importance,satisfaction\nr1,{SLOW},4,4\n")


def test_an_outcome_links_only_to_an_opportunity_of_its_product(any_container):
    d = desk(any_container)
    elsewhere = factories.product(any_container)
    with d.c.uow() as uow:
        ours, theirs = (
            uow.opportunities.add(
                {"product_id": p, "title": "Late payments", "status": "open", "rank": "n"}
            ).id
            for p in (d.product, elsewhere)
        )
        uow.commit()

    linked = jtbd.update_outcome(d.c.uow(), d.admin, d.slow, None, {"opportunity_id": ours})
    with pytest.raises(ValidationFailed) as failure:
        jtbd.update_outcome(d.c.uow(), d.admin, d.slow, None, {"opportunity_id": theirs})

    assert ours == linked.opportunity_id
    assert "opportunity_id" == failure.value.field


def test_deleting_a_job_removes_its_outcomes_and_ratings_and_unlinks_its_stories(any_container):
    d = desk(any_container)
    survey(d, _file(d))
    story = jtbd.create_story(
        d.c.uow(),
        d.admin,
        d.product,
        {
            "situation": "a client pays late",
            "motivation": "remind",
            "expected_outcome": "eat",
            "job_id": d.job,
        },
    )

    jtbd.delete_job(d.c.uow(), d.admin, d.job, None)

    with d.c.uow() as uow:
        assert (0, 0) == (uow.desired_outcomes.count(), uow.outcome_ratings.count())
        assert uow.job_stories.require(story.id).job_id is None


def test_a_job_story_links_a_backlog_item_of_its_product_only(any_container):
    d = desk(any_container)
    item = backlog.create_item(d.c.uow(), d.admin, d.product, {"title": "Reminders"}).id
    foreign = backlog.create_item(
        d.c.uow(), d.admin, factories.product(any_container), {"title": "X"}
    ).id
    fields = {"situation": "a client pays late", "motivation": "remind", "expected_outcome": "eat"}

    story = jtbd.create_story(d.c.uow(), d.admin, d.product, {**fields, "item_id": item})
    with pytest.raises(ValidationFailed, match="not a backlog item of this product"):
        jtbd.create_story(d.c.uow(), d.admin, d.product, {**fields, "item_id": foreign})

    assert "When a client pays late, I want to remind, so I can eat." == story.text


def test_a_stale_job_version_is_refused(any_container):
    d = desk(any_container)
    jtbd.update_job(d.c.uow(), d.admin, d.job, 1, {"performer": "Freelancer"})

    with pytest.raises(Conflict):
        jtbd.update_job(d.c.uow(), d.admin, d.job, 1, {"performer": "Agency"})


def test_rights_contributors_import_ratings_stakeholders_only_read_outsiders_see_nothing(
    any_container,
):
    d = desk(any_container)
    contributor = factories.user(d.c, Role.CONTRIBUTOR, d.product)
    stakeholder = factories.user(d.c, Role.STAKEHOLDER, d.product)
    outsider = factories.user(d.c)
    rows = outcome_survey_csv.read(
        "s.csv", text=f"respondent,outcome,importance,satisfaction\nr,{d.slow},4,4\n"
    )

    jtbd_survey.import_survey(d.c.uow(), contributor, d.product, rows, "s.csv")
    with pytest.raises(PermissionDenied):
        jtbd.create_job(d.c.uow(), contributor, d.product, {"statement": "Do taxes"})
    with pytest.raises(PermissionDenied):
        jtbd_survey.import_survey(d.c.uow(), stakeholder, d.product, rows, "s.csv")
    with pytest.raises(NotFound):
        jtbd.get_job(d.c.uow(), outsider, d.job)

    assert 1 == len(jtbd.list_jobs(d.c.uow(), stakeholder, d.product))


# --- competitors --------------------------------------------------------------------------------


def test_the_matrix_marks_gaps_parity_and_differentiators(any_container):
    c = any_container
    admin = factories.admin(c)
    product = factories.product(c)
    fast, cheap = (
        competitors.create_competitor(c.uow(), admin, product, {"name": n}).id
        for n in ("FastBooks", "CheapLedger")
    )
    levels = {"Bank feeds": (1, 3, 0), "Invoicing": (2, 2, 1), "Offline mode": (3, 1, None)}
    ids = {}
    for name, (own, f, ch) in levels.items():
        ids[name] = competitors.create_capability(
            c.uow(), admin, product, {"name": name, "own_level": own}
        ).id
        competitors.set_level(c.uow(), admin, fast, ids[name], None, {"level": f})
        if ch is not None:
            competitors.set_level(c.uow(), admin, cheap, ids[name], None, {"level": ch})
    competitors.create_capability(c.uow(), admin, product, {"name": "Zapier"})

    board = competitors.matrix(c.uow(), admin, product)

    assert ["CheapLedger", "FastBooks"] == [x.name for x in board.competitors]
    assert [
        ("Bank feeds", Standing.GAP, (fast,)),
        ("Invoicing", Standing.PARITY, ()),
        ("Offline mode", Standing.DIFFERENTIATOR, ()),
        ("Zapier", Standing.UNCOMPARED, ()),
    ] == [(r.capability.name, r.comparison.standing, r.comparison.ahead_of_us) for r in board.rows]
    assert (1, 1, 1) == (
        board.count(Standing.GAP),
        board.count(Standing.PARITY),
        board.count(Standing.DIFFERENTIATOR),
    )


def test_a_matrix_cell_is_updated_in_place_and_a_stale_version_is_refused(any_container):
    c = any_container
    admin = factories.admin(c)
    product = factories.product(c)
    rival = competitors.create_competitor(c.uow(), admin, product, {"name": "R"}).id
    cap = competitors.create_capability(c.uow(), admin, product, {"name": "K"}).id

    first = competitors.set_level(c.uow(), admin, rival, cap, None, {"level": 1})
    second = competitors.set_level(c.uow(), admin, rival, cap, first.version, {"level": "best"})
    with pytest.raises(Conflict):
        competitors.set_level(c.uow(), admin, rival, cap, first.version, {"level": 0})

    assert (first.id, 3, 2) == (second.id, second.level, second.version)


def test_a_capability_of_another_product_cannot_be_rated_for_this_competitor(any_container):
    c = any_container
    admin = factories.admin(c)
    rival = competitors.create_competitor(c.uow(), admin, factories.product(c), {"name": "R"}).id
    cap = competitors.create_capability(c.uow(), admin, factories.product(c), {"name": "K"}).id

    with pytest.raises(ValidationFailed, match="different products"):
        competitors.set_level(c.uow(), admin, rival, cap, None, {"level": 1})


def test_deleting_a_competitor_removes_its_column(any_container):
    c = any_container
    admin = factories.admin(c)
    product = factories.product(c)
    rival = competitors.create_competitor(c.uow(), admin, product, {"name": "R"}).id
    cap = competitors.create_capability(c.uow(), admin, product, {"name": "K"}).id
    competitors.set_level(c.uow(), admin, rival, cap, None, {"level": 2})

    competitors.delete_competitor(c.uow(), admin, rival, None)

    with c.uow() as uow:
        assert 0 == uow.competitor_capabilities.count()
