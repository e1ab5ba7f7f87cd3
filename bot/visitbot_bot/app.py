"""Wiring: an Application with every handler, and the two ways to run it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from visitbot.engine import Engine
from visitbot.i18n import DEFAULT, LANGUAGES, N_, _, use
from visitbot_bot.articles import Articles
from visitbot_bot.endpoints import serve
from visitbot_bot.handlers import Handlers, UserLimits, commands_menu
from visitbot_bot.handlers.admin import library_for
from visitbot_bot.health import Liveness
from visitbot_bot.journal import FILE as JOURNAL_FILE
from visitbot_bot.journal import Journal
from visitbot_bot.logs import RedactTokens
from visitbot_bot.metrics import Metrics
from visitbot_bot.preferences import Preferences
from visitbot_bot.processor import UpdateProcessor
from visitbot_bot.settings import Settings
from visitbot_bot.transport import CountingRateLimiter, MeteredRequest

log = logging.getLogger(__name__)
DESCRIPTION = N_(
    "I answer who said what in the talks between Presidents Tokayev and Xi Jinping "
    "(3 July 2024), quoting the source word for word with document, date and paragraph."
)
SHORT_DESCRIPTION = N_("Who said what in the Tokayev–Xi talks, quoted verbatim with a citation.")
SEND_RETRIES = 3
CONCURRENT_UPDATES = 8


class PacedBot(ExtBot[None]):
    """Fetches the next updates only once every update fetched before has been handled.

    Telegram forgets updates when the next getUpdates acknowledges them; PTB alone fetches
    ahead of its handlers, so a crash would lose what it had fetched but not yet answered.
    Waiting for the queue to drain first acknowledges an update only after it was answered
    and journaled (see visitbot_bot.journal): after a hard kill only the last batch comes
    again, and the journal tells which of it was answered.
    """

    __slots__ = ("_handled", "_liveness", "_processor")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._handled: asyncio.Queue[object] | None = None
        self._processor: UpdateProcessor | None = None
        self._liveness: Liveness | None = None

    def pace_with(
        self, queue: asyncio.Queue[object], processor: UpdateProcessor, liveness: Liveness
    ) -> None:
        self._handled = queue
        self._processor = processor
        self._liveness = liveness

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        if self._handled is not None:
            await self._handled.join()
        updates = await super().get_updates(*args, **kwargs)
        if self._processor is not None and self._liveness is not None:
            self._processor.arrived(update.update_id for update in updates)
            self._liveness.polled()
            self._processor.metrics.last_poll.set_to_current_time()
        return updates


async def publish_profile(application: Application) -> None:  # type: ignore[type-arg]
    """Commands menu and descriptions in every language (Telegram shows each user theirs),
    the administrators' menu in their chats; cosmetic, so a failure is logged and ignored."""
    bot = application.bot
    admins: frozenset[int] = application.bot_data.get("admin_ids", frozenset())
    for code in LANGUAGES:
        use(code)
        language = None if code == DEFAULT else code  # the default is every other language's
        calls: list[tuple[str, Any]] = [
            ("commands", bot.set_my_commands(_menu(), language_code=language)),
            ("description", bot.set_my_description(_(DESCRIPTION), language_code=language)),
            (
                "short description",
                bot.set_my_short_description(_(SHORT_DESCRIPTION), language_code=language),
            ),
        ]
        calls += [
            (
                "admin commands",
                bot.set_my_commands(
                    _menu(admin=True), scope=BotCommandScopeChat(admin), language_code=language
                ),
            )
            for admin in sorted(admins)
        ]
        for name, call in calls:
            try:
                await call
            except TelegramError as exc:
                log.warning("could not set the bot's %s (%s): %s", name, code, type(exc).__name__)
    use(DEFAULT)


def _menu(admin: bool = False) -> list[BotCommand]:
    return [BotCommand(c, d) for c, d in commands_menu(admin)]


def build_application(
    engine: Engine,
    settings: Settings,
    *,
    redactor: RedactTokens | None = None,
    request: BaseRequest | None = None,
    rate_limiter: bool = True,
    corpus: Path | None = None,
    articles: Articles | None = None,
    metrics: Metrics | None = None,
    journal: Path | None = None,
) -> Application:  # type: ignore[type-arg]
    """The bot, wired; ``request`` replaces the HTTP layer (tests), ``rate_limiter=False``
    drops Telegram's flood limits (tests that send faster than a real chat may); ``corpus``:
    what ``engine`` serves (None: the built-in article), where admins' uploads go;
    ``articles``: where the annotated articles are published (answers link to them);
    ``metrics``: where the start's figures already are; ``journal``: its file (default: in the
    data folder). In polling mode with VISITBOT_METRICS_PORT set, /metrics and /healthz are
    served while the bot runs."""
    metrics = metrics or Metrics()
    metrics.corpus(engine)
    limiter = (
        CountingRateLimiter(
            metrics,
            overall_max_rate=settings.sends_per_second,
            group_max_rate=settings.group_sends_per_minute,
            max_retries=SEND_RETRIES,
        )
        if rate_limiter
        else None
    )
    store = Journal(journal or settings.data_dir / JOURNAL_FILE, metrics)
    bot = PacedBot(
        settings.token(),
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.telegram_api_base_file_url,
        request=MeteredRequest(
            request or HTTPXRequest(connection_pool_size=CONCURRENT_UPDATES * 2),
            metrics,
            store,
            settings.sends_in_flight,
        ),
        get_updates_request=MeteredRequest(request or HTTPXRequest(), metrics),
        defaults=Defaults(
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
        rate_limiter=limiter,
    )
    liveness = Liveness(settings.mode, settings.health_poll_seconds)
    processor = UpdateProcessor(
        CONCURRENT_UPDATES, store, metrics, liveness, log_questions=settings.log_questions
    )
    processor.bot = bot
    builder = ApplicationBuilder().bot(bot).concurrent_updates(processor)
    if settings.mode == "polling" and settings.metrics_port is not None:
        builder = builder.post_init(
            _serving_metrics(settings.metrics_listen, settings.metrics_port)
        ).post_shutdown(_stop_serving)
    else:
        builder = builder.post_init(publish_profile)
    application = builder.build()
    bot.pace_with(application.update_queue, processor, liveness)
    limits = UserLimits(settings.questions_per_minute)
    application.bot_data["admin_ids"] = settings.admin_ids
    handlers = Handlers(
        engine,
        limits,
        settings.admin_ids,
        redactor,
        Preferences(settings.data_dir / PREFERENCES_FILE),
        library_for(corpus, settings.data_dir / LIBRARY_FOLDER),
        articles,
        metrics,
        store,
    )
    register(application, handlers)
    application.bot_data["observed"] = Observed(metrics, liveness, processor, handlers)
    return application


@dataclass(frozen=True)
class Observed:
    """What the HTTP endpoints and the run commands need of a built application."""

    metrics: Metrics
    liveness: Liveness
    processor: UpdateProcessor
    handlers: Handlers

    def documents(self) -> int:
        return len(self.handlers.engine.documents)


def observed(application: Application) -> Observed:  # type: ignore[type-arg]
    found: Observed = application.bot_data["observed"]
    return found


def _serving_metrics(listen: str, port: int) -> Callable[[Application], Coroutine[Any, Any, None]]:  # type: ignore[type-arg]
    async def start(application: Application) -> None:  # type: ignore[type-arg]
        seen = observed(application)
        application.bot_data["metrics_server"] = serve(
            listen, port, seen.metrics, seen.liveness, seen.documents
        )
        await publish_profile(application)

    return start


async def _stop_serving(application: Application) -> None:  # type: ignore[type-arg]
    server = application.bot_data.pop("metrics_server", None)
    if server is not None:
        server.stop()


PREFERENCES_FILE = "preferences.json"
LIBRARY_FOLDER = "corpus"
"""In the data folder: users' choices, and the articles admins sent when no corpus folder is
configured (seeded with the built-in article)."""


def register(application: Application, h: Handlers) -> None:  # type: ignore[type-arg]
    """Every handler, each answering in the user's language (see handlers.language)."""

    def speaking(callback: Callback) -> Callback:
        async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            h.speak(update)
            await callback(update, context)

        return handle

    message = filters.UpdateType.MESSAGE
    for name, callback in (
        ("start", h.start),
        ("help", h.help),
        ("speakers", h.speakers),
        ("quotes", h.quotes),
        ("source", h.source),
        ("about", h.about),
        ("ask", h.ask_command),
        ("compare", h.compare_command),
        ("language", h.language),
        ("remove", h.remove),
        ("stats", h.stats),
    ):
        application.add_handler(CommandHandler(name, speaking(callback), filters=message))
    application.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.TEXT, speaking(h.edited))
    )
    application.add_handler(MessageHandler(message & filters.COMMAND, speaking(h.unknown_command)))
    application.add_handler(
        MessageHandler(message & filters.ChatType.PRIVATE & filters.TEXT, speaking(h.private_text))
    )
    application.add_handler(
        MessageHandler(message & filters.ChatType.GROUPS & filters.TEXT, speaking(h.group_text))
    )
    application.add_handler(
        MessageHandler(
            message & filters.ChatType.PRIVATE & filters.Document.ALL, speaking(h.document)
        )
    )
    application.add_handler(
        MessageHandler(
            message & filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL,
            speaking(h.non_text),
        )
    )
    application.add_handler(CallbackQueryHandler(speaking(h.button)))
    application.add_handler(InlineQueryHandler(speaking(h.inline)))
    application.add_error_handler(h.error)


Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def run_polling(application: Application) -> None:  # type: ignore[type-arg]
    """Long polling until SIGINT/SIGTERM; PTB drains fetched updates before it exits."""
    application.run_polling(allowed_updates=Update.ALL_TYPES)
