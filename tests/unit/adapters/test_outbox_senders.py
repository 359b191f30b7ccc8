"""The outbox sender: SMTP through smtplib (faked here) and signed webhooks over real HTTP."""

from __future__ import annotations

import http.server
import threading

import pytest

from valueloop.adapters import outbox_senders
from valueloop.adapters.outbox_senders import NetworkSender, SmtpSettings
from valueloop.domain import outbox
from valueloop.services.outbox import DeliveryFailed


class FakeSmtp:
    sent: list[tuple[str, str, str]] = []

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.address = (host, port)

    def __enter__(self) -> FakeSmtp:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def starttls(self) -> None:
        pass

    def login(self, user: str, password: str) -> None:
        pass

    def send_message(self, message) -> None:
        FakeSmtp.sent.append((message["To"], message["Subject"], message.get_content().strip()))


def test_an_email_goes_through_the_configured_smtp_server(monkeypatch):
    monkeypatch.setattr(outbox_senders.smtplib, "SMTP", FakeSmtp)
    FakeSmtp.sent = []
    sender = NetworkSender(SmtpSettings(host="mail.example", username="u", password="p"))

    sender.send_email("ann@x.org", "Planned", "Your idea is planned")

    assert [("ann@x.org", "Planned", "Your idea is planned")] == FakeSmtp.sent


def test_without_an_smtp_server_an_email_fails_with_the_reason():
    with pytest.raises(DeliveryFailed, match="VALUELOOP_SMTP_HOST"):
        NetworkSender(SmtpSettings(host="")).send_email("a@x.org", "s", "b")


def test_a_webhook_is_posted_with_its_signature_header():
    received: list[tuple[bytes, str]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((body, self.headers[outbox.SIGNATURE_HEADER]))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    body = outbox.webhook_body({"event": "idea.status_changed"})
    signature = outbox.signature("key", body)

    NetworkSender().post_webhook(f"http://127.0.0.1:{server.server_port}/hook", body, signature)
    thread.join(5)
    server.server_close()

    assert [(body, signature)] == received
    assert signature.startswith("sha256=")


def test_a_webhook_that_cannot_be_reached_fails_with_the_reason():
    with pytest.raises(DeliveryFailed, match="could not reach"):
        NetworkSender(timeout_s=2).post_webhook("http://127.0.0.1:9/x", b"{}", "sha256=0")
