"""``visitbot`` with the Telegram ``run`` command added to the core command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from visitbot import cli as core
from visitbot.engine import Engine


def cmd_run(args: argparse.Namespace) -> int:
    # Settings (and Telegram) only for the bot: a one-shot question imports neither.
    from visitbot_bot.settings import HOW_TO_GET_A_TOKEN, SettingsError, load_settings

    try:
        settings = load_settings()
        if not settings.has_token:
            print(f"visitbot: no bot token is configured. {HOW_TO_GET_A_TOKEN}", file=sys.stderr)
            print("Opening the terminal chat instead (same answers as the bot).\n", file=sys.stderr)
            engine = Engine.load(args.corpus or settings.corpus)
            engine.warm()
            core.chat(engine, sys.stdin, sys.stdout)
            return 0
        token = settings.token()
    except SettingsError as exc:
        print(f"visitbot: {exc}", file=sys.stderr)
        return 2
    import asyncio
    import time

    from visitbot.library import Library
    from visitbot_bot import app, logs, webhook
    from visitbot_bot.articles import Articles
    from visitbot_bot.metrics import Metrics

    secrets = (token, settings.webhook_secret.get_secret_value() if settings.webhook_secret else "")
    redactor = logs.configure(settings.log_level, secrets, settings.log_format)
    corpus = args.corpus or settings.corpus
    library = Library(settings.data_dir / app.LIBRARY_FOLDER)
    if corpus is None and library.ready():
        corpus = library.folder  # the articles admins sent, with the built-in one
    metrics = Metrics()
    started = time.perf_counter()
    engine = Engine.load(corpus)
    # An engine that wrote an index read (some of) the corpus; otherwise it mapped the saved one.
    operation = "map" if engine.cache_file is None else "build"
    metrics.index_seconds.labels(operation).observe(time.perf_counter() - started)
    engine.warm()  # before the event loop starts: no question waits for it
    articles = Articles.configure(settings)
    if articles is not None and not articles.refresh(engine):
        articles = None  # logged: answers go without the link rather than to missing pages
    application = app.build_application(
        engine, settings, redactor=redactor, corpus=corpus, articles=articles, metrics=metrics
    )
    if settings.mode == "polling":
        app.run_polling(application)
        return 0
    if not settings.webhook_url or not settings.webhook_secret:
        print(
            "visitbot: webhook mode needs VISITBOT_WEBHOOK_URL and VISITBOT_WEBHOOK_SECRET "
            "(see .env.example)",
            file=sys.stderr,
        )
        return 2
    asyncio.run(
        webhook.serve(
            application,
            url=settings.webhook_url,
            secret=settings.webhook_secret.get_secret_value(),
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            articles=articles.folder if articles is not None else None,
        )
    )
    return 0


def cmd_health(args: argparse.Namespace) -> int:
    """Ask the running bot's /healthz (Docker's HEALTHCHECK, monitoring): exit 0 when it is
    healthy, 1 when it is not or does not answer, 2 when nothing serves /healthz."""
    from visitbot_bot.health import probe
    from visitbot_bot.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"visitbot: {exc}", file=sys.stderr)
        return 2
    if settings.mode == "webhook":
        listen, port = settings.webhook_listen, settings.webhook_port
    elif settings.metrics_port is not None:
        listen, port = settings.metrics_listen, settings.metrics_port
    else:
        print(
            "visitbot: in polling mode /healthz is served only when VISITBOT_METRICS_PORT is set",
            file=sys.stderr,
        )
        return 2
    host = "127.0.0.1" if listen in {"0.0.0.0", "", "::"} else listen
    if ":" in host:
        host = f"[{host}]"
    healthy, said = probe(f"http://{host}:{port}/healthz")
    print(said)
    return 0 if healthy else 1


def main(argv: Sequence[str] | None = None) -> int:
    return core.run(build_parser(), argv)


def build_parser() -> argparse.ArgumentParser:
    """The core command line with ``run`` and ``health`` added."""
    parser, commands = core.build_parser()
    run = commands.add_parser("run", help="start the Telegram bot (settings from env or .env)")
    run.add_argument("--corpus", type=Path, default=None, help="overrides VISITBOT_CORPUS")
    run.set_defaults(handler=cmd_run)
    health = commands.add_parser(
        "health", help="ask the running bot's /healthz (exit 0 healthy, 1 not, 2 not served)"
    )
    health.set_defaults(handler=cmd_health)
    return parser
