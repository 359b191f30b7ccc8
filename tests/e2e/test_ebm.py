"""In the browser: the EBM dashboard of the demo, chart downloads, and survey uploads."""

from __future__ import annotations

import json
import re

import pytest

from tests import factories
from valueloop.adapters.catalogue import load_kvm_catalogue
from valueloop.adapters.db.transfer import SqlBulkUnitOfWork
from valueloop.domain.goals import KeyValueArea
from valueloop.domain.surveys import SurveyKind
from valueloop.services import demo, goals, products, surveys

pytestmark = pytest.mark.e2e

AREAS = ["Current value", "Unrealized value", "Ability to innovate", "Time to market"]


def _sign_in(page, username: str, password: str, then: str) -> None:
    page.goto(then)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(then) + "$"))


def _console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_the_demo_dashboard_shows_all_four_key_value_areas_with_charts(page, container, snap):
    demo.ensure_demo(SqlBulkUnitOfWork(container.engine), catalogue=load_kvm_catalogue())
    boss = factories.principal(container, demo.DEMO_USER)
    product_id = products.list_products(container.uow(), boss, search="Relay Helpdesk").items[0].id
    errors = _console_errors(page)
    _sign_in(page, demo.DEMO_USER, demo.DEMO_PASSWORD, f"/products/{product_id}/ebm")

    areas = page.locator("section.kva")
    page.locator("section.kva .js-plotly-plot .main-svg").first.wait_for()
    snap(page, "ebm-dashboard")

    assert AREAS == [h.strip() for h in areas.locator("h2").all_text_contents()]
    for n in range(4):
        area = areas.nth(n)
        assert area.locator(".js-plotly-plot").count() >= 1, AREAS[n]
        assert area.locator(".js-plotly-plot svg.main-svg").count() >= 1, AREAS[n]
        assert area.locator(".kvm .delta").count() >= 1, AREAS[n]
    assert [] == errors  # no script error, no content-security-policy violation
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.locator("section.kva .js-plotly-plot").first.wait_for()
    snap(page, "ebm-dashboard-phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing sticks out sideways on a phone


def test_a_chart_downloads_as_png_and_svg_and_its_data_as_csv(page, sign_in, container, tmp_path):
    product_id = factories.product(container, name="Orbit")
    boss = factories.admin(container)
    goal = goals.create_goal(
        container.uow(), boss, product_id, {"title": "Teams trust us", "kva": "current_value"}
    )
    measure = goals.add_measure(
        container.uow(), boss, goal.id, {"name": "Trust score", "baseline": 10.0, "target": 50.0}
    )
    for day, value in (("2025-01-06", 12), ("2025-02-03", 19), ("2025-03-03", 23)):
        goals.record_observation(container.uow(), boss, measure.id, day, value)
    sign_in(page, then=f"/products/{product_id}/ebm")
    card = page.locator(f"#kvm-{measure.id}")
    card.locator(".js-plotly-plot .main-svg").first.wait_for()

    assert "▲ up 4 better since 3 Feb 2025" == " ".join(
        card.locator(".kvm-delta").inner_text().split()
    )
    assert "27 to go" in card.locator(".kvm-facts").inner_text()
    files = {}
    for role, name in (("button", "PNG image"), ("button", "SVG image"), ("link", "CSV data")):
        with page.expect_download() as download:
            card.get_by_role(role, name=f"{name} of Trust score").click()
        files[name[:3]] = tmp_path / download.value.suggested_filename
        download.value.save_as(files[name[:3]])

    assert files["PNG"].read_bytes().startswith(b"\x89PNG")
    assert "<svg" in files["SVG"].read_text(encoding="utf-8")[:400]
    lines = files["CSV"].read_text(encoding="utf-8-sig").splitlines()
    assert "measure,date,value,note,source,unit,baseline,target" == lines[0]
    assert "Trust score,2025-03-03,23,,manual,,10,50" == lines[-1]


def test_a_malformed_survey_file_is_refused_naming_its_line_and_field(
    page, sign_in, container, snap
):
    product_id = factories.product(container, name="Orbit")
    sign_in(page, then=f"/products/{product_id}/measure-data")
    bad = b"respondent,date,score\nr1,2025-01-02,9\nr2,2025-01-03,eleven\n"

    page.get_by_label("Survey", exact=True).select_option("nps")
    page.locator("#survey-file").set_input_files(
        {"name": "nps-march.csv", "mimeType": "text/csv", "buffer": bad}
    )
    page.get_by_role("button", name="Import answers").click()
    alert = page.get_by_role("alert")
    snap(page, "survey-upload-error")

    assert "Nothing was imported" in alert.inner_text()
    assert "nps-march.csv, line 3, field score: 'eleven' is not a number" in alert.inner_text()
    stored = surveys.scores(container.uow(), factories.admin(container), product_id, SurveyKind.NPS)
    assert [] == stored


def test_an_uploaded_survey_reports_its_import_and_scores_each_month_with_an_interval(
    page, sign_in, container
):
    product_id = factories.product(container, name="Orbit")
    boss = factories.admin(container)
    goal = goals.create_goal(
        container.uow(), boss, product_id, {"title": "Be recommended", "kva": "current_value"}
    )
    goals.add_measure(
        container.uow(),
        boss,
        goal.id,
        {"name": "NPS", "baseline": 0.0, "target": 40.0, "computed_by": "survey:nps"},
    )
    rows = ["respondent,date,score,comment"]
    rows += [f"p{n},2025-03-{n + 1:02d},{10 if n < 6 else 3},ok" for n in range(10)]
    sign_in(page, then=f"/products/{product_id}/measure-data")

    page.locator("#survey-file").set_input_files(
        {"name": "nps.csv", "mimeType": "text/csv", "buffer": "\n".join(rows).encode()}
    )
    page.get_by_role("button", name="Import answers").click()
    notice = page.get_by_role("status").first.inner_text()
    scores = page.locator("table", has=page.get_by_role("columnheader", name="95% interval"))
    table = scores.inner_text()
    page.goto(f"/products/{product_id}/ebm")
    source = page.locator(".kvm-source").first.inner_text()

    assert "Imported nps.csv: 10 rows — 10 created, 0 updated, 0 unchanged" in notice
    assert re.search(r"Mar 2025\s+20\s+-?\d+(\.\d)? to \d+(\.\d)?\s+10", table)
    assert "survey:nps" in source
    assert "10 responses, 95% interval" in source
    assert (
        1 == page.locator(f"section.kva[data-kva={KeyValueArea.CURRENT_VALUE.value}] .kvm").count()
    )


def test_charts_drawn_with_the_shared_plot_helpers_show_user_text_literally(
    page, sign_in, container
):
    product_id = factories.product(container, name="<b>x</b> Orbit")
    factories.product(container, name="Relay")  # a second bar, so the portfolio has a legend
    boss = factories.admin(container)
    goal = goals.create_goal(
        container.uow(), boss, product_id, {"title": "Teams trust us", "kva": "current_value"}
    )
    measure = goals.add_measure(
        container.uow(),
        boss,
        goal.id,
        {"name": "Trust <b>x</b>", "baseline": 10.0, "target": 50.0, "unit": "<i>pts</i>"},
    )
    for day, value in (("2025-01-06", 12), ("2025-02-03", 19)):
        goals.record_observation(container.uow(), boss, measure.id, day, value)
    errors = _console_errors(page)
    sign_in(page, then=f"/measures/{measure.id}")
    chart = page.locator("[data-chart]")
    chart.locator(".main-svg").first.wait_for()

    measure_legend = chart.locator(".legendtext").all_text_contents()
    unit_title = chart.locator(".ytitle").text_content()
    loaded = page.evaluate("Object.keys(window.valueloopPlots).sort()")
    measure_png = page.evaluate(
        "document.querySelector('[data-chart]')._context.toImageButtonOptions"
    )
    measure_file = json.loads(page.locator("#measure-chart-data").text_content())["filename"]
    page.goto(f"/products/{product_id}/ebm")
    page.locator(f"#kvm-{measure.id} .js-plotly-plot .main-svg").first.wait_for()
    trend_buttons = page.locator(f"#kvm-{measure.id} .modebar-btn").evaluate_all(
        "buttons => buttons.map(b => b.dataset.title)"
    )
    page.goto("/portfolio")
    page.locator("[data-portfolio-chart] .main-svg").first.wait_for()
    portfolio_legend = page.locator("[data-portfolio-chart] .legendtext").all_text_contents()
    drawn_errors = list(errors)
    page.route("**/static/vendor/plotly.min.js", lambda route: route.abort())
    page.reload()
    without_plotly = page.locator("[data-portfolio-chart]").inner_text()

    assert ["Trust <b>x</b>", "Target 50", "Baseline 10"] == measure_legend
    assert "<i>pts</i>" == unit_title
    assert ["<b>x</b> Orbit", "Relay"] == portfolio_legend
    assert {"plain", "color", "font", "layout", "config", "missing", "opensItem"} <= set(loaded)
    assert {"format": "png", "filename": measure_file, "scale": 2} == measure_png
    assert measure_file.endswith("trust-b-x-b")
    assert ["download plot as a png", "download as svg"] == [t.lower() for t in trend_buttons]
    assert "The chart could not be drawn; download its data as CSV." == without_plotly
    assert [] == drawn_errors
