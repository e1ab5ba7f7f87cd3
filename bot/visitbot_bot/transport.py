"""What crosses the wire to Telegram: every Bot API call that fails, counted by method and
code; every call the rate limiter makes again after a 429, counted; for the update being
handled, when Telegram acknowledged its last reply (the end of its latency); and the reply
parts the journal follows, sent one at a time (``in_flight``) and journaled right before and
right after Telegram's answer, so that a crash leaves at most that many in doubt."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.ext import AIORateLimiter
from telegram.request import BaseRequest, RequestData

from visitbot_bot import handling
from visitbot_bot.journal import Journal, Part
from visitbot_bot.metrics import Metrics

_part: ContextVar[Part | None] = ContextVar("visitbot_part", default=None)


@contextmanager
def journaled(part: Part) -> Iterator[None]:
    """The sendMessage calls made inside are ``part``'s (see MeteredRequest)."""
    token = _part.set(part)
    try:
        yield
    finally:
        _part.reset(token)


JSONDict = dict[str, Any]
NOT_REPLIES = frozenset({"getUpdates", "getMe", "getFile", "download"})
"""Calls that fetch rather than answer: their acknowledgement is no reply's."""
SLOW_SEND_S = 1.0
"""Telegram answers a send in tens to hundreds of milliseconds; one that takes a second is
stalled (it may still succeed, or time out after PTB's 5 s)."""


class MeteredRequest(BaseRequest):
    """Wraps the HTTP layer PTB uses (``inner``): counts what it sees, and journals the reply
    parts it sends. Below the rate limiter, so a send waiting for its turn holds nothing."""

    def __init__(
        self,
        inner: BaseRequest,
        metrics: Metrics,
        journal: Journal | None = None,
        in_flight: int = 1,
    ) -> None:
        self.inner = inner
        self.metrics = metrics
        self.journal = journal
        self.gate = asyncio.Semaphore(in_flight)

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        name = "download" if "/file/bot" in url else url.rsplit("/", 1)[-1]
        part = _part.get() if name == "sendMessage" else None
        timeouts = {
            "read_timeout": read_timeout,
            "write_timeout": write_timeout,
            "connect_timeout": connect_timeout,
            "pool_timeout": pool_timeout,
        }
        try:
            call = self.inner.do_request(url, method, request_data, **timeouts)
            if part is None or self.journal is None:
                status, payload = await call
            else:
                status, payload = await self._journaled(part, self.journal, call)
        except TimedOut:
            self.metrics.telegram_errors.labels(name, "timeout").inc()
            raise
        except NetworkError:
            self.metrics.telegram_errors.labels(name, "network").inc()
            raise
        if not 200 <= status < 300:
            self.metrics.telegram_errors.labels(name, str(status)).inc()
        elif name not in NOT_REPLIES and (record := handling.current()) is not None:
            record.replied = time.monotonic()
            record.note("sent")
        return status, payload

    async def _journaled(
        self, part: Part, journal: Journal, call: Coroutine[Any, Any, tuple[int, bytes]]
    ) -> tuple[int, bytes]:
        """Send ``part`` through the gate: journaled as begun, sent, journaled as delivered
        (or, when Telegram answers with an error, as never posted).
        A send Telegram has not answered within SLOW_SEND_S leaves the gate to the next one
        (a stalled connection must not hold every answer up), and is journaled when its
        answer comes."""
        await self.gate.acquire()
        holding = True
        task = asyncio.ensure_future(call)
        try:
            journal.begin(part)
            await asyncio.wait({task}, timeout=SLOW_SEND_S)
            if not task.done():
                self.gate.release()
                holding = False
            status, payload = await task
            if 200 <= status < 300:
                chat_id, message_id = _posted(payload)
                journal.delivered(part, chat_id, message_id)
            else:
                journal.refused(part)
            return status, payload
        except BaseException:
            task.cancel()
            raise
        finally:
            if holding:
                self.gate.release()


class CountingRateLimiter(AIORateLimiter):
    """PTB's limiter (Telegram's flood limits, 429s waited out and retried), each retry
    counted."""

    def __init__(self, metrics: Metrics, **limits: Any) -> None:
        super().__init__(**limits)
        self.metrics = metrics

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        attempts = 0

        async def counted(*a: Any, **k: Any) -> bool | JSONDict | list[JSONDict]:
            nonlocal attempts
            attempts += 1
            if attempts > 1:
                self.metrics.retries.labels("flood_wait").inc()
            return await callback(*a, **k)

        return await super().process_request(counted, args, kwargs, endpoint, data, rate_limit_args)


def _posted(payload: bytes) -> tuple[int, int]:
    """The chat and message id of a message Telegram acknowledged."""
    message = json.loads(payload)["result"]
    return int(message["chat"]["id"]), int(message["message_id"])


def never_sent(error: TimedOut) -> bool:
    """A timeout that shows the request never reached Telegram: no free connection in the
    pool (PTB says "Request was *not* sent") or no connection made. After any other timeout
    Telegram may have acted on it."""
    cause = error.__cause__
    return isinstance(cause, httpx.PoolTimeout | httpx.ConnectTimeout) or (
        "not* sent" in error.message
    )
