"""Setting a workspace up and letting people in: init, db upgrade, user add, token create."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from valueloop.adapters.db.engine import current_revision, head_revision, upgrade
from valueloop.domain.roles import Role
from valueloop.entrypoints.cli.console import fail, out
from valueloop.entrypoints.cli.options import DatabaseUrl, DataDir, opened, settings, where
from valueloop.services import accounts

db_app = typer.Typer(help="The database schema.", no_args_is_help=True)
user_app = typer.Typer(help="People who sign in.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens for scripts and integrations.", no_args_is_help=True)

PasswordStdin = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from the first line of stdin."),
]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            fail("no password on stdin")
        return line
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def init(
    username: Annotated[
        str | None, typer.Option("--username", help="The admin's username (prompted if absent).")
    ] = None,
    email: Annotated[str, typer.Option("--email", help="The admin's e-mail address.")] = "",
    password_stdin: PasswordStdin = False,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Migrate the database and create the workspace's first admin (refused once users exist)."""
    name = username or str(typer.prompt("Admin username"))
    password = _password(password_stdin)
    with opened(settings(data_dir, database_url)) as container:
        user = accounts.create_first_admin(container.uow(), name, password, email)
        location = where(container)
    out.print(f"Created admin {user.username} in {location}.")
    out.print("Start the server with: valueloop serve")


@db_app.command("upgrade")
def db_upgrade(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Migrate the database schema to the newest revision and print the revisions."""
    with opened(settings(data_dir, database_url), migrate=False) as container:
        before = current_revision(container.engine)
        upgrade(container.engine)
        after, head = current_revision(container.engine), head_revision(container.engine)
        location = where(container)
    change = "already at" if before == after else f"upgraded from {before or 'empty'} to"
    out.print(f"{location}: {change} revision {after} (head {head})")


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Login name: letters, digits, '.', '-', '_'.")],
    admin: Annotated[bool, typer.Option("--admin", help="Make the user an admin.")] = False,
    email: Annotated[str, typer.Option("--email", help="E-mail address.")] = "",
    display_name: Annotated[str, typer.Option("--display-name", help="Full name.")] = "",
    product: Annotated[
        int | None, typer.Option("--product", help="Give a role on this product (by id).")
    ] = None,
    role: Annotated[
        Role | None, typer.Option("--role", help="The role on --product.", case_sensitive=False)
    ] = None,
    password_stdin: PasswordStdin = False,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Add a user, as the local operator (acting for the workspace's first admin)."""
    if (product is None) != (role is None):
        fail("--product and --role go together")
    password = _password(password_stdin)
    with opened(settings(data_dir, database_url)) as container:
        operator = accounts.operator(container.uow())
        user = accounts.add_user(
            container.uow(),
            operator,
            username,
            password,
            email=email,
            display_name=display_name,
            is_admin=admin,
        )
        if product is not None and role is not None:
            accounts.set_role(container.uow(), operator, product, user.username, role)
    kind = "admin" if user.is_admin else "user"
    extra = f" as {role.value} of product {product}" if role is not None else ""
    out.print(f"Added {kind} {user.username}{extra}.")


@token_app.command("create")
def token_create(
    user: Annotated[str, typer.Option("--user", help="Whose token it is.")],
    name: Annotated[str, typer.Option("--name", help="A label saying what uses the token.")],
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Create an API token for a user; the secret is printed once, on stdout."""
    with opened(settings(data_dir, database_url)) as container:
        owner = accounts.principal_named(container.uow(), user)
        secret, token = accounts.create_token(container.uow(), owner, name)
    typer.echo(
        f"API token “{token.name}” for {owner.username} (starts {token.prefix}); "
        "store it now, it is not shown again:",
        err=True,
    )
    typer.echo(secret)
