"""What the bot counts, as Prometheus metrics (the official client library), and the same
figures read back for the admins' /stats.

Each application has a registry of its own, so tests and several bots in one process never
mix their counts. Served at /metrics (see visitbot_bot.endpoints).
"""

from __future__ import annotations

import math
import time
from collections import Counter as Tally
from dataclasses import dataclass, field

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.metrics import MetricWrapperBase

from visitbot.engine import Engine

REPLY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
"""Receipt to the reply's acknowledgement: tens of milliseconds on a quiet bot, seconds when
Telegram's flood limits make sends wait, a minute at worst (three retries of a 429)."""
ENGINE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)
"""One search: under a millisecond at p50 for 100,000 paragraphs, a few at a million
(README, "Search at scale")."""
JOURNAL_BUCKETS = (
    0.00001,
    0.000025,
    0.00005,
    0.0001,
    0.00025,
    0.0005,
    0.001,
    0.0025,
    0.01,
    0.05,
    0.25,
    1.0,
)
"""One journal call: a SQLite statement on the event loop, tens of microseconds; a checkpoint
in a worker thread, milliseconds to a few hundred for a large WAL."""
LAG_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)
"""How late the event loop wakes a sleeper: a healthy loop is late by well under 10 ms."""
INDEX_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)
"""Mapping an index takes tens of ms; building 100,000 paragraphs 9 s, a million 100 s."""


class Metrics:
    """Every metric the bot exports; handlers and the update processor call the methods."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        ProcessCollector(registry=r)
        PlatformCollector(registry=r)
        self.started = time.time()
        self.updates = Counter(
            "visitbot_updates",
            "Updates handled, by kind (message, edit, command, button, inline, upload, other) "
            "and outcome (sent, no-reply, rate-limited, blocked, timed-out, error, duplicate)",
            ["kind", "outcome"],
            registry=r,
        )
        self.questions = Counter(
            "visitbot_questions",
            "Questions answered or attempted, by intent (who, speaker, fact, date, compare, "
            "empty) and outcome",
            ["intent", "outcome"],
            registry=r,
        )
        self.not_found = Counter(
            "visitbot_questions_not_found", "Questions for which nothing was found", registry=r
        )
        self.reply_seconds = Histogram(
            "visitbot_reply_seconds",
            "From an update's receipt to Telegram's acknowledgement of the last reply to it",
            buckets=REPLY_BUCKETS,
            registry=r,
        )
        self.engine_seconds = Histogram(
            "visitbot_engine_seconds",
            "One search or comparison by the engine",
            buckets=ENGINE_BUCKETS,
            registry=r,
        )
        self.telegram_errors = Counter(
            "visitbot_telegram_errors",
            "Bot API calls that failed, by method and HTTP code (timeout, network: no answer)",
            ["method", "code"],
            registry=r,
        )
        self.retries = Counter(
            "visitbot_telegram_retries",
            "Bot API calls made again: flood_wait (a 429 waited out by the rate limiter), "
            "timeout (a send that timed out before it reached Telegram)",
            ["reason"],
            registry=r,
        )
        self.in_flight = Gauge(
            "visitbot_updates_in_flight", "Updates being handled now", registry=r
        )
        self.documents = Gauge("visitbot_corpus_documents", "Documents served", registry=r)
        self.paragraphs = Gauge("visitbot_corpus_paragraphs", "Paragraphs served", registry=r)
        self.statements = Gauge(
            "visitbot_corpus_statements", "Attributed statements served", registry=r
        )
        self.index_seconds = Histogram(
            "visitbot_index_seconds",
            "Making the served index ready: map (a saved index), build (read the corpus at "
            "start), update (after an admin added or removed an article)",
            ["operation"],
            buckets=INDEX_BUCKETS,
            registry=r,
        )
        self.journal_seconds = Histogram(
            "visitbot_journal_seconds",
            "Journal calls as the handler waits for them, by operation",
            ["operation"],
            buckets=JOURNAL_BUCKETS,
            registry=r,
        )
        self.journal_errors = Counter(
            "visitbot_journal_errors",
            "Journal calls that failed (the update is answered anyway)",
            registry=r,
        )
        self.loop_lag = Histogram(
            "visitbot_event_loop_lag_seconds",
            "How late the event loop woke a 0.1 s sleeper (blocking work shows here)",
            buckets=LAG_BUCKETS,
            registry=r,
        )
        self.last_poll = Gauge(
            "visitbot_last_poll_timestamp_seconds",
            "When Telegram last answered getUpdates (polling mode)",
            registry=r,
        )

    def corpus(self, engine: Engine) -> None:
        """The size of what ``engine`` serves. Paragraphs are counted as ``visitbot index``
        counts them, from the index's paragraph table: counting them document by document
        would build every paragraph (a second for 100,000)."""
        self.documents.set(len(engine.documents))
        self.paragraphs.set(len(engine.index.para_doc))
        self.statements.set(len(engine.statements))

    def exposition(self) -> bytes:
        return generate_latest(self.registry)

    def figures(self) -> Figures:
        """The counts as they stand, for /stats."""
        return Figures(
            started=self.started,
            updates=_by(self.updates, "outcome"),
            kinds=_by(self.updates, "kind"),
            intents=_by(self.questions, "intent"),
            not_found=int(_total(self.not_found)),
            in_flight=int(_total(self.in_flight)),
            reply_p50=quantile(0.5, _buckets(self.reply_seconds)),
            reply_p95=quantile(0.95, _buckets(self.reply_seconds)),
            engine_p50=quantile(0.5, _buckets(self.engine_seconds)),
            errors=_by(self.telegram_errors, "code"),
            retries=int(sum(_by(self.retries, "reason").values())),
            documents=int(_total(self.documents)),
            paragraphs=int(_total(self.paragraphs)),
            statements=int(_total(self.statements)),
            index_seconds={
                operation: total / count
                for operation, (total, count) in _sums(self.index_seconds, "operation").items()
                if count
            },
            journal_p50=quantile(0.5, _buckets(self.journal_seconds)),
        )


@dataclass(frozen=True)
class Figures:
    started: float
    updates: dict[str, int] = field(default_factory=dict)
    """Handled updates by outcome."""
    kinds: dict[str, int] = field(default_factory=dict)
    intents: dict[str, int] = field(default_factory=dict)
    not_found: int = 0
    in_flight: int = 0
    reply_p50: float | None = None
    reply_p95: float | None = None
    engine_p50: float | None = None
    errors: dict[str, int] = field(default_factory=dict)
    """Failed Bot API calls by code."""
    retries: int = 0
    documents: int = 0
    paragraphs: int = 0
    statements: int = 0
    index_seconds: dict[str, float] = field(default_factory=dict)
    """Mean duration by operation (map, build, update)."""
    journal_p50: float | None = None


def _samples(metric: MetricWrapperBase, suffix: str) -> list[tuple[dict[str, str], float]]:
    return [
        (sample.labels, sample.value)
        for family in metric.collect()
        for sample in family.samples
        if sample.name == family.name + suffix
    ]


def _total(metric: MetricWrapperBase) -> float:
    suffix = "_total" if isinstance(metric, Counter) else ""
    return sum(value for _labels, value in _samples(metric, suffix))


def _by(metric: MetricWrapperBase, label: str) -> dict[str, int]:
    tally: Tally[str] = Tally()
    for labels, value in _samples(metric, "_total"):
        tally[labels[label]] += int(value)
    return {key: count for key, count in tally.most_common() if count}


def _buckets(metric: Histogram) -> list[tuple[float, float]]:
    """Cumulative (upper bound, count) over every label set, +Inf last."""
    tally: dict[float, float] = {}
    for labels, value in _samples(metric, "_bucket"):
        bound = float(labels["le"])
        tally[bound] = tally.get(bound, 0.0) + value
    return sorted(tally.items())


def _sums(metric: Histogram, label: str) -> dict[str, tuple[float, float]]:
    sums = {labels[label]: value for labels, value in _samples(metric, "_sum")}
    counts = {labels[label]: value for labels, value in _samples(metric, "_count")}
    return {key: (sums[key], counts.get(key, 0.0)) for key in sums}


def quantile(q: float, buckets: list[tuple[float, float]]) -> float | None:
    """The q-quantile of a histogram, interpolated within its bucket as Prometheus's
    histogram_quantile() does; None without observations."""
    if not buckets or buckets[-1][1] == 0:
        return None
    rank = q * buckets[-1][1]
    lower, below = 0.0, 0.0
    for bound, count in buckets:
        if count >= rank:
            if math.isinf(bound):
                return lower
            if count == below:
                return bound
            return lower + (bound - lower) * (rank - below) / (count - below)
        lower, below = bound, count
    return lower
