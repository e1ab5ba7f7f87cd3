"""Is the bot alive? For /healthz (load balancers, Docker's HEALTHCHECK, systemd) and for
``visitbot health``, which asks a running bot's /healthz and exits 0 or 1."""

from __future__ import annotations

import time
from typing import Literal

import httpx

PROBE_TIMEOUT_S = 5.0
"""``visitbot health`` gives up after this long (Docker's HEALTHCHECK allows more)."""


class Liveness:
    """Polling: healthy while Telegram answered a poll, or an update was handled, within
    ``max_age`` seconds (a poller stuck or cut off from Telegram is not); the start counts as
    progress, so a bot that just started is healthy. Webhook: serving is being alive."""

    def __init__(self, mode: Literal["polling", "webhook"], max_age: float) -> None:
        self.mode = mode
        self.max_age = max_age
        self.started = time.monotonic()
        self.last_poll: float | None = None
        self.last_progress = self.started

    def polled(self) -> None:
        self.last_poll = time.monotonic()

    def progressed(self) -> None:
        self.last_progress = time.monotonic()

    def report(self) -> tuple[bool, dict[str, object]]:
        now = time.monotonic()
        details: dict[str, object] = {"mode": self.mode, "uptime_s": round(now - self.started)}
        if self.mode == "webhook":
            return True, details
        quiet = now - max(self.last_poll or self.started, self.last_progress)
        details["last_poll_s"] = None if self.last_poll is None else round(now - self.last_poll, 1)
        return quiet <= self.max_age, details


def probe(url: str) -> tuple[bool, str]:
    """Ask a running bot's /healthz: (healthy, what it said)."""
    try:
        answer = httpx.get(url, timeout=PROBE_TIMEOUT_S)
    except httpx.HTTPError as exc:
        return False, f"{url}: {type(exc).__name__}"
    return answer.status_code == 200, f"{url}: {answer.status_code} {answer.text.strip()}"
