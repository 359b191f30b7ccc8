"""The outbox's sender: email through SMTP (smtplib), webhooks through HTTP POST (urllib)."""

from __future__ import annotations

import smtplib
import urllib.error
import urllib.request
from email.message import EmailMessage

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from valueloop.domain.outbox import SIGNATURE_HEADER
from valueloop.services.outbox import DeliveryFailed


class SmtpSettings(BaseSettings):
    """SMTP for outbox emails, from VALUELOOP_SMTP_*."""

    model_config = SettingsConfigDict(env_prefix="VALUELOOP_SMTP_", extra="ignore")

    host: str = Field(default="", description="SMTP server; empty: emails are not sent.")
    port: int = 587
    username: str = ""
    password: str = ""
    sender: str = Field(default="valueloop@localhost", alias="VALUELOOP_SMTP_FROM")
    starttls: bool = True
    timeout_s: float = 20.0


class NetworkSender:
    """Sends through the configured SMTP server and posts webhooks over HTTP(S)."""

    def __init__(self, smtp: SmtpSettings | None = None, timeout_s: float = 10.0) -> None:
        self._smtp = smtp or SmtpSettings()
        self._timeout_s = timeout_s

    def send_email(self, recipient: str, subject: str, body: str) -> None:
        smtp = self._smtp
        if not smtp.host:
            raise DeliveryFailed("no SMTP server configured (set VALUELOOP_SMTP_HOST)")
        message = EmailMessage()
        message["From"] = smtp.sender
        message["To"] = recipient
        message["Subject"] = subject
        message.set_content(body)
        try:
            with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_s) as server:
                if smtp.starttls:
                    server.starttls()
                if smtp.username:
                    server.login(smtp.username, smtp.password)
                server.send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryFailed(f"SMTP: {error}") from error

    def post_webhook(self, url: str, body: bytes, signature: str) -> None:
        if not url.startswith(("https://", "http://")):
            raise DeliveryFailed(f"not an http(s) address: {url}")
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
            url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", SIGNATURE_HEADER: signature},
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout_s) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as error:
            raise DeliveryFailed(f"HTTP {error.code} from {url}") from error
        except (urllib.error.URLError, OSError) as error:
            raise DeliveryFailed(f"could not reach {url}: {error}") from error
        if not 200 <= status < 300:
            raise DeliveryFailed(f"HTTP {status} from {url}")
