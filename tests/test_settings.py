from __future__ import annotations

import logging
from pathlib import Path

import pytest

from telegram_fakes import TOKEN
from visitbot_bot.logs import REDACTED, RedactTokens, configure
from visitbot_bot.settings import Settings, SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(__import__("os").environ):
        if name.startswith(("TELEGRAM_", "VISITBOT_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_settings_from_env_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        f"TELEGRAM_BOT_TOKEN={TOKEN}\nVISITBOT_ADMIN_IDS=1, 2 3\nVISITBOT_MODE=webhook\n"
        "VISITBOT_LOG_LEVEL=debug\n",
        encoding="utf-8",
    )
    settings = load_settings()
    assert settings.token() == TOKEN
    assert settings.admin_ids == frozenset({1, 2, 3})
    assert settings.mode == "webhook" and settings.log_level == "DEBUG"
    assert TOKEN not in repr(settings) and TOKEN not in str(settings.model_dump())


@pytest.mark.parametrize("token", [None, "", "not-a-token", "123:short"])
def test_missing_or_malformed_token_says_how_to_get_one(token: str | None) -> None:
    settings = Settings(TELEGRAM_BOT_TOKEN=token)  # type: ignore[call-arg]
    with pytest.raises(SettingsError, match="@BotFather"):
        settings.token()


def test_bad_setting_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISITBOT_MODE", "carrier-pigeon")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "\n" not in str(caught.value) and "VISITBOT_MODE" in str(caught.value)


def test_env_example_lists_every_setting() -> None:
    example = (Path(__file__).resolve().parents[1] / ".env.example").read_text(encoding="utf-8")
    for field in Settings.model_fields.values():
        assert f"{field.alias}=" in example


def test_logs_never_show_tokens(caplog: pytest.LogCaptureFixture) -> None:
    redactor = RedactTokens(("my-webhook-secret",))
    record = logging.LogRecord(
        "t",
        logging.INFO,
        "f",
        1,
        "url %s and %s",
        (f"https://x/bot{TOKEN}/getMe", "my-webhook-secret"),
        None,
    )
    redactor.filter(record)
    assert TOKEN not in record.getMessage() and "my-webhook-secret" not in record.getMessage()
    assert REDACTED in record.getMessage()


def test_configure_keeps_noisy_loggers_quiet() -> None:
    configure("DEBUG", (TOKEN,))
    assert logging.getLogger("httpx").level == logging.WARNING
    assert logging.getLogger("telegram").level == logging.WARNING
