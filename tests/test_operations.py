"""What the operator sees, through python-telegram-bot's real dispatch (updates go through the
update queue and the update processor, as in production): one log line per update with its
fields, metrics that count what was sent, /stats in the admin's language."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families
from telegram import Update
from telegram.ext import Application

from telegram_fakes import (
    GROUP,
    TOKEN,
    USER,
    RecordingRequest,
    bot_message,
    callback,
    inline,
    message,
)
from visitbot.engine import Engine
from visitbot_bot.app import build_application, observed
from visitbot_bot.logs import RedactTokens, formatter
from visitbot_bot.settings import Settings

ADMIN = {**USER, "id": 7, "first_name": "Ada"}
UPDATES = "visitbot_bot.updates"


def bot(engine: Engine, tmp_path: Path, layer: RecordingRequest, **env: Any) -> Application:  # type: ignore[type-arg]
    settings = Settings(
        TELEGRAM_BOT_TOKEN=TOKEN,
        VISITBOT_ADMIN_IDS="7",
        VISITBOT_DATA_DIR=str(tmp_path / "data"),
        **env,
    )  # type: ignore[call-arg]
    return build_application(engine, settings, request=layer, rate_limiter=False)


@pytest.fixture
async def running(
    engine: Engine, tmp_path: Path
) -> AsyncIterator[tuple[Application, RecordingRequest]]:  # type: ignore[type-arg]
    layer = RecordingRequest()
    application = bot(engine, tmp_path, layer)
    async with application:
        await application.start()
        layer.clear()
        yield application, layer
        await application.stop()


async def deliver(app: Application, *payloads: dict[str, Any]) -> None:  # type: ignore[type-arg]
    """Hand updates to the bot as the poller does, and wait until every one is handled."""
    for payload in payloads:
        await app.update_queue.put(Update.de_json(payload, app.bot))
    await app.update_queue.join()


def lines(caplog: pytest.LogCaptureFixture) -> dict[int, list[logging.LogRecord]]:
    found: dict[int, list[logging.LogRecord]] = {}
    for record in caplog.records:
        if record.name == UPDATES and record.levelno == logging.INFO:
            found.setdefault(record.update_id, []).append(record)  # type: ignore[attr-defined]
    return found


def metric(app: Application, name: str, **labels: str) -> float:  # type: ignore[type-arg]
    """A value from the /metrics text, as Prometheus would scrape it."""
    text = observed(app).metrics.exposition().decode()
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items())
    )


async def test_every_update_logs_one_line_and_is_counted(
    running: tuple[Application, RecordingRequest],  # type: ignore[type-arg]
    caplog: pytest.LogCaptureFixture,
) -> None:
    app, layer = running
    caplog.set_level(logging.INFO, logger=UPDATES)
    who = message("Who said China will always be a reliable support?")
    russian = message(
        "What did Tokayev say about cooperation?", user={**USER, "id": 43, "language_code": "ru"}
    )
    nothing = message("What did Xi say about space travel?")
    chatter = message("lunch at one?", chat=GROUP)
    command = message("/help")
    query = inline("golden thirty")
    edit = message("fighter jets", edited=True, message_id=who["message"]["message_id"])
    await deliver(app, who, russian, nothing, chatter, command, query)
    [answer] = [
        p
        for p in layer.sent()
        if p["reply_parameters"]["message_id"] == who["message"]["message_id"]
    ]
    shown = bot_message(answer["text"], answer["reply_markup"], who["message"])
    paragraph = next(
        b["callback_data"]
        for row in answer["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"].startswith("Full paragraph")
    )
    press = callback(paragraph, shown)
    await deliver(app, press, edit)

    logged = lines(caplog)
    updates = [who, russian, nothing, chatter, command, query, press, edit]
    assert {u["update_id"]: len(logged.get(u["update_id"], [])) for u in updates} == {
        u["update_id"]: 1 for u in updates
    }

    def fields(update: dict[str, Any]) -> dict[str, Any]:
        [record] = logged[update["update_id"]]
        return {
            k: getattr(record, k)
            for k in ("kind", "chat_type", "language", "intent", "answers", "outcome")
        }

    assert fields(who) == {
        "kind": "message",
        "chat_type": "private",
        "language": "en",
        "intent": "who",
        "answers": 1,
        "outcome": "sent",
    }
    assert fields(russian)["language"] == "ru" and fields(russian)["intent"] == "speaker"
    assert fields(nothing)["answers"] == 0 and fields(nothing)["outcome"] == "sent"
    assert fields(chatter) == {
        "kind": "message",
        "chat_type": "group",
        "language": "en",
        "intent": None,
        "answers": None,
        "outcome": "no-reply",
    }
    assert fields(command)["kind"] == "command" and fields(command)["intent"] is None
    assert fields(query)["kind"] == "inline" and fields(query)["chat_type"] == "inline"
    assert fields(press)["kind"] == "button" and fields(press)["outcome"] == "sent"
    assert fields(edit)["kind"] == "edit" and fields(edit)["outcome"] == "sent"
    [record] = logged[who["update_id"]]
    assert record.reply_ms is not None and record.reply_ms >= 0  # type: ignore[attr-defined]
    assert not any(hasattr(r, "question") for rs in logged.values() for r in rs)
    assert all("reliable" not in r.getMessage() for rs in logged.values() for r in rs)

    assert metric(app, "visitbot_updates_total") == len(updates)
    assert metric(app, "visitbot_updates_total", kind="message", outcome="sent") == 3
    assert metric(app, "visitbot_updates_total", outcome="no-reply") == 1
    assert metric(app, "visitbot_questions_total", intent="who") == 1
    assert metric(app, "visitbot_questions_total", intent="speaker") == 2  # one was the edit
    assert metric(app, "visitbot_questions_not_found_total") == 1
    assert metric(app, "visitbot_reply_seconds_count") == len(updates) - 1  # chatter: no reply
    assert metric(app, "visitbot_engine_seconds_count") >= 5
    assert metric(app, "visitbot_updates_in_flight") == 0
    assert metric(app, "visitbot_corpus_documents") == 1
    assert metric(app, "visitbot_corpus_statements") == 6
    assert metric(app, "visitbot_corpus_paragraphs") > 6


async def test_questions_are_logged_only_when_asked_for(
    engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    layer = RecordingRequest()
    app = bot(engine, tmp_path, layer, VISITBOT_LOG_QUESTIONS="1")
    caplog.set_level(logging.INFO, logger=UPDATES)
    secret = f"my token is {TOKEN}"
    async with app:
        await app.start()
        await deliver(app, message("golden thirty years"), message(secret))
        await app.stop()
    first, second = (rs[0] for _, rs in sorted(lines(caplog).items()))  # in update order
    assert first.question == "golden thirty years"  # type: ignore[attr-defined]
    redactor = RedactTokens()
    redactor.filter(second)
    as_json = json.loads(formatter("json").format(second))
    assert as_json["question"] == "my token is [REDACTED]"
    assert as_json["level"] == "INFO" and as_json["logger"] == UPDATES
    assert as_json["message"] == "update handled" and as_json["kind"] == "message"
    text = formatter("text").format(second)
    assert 'question="my token is [REDACTED]"' in text and "kind=message" in text
    assert TOKEN not in text


async def test_telegram_errors_are_counted_by_method_and_code(
    running: tuple[Application, RecordingRequest],  # type: ignore[type-arg]
    caplog: pytest.LogCaptureFixture,
) -> None:
    app, layer = running
    caplog.set_level(logging.INFO, logger=UPDATES)
    blocked = {**USER, "id": 55}
    layer.responders.append(
        lambda name, params: (
            (403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked"})
            if name == "sendMessage" and params.get("chat_id") == 55
            else None
        )
    )
    chat = {"id": 55, "type": "private", "first_name": "B"}
    question = message("golden thirty years", chat=chat, user=blocked)
    await deliver(app, question)
    [record] = lines(caplog)[question["update_id"]]
    assert record.outcome == "blocked"  # type: ignore[attr-defined]
    assert metric(app, "visitbot_telegram_errors_total", method="sendMessage", code="403") == 1
    assert metric(app, "visitbot_updates_total", outcome="blocked") == 1


@pytest.mark.parametrize(
    ("language", "heading", "handled"),
    [
        ("en", "Statistics", "Updates handled: 2, in progress: 1"),
        ("ru", "Статистика", "Обработано обновлений: 2, в работе: 1"),
        ("kk", "Статистика", "Өңделген жаңартулар: 2, орындалуда: 1"),
    ],
)
async def test_stats_for_admins_in_their_language(
    running: tuple[Application, RecordingRequest],  # type: ignore[type-arg]
    language: str,
    heading: str,
    handled: str,
) -> None:
    app, layer = running
    await deliver(app, message("golden thirty years"), message("What did Xi say about space?"))
    await deliver(app, message("/stats", user={**ADMIN, "language_code": language}))
    [_, _, stats] = layer.sent()
    assert stats["text"].startswith(f"<b>{heading}</b>")
    assert handled in stats["text"]  # the two questions; /stats itself is in progress
    assert "50" in stats["text"]  # one of two questions found nothing: 50 %
    layer.clear()
    await deliver(app, message("/stats"))
    [refused] = layer.sent()
    assert refused["text"] == "This command is for the bot's administrators."
