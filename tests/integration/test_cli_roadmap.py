"""`valueloop roadmap` against a real workspace."""

from __future__ import annotations

from typer.testing import CliRunner

from tests import factories
from valueloop.domain.backlog import Lane
from valueloop.entrypoints.cli import app
from valueloop.services import backlog, roadmap


def test_roadmap_show_move_and_export(container, tmp_path):
    boss = factories.admin(container)
    product = factories.product(container, name="Orbit")
    a = backlog.create_item(container.uow(), boss, product, {"title": "=cmd()"}).id
    b = backlog.create_item(container.uow(), boss, product, {"title": "Webhooks"}).id
    roadmap.move_to_lane(container.uow(), boss, a, Lane.NOW)
    url = ["--database-url", str(container.engine.url)]
    runner = CliRunner()

    moved = runner.invoke(app, ["roadmap", "move", str(b), "later", *url])
    shown = runner.invoke(app, ["roadmap", "show", "Orbit", *url])
    target = tmp_path / "roadmap.csv"
    exported = runner.invoke(app, ["roadmap", "export", "Orbit", "--csv", str(target), *url])

    assert 0 == moved.exit_code, moved.output
    assert f"Moved #{b} Webhooks to Later." in moved.output
    assert f"Later:\n    #{b} Webhooks (new)" in shown.output
    assert 0 == exported.exit_code, exported.output
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("lane,position,item_id,title")
    assert lines[1].startswith(f"now,1,{a},'=cmd()")
