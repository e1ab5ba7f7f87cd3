"""Around every update: skip it when the journal shows it answered, time it, count it, log
one line, journal it done, then let Telegram have the acknowledgement (python-telegram-bot's
update processor hook: PTB's real dispatch runs inside)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import Awaitable, Iterable
from typing import Any

from telegram import Bot, Update
from telegram.ext import BaseUpdateProcessor

from visitbot.i18n import current as current_language
from visitbot_bot import handling
from visitbot_bot.handling import Handling
from visitbot_bot.health import Liveness
from visitbot_bot.journal import CHECKPOINT_EVERY_S, Journal
from visitbot_bot.metrics import Metrics

log = logging.getLogger("visitbot_bot.updates")
"""The one line per handled update (INFO)."""
PRUNE_EVERY_S = 600.0
"""How often the journal forgets what is older than a day."""
LAG_PROBE_S = 0.1
"""The event-loop lag probe sleeps this long and measures how late it wakes."""


class UpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self,
        max_concurrent_updates: int,
        journal: Journal,
        metrics: Metrics,
        liveness: Liveness,
        log_questions: bool = False,
    ) -> None:
        super().__init__(max_concurrent_updates)
        self.journal = journal
        self.metrics = metrics
        self.liveness = liveness
        self.log_questions = log_questions
        self.bot: Bot | None = None
        """Set when the application is built; its id (known once it is initialized, before
        this processor is) keys the journal."""
        self._arrived: dict[int, float] = {}
        self._running: dict[int, asyncio.Future[None]] = {}
        self._waiters: dict[int, list[asyncio.Future[None]]] = {}
        self._tasks: list[asyncio.Task[None]] = []

    async def initialize(self) -> None:
        try:
            await self.journal.open(self.bot.id if self.bot is not None else 0)
        except (OSError, sqlite3.Error) as exc:
            log.error("no journal (%s): answers are not protected against a restart", exc)
        self._tasks = [
            asyncio.create_task(self._prune_now_and_then()),
            asyncio.create_task(self._checkpoint_now_and_then()),
            asyncio.create_task(self._probe_lag()),
        ]

    async def shutdown(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        self.journal.close()

    def arrived(self, update_ids: Iterable[int]) -> None:
        """These updates reached the bot now (latency is measured from here)."""
        now = time.monotonic()
        for update_id in update_ids:
            self._arrived.setdefault(update_id, now)

    def expect(self, update_id: int) -> asyncio.Future[None]:
        """Resolved once the update is done and journaled (a webhook request waits for it)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(update_id, []).append(future)
        return future

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if not isinstance(update, Update):
            await coroutine
            return
        update_id = update.update_id
        record = Handling(
            update_id,
            handling.kind_of(update),
            handling.chat_type_of(update),
            received=self._arrived.pop(update_id, time.monotonic()),
        )
        token = handling.begin(record)
        self.metrics.in_flight.inc()
        try:
            if await self._already_answered(update_id):
                _close(coroutine)
                record.note("duplicate")
            else:
                mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
                self._running[update_id] = mine
                try:
                    seen = self.journal.seen(update_id)
                    if seen.done:  # answered before a restart
                        _close(coroutine)
                        record.note("duplicate")
                    else:
                        if seen.in_doubt:
                            log.warning(
                                "update %s: %d reply part(s) were in flight when the bot "
                                "stopped; sending them again",
                                update_id,
                                seen.in_doubt,
                            )
                        record.delivered = seen.delivered
                        await coroutine
                        self.journal.done(update_id, record.outcome)
                finally:
                    del self._running[update_id]
                    mine.set_result(None)
        finally:
            self.metrics.in_flight.dec()
            handling.end(token)
        self._finish(record)
        for waiter in self._waiters.pop(update_id, []):
            if not waiter.done():
                waiter.set_result(None)

    async def _already_answered(self, update_id: int) -> bool:
        """The same update is being handled right now (Telegram re-sent a webhook call it
        thought lost): wait for that one, then skip this one."""
        running = self._running.get(update_id)
        if running is None:
            return False
        await asyncio.shield(running)
        return True

    def _finish(self, record: Handling) -> None:
        self.liveness.progressed()
        m = self.metrics
        m.updates.labels(record.kind, record.outcome).inc()
        if record.intent is not None:
            m.questions.labels(record.intent, record.outcome).inc()
            if record.answers == 0:
                m.not_found.inc()
        if record.replied is not None:
            m.reply_seconds.observe(record.replied - record.received)
        fields: dict[str, object] = {
            "update_id": record.update_id,
            "kind": record.kind,
            "chat_type": record.chat_type,
            "language": current_language(),
            "intent": record.intent,
            "answers": record.answers,
            "reply_ms": None if record.reply_ms is None else round(record.reply_ms, 1),
            "engine_ms": round(1000 * record.engine_seconds, 2) if record.intent else None,
            "outcome": record.outcome,
        }
        if record.question is not None and (self.log_questions or log.isEnabledFor(logging.DEBUG)):
            fields["question"] = record.question
        log.info("update handled", extra=fields)

    async def _prune_now_and_then(self) -> None:
        while True:
            await asyncio.sleep(PRUNE_EVERY_S)
            removed = await self.journal.prune()
            if removed:
                log.debug("journal: %d entries older than a day pruned", removed)

    async def _checkpoint_now_and_then(self) -> None:
        while True:
            await asyncio.sleep(CHECKPOINT_EVERY_S)
            await self.journal.checkpoint()

    async def _probe_lag(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            started = loop.time()
            await asyncio.sleep(LAG_PROBE_S)
            self.metrics.loop_lag.observe(max(0.0, loop.time() - started - LAG_PROBE_S))


def _close(coroutine: Awaitable[Any]) -> None:
    """Drop the handling PTB prepared for an update we skip."""
    close = getattr(coroutine, "close", None)
    if close is not None:
        close()
