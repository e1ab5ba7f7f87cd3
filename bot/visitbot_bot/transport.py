"""What crosses the wire to Telegram, counted: every Bot API call that fails, by method and
code; every call the rate limiter makes again after a 429; and, for the update being handled,
when Telegram acknowledged its last reply (the end of its latency)."""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.ext import AIORateLimiter
from telegram.request import BaseRequest, RequestData

from visitbot_bot import handling
from visitbot_bot.metrics import Metrics

JSONDict = dict[str, Any]
NOT_REPLIES = frozenset({"getUpdates", "getMe", "getFile", "download"})
"""Calls that fetch rather than answer: their acknowledgement is no reply's."""


class MeteredRequest(BaseRequest):
    """Wraps the HTTP layer PTB uses (``inner``) and counts what it sees."""

    def __init__(self, inner: BaseRequest, metrics: Metrics) -> None:
        self.inner = inner
        self.metrics = metrics

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
        try:
            status, payload = await self.inner.do_request(
                url,
                method,
                request_data,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
            )
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


def never_sent(error: TimedOut) -> bool:
    """A timeout that shows the request never reached Telegram: no free connection in the
    pool (PTB says "Request was *not* sent") or no connection made. After any other timeout
    Telegram may have acted on it."""
    cause = error.__cause__
    return isinstance(cause, httpx.PoolTimeout | httpx.ConnectTimeout) or (
        "not* sent" in error.message
    )
