"""The journal: which updates the bot has handled and which replies it has sent, kept in
SQLite (WAL) in the data folder, so that a bot restarted after a crash answers each question
once and still edits its answers to questions asked before.

- An update is acknowledged to Telegram only after it is journaled as done (polling: the next
  getUpdates waits for every fetched update; webhook: the request is answered then), and one
  journaled as done is skipped when Telegram hands it out again after a restart.
- Every reply part is journaled right before it goes to Telegram ("begun") and again with its
  message id once Telegram acknowledges it ("delivered"); one part at a time is on its way
  (see visitbot_bot.transport). Handling an update again after a restart skips the parts
  delivered before; a part begun but never acknowledged was in flight when the process died:
  Telegram may or may not have posted it, so it is sent again and counted as a second attempt
  (the only way a question can be answered twice).
- Rows older than a day are pruned: Telegram keeps an update for 24 hours at most.
- SQLite's WAL survives a torn write (a half-written last frame fails its checksum and is
  ignored); a file that is not a database at all is moved aside and a new journal started.

Each call is one small statement on the event loop's thread: 15–60 µs at the median (README,
"Reliability"), far less than handing it to a thread and back. What can take long runs in a
worker thread: the check of the file at start and the checkpoints (copying the WAL into the
database and flushing it to disk), which this connection never runs itself. A journal that
fails is logged and bypassed: answering never waits for a broken disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from visitbot_bot.metrics import Metrics

log = logging.getLogger(__name__)
RETENTION_S = 24 * 3600
"""Telegram keeps an undelivered update for at most 24 hours, so an older entry can never be
asked about again."""
PRUNE_BATCH = 500
"""Rows deleted per statement when pruning: about a millisecond of the event loop's time."""
CHECKPOINT_EVERY_S = 2.0
"""How often a worker thread copies the WAL into the database: at a few hundred updates a
second the WAL stays within a few MB and a checkpoint within tens of milliseconds."""
WAL_LIMIT = 8 << 20
"""A WAL file left larger than this after a checkpoint is truncated to it."""
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


@dataclass
class Part:
    """One reply part to journal around its send (see visitbot_bot.transport)."""

    update_id: int | None
    part: int
    chat_id: int
    reply_to: int | None
    page: int | None
    row: int | None = None
    """Its row once begun: sending it again in this process is the same attempt."""


class Journal:
    def __init__(self, path: Path, metrics: Metrics) -> None:
        self.path = path
        self.metrics = metrics
        self._db: sqlite3.Connection | None = None

    @property
    def ready(self) -> bool:
        return self._db is not None

    async def open(self, bot_id: int) -> None:
        """Open (or create) the journal of the bot ``bot_id``: the file is checked in a worker
        thread first; one that is not a database is moved aside; a journal written for
        another bot is emptied (update ids are per bot)."""
        if self.path != MEMORY:
            try:
                await asyncio.to_thread(_check, self.path)
            except sqlite3.DatabaseError as exc:
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
        db = sqlite3.connect(self.path, isolation_level=None)
        try:
            # NORMAL: a commit is in the WAL once written, which a killed process keeps; only
            # a power cut can lose the last commits (those updates may be answered again).
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA wal_autocheckpoint=0")  # checkpoints run in a worker thread
            db.execute(f"PRAGMA journal_size_limit={WAL_LIMIT}")
            db.execute("PRAGMA busy_timeout=1000")
            db.executescript(SCHEMA)
            rows = db.execute("SELECT value FROM meta WHERE key = 'bot'").fetchall()
            if rows and rows[0][0] != str(bot_id):
                log.warning("the journal was another bot's; starting it anew")
                db.executescript("DELETE FROM updates; DELETE FROM sends;")
            if not rows or rows[0][0] != str(bot_id):
                db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('bot', ?)", (bot_id,))
        except BaseException:
            db.close()
            raise
        self._db = db
        await self.prune()

    def close(self) -> None:
        if self._db is not None:
            db, self._db = self._db, None
            db.close()

    async def checkpoint(self) -> None:
        """Copy the WAL into the database, in a worker thread (this flushes the disk)."""
        if self._db is not None and self.path != MEMORY:
            with self._call("checkpoint"):
                await asyncio.to_thread(_checkpoint, self.path)

    @contextlib.contextmanager
    def _call(self, operation: str) -> Iterator[sqlite3.Connection | None]:
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

    def seen(self, update_id: int) -> Seen:
        with self._call("seen") as db:
            if db is None:
                return Seen()
            rows = db.execute(
                "SELECT u.outcome, s.part, s.message_id FROM (SELECT ? AS id) q "
                "LEFT JOIN updates u ON u.update_id = q.id "
                "LEFT JOIN sends s ON s.update_id = q.id",
                (update_id,),
            ).fetchall()
            done = any(row[0] is not None for row in rows)
            delivered = {row[1]: row[2] for row in rows if row[2] is not None}
            in_doubt = sum(1 for row in rows if row[1] is not None and row[2] is None)
            return Seen(done, delivered, in_doubt)
        return Seen()

    def begin(self, part: Part) -> None:
        """Journal a reply part about to go to Telegram (again, after a restart: one attempt
        more; again in this process, e.g. a timeout that never reached Telegram: the same)."""
        if part.row is not None:
            return
        with self._call("begin") as db:
            if db is not None:
                (part.row,) = db.execute(
                    "INSERT INTO sends (update_id, part, chat_id, reply_to, page, started_at) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (update_id, part) DO UPDATE SET "
                    "attempts = attempts + 1, chat_id = excluded.chat_id RETURNING id",
                    (
                        part.update_id,
                        part.part,
                        part.chat_id,
                        part.reply_to,
                        part.page,
                        time.time(),
                    ),
                ).fetchone()

    def delivered(self, part: Part, chat_id: int, message_id: int) -> None:
        """Telegram acknowledged the part: it is in ``chat_id`` (a migrated group's new id)
        as ``message_id``."""
        if part.row is None:
            return
        with self._call("delivered") as db:
            if db is not None:
                db.execute(
                    "UPDATE sends SET message_id = ?, chat_id = ?, sent_at = ? WHERE id = ?",
                    (message_id, chat_id, time.time(), part.row),
                )

    def refused(self, part: Part) -> None:
        """Telegram answered the send with an error: the part was not posted (it may be sent
        again, to a migrated group or after a 429, as a new attempt)."""
        if part.row is None:
            return
        with self._call("refused") as db:
            if db is not None:
                db.execute("DELETE FROM sends WHERE id = ?", (part.row,))
                part.row = None

    def done(self, update_id: int, outcome: str) -> None:
        with self._call("done") as db:
            if db is not None:
                db.execute(
                    "INSERT OR REPLACE INTO updates (update_id, done_at, outcome) VALUES (?, ?, ?)",
                    (update_id, time.time(), outcome),
                )

    def answer_to(self, chat_id: int, question_id: int) -> int | None:
        """The message that answered the question ``question_id`` in ``chat_id`` (its first
        page), or None."""
        with self._call("answer_to") as db:
            if db is None:
                return None
            row = db.execute(
                "SELECT message_id FROM sends WHERE chat_id = ? AND reply_to = ? "
                "AND page = 0 AND message_id IS NOT NULL ORDER BY id DESC LIMIT 1",
                (chat_id, question_id),
            ).fetchone()
            return None if row is None else int(row[0])
        return None

    async def prune(self, now: float | None = None) -> int:
        """Forget what is older than a day, a batch at a time (the event loop serves others
        between batches); how many rows went."""
        cutoff = (time.time() if now is None else now) - RETENTION_S
        removed = 0
        for table, column in (("updates", "done_at"), ("sends", "started_at")):
            count = PRUNE_BATCH
            while count == PRUNE_BATCH:
                count = 0
                with self._call("prune") as db:
                    if db is None:
                        return removed
                    count = db.execute(
                        f"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} "
                        f"WHERE {column} < ? LIMIT {PRUNE_BATCH})",
                        (cutoff,),
                    ).rowcount
                removed += count
                await asyncio.sleep(0)
        return removed

    def size(self) -> tuple[int, int]:
        """Updates and reply parts journaled."""
        with self._call("size") as db:
            if db is None:
                return 0, 0
            row = db.execute(
                "SELECT (SELECT COUNT(*) FROM updates), (SELECT COUNT(*) FROM sends)"
            ).fetchone()
            return int(row[0]), int(row[1])
        return 0, 0


def _check(path: Path) -> None:
    """Raise sqlite3.DatabaseError when ``path`` exists and is not a sound SQLite database."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    with contextlib.closing(sqlite3.connect(path)) as db:
        (result,) = db.execute("PRAGMA quick_check").fetchone()
    if result != "ok":
        raise sqlite3.DatabaseError(f"quick_check: {result}")


def _checkpoint(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path, timeout=1)) as db:
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
