"""The demo's Jobs to be Done and competitors: a landscape with under- and over-served outcomes
from 60 respondents, outcomes linked to the OST, and three competitors on eight capabilities."""

from __future__ import annotations

import datetime as dt
import shutil

from tests import factories
from tests.conftest import make_container
from valueloop.adapters.catalogue import load_kvm_catalogue
from valueloop.adapters.db.engine import create_engine
from valueloop.adapters.db.transfer import SqlBulkUnitOfWork
from valueloop.domain.competitors import Standing
from valueloop.domain.jtbd import Served
from valueloop.services import competitors, demo, jtbd, jtbd_survey, products

NOW = dt.datetime(2025, 6, 2, 15, 30, tzinfo=dt.UTC)


def test_the_demo_landscape_and_matrix(tmp_path, sqlite_template):
    path = tmp_path / "valueloop.db"
    shutil.copy(sqlite_template, path)
    engine = create_engine(f"sqlite:///{path}")
    demo.ensure_demo(SqlBulkUnitOfWork(engine), now=NOW, catalogue=load_kvm_catalogue())
    engine.dispose()
    c = make_container(f"sqlite:///{path}", tmp_path)
    try:
        priya = factories.principal(c, "priya")
        helpdesk = products.find_product(c.uow(), priya, "Relay Helpdesk").id

        points = jtbd_survey.landscape(c.uow(), priya, helpdesk)
        counts = jtbd_survey.served_counts(points)
        jobs = jtbd.list_jobs(c.uow(), priya, helpdesk)
        board = competitors.matrix(c.uow(), priya, helpdesk)
        stories = jtbd.list_stories(c.uow(), priya, helpdesk)
    finally:
        c.close()

    assert {60} == {p.score.respondents for p in points}
    assert counts[Served.UNDER_SERVED] >= 3
    assert counts[Served.OVER_SERVED] >= 2
    assert 16.0 == points[0].score.opportunity  # 90 % important, 20 % satisfied
    assert any(o.outcome.opportunity_id for d in jobs for o in d.outcomes)
    assert (3, 8) == (len(board.competitors), len(board.rows))
    assert all(len(row.cells) == 3 for row in board.rows)
    assert board.count(Standing.GAP) >= 3
    assert board.count(Standing.DIFFERENTIATOR) >= 1
    assert any(s.item_id for s in stories)
