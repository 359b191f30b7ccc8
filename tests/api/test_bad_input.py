"""Bad input on every route: a clear 4xx (naming the field where there is one), never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import anyio
import httpx
import pytest
from fastapi.testclient import TestClient

from tests.api import world
from tests.api.matrix import CASES, PREFIX, Case
from tests.api.routing import openapi_document
from valueloop.entrypoints.app import create_app

BODY_CASES = {case.name: case for case in CASES if case.body is not None}
UPLOAD_CASES = {case.name: case for case in CASES if case.upload is not None}
PATH_ID_CASES = {
    case.name: case for case in CASES if "{" in case.route and case.method in ("GET", "POST")
}


def checked(response: httpx.Response) -> httpx.Response:
    """The response, after checking it is no server error and leaks no traceback."""
    assert response.status_code < 500, response.text
    assert "Traceback" not in response.text
    assert 'File "' not in response.text
    return response


def body_schema(case: Case) -> dict[str, Any]:
    """The JSON schema of a route's request body, references resolved one level."""
    document = openapi_document()
    operation = document["paths"][PREFIX + case.route][case.method.lower()]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    # An optional body is "anyOf: [the model, null]": the model is what a client may send.
    schema = next((o for o in schema.get("anyOf", []) if "$ref" in o), schema)
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def takes_objects(prop: dict[str, Any]) -> bool:
    options = prop.get("anyOf", [prop])
    return any(
        o.get("type") == "object" or "additionalProperties" in o or "$ref" in o for o in options
    )


@pytest.fixture
def w(container) -> world.World:
    return world.build(container)


def test_every_route_with_a_body_has_a_valid_example():
    document = openapi_document()
    with_body = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    }
    examples = {
        (c.method, PREFIX + c.route) for c in [*BODY_CASES.values(), *UPLOAD_CASES.values()]
    }

    assert [] == sorted(with_body - examples)


def test_malformed_json_is_a_400_problem_on_every_route(w):
    actual = {}
    for name, case in BODY_CASES.items():
        response = checked(
            w.client.request(
                case.method,
                case.url(w),
                content=b'{"title": "unclosed',
                headers={"content-type": "application/json"},
            )
        )
        actual[name] = (
            response.status_code,
            response.headers["content-type"],
            "not valid JSON" in response.json()["detail"],
        )

    assert dict.fromkeys(BODY_CASES, (400, "application/problem+json", True)) == actual


def test_a_body_that_is_not_an_object_is_a_422_on_every_route(w):
    actual = {
        name: checked(w.client.request(case.method, case.url(w), json=["a", "list"])).status_code
        for name, case in BODY_CASES.items()
    }

    assert dict.fromkeys(BODY_CASES, 422) == actual


def test_a_wrongly_typed_field_is_a_422_naming_the_field_on_every_route(w):
    expected, actual = {}, {}
    for name, case in BODY_CASES.items():
        for field, prop in body_schema(case)["properties"].items():
            wrong = 12345 if takes_objects(prop) else {"wrong": "type"}
            body = {**case.json(w), field: wrong}
            response = checked(w.client.request(case.method, case.url(w), json=body))
            errors = response.json().get("errors", [{}])
            expected[f"{name}: {field}"] = (422, field)
            actual[f"{name}: {field}"] = (response.status_code, errors[0].get("field"))

    assert expected == actual


def test_an_unknown_field_is_a_422_naming_it_on_every_route(w):
    actual = {}
    for name, case in BODY_CASES.items():
        body = {**case.json(w), "surprise": 1}
        response = checked(w.client.request(case.method, case.url(w), json=body))
        actual[name] = (response.status_code, response.json()["errors"][0]["field"])

    assert dict.fromkeys(BODY_CASES, (422, "surprise")) == actual


def test_unknown_ids_in_a_body_are_a_404_or_422_on_every_route(w):
    expected, actual = {}, {}
    for name, case in BODY_CASES.items():
        for field in body_schema(case)["properties"]:
            if not (field.endswith("_id") or field == "ids"):
                continue
            body = {**case.json(w), field: [999_999] if field == "ids" else 999_999}
            if field == "record_id":
                body.setdefault("record_type", "item")
            response = checked(w.client.request(case.method, case.url(w), json=body))
            expected[f"{name}: {field}"] = "404 or 422"
            actual[f"{name}: {field}"] = (
                "404 or 422" if response.status_code in (404, 422) else str(response.status_code)
            )

    assert expected == actual


def test_unknown_ids_in_a_path_are_a_404_on_every_route(w):
    actual = {}
    for name, case in PATH_ID_CASES.items():
        ids = {**w.ids(), **(case.ids(w) if case.ids else {})}
        unknown = {
            key: ("nobody" if key in NAMED_BY_TEXT else 999_999)
            for key in ids
            if "{" + key + "}" in case.route and (key.endswith("_id") or key in NAMED_BY_TEXT)
        }
        url = PREFIX + case.route.format(**{**ids, **unknown})
        response = checked(case.call(w, url))
        actual[name] = (response.status_code, response.headers["content-type"])

    expected = dict.fromkeys(PATH_ID_CASES, (404, "application/problem+json"))
    assert {**expected, **NOT_A_404} == actual


# Path parameters that name a record by text rather than by number.
NAMED_BY_TEXT = ("username", "slug")
# A webhook is its own credential: an unknown hook is refused like a bad signature (401), so the
# receiver tells a caller without the secret nothing about which hooks exist.
NOT_A_404 = {
    case.name: (401, "application/problem+json")
    for case in CASES
    if case.route == "/hooks/{hook_id}/notes" and case.method == "POST"
}


@pytest.mark.parametrize("huge", [2**31, 2**63, 2**80, -(2**70)])
def test_ids_beyond_the_integer_range_are_not_found(any_container, huge):
    w = world.build(any_container)

    responses = [
        checked(w.client.get(f"/api/v1/items/{huge}")),
        checked(w.client.get(f"/api/v1/products/{w.product}/items", params={"goal_id": huge})),
        checked(
            w.client.post(
                f"/api/v1/products/{w.product}/items", json={"title": "T", "goal_id": huge}
            )
        ),
        checked(w.client.post("/api/v1/notifications/read", json={"ids": [huge]})),
    ]

    assert [404, 200, 404, 404] == [r.status_code for r in responses]


@pytest.mark.parametrize("text", ["nul\x00byte", "lone \ud800 surrogate"])
def test_text_the_database_cannot_store_is_a_422_not_a_500(any_container, text):
    w = world.build(any_container)
    headers = {"content-type": "application/json"}

    # json.dumps escapes the NUL and the surrogate as \u sequences, as a client would send them.
    product = checked(
        w.client.post("/api/v1/products", content=json.dumps({"name": text}), headers=headers)
    )
    note = checked(
        w.client.post("/api/v1/feedback", content=json.dumps({"text": text}), headers=headers)
    )

    assert (422, "name") == (product.status_code, product.json()["errors"][0]["field"])
    assert (422, "text") == (note.status_code, note.json()["errors"][0]["field"])


def test_a_nul_character_in_a_search_or_a_name_finds_nothing(any_container):
    w = world.build(any_container)

    products = checked(w.client.get("/api/v1/products", params={"q": "Ac\x00me"}))
    items = checked(w.client.get(f"/api/v1/products/{w.product}/items", params={"q": "\x00"}))
    member = checked(
        w.client.put(
            f"/api/v1/products/{w.product}/members/{w.member}%00", json={"role": "stakeholder"}
        )
    )

    assert (200, 0) == (products.status_code, products.json()["total"])
    assert (200, 0) == (items.status_code, items.json()["total"])
    assert 404 == member.status_code


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"sort": "colour"}, "sort"),
        ({"status": "sleeping"}, "status.0"),  # the first value of a repeatable parameter
    ],
)
def test_bad_list_parameters_are_a_422_naming_the_parameter(w, query, field):
    response = checked(w.client.get(f"/api/v1/products/{w.product}/items", params=query))

    assert (422, field) == (response.status_code, response.json()["errors"][0]["field"])


def test_a_path_id_that_is_not_a_number_is_a_422(w):
    response = checked(w.client.get("/api/v1/items/abc"))

    assert (422, "item_id") == (response.status_code, response.json()["errors"][0]["field"])


def test_an_unknown_record_type_is_a_422(w):
    response = checked(w.client.get(f"/api/v1/records/planet/{w.item}/comments"))

    assert (422, "record_type") == (response.status_code, response.json()["errors"][0]["field"])


# Uploads (multipart CSV files)


def upload(w: world.World, case: Case, content: bytes) -> httpx.Response:
    files = {"file": ("bad.csv", content, "text/csv")}
    return checked(w.client.request(case.method, case.url(w), files=files))


def test_an_upload_without_a_file_is_a_422_naming_the_file_on_every_route(w):
    actual = {
        name: checked(w.client.request(case.method, case.url(w), data={"x": "1"}))
        for name, case in UPLOAD_CASES.items()
    }

    assert dict.fromkeys(UPLOAD_CASES, (422, "file")) == {
        name: (r.status_code, r.json()["errors"][0]["field"]) for name, r in actual.items()
    }


def test_an_upload_that_is_not_utf8_is_a_422_on_every_route(w):
    actual = {
        name: upload(w, case, "déjà vu,ünïcode\n".encode("latin-1")).status_code
        for name, case in UPLOAD_CASES.items()
    }

    assert dict.fromkeys(UPLOAD_CASES, 422) == actual


@pytest.mark.parametrize(
    "content",
    [b"", b"\n\n", b"just,a,header\n", b'"unclosed\n', b"a\rb,c\r\n1,2\n", b"\x00\x01\x02"],
)
def test_a_malformed_csv_is_a_422_on_every_route(w, content):
    actual = {name: upload(w, case, content).status_code for name, case in UPLOAD_CASES.items()}

    assert dict.fromkeys(UPLOAD_CASES, 422) == actual


def test_a_bad_row_is_a_422_naming_the_line_and_nothing_is_imported(w):
    content = b"measure,date,value\nNPS,2024-03-01,30\nNPS,2024-03-02,lots\n"
    case = UPLOAD_CASES["POST /products/{product_id}/observations/import"]

    response = upload(w, case, content)
    observations = w.client.get(f"/api/v1/measures/{w.measure}/observations").json()

    assert 422 == response.status_code
    assert "line 3" in response.json()["detail"]
    assert ["2024-01-01"] == [o["observed_on"] for o in observations]


def test_an_upload_over_the_limit_is_a_413_on_every_route(small):
    content = b"measure,date,value\n" + b"NPS,2024-03-01,30\n" * 200

    actual = {name: upload(small, case, content).status_code for name, case in UPLOAD_CASES.items()}

    assert dict.fromkeys(UPLOAD_CASES, 413) == actual


def test_a_domain_rule_is_a_422_naming_the_field(w):
    response = checked(
        w.client.post(
            f"/api/v1/goals/{w.goal}/measures", json={"name": "NPS", "baseline": 50, "target": 10}
        )
    )

    assert (422, "target") == (response.status_code, response.json()["errors"][0]["field"])
    assert "wrong side" in response.json()["detail"]


# Oversized bodies


def padded(body: dict[str, Any], size: int) -> bytes:
    """`body` as JSON, padded with whitespace to `size` bytes (still valid JSON)."""
    raw = json.dumps(body).encode()
    return raw[:-1] + b" " * (size - len(raw)) + b"}"


@pytest.fixture
def small(container) -> world.World:
    """A world whose server accepts bodies of at most 2,000 bytes."""
    container.settings.max_body_bytes = 2_000
    container.settings.max_upload_bytes = 2_000
    built = world.build(container)
    client = TestClient(create_app(container), raise_server_exceptions=False)
    client.headers["Authorization"] = built.client.headers["Authorization"]
    built.client = client
    return built


def test_a_body_over_the_limit_is_a_413_on_every_route(small):
    actual = {}
    for name, case in BODY_CASES.items():
        response = checked(
            small.client.request(
                case.method,
                case.url(small),
                content=padded(case.json(small), 2_001),
                headers={"content-type": "application/json"},
            )
        )
        actual[name] = (response.status_code, response.headers["content-type"])

    assert dict.fromkeys(BODY_CASES, (413, "application/problem+json")) == actual


def test_a_streamed_body_over_the_limit_is_a_413_on_every_route(small):
    def chunks(body: bytes) -> Iterator[bytes]:
        for start in range(0, len(body), 500):
            yield body[start : start + 500]

    actual = {}
    for name, case in BODY_CASES.items():
        response = checked(
            small.client.request(
                case.method,
                case.url(small),
                content=chunks(padded(case.json(small), 3_000)),
                headers={"content-type": "application/json"},
            )
        )
        assert "content-length" not in response.request.headers
        actual[name] = (response.status_code, response.headers["content-type"])

    assert dict.fromkeys(BODY_CASES, (413, "application/problem+json")) == actual


def test_a_body_at_the_limit_is_accepted(small):
    body = padded({"name": "Exactly"}, 2_000)

    response = checked(
        small.client.post(
            "/api/v1/products", content=body, headers={"content-type": "application/json"}
        )
    )

    assert 201 == response.status_code


def test_the_default_limit_refuses_a_megabyte_of_json(w):
    body = padded({"text": "long"}, 1_000_001)

    response = checked(
        w.client.post(
            "/api/v1/feedback", content=body, headers={"content-type": "application/json"}
        )
    )

    assert 413 == response.status_code


def test_a_file_upload_may_be_larger_than_a_json_body_up_to_the_upload_limit(container):
    container.settings.max_body_bytes = 2_000
    container.settings.max_upload_bytes = 50_000
    built = world.build(container, areas=False)
    client = TestClient(create_app(container), raise_server_exceptions=False)
    client.headers["Authorization"] = built.client.headers["Authorization"]
    rows = b"".join(b"note %d,%d\n" % (n, n) for n in range(1_000))  # about 14 KB
    url = f"/api/v1/products/{built.product}/feedback/imports"

    def send(content: bytes) -> int:
        files = {"file": ("notes.csv", b"text,external_id\n" + content, "text/csv")}
        return checked(client.post(url, files=files, data={"dry_run": "true"})).status_code

    assert (200, 413) == (send(rows), send(rows * 4))


def test_a_body_arriving_in_many_chunks_is_cut_off_at_the_limit(small):
    app = small.client.app
    token = small.client.headers["Authorization"].encode()
    chunks = [b'{"name": "' + b"x" * 600] + [b"x" * 600] * 5 + [b'"}']
    sent: list[dict[str, Any]] = []
    received = 0

    async def receive() -> dict[str, Any]:
        nonlocal received
        received += 1
        chunk = chunks[received - 1]
        return {"type": "http.request", "body": chunk, "more_body": received < len(chunks)}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/products",
        "raw_path": b"/api/v1/products",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"authorization", token)],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }
    anyio.run(app, scope, receive, send)

    assert 413 == sent[0]["status"]
    assert received < len(chunks)
