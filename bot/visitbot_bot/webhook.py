"""Webhook mode: a small tornado server with the secret checked, /healthz and /metrics.

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


def make_server(application: Application, secret: str, path: str) -> HTTPServer:  # type: ignore[type-arg]
    seen = observed(application)
    web = tornado.web.Application(
        [
            (path, UpdateEndpoint, {"bot_app": application, "secret": secret}),
            *routes(seen.metrics, seen.liveness, seen.documents),
        ]
    )
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
    stop: asyncio.Event | None = None,
) -> None:
    """Register the webhook, serve until SIGTERM/SIGINT (or ``stop``), then drain and exit."""
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
        server = make_server(application, secret, webhook_path(url))
        try:
            server.listen(port, address=listen)
            log.info("webhook server listening on %s:%s", listen, port)
            await stop.wait()
        finally:
            server.stop()
            await application.stop()
