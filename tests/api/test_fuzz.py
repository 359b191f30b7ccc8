"""Schemathesis fuzzes every operation of the OpenAPI document: no input may cause a 5xx.

Schemathesis only generates the cases here (valid ones, and ones that break the schema); the
test itself is plain pytest + Hypothesis. Its own pytest integration (`from_fixture`) is left
alone because it reaches into pytest internals that change between pytest releases.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from tests.api import world
from tests.api.routing import openapi_document
from tests.conftest import make_container
from valueloop.entrypoints.app import create_app

OPERATIONS = sorted(
    f"{method.upper()} {path}"
    for path, operations in openapi_document()["paths"].items()
    for method in operations
)
# Bounded: a handful of cases per operation and mode, the same ones on every run.
FUZZ = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def fuzzed(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[tuple[Any, str]]:
    """The schema of an app over a small workspace, and an admin token to call it with."""
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copy(sqlite_template, folder / "valueloop.db")
    container = make_container(f"sqlite:///{folder / 'valueloop.db'}", folder)
    token = world.build(container, "admin").client.headers["Authorization"]
    yield schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(container)), token
    container.close()


@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=lambda m: m.value)
@pytest.mark.parametrize("label", OPERATIONS)
def test_no_generated_request_gets_a_server_error(fuzzed, label, mode):
    schema, token = fuzzed
    operation = schema.find_operation_by_label(label)

    @FUZZ
    @given(case=operation.as_strategy(generation_mode=mode))
    def call(case: Any) -> None:
        response = case.call(headers={"Authorization": token})

        assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
        assert "Traceback" not in response.text

    try:
        call()
    except Unsatisfiable:
        # An operation without parameters or body has no input to break: nothing to send.
        assert mode is schemathesis.GenerationMode.NEGATIVE
