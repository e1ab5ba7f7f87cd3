"""/metrics (Prometheus text format) and /healthz over HTTP: beside the webhook in webhook
mode, on VISITBOT_METRICS_PORT in polling mode (see ``serve``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import tornado.web
from prometheus_client import CONTENT_TYPE_LATEST
from tornado.httpserver import HTTPServer

from visitbot_bot.health import Liveness
from visitbot_bot.metrics import Metrics

log = logging.getLogger(__name__)


class MetricsEndpoint(tornado.web.RequestHandler):
    def initialize(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def get(self) -> None:
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.finish(self.metrics.exposition())


class HealthEndpoint(tornado.web.RequestHandler):
    """200 and what the bot knows of itself, or 503 when it is not healthy."""

    def initialize(self, liveness: Liveness, documents: Callable[[], int]) -> None:
        self.liveness = liveness
        self.documents = documents

    def get(self) -> None:
        healthy, details = self.liveness.report()
        self.set_status(200 if healthy else 503)
        self.finish(
            {"status": "ok" if healthy else "unhealthy", "documents": self.documents(), **details}
        )


def routes(
    metrics: Metrics, liveness: Liveness, documents: Callable[[], int]
) -> list[tuple[str, type[tornado.web.RequestHandler], dict[str, Any]]]:
    return [
        (r"/metrics", MetricsEndpoint, {"metrics": metrics}),
        (r"/healthz", HealthEndpoint, {"liveness": liveness, "documents": documents}),
    ]


def serve(
    listen: str, port: int, metrics: Metrics, liveness: Liveness, documents: Callable[[], int]
) -> HTTPServer:
    """Start serving /metrics and /healthz on the running event loop."""
    server = HTTPServer(tornado.web.Application(routes(metrics, liveness, documents)))
    server.listen(port, address=listen)
    log.info("metrics and health on http://%s:%s/metrics and /healthz", listen, port)
    return server
