"""The `valueloop` command: each command end to end on a real workspace, errors as one line."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tests import factories
from valueloop.adapters.db.engine import create_engine, head_revision
from valueloop.bootstrap import Container
from valueloop.entrypoints import cli
from valueloop.entrypoints.cli import server
from valueloop.services import accounts, demo

PASSWORD = factories.PASSWORD + "\n"
DOCS = Path(__file__).parents[2] / "docs" / "cli.md"


@pytest.fixture
def run(tmp_path, sqlite_url):
    """Run the CLI against the test workspace; returns the click result."""
    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None, url: str | None = None):
        where = ["--data-dir", str(tmp_path), "--database-url", url or sqlite_url]
        takes_workspace = args[0] not in ("--version", "--help")
        full = [*args, *where] if takes_workspace else list(args)
        return runner.invoke(cli.app, full, input=stdin)

    return invoke


@pytest.fixture
def served(monkeypatch):
    """Replace the server and the browser by recorders."""
    calls: dict[str, list[object]] = {"uvicorn": [], "browser": []}

    def fake_run(app, host, port, log_level):
        calls["uvicorn"].append((app, host, port))

    monkeypatch.setattr("uvicorn.run", fake_run)
    monkeypatch.setattr(server.threading, "Timer", lambda _s, fn, args: _Now(fn, args))
    monkeypatch.setattr(server.webbrowser, "open", lambda url: calls["browser"].append(url))
    return calls


class _Now:
    def __init__(self, fn, args):
        self.fn, self.args = fn, args

    def start(self):
        self.fn(*self.args)


def test_init_creates_the_first_admin_from_options_and_stdin(run, container: Container):
    result = run("init", "--username", "Alice", "--password-stdin", stdin=PASSWORD)

    assert result.exit_code == 0, result.output
    assert "Created admin alice" in result.stdout
    assert accounts.authenticate(container.uow(), "alice", factories.PASSWORD).is_admin


def test_init_prompts_for_the_username_and_the_password_twice(run, container):
    result = run("init", stdin=f"bob\n{PASSWORD}{PASSWORD}")

    assert result.exit_code == 0, result.output
    assert accounts.authenticate(container.uow(), "bob", factories.PASSWORD).is_admin


def test_init_is_refused_once_users_exist_with_one_line_and_status_1(run, container):
    factories.admin(container)

    result = run("init", "--username", "mallory", "--password-stdin", stdin=PASSWORD)

    assert result.exit_code == 1
    assert result.stderr == "error: the workspace already has users; ask an admin to add you\n"
    assert "Traceback" not in result.output


def test_a_too_short_password_is_explained(run):
    result = run("init", "--username", "alice", "--password-stdin", stdin="short\n")

    assert result.exit_code == 1
    assert result.stderr == "error: password must be at least 10 characters\n"


def test_init_migrates_a_new_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'new' / 'valueloop.db'}"

    result = CliRunner().invoke(
        cli.app,
        ["init", "--username", "alice", "--password-stdin", "--database-url", url],
        input=PASSWORD,
    )

    assert result.exit_code == 0, result.output


def test_db_upgrade_prints_the_current_and_head_revision(run, sqlite_url):
    head = head_revision(create_engine(sqlite_url))

    result = run("db", "upgrade")

    assert result.exit_code == 0, result.output
    assert f"already at revision {head} (head {head})" in result.stdout


def test_db_upgrade_migrates_an_empty_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"

    result = CliRunner().invoke(cli.app, ["db", "upgrade", "--database-url", url])

    assert result.exit_code == 0, result.output
    assert "upgraded from empty to revision" in result.stdout


def test_user_add_acts_as_the_local_operator_and_can_give_a_role(run, container):
    boss = factories.admin(container)
    product_id = factories.product(container)

    result = run(
        "user", "add", "carol", "--password-stdin", "--product", str(product_id),
        "--role", "product_owner", stdin=PASSWORD,
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    members = accounts.list_members(container.uow(), boss, product_id)
    assert ("carol", "product_owner") in [(u.username, r.value) for u, r in members]


def test_user_add_as_admin(run, container):
    factories.admin(container)

    result = run("user", "add", "dave", "--admin", "--password-stdin", stdin=PASSWORD)

    assert result.exit_code == 0, result.output
    assert "Added admin dave." in result.stdout


def test_user_add_needs_an_admin_first(run):
    result = run("user", "add", "erin", "--password-stdin", stdin=PASSWORD)

    assert result.exit_code == 1
    assert result.stderr.startswith("error: the workspace has no admin yet")


def test_token_create_prints_a_working_secret_once_on_stdout(run, container):
    factories.admin(container)

    result = run("token", "create", "--user", "admin", "--name", "nightly sync")

    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert accounts.token_principal(container.uow(), secret).username == "admin"
    assert secret not in result.stderr
    assert "not shown again" in result.stderr


def test_token_create_for_an_unknown_user_is_refused(run, container):
    result = run("token", "create", "--user", "nobody", "--name", "x")

    assert result.exit_code == 1
    assert result.stderr == "error: user nobody does not exist\n"


def test_export_then_import_restores_the_workspace(run, container, tmp_path):
    product_id = factories.product(container, name="Exported")
    archive = tmp_path / "workspace.zip"
    target = f"sqlite:///{tmp_path / 'restored.db'}"

    exported = run("export", str(archive))
    imported = run("import", str(archive), url=target)

    assert exported.exit_code == 0, exported.output
    assert imported.exit_code == 0, imported.output
    assert re.search(r"Exported \d+ rows of \d+ tables to .*workspace\.zip", exported.stdout)
    assert zipfile.ZipFile(archive).read("manifest.json")
    restored = Container(settings=container.settings, engine=create_engine(target))
    boss = accounts.principal_named(restored.uow(), "admin")
    assert accounts.list_members(restored.uow(), boss, product_id)
    restored.close()


def test_export_does_not_overwrite_a_file_without_force(run, tmp_path):
    archive = tmp_path / "workspace.zip"
    archive.write_text("keep me")

    refused = run("export", str(archive))
    forced = run("export", str(archive), "--force")

    assert refused.exit_code == 1
    assert "already exists (--force overwrites it)" in refused.stderr
    assert forced.exit_code == 0, forced.output
    assert zipfile.is_zipfile(archive)


def test_import_into_a_workspace_with_data_is_refused(run, container, tmp_path):
    factories.product(container)
    archive = tmp_path / "workspace.zip"
    run("export", str(archive))

    result = run("import", str(archive))

    assert result.exit_code == 1
    assert result.stderr.startswith("error: import needs an empty, freshly migrated database")


def test_import_of_a_bad_file_names_it(run, tmp_path):
    bad = tmp_path / "notes.zip"
    bad.write_text("id,text\n1,hello\n")

    result = run("import", str(bad))

    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {bad}: not a valueloop export")


def test_serve_runs_the_app_on_the_given_address_without_opening_a_browser(run, served):
    result = run("serve", "--host", "127.0.0.1", "--port", "8123")

    assert result.exit_code == 0, result.output
    app, host, port = served["uvicorn"][0]
    assert (host, port) == ("127.0.0.1", 8123)
    assert app.openapi_url == "/api/v1/openapi.json"
    assert served["browser"] == []


def test_serve_opens_a_browser_only_when_asked(run, served):
    result = run("serve", "--open")

    assert result.exit_code == 0, result.output
    assert served["browser"] == ["http://127.0.0.1:8000/"]


def test_demo_builds_the_workspace_prints_the_login_and_serves_it(run, served, container):
    result = run("demo", "--port", "8765")

    assert result.exit_code == 0, result.output
    assert "Built the demo workspace" in result.stdout
    assert f"Sign in as demo with password {demo.DEMO_PASSWORD}" in result.stdout
    assert "http://127.0.0.1:8765/" in result.stdout
    assert served["uvicorn"][0][1:] == ("127.0.0.1", 8765)
    assert served["browser"] == []
    assert accounts.authenticate(container.uow(), "demo", demo.DEMO_PASSWORD)


def test_demo_reuses_an_existing_demo(run, served):
    first = run("demo", "--no-serve")
    again = run("demo", "--no-serve")

    assert first.exit_code == again.exit_code == 0
    assert "Using the demo workspace already there" in again.stdout
    assert served["uvicorn"] == []


def test_demo_refuses_a_workspace_holding_other_data(run, container):
    factories.product(container)

    result = run("demo", "--no-serve")

    assert result.exit_code == 1
    assert "not the demo" in result.stderr
    assert "Traceback" not in result.output


def test_a_bad_database_url_is_one_line(run):
    result = run("db", "upgrade", url="nosuchdb://x")

    assert result.exit_code == 1
    assert result.stderr.startswith("error: bad database URL")


def test_version_is_printed():
    result = CliRunner().invoke(cli.app, ["--version"])

    assert result.stdout.startswith("valueloop ")


def _commands(group: typer.Typer, prefix: str = "") -> dict[str, list[str]]:
    """Every command's full name with its long options."""
    command = typer.main.get_command(group)
    found: dict[str, list[str]] = {}

    def walk(node, name):
        subcommands = getattr(node, "commands", None)
        if subcommands:
            for child_name, child in subcommands.items():
                walk(child, f"{name} {child_name}".strip())
            return
        found[name] = [o for p in node.params for o in p.opts if o.startswith("--")]

    walk(command, prefix)
    return found


def test_every_command_and_option_is_documented():
    text = DOCS.read_text()
    commands = _commands(cli.app)

    assert {
        "init",
        "serve",
        "demo",
        "db upgrade",
        "user add",
        "token create",
        "export",
        "import",
    } <= set(commands)
    for name, options in commands.items():
        assert f"valueloop {name}" in text, name
        for option in options:
            if option != "--help":
                assert f"`{option}`" in text, f"{name} {option}"
