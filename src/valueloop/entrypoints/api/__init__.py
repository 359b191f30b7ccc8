"""The REST API under /api/v1: JSON in and out, errors as problem+json, OpenAPI generated."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request

from valueloop.entrypoints.api import (
    accounts,
    assessments,
    backlog,
    calibration,
    collaboration,
    competitors,
    customers,
    decisions,
    estimates,
    feedback,
    feedback_imports,
    formulas,
    goal_loops,
    goals,
    hooks,
    ideas,
    initiatives,
    jobs,
    jtbd,
    kano,
    kvm,
    lifecycle,
    measure_data,
    opportunities,
    products,
    public,
    quadrants,
    releases,
    roadmap,
    scoring,
    story_maps,
    suggestions,
    themes,
)
from valueloop.entrypoints.api.problems import install_problem_handlers

PREFIX = "/api/v1"


def is_api(request: Request) -> bool:
    return request.url.path.startswith(PREFIX)


def mount_api(app: FastAPI) -> None:
    """Add every API router and the problem+json error handlers to `app`."""
    api = APIRouter(prefix=PREFIX)
    modules = (
        accounts,
        products,
        goals,
        goal_loops,
        measure_data,
        kvm,
        initiatives,
        lifecycle,
        customers,
        feedback,
        feedback_imports,
        hooks,
        backlog,
        decisions,
        collaboration,
        estimates,
        scoring,
        formulas,
        kano,
        assessments,
        calibration,
        quadrants,
        roadmap,
        releases,
        story_maps,
        jtbd,
        competitors,
        opportunities,
        ideas,
        public,
        themes,
        suggestions,
        jobs,
    )
    for module in modules:
        api.include_router(module.router)
    app.include_router(api)
    install_problem_handlers(app, is_api=is_api)
