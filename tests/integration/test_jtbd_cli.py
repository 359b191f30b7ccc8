"""`valueloop jtbd import-survey`: imports ratings, prints the summary, refuses bad files."""

from __future__ import annotations

from typer.testing import CliRunner

from tests import factories
from valueloop.entrypoints import cli
from valueloop.services import jtbd


def _run(tmp_path, url, *args):
    where = ["--data-dir", str(tmp_path), "--database-url", url]
    return CliRunner().invoke(cli.app, ["jtbd", "import-survey", *args, *where])


def test_import_survey_prints_counts_and_the_most_under_served_outcomes(container, tmp_path):
    admin = factories.admin(container)
    product = factories.product(container, name="Ledger")
    job = jtbd.create_job(container.uow(), admin, product, {"statement": "Get paid on time"}).id
    outcome = jtbd.create_outcome(
        container.uow(), admin, job, {"statement": "Minimize the time it takes to get paid"}
    ).id
    path = tmp_path / "survey.csv"
    path.write_text(
        "respondent,outcome,importance,satisfaction\n"
        + "".join(f"r{i},{outcome},5,1\n" for i in range(4)),
        encoding="utf-8",
    )
    url = container.settings.database_url

    first = _run(tmp_path, url, "Ledger", str(path))
    again = _run(tmp_path, url, "Ledger", str(path))

    assert 0 == first.exit_code, first.output
    assert "survey.csv: 4 ratings — 4 new, 0 changed, 0 unchanged." in first.output
    assert "1 under-served, 0 appropriately served, 0 over-served" in " ".join(first.output.split())
    assert "20.0" in first.output
    assert "4 ratings — 0 new, 0 changed, 4 unchanged." in again.output


def test_import_survey_of_a_bad_file_names_line_and_field_and_exits_1(container, tmp_path):
    factories.product(container, name="Ledger")
    path = tmp_path / "bad.csv"
    path.write_text("respondent,outcome,importance,satisfaction\nr1,1,5,zero\n", encoding="utf-8")

    result = _run(tmp_path, container.settings.database_url, "Ledger", str(path))

    assert 1 == result.exit_code
    assert "bad.csv, line 2, field satisfaction" in result.output
