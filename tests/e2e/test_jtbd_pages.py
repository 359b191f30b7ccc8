"""The Jobs to be Done and competitors pages over HTTP: forms post to their use cases, user text
stays escaped, the survey upload scores outcomes, the matrix downloads as safe CSV; and in the
browser, the opportunity landscape."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.page_client import signed_in
from valueloop.adapters.importers import outcome_survey_csv
from valueloop.services import competitors, jtbd, jtbd_survey

EVIL = "<script>alert(1)</script>"


def test_the_jtbd_page_adds_a_job_and_outcome_and_scores_an_uploaded_survey(container):
    product_id = factories.product(container, name="Ledger")
    client, token = signed_in(container)

    made = client.post(
        f"/products/{product_id}/jtbd/jobs",
        data={"csrf_token": token, "statement": f"Get paid {EVIL}", "kind": "core"},
    )
    admin = factories.admin(container)
    job = jtbd.list_jobs(container.uow(), admin, product_id)[0].job
    added = client.post(
        f"/jtbd/jobs/{job.id}/outcomes",
        data={"csrf_token": token, "statement": "Minimize the time it takes to get paid"},
    )
    outcome = jtbd.list_jobs(container.uow(), admin, product_id)[0].outcomes[0].outcome
    rows = "".join(f"r{i},{outcome.id},5,{4 if i < 2 else 1}\n" for i in range(10))
    uploaded = client.post(
        f"/products/{product_id}/jtbd/survey",
        data={"csrf_token": token},
        files={"file": ("s.csv", b"respondent,outcome,importance,satisfaction\n" + rows.encode())},
    )
    page = client.get(f"/products/{product_id}/jtbd")

    assert (303, 303, 303) == (made.status_code, added.status_code, uploaded.status_code)
    assert EVIL not in page.text
    assert "&lt;script&gt;" in page.text
    data = json.loads(re.search(r'id="landscape-data">(.*?)</script>', page.text, re.S).group(1))
    assert [(10.0, 2.0, 18.0, "under_served")] == [
        (p["importance"], p["satisfaction"], p["opportunity"], p["served"]) for p in data["points"]
    ]


def test_a_malformed_survey_comes_back_naming_the_line_and_field(container):
    product_id = factories.product(container)
    client, token = signed_in(container)

    answer = client.post(
        f"/products/{product_id}/jtbd/survey",
        data={"csrf_token": token},
        files={"file": ("bad.csv", b"respondent,outcome,importance,satisfaction\nr1,42,9,1\n")},
    )

    assert 422 == answer.status_code
    assert "bad.csv, line 2, field importance: 9 is not a rating" in answer.text.lower()


def test_a_form_without_the_csrf_token_is_refused(container):
    product_id = factories.product(container)
    client, _ = signed_in(container)

    answer = client.post(f"/products/{product_id}/jtbd/jobs", data={"statement": "Get paid"})

    assert 403 == answer.status_code
    assert [] == jtbd.list_jobs(container.uow(), factories.admin(container), product_id)


def test_the_matrix_page_rates_a_competitor_and_highlights_the_gap(container):
    product_id = factories.product(container, name="Ledger")
    admin = factories.admin(container)
    rival = competitors.create_competitor(container.uow(), admin, product_id, {"name": EVIL}).id
    client, token = signed_in(container)

    client.post(
        f"/products/{product_id}/capabilities",
        data={"csrf_token": token, "name": "Bank feeds", "own_level": "1"},
    )
    cap = competitors.matrix(container.uow(), admin, product_id).rows[0].capability
    rated = client.post(
        f"/competitors/{rival}/capabilities/{cap.id}",
        data={"csrf_token": token, "level": "3", "note": "=HYPERLINK(1)"},
    )
    page = client.get(f"/products/{product_id}/competitors")
    download = client.get(f"/products/{product_id}/competitors.csv")

    assert 303 == rated.status_code
    assert EVIL not in page.text
    assert "cell-gap" in page.text
    lines = download.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("capability,description,Ledger,")
    assert "Bank feeds,,basic,best in class,'=HYPERLINK(1),gap," in lines[1]


@pytest.mark.e2e
def test_the_landscape_shows_user_text_literally_and_a_point_leads_to_its_outcome(
    page, sign_in, container
):
    product_id = factories.product(container, name="Ledger")
    admin = factories.admin(container)
    job = jtbd.create_job(
        container.uow(), admin, product_id, {"statement": "Get paid <b>x</b>", "kind": "core"}
    )
    outcome = jtbd.create_outcome(
        container.uow(), admin, job.id, {"statement": "Minimize the <b>x</b> time to get paid"}
    )
    rows = "".join(f"r{i},{outcome.id},5,{4 if i < 2 else 1}\n" for i in range(10))
    survey = "respondent,outcome,importance,satisfaction\n" + rows
    jtbd_survey.import_survey(
        container.uow(), admin, product_id, outcome_survey_csv.read("s.csv", text=survey), "s.csv"
    )
    page.set_viewport_size({"width": 1000, "height": 600})
    sign_in(page, then=f"/products/{product_id}/jtbd")
    chart = page.locator("[data-landscape-chart]")
    chart.locator(".scatterlayer .point").first.wait_for()  # drawn with Plotly and plots.js
    png = chart.evaluate("c => c._context.toImageButtonOptions")
    chart.scroll_into_view_if_needed()
    point = chart.locator(".scatterlayer .point")
    box = point.bounding_box()
    where = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    row = page.locator(f"#outcome-{outcome.id}")
    expect(row).not_to_be_in_viewport()
    page.mouse.move(*where)
    hover = chart.locator(".hoverlayer .hovertext")
    hover.wait_for()
    shown = hover.text_content()
    page.mouse.click(*where)

    expect(row).to_be_in_viewport()
    assert 1 == point.count()
    assert shown.startswith("Minimize the <b>x</b> time to get paidGet paid <b>x</b>"), shown
    assert ["Under served (1)", "Appropriately served (0)", "Over served (0)"] == chart.evaluate(
        "c => c.data.map(t => t.name)"
    )
    assert {"format": "png", "filename": "opportunity-landscape", "scale": 2} == png
