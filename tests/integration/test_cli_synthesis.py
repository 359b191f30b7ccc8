"""`valueloop synthesize`: a run from the shell, recorded as a job, with a one-line summary."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests import factories
from tests.integration.test_synthesis import TOPICS
from valueloop.entrypoints import cli
from valueloop.services import feedback, jobs


@pytest.fixture
def run(tmp_path, sqlite_url):
    runner = CliRunner()

    def invoke(*args: str):
        where = ["--data-dir", str(tmp_path), "--database-url", sqlite_url]
        return runner.invoke(cli.app, [*args, *where])

    return invoke


def test_synthesize_builds_themes_then_grows_them_and_records_jobs(container, run):
    boss = factories.admin(container)
    product = factories.product(container, name="Helpdesk")
    for texts in TOPICS.values():
        for text in texts:
            feedback.record_note(container.uow(), boss, {"text": text, "product_id": product})

    first = run("synthesize", "--product", "Helpdesk")
    second = run("synthesize", "--product", "helpdesk", "--incremental")

    assert 0 == first.exit_code, first.output
    assert first.stdout.startswith("Helpdesk: full run over 18 notes (18 embedded")
    assert 0 == second.exit_code, second.output
    assert second.stdout.startswith("Helpdesk: incremental run over 18 notes (0 embedded")
    assert 2 == jobs.list_jobs(container.uow(), boss, product_id=product).total


def test_synthesize_refuses_both_modes_at_once(container, run):
    factories.product(container, name="Helpdesk")

    result = run("synthesize", "--full", "--incremental")

    assert (1, "error: choose --full or --incremental, not both\n") == (
        result.exit_code,
        result.stderr,
    )
