"""Settings read from the environment (prefix VALUELOOP_) with safe local defaults."""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime configuration; every field can be set as VALUELOOP_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="VALUELOOP_", extra="ignore")

    data_dir: Path = Field(
        default=Path("./data"), description="Where SQLite and Parquet files live."
    )
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; defaults to SQLite in the data directory."
    )
    secret_key: str | None = Field(
        default=None,
        description=(
            "Signs session cookies and outgoing webhooks and derives inbound webhook secrets "
            "(changing it invalidates those); generated and kept in the data directory when unset."
        ),
    )
    session_max_age_s: int = Field(default=14 * 24 * 3600, description="Session lifetime.")
    max_body_bytes: int = Field(default=1_000_000, description="Largest accepted request body.")
    max_upload_bytes: int = Field(
        default=100_000_000,
        description="Largest accepted file upload (a multipart form: imports, CSV uploads).",
    )
    secure_cookies: bool = Field(
        default=False, description="Mark cookies Secure (set when served over HTTPS)."
    )

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to `<data dir>/valueloop.db` on SQLite."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'valueloop.db').resolve()}"

    def resolved_secret_key(self) -> str:
        """The cookie-signing key: configured, or generated once and kept beside the data."""
        if self.secret_key:
            return self.secret_key
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key_file = self.data_dir / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(48))
            key_file.chmod(0o600)
        return key_file.read_text().strip()
