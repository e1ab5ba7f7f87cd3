"""Webhook mode: a small tornado server with the secret checked, /healthz, /metrics and the
annotated articles under /articles/.

A call is answered (Telegram's acknowledgement) only once its update was handled and
journaled, so a crash meanwhile makes Telegram send it again. Several replicas can run behind
a load balancer: each answers whatever update it is given, and /healthz tells the balancer it
is alive.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import signal
from pathlib import Path
from urllib.parse import urlparse

import tornado.web
from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer

from visitbot_bot.app import observed
from visitbot_bot.endpoints import routes

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1 << 20


class UpdateEndpoint(tornado.web.RequestHandler):
    def initialize(self, bot_app: Application, secret: str) -> None:  # type: ignore[type-arg]
        self.bot_app = bot_app
        self.secret = secret

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            self.set_status(403)
            self.finish("forbidden")
            return
        try:
            data = json.loads(self.request.body)
            update = Update.de_json(data, self.bot_app.bot)
        except (ValueError, TypeError, KeyError):
            self.set_status(400)
            self.finish("bad update")
            return
        processor = observed(self.bot_app).processor
        processor.arrived([update.update_id])
        done = processor.expect(update.update_id)
        await self.bot_app.update_queue.put(update)
        await done
        self.finish("ok")


ARTICLES_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
"""The site's pages are plain HTML and one stylesheet: anything else a page tried to load or
run (which escaping already prevents) is refused by the browser too."""


class ArticlesEndpoint(tornado.web.StaticFileHandler):
    """The static site's files, with headers that let pages do nothing but show text."""

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Content-Security-Policy", ARTICLES_POLICY)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("Cache-Control", "no-cache")  # revalidated: pages change on uploads


def make_server(
    application: Application,  # type: ignore[type-arg]
    secret: str,
    path: str,
    articles: Path | None = None,
) -> HTTPServer:
    """``articles``: the site's folder, served under /articles/ (None: not served)."""
    seen = observed(application)
    handlers: list[tuple[str, type[tornado.web.RequestHandler], dict[str, object]]] = [
        (path, UpdateEndpoint, {"bot_app": application, "secret": secret}),
        *routes(seen.metrics, seen.liveness, seen.documents),
    ]
    if articles is not None:
        handlers += [
            (r"/articles", tornado.web.RedirectHandler, {"url": "/articles/"}),
            (
                r"/articles/(.*)",
                ArticlesEndpoint,
                {"path": str(articles), "default_filename": "index.html"},
            ),
        ]
    web = tornado.web.Application(handlers)
    return HTTPServer(web, max_body_size=MAX_BODY)


def webhook_path(url: str) -> str:
    path = urlparse(url).path
    return path if path and path != "/" else "/telegram"


async def serve(
    application: Application,  # type: ignore[type-arg]
    *,
    url: str,
    secret: str,
    listen: str,
    port: int,
    articles: Path | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Register the webhook, serve until SIGTERM/SIGINT (or ``stop``), then drain and exit;
    ``articles``: the site's folder, served under /articles/."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    async with application:
        if application.post_init:
            await application.post_init(application)
        await application.bot.set_webhook(
            url=url, secret_token=secret, allowed_updates=Update.ALL_TYPES
        )
        await application.start()
        server = make_server(application, secret, webhook_path(url), articles)
        try:
            server.listen(port, address=listen)
            log.info("webhook server listening on %s:%s", listen, port)
            await stop.wait()
        finally:
            server.stop()
            await application.stop()
