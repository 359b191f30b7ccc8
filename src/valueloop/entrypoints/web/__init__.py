"""Server-rendered pages (Jinja2, autoescaped) with small hand-written JavaScript."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from valueloop.entrypoints.web.assets import router as assets_router
from valueloop.entrypoints.web.auth import router as auth_router
from valueloop.entrypoints.web.backlog import router as backlog_router
from valueloop.entrypoints.web.collaboration import router as collaboration_router
from valueloop.entrypoints.web.competitors import router as competitors_router
from valueloop.entrypoints.web.customers import router as customers_router
from valueloop.entrypoints.web.dashboards import router as dashboards_router
from valueloop.entrypoints.web.decisions import router as decisions_router
from valueloop.entrypoints.web.errors import web_error, web_http_error
from valueloop.entrypoints.web.feedback import router as feedback_router
from valueloop.entrypoints.web.feedback_note import router as feedback_note_router
from valueloop.entrypoints.web.goal_loops import router as goal_loops_router
from valueloop.entrypoints.web.goals import router as goals_router
from valueloop.entrypoints.web.ideas import router as ideas_router
from valueloop.entrypoints.web.imports import router as imports_router
from valueloop.entrypoints.web.initiatives import router as initiatives_router
from valueloop.entrypoints.web.jtbd import router as jtbd_router
from valueloop.entrypoints.web.kvm import router as kvm_router
from valueloop.entrypoints.web.lifecycle import router as lifecycle_router
from valueloop.entrypoints.web.measure_data import router as measure_data_router
from valueloop.entrypoints.web.notifications import router as notifications_router
from valueloop.entrypoints.web.opportunities import router as opportunities_router
from valueloop.entrypoints.web.portal import router as portal_router
from valueloop.entrypoints.web.products import router as products_router
from valueloop.entrypoints.web.rendering import STATIC
from valueloop.entrypoints.web.roadmap import router as roadmap_router
from valueloop.entrypoints.web.scoring import router as scoring_router
from valueloop.entrypoints.web.scoring_formulas import router as scoring_formulas_router
from valueloop.entrypoints.web.scoring_items import router as scoring_items_router
from valueloop.entrypoints.web.story_maps import router as story_maps_router
from valueloop.entrypoints.web.themes import router as themes_router


def mount_web(app: FastAPI) -> None:
    """Add the pages, their static files and the HTML error pages to `app`."""
    for router in (
        assets_router,  # before the /static mount, which would otherwise answer for Plotly
        auth_router,
        products_router,
        goals_router,
        goal_loops_router,
        dashboards_router,
        initiatives_router,
        opportunities_router,
        lifecycle_router,
        kvm_router,
        measure_data_router,
        backlog_router,
        scoring_router,
        roadmap_router,
        story_maps_router,
        scoring_items_router,
        scoring_formulas_router,
        feedback_router,
        imports_router,
        feedback_note_router,
        themes_router,
        customers_router,
        jtbd_router,
        competitors_router,
        decisions_router,
        notifications_router,
        collaboration_router,
        ideas_router,
        portal_router,
    ):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.web_error = web_error
    app.state.web_http_error = web_http_error
