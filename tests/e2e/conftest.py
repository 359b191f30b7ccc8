"""Browser fixtures: the real app under uvicorn on a free port, driven by Debian's chromium."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import uvicorn

from tests import factories
from valueloop.bootstrap import Container
from valueloop.entrypoints.app import create_app

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("VALUELOOP_REQUIRE_E2E") == "1":
        pytest.fail(f"{reason}, and VALUELOOP_REQUIRE_E2E=1 makes browser tests mandatory")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's chromium on PATH; browser tests never download one."""
    path = shutil.which("chromium")
    if path is None:
        _unavailable("chromium is not on PATH (apt-get install -y chromium)")
    assert path is not None
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


class LiveServer:
    """The application served by uvicorn from a background thread."""

    def __init__(self, container: Container) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(create_app(container), log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=15)
        self._socket.close()


@pytest.fixture
def live_server(container: Container) -> Iterator[str]:
    """The base URL of the real app on a fresh SQLite workspace."""
    server = LiveServer(container)
    server.start()
    yield server.url
    server.stop()


class Dialogs(list[str]):
    """Messages of every alert/confirm/prompt the page opened (each is dismissed)."""


@pytest.fixture
def dialogs() -> Dialogs:
    return Dialogs()


@pytest.fixture
def page(browser: Browser, live_server: str, dialogs: Dialogs) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    opened = context.new_page()

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    opened.on("dialog", on_dialog)
    yield opened
    context.close()


@pytest.fixture
def sign_in(container: Container) -> Callable[..., None]:
    """Sign in through the form as `username` (the workspace admin by default)."""

    def go(page: Page, username: str = "admin", then: str = "/products") -> None:
        if username == "admin":
            factories.admin(container)
        page.goto(then)
        assert re.search(r"/login\?next=", page.url), page.url
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(factories.PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(re.escape(then) + "$"))

    return go


@pytest.fixture
def snap() -> Callable[[Page, str], None]:
    """Save a full-page screenshot when VALUELOOP_E2E_SCREENSHOTS names a folder."""
    folder = os.environ.get("VALUELOOP_E2E_SCREENSHOTS")

    def take(page: Page, name: str) -> None:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)

    return take
