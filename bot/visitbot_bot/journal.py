"""The journal: which updates the bot has handled and which replies it has sent, kept in
SQLite (WAL) in the data folder, so that a bot restarted after a crash answers each question
once and still edits its answers to questions asked before.

- An update is acknowledged to Telegram only after it is journaled as done (polling: the next
  getUpdates waits for every fetched update; webhook: the request is answered then), and one
  journaled as done is skipped when Telegram hands it out again after a restart.
- Every reply part is journaled before it is sent ("begun") and again with its message id once
  Telegram acknowledges it ("delivered"). Handling an update again after a restart skips the
  parts delivered before; a part begun but never acknowledged was in flight when the process
  died: Telegram may or may not have posted it, so it is sent again and counted as an attempt
  (the only way a question can be answered twice).
- Rows older than a day are pruned: Telegram keeps an update for 24 hours at most.
- SQLite's WAL survives a torn write (a half-written last frame fails its checksum and is
  ignored); a file that is not a database at all is moved aside and a new journal started.

Every call runs in aiosqlite's own thread, never on the event loop. A journal that fails is
logged and bypassed: answering never waits for a broken disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiosqlite

from visitbot_bot.metrics import Metrics

log = logging.getLogger(__name__)
RETENTION_S = 24 * 3600
"""Telegram keeps an undelivered update for at most 24 hours, so an older entry can never be
asked about again."""
PRUNE_BATCH = 5000
"""Rows deleted per statement when pruning, so other journal calls wait little meanwhile."""
FILE = "journal.sqlite3"
MEMORY = Path(":memory:")
"""A journal kept in memory only, for tests that restart nothing."""
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS updates (
    update_id INTEGER PRIMARY KEY,
    done_at REAL NOT NULL,
    outcome TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_done_at ON updates (done_at);
CREATE TABLE IF NOT EXISTS sends (
    id INTEGER PRIMARY KEY,
    update_id INTEGER,
    part INTEGER NOT NULL,
    chat_id INTEGER NOT NULL,
    reply_to INTEGER,
    page INTEGER,
    message_id INTEGER,
    attempts INTEGER NOT NULL DEFAULT 1,
    started_at REAL NOT NULL,
    sent_at REAL
);
CREATE UNIQUE INDEX IF NOT EXISTS sends_part ON sends (update_id, part);
CREATE INDEX IF NOT EXISTS sends_question ON sends (chat_id, reply_to);
CREATE INDEX IF NOT EXISTS sends_started_at ON sends (started_at);
"""
"""``sends.page`` is set on the first part of an answer (the page of results it shows), which is
the message an edited question edits; other replies leave it empty."""


@dataclass(frozen=True)
class Seen:
    """What the journal knows of an update."""

    done: bool = False
    delivered: dict[int, int] = field(default_factory=dict)
    """Parts Telegram acknowledged: part → message id."""
    in_doubt: int = 0
    """Parts begun but never acknowledged (in flight when a previous process stopped)."""


class Journal:
    def __init__(self, path: Path, metrics: Metrics) -> None:
        self.path = path
        self.metrics = metrics
        self._db: aiosqlite.Connection | None = None

    @property
    def ready(self) -> bool:
        return self._db is not None

    async def open(self, bot_id: int) -> None:
        """Open (or create) the journal of the bot ``bot_id``; a journal written for another
        bot is emptied (update ids are per bot), an unreadable one moved aside."""
        try:
            self._db = await self._connect(bot_id)
        except sqlite3.DatabaseError as exc:
            if self.path == MEMORY:
                raise
            aside = self.path.with_name(f"{self.path.name}.broken-{int(time.time())}")
            log.warning(
                "journal %s is unreadable (%s); moved to %s, starting anew",
                self.path,
                exc,
                aside.name,
            )
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{self.path}{suffix}").rename(f"{aside}{suffix}")
            self._db = await self._connect(bot_id)
        await self.prune()

    async def _connect(self, bot_id: int) -> aiosqlite.Connection:
        if self.path != MEMORY:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(self.path, isolation_level=None)
        try:
            # NORMAL: a commit is in the WAL once written, which a killed process keeps;
            # only a power cut can lose the last commits (those updates may be answered again).
            await db.execute("PRAGMA journal_mode=WAL")
            await db.execute("PRAGMA synchronous=NORMAL")
            await db.execute("PRAGMA busy_timeout=5000")
            [(check,)] = await db.execute_fetchall("PRAGMA quick_check")
            if check != "ok":
                raise sqlite3.DatabaseError(f"quick_check: {check}")
            await db.executescript(SCHEMA)
            rows = list(await db.execute_fetchall("SELECT value FROM meta WHERE key = 'bot'"))
            if rows and rows[0][0] != str(bot_id):
                log.warning("the journal was another bot's; starting it anew")
                await db.executescript("DELETE FROM updates; DELETE FROM sends;")
            if not rows or rows[0][0] != str(bot_id):
                await db.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('bot', ?)", (str(bot_id),)
                )
        except BaseException:
            await db.close()
            raise
        return db

    async def close(self) -> None:
        if self._db is not None:
            db, self._db = self._db, None
            await db.close()

    @contextlib.asynccontextmanager
    async def _call(self, operation: str) -> AsyncIterator[aiosqlite.Connection | None]:
        """The connection for one call, timed; a failing call is logged and bypassed (the
        caller gets None or an empty result and answers as if nothing were journaled)."""
        started = time.perf_counter()
        try:
            yield self._db
        except sqlite3.Error as exc:
            self.metrics.journal_errors.inc()
            log.warning("journal %s failed: %s", operation, exc)
        finally:
            self.metrics.journal_seconds.labels(operation).observe(time.perf_counter() - started)

    async def seen(self, update_id: int) -> Seen:
        async with self._call("seen") as db:
            if db is None:
                return Seen()
            rows = await db.execute_fetchall(
                "SELECT u.outcome, s.part, s.message_id FROM (SELECT ? AS id) q "
                "LEFT JOIN updates u ON u.update_id = q.id "
                "LEFT JOIN sends s ON s.update_id = q.id",
                (update_id,),
            )
            done = any(row[0] is not None for row in rows)
            delivered = {row[1]: row[2] for row in rows if row[2] is not None}
            in_doubt = sum(1 for row in rows if row[1] is not None and row[2] is None)
            return Seen(done, delivered, in_doubt)
        return Seen()

    async def begin(
        self,
        update_id: int | None,
        part: int,
        chat_id: int,
        reply_to: int | None,
        page: int | None,
    ) -> int | None:
        """Journal a reply part about to be sent; its row (None when not journaled)."""
        async with self._call("begin") as db:
            if db is None:
                return None
            rows = await db.execute_fetchall(
                "INSERT INTO sends (update_id, part, chat_id, reply_to, page, started_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (update_id, part) DO UPDATE SET "
                "attempts = attempts + 1, chat_id = excluded.chat_id RETURNING id",
                (update_id, part, chat_id, reply_to, page, time.time()),
            )
            return int(next(iter(rows))[0])
        return None

    async def delivered(self, row: int | None, chat_id: int, message_id: int) -> None:
        """Telegram acknowledged the part: it is in ``chat_id`` (a migrated group's new id)
        as ``message_id``."""
        if row is None:
            return
        async with self._call("delivered") as db:
            if db is not None:
                await db.execute(
                    "UPDATE sends SET message_id = ?, chat_id = ?, sent_at = ? WHERE id = ?",
                    (message_id, chat_id, time.time(), row),
                )

    async def done(self, update_id: int, outcome: str) -> None:
        async with self._call("done") as db:
            if db is not None:
                await db.execute(
                    "INSERT OR REPLACE INTO updates (update_id, done_at, outcome) VALUES (?, ?, ?)",
                    (update_id, time.time(), outcome),
                )

    async def answer_to(self, chat_id: int, question_id: int) -> int | None:
        """The message that answered the question ``question_id`` in ``chat_id`` (its first
        page), or None."""
        async with self._call("answer_to") as db:
            if db is None:
                return None
            rows = list(
                await db.execute_fetchall(
                    "SELECT message_id FROM sends WHERE chat_id = ? AND reply_to = ? "
                    "AND page = 0 AND message_id IS NOT NULL ORDER BY id DESC LIMIT 1",
                    (chat_id, question_id),
                )
            )
            return int(rows[0][0]) if rows else None
        return None

    async def prune(self, now: float | None = None) -> int:
        """Forget what is older than a day; how many rows went."""
        cutoff = (time.time() if now is None else now) - RETENTION_S
        removed = 0
        for table, column in (("updates", "done_at"), ("sends", "started_at")):
            while True:
                async with self._call("prune") as db:
                    if db is None:
                        return removed
                    cursor = await db.execute(
                        f"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} "
                        f"WHERE {column} < ? LIMIT {PRUNE_BATCH})",
                        (cutoff,),
                    )
                    count = cursor.rowcount
                    removed += count
                if count < PRUNE_BATCH:
                    break
                await asyncio.sleep(0)
        return removed

    async def size(self) -> tuple[int, int]:
        """Updates and reply parts journaled."""
        async with self._call("size") as db:
            if db is None:
                return 0, 0
            rows = list(
                await db.execute_fetchall(
                    "SELECT (SELECT COUNT(*) FROM updates), (SELECT COUNT(*) FROM sends)"
                )
            )
            return int(rows[0][0]), int(rows[0][1])
        return 0, 0
