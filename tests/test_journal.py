"""Exactly-once answers across restarts, through python-telegram-bot's real dispatch: a bot is
built, answers, and is thrown away; a new one on the same journal is handed the same updates
again (as Telegram does after a crash). And the journal file itself: pruning, a torn write,
a file that is not a database, another bot's journal."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram import Update
from telegram.error import TimedOut
from telegram.ext import Application

from telegram_fakes import GROUP, TOKEN, RecordingRequest, message
from visitbot.engine import Engine
from visitbot_bot.app import build_application, observed
from visitbot_bot.journal import FILE, RETENTION_S, Journal, Part
from visitbot_bot.metrics import Metrics
from visitbot_bot.settings import Settings

UPDATES = "visitbot_bot.updates"


@asynccontextmanager
async def started(
    engine: Engine, data: Path, layer: RecordingRequest
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    settings = Settings(TELEGRAM_BOT_TOKEN=TOKEN, VISITBOT_DATA_DIR=str(data))  # type: ignore[call-arg]
    application = build_application(engine, settings, request=layer, rate_limiter=False)
    async with application:
        await application.start()
        layer.clear()
        yield application
        await application.stop()


async def deliver(app: Application, *payloads: dict[str, Any]) -> None:  # type: ignore[type-arg]
    for payload in payloads:
        await app.update_queue.put(Update.de_json(payload, app.bot))
    await app.update_queue.join()


def outcomes(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.outcome for r in caplog.records if r.name == UPDATES]  # type: ignore[attr-defined]


async def test_an_answered_update_is_skipped_after_a_restart(
    engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=UPDATES)
    question = message("golden thirty years")
    first = RecordingRequest()
    async with started(engine, tmp_path, first) as app:
        await deliver(app, question)
    assert len(first.sent()) == 1
    again = RecordingRequest()
    async with started(engine, tmp_path, again) as app:
        await deliver(app, question)
        assert observed(app).metrics.figures().updates == {"duplicate": 1}
    assert again.sent() == []
    assert outcomes(caplog) == ["sent", "duplicate"]


async def test_an_edit_after_a_restart_edits_the_answer(engine: Engine, tmp_path: Path) -> None:
    question = message("reliable support")
    first = RecordingRequest()
    async with started(engine, tmp_path, first) as app:
        await deliver(app, question)
    [answer_id] = [result["message_id"] for name, result in first.answers if name == "sendMessage"]
    edited = message("fighter jets", edited=True, message_id=question["message"]["message_id"])
    later = RecordingRequest()
    async with started(engine, tmp_path, later) as app:
        await deliver(app, edited)
    [edit] = later.sent("editMessageText")
    assert edit["message_id"] == answer_id and "fighter" in edit["text"]
    assert later.sent() == []


async def test_a_reply_in_flight_at_a_crash_is_sent_again_and_counted(
    engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The process died after journaling the reply as begun and before Telegram's answer:
    Telegram may or may not have posted it, so it is sent again, as a second attempt."""
    question = message("golden thirty years")
    journal = Journal(tmp_path / FILE, Metrics())
    await journal.open(999)
    journal.begin(Part(question["update_id"], 0, 42, question["message"]["message_id"], 0))
    journal.close()
    layer = RecordingRequest()
    async with started(engine, tmp_path, layer) as app:
        await deliver(app, question)
    assert len(layer.sent()) == 1
    assert "in flight when the bot stopped" in caplog.text
    with sqlite3.connect(tmp_path / FILE) as db:
        [(attempts, message_id)] = db.execute("SELECT attempts, message_id FROM sends").fetchall()
    assert attempts == 2 and message_id is not None


async def test_parts_delivered_before_a_crash_are_not_sent_again(
    engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram acknowledged the answer, then the process died before the update was
    journaled done: handled again, the answer is not sent twice."""
    caplog.set_level(logging.INFO, logger=UPDATES)
    question = message("golden thirty years")
    journal = Journal(tmp_path / FILE, Metrics())
    await journal.open(999)
    part = Part(question["update_id"], 0, 42, question["message"]["message_id"], 0)
    journal.begin(part)
    journal.delivered(part, 42, 777)
    journal.close()
    layer = RecordingRequest()
    async with started(engine, tmp_path, layer) as app:
        await deliver(app, question)
        assert (
            observed(app).handlers.journal.answer_to(42, question["message"]["message_id"]) == 777
        )
    assert layer.sent() == []
    assert outcomes(caplog) == ["sent"]


def timing_out(error: Callable[[], TimedOut], times: int) -> Any:
    """A responder whose first ``times`` sendMessage calls time out with ``error``."""
    left = [times]

    def respond(name: str, params: dict[str, Any]) -> None:
        if name == "sendMessage" and left[0] > 0:
            left[0] -= 1
            raise error()

    return respond


def connect_timeout() -> TimedOut:
    try:
        raise TimedOut() from httpx.ConnectTimeout("no connection")
    except TimedOut as exc:
        return exc


def read_timeout() -> TimedOut:
    try:
        raise TimedOut() from httpx.ReadTimeout("no answer")
    except TimedOut as exc:
        return exc


@pytest.mark.parametrize(
    ("error", "times", "delivered", "retries", "outcome"),
    [
        (connect_timeout, 1, True, 1, "sent"),  # never reached Telegram: sent again once
        (connect_timeout, 2, False, 1, "timed-out"),  # only once
        (read_timeout, 1, False, 0, "timed-out"),  # Telegram may have posted it: not again
    ],
)
async def test_a_timed_out_send_is_retried_only_when_it_never_reached_telegram(
    engine: Engine,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    error: Callable[[], TimedOut],
    times: int,
    delivered: bool,
    retries: int,
    outcome: str,
) -> None:
    caplog.set_level(logging.INFO, logger=UPDATES)
    layer = RecordingRequest()
    layer.responders.append(timing_out(error, times))
    question = message("golden thirty years")
    async with started(engine, tmp_path, layer) as app:
        await deliver(app, question)
        figures = observed(app).metrics.figures()
        answer = observed(app).handlers.journal.answer_to(42, question["message"]["message_id"])
    assert len(layer.sent()) == 1 + retries  # every attempt reached the stand-in's recorder
    assert figures.retries == retries and figures.errors == {"timeout": min(times, 1 + retries)}
    assert (answer is not None) is delivered  # otherwise the journal keeps the part in doubt
    assert outcomes(caplog) == [outcome]


async def test_the_journal_forgets_what_is_older_than_a_day(tmp_path: Path) -> None:
    journal = Journal(tmp_path / FILE, Metrics())
    await journal.open(1)
    part = Part(5, 0, 42, 100, 0)
    journal.begin(part)
    journal.delivered(part, 42, 900)
    journal.done(5, "sent")
    assert await journal.prune() == 0
    assert journal.answer_to(42, 100) == 900
    assert await journal.prune(now=time.time() + RETENTION_S + 60) == 2
    assert journal.answer_to(42, 100) is None
    assert not journal.seen(5).done
    journal.close()


async def test_a_torn_write_loses_at_most_the_last_commit(tmp_path: Path) -> None:
    """A copy of the files taken while the journal is open is what a killed process leaves;
    cutting into its WAL's last frame is a write the disk did not finish."""
    live = tmp_path / "live"
    journal = Journal(live / FILE, Metrics())
    await journal.open(1)
    for update_id in range(1, 51):
        journal.done(update_id, "sent")
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal"):
        shutil.copy(f"{live / FILE}{suffix}", f"{crashed / FILE}{suffix}")
    journal.close()
    wal = Path(f"{crashed / FILE}-wal")
    assert wal.stat().st_size > 4096  # the commits are in the WAL, not yet in the database
    with wal.open("r+b") as handle:
        handle.truncate(wal.stat().st_size - 100)
    reopened = Journal(crashed / FILE, Metrics())
    await reopened.open(1)
    done = [u for u in range(1, 51) if reopened.seen(u).done]
    assert done == list(range(1, 50))  # the torn last commit is gone, nothing else
    reopened.done(50, "sent")
    assert reopened.seen(50).done
    reopened.close()
    with sqlite3.connect(crashed / FILE) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


async def test_a_file_that_is_not_a_journal_is_moved_aside(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / FILE).write_bytes(b"this is not a database, just bytes " * 200)
    journal = Journal(tmp_path / FILE, Metrics())
    await journal.open(1)
    journal.done(1, "sent")
    assert journal.seen(1).done
    journal.close()
    assert [p.name.split("-")[0] for p in tmp_path.glob(f"{FILE}.broken-*")] == [f"{FILE}.broken"]
    assert "unreadable" in caplog.text


async def test_another_bots_journal_starts_anew(tmp_path: Path) -> None:
    journal = Journal(tmp_path / FILE, Metrics())
    await journal.open(1)
    journal.done(10, "sent")
    journal.close()
    await journal.open(2)  # update ids are per bot: bot 1's mean nothing to bot 2
    assert not journal.seen(10).done
    journal.close()


async def test_checkpoints_keep_the_wal_small(tmp_path: Path) -> None:
    """This connection never checkpoints (that flushes the disk): a worker thread does."""
    journal = Journal(tmp_path / FILE, Metrics())
    await journal.open(1)
    for update_id in range(500):
        journal.done(update_id, "sent")
    wal = Path(f"{tmp_path / FILE}-wal")
    grown = wal.stat().st_size
    await journal.checkpoint()
    for update_id in range(500, 1000):  # after a full checkpoint the WAL is written over
        journal.done(update_id, "sent")
    assert wal.stat().st_size < 1.5 * grown  # written over, not twice as long
    assert journal.seen(0).done and journal.seen(999).done
    journal.close()


async def test_refused_sends_are_not_in_doubt_and_a_migrated_answer_is_found(
    engine: Engine, tmp_path: Path
) -> None:
    """Telegram's error answers say the message was not posted: nothing is left in doubt.
    An answer that followed its group to a supergroup is journaled under the new id."""
    layer = RecordingRequest()
    layer.responders.append(
        lambda name, params: (
            (
                400,
                {
                    "ok": False,
                    "error_code": 400,
                    "description": "Bad Request: group chat was upgraded to a supergroup chat",
                    "parameters": {"migrate_to_chat_id": -100999},
                },
            )
            if name == "sendMessage" and params.get("chat_id") == GROUP["id"]
            else None
        )
    )
    layer.responders.append(
        lambda name, params: (
            (403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked"})
            if name == "sendMessage" and params.get("chat_id") == 42
            else None
        )
    )
    question = message("/ask golden thirty years", chat=GROUP)
    blocked = message("golden thirty years")
    async with started(engine, tmp_path, layer) as app:
        await deliver(app, question, blocked)
        journal = observed(app).handlers.journal
        answer = journal.answer_to(-100999, question["message"]["message_id"])
    [posted] = [r["message_id"] for name, r in layer.answers if name == "sendMessage"]
    assert answer == posted
    with sqlite3.connect(tmp_path / FILE) as db:
        assert db.execute("SELECT COUNT(*) FROM sends WHERE message_id IS NULL").fetchone() == (0,)
