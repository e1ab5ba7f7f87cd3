"""Bot settings from the environment and ``.env`` (every variable is listed in .env.example)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

TOKEN_SHAPE = re.compile(r"^\d{5,16}:[A-Za-z0-9_-]{30,64}$")
HOW_TO_GET_A_TOKEN = (
    "Talk to @BotFather in Telegram, send /newbot, and put the token it gives you in "
    "TELEGRAM_BOT_TOKEN (in the environment or in a .env file; see .env.example)."
)


class SettingsError(Exception):
    """A one-line, user-facing explanation of a bad setting."""


class Settings(BaseSettings):
    # An empty value (".env.example" has several) means "not set", not an empty path.
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(
        default="https://api.telegram.org/bot", alias="TELEGRAM_API_BASE_URL"
    )
    telegram_api_base_file_url: str = Field(
        default="https://api.telegram.org/file/bot", alias="TELEGRAM_API_BASE_FILE_URL"
    )
    corpus: Path | None = Field(default=None, alias="VISITBOT_CORPUS")
    mode: Literal["polling", "webhook"] = Field(default="polling", alias="VISITBOT_MODE")
    webhook_url: str | None = Field(default=None, alias="VISITBOT_WEBHOOK_URL")
    webhook_listen: str = Field(default="127.0.0.1", alias="VISITBOT_WEBHOOK_LISTEN")
    webhook_port: int = Field(default=8080, ge=1, le=65535, alias="VISITBOT_WEBHOOK_PORT")
    webhook_secret: SecretStr | None = Field(default=None, alias="VISITBOT_WEBHOOK_SECRET")
    public_url: str | None = Field(default=None, alias="VISITBOT_PUBLIC_URL")
    """Where users reach the bot's web server (the articles' site is under /articles/ there);
    in webhook mode the webhook URL's origin when unset."""
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), alias="VISITBOT_ADMIN_IDS"
    )
    data_dir: Path = Field(
        default_factory=lambda: _data_home() / "visitbot", alias="VISITBOT_DATA_DIR"
    )
    """Users' language choices, and the articles admins send when VISITBOT_CORPUS is unset."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", alias="VISITBOT_LOG_LEVEL"
    )
    log_format: Literal["text", "json"] = Field(default="text", alias="VISITBOT_LOG_FORMAT")
    """json: one JSON object per line, for log shippers."""
    log_questions: bool = Field(default=False, alias="VISITBOT_LOG_QUESTIONS")
    """Put the question's text in the per-update line (it is there at DEBUG anyway)."""
    metrics_port: int | None = Field(default=None, ge=1, le=65535, alias="VISITBOT_METRICS_PORT")
    """Polling mode: serve /metrics and /healthz on this port (webhook mode serves them beside
    the webhook)."""
    metrics_listen: str = Field(default="127.0.0.1", alias="VISITBOT_METRICS_LISTEN")
    health_poll_seconds: float = Field(
        default=60, gt=0, le=86_400, alias="VISITBOT_HEALTH_POLL_SECONDS"
    )
    """Polling mode: /healthz is healthy while Telegram answered a poll (or an update was
    handled) within this many seconds."""
    questions_per_minute: int = Field(default=20, ge=1, le=600, alias="VISITBOT_USER_RATE")
    sends_per_second: float = Field(default=30, gt=0, le=10_000, alias="VISITBOT_SENDS_PER_SECOND")
    group_sends_per_minute: float = Field(
        default=20, gt=0, le=100_000, alias="VISITBOT_GROUP_SENDS_PER_MINUTE"
    )
    sends_in_flight: int = Field(default=1, ge=1, le=64, alias="VISITBOT_SENDS_IN_FLIGHT")
    """Answers on their way to Telegram at once. A crash can duplicate at most this many (an
    answer sent but not yet acknowledged); more than one sends faster to a distant server."""

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(int(part) for part in re.split(r"[,\s]+", value.strip()) if part)
        return value

    @field_validator("public_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("expected an http:// or https:// address")
        return value.strip()

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    def token(self) -> str:
        """The token, checked for shape; raises SettingsError with how to get one."""
        if self.telegram_bot_token is None or not self.telegram_bot_token.get_secret_value():
            raise SettingsError(f"No bot token is configured. {HOW_TO_GET_A_TOKEN}")
        value = self.telegram_bot_token.get_secret_value().strip()
        if not TOKEN_SHAPE.match(value):
            raise SettingsError(
                f"TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then "
                f"letters). {HOW_TO_GET_A_TOKEN}"
            )
        return value

    @property
    def has_token(self) -> bool:
        return self.telegram_bot_token is not None and bool(
            self.telegram_bot_token.get_secret_value().strip()
        )


def _data_home() -> Path:
    configured = os.environ.get("XDG_DATA_HOME")
    return Path(configured) if configured else Path.home() / ".local" / "share"


def load_settings(env_file: Path | None = Path(".env")) -> Settings:
    try:
        return Settings(_env_file=env_file)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(p) for p in first["loc"])
        raise SettingsError(f"Setting {name}: {first['msg']} (see .env.example)") from None
