"""Wiring: an Application with every handler, and the two ways to run it."""

from __future__ import annotations

import logging

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from visitbot.engine import Engine
from visitbot_bot.handlers import Handlers, UserLimits, commands_menu
from visitbot_bot.logs import RedactTokens
from visitbot_bot.settings import Settings

log = logging.getLogger(__name__)
DESCRIPTION = (
    "I answer who said what in the talks between Presidents Tokayev and Xi Jinping "
    "(3 July 2024), quoting the source word for word with document, date and paragraph."
)
SHORT_DESCRIPTION = "Who said what in the Tokayev–Xi talks, quoted verbatim with a citation."
SEND_RETRIES = 3
CONCURRENT_UPDATES = 8


async def publish_profile(application: Application) -> None:  # type: ignore[type-arg]
    """Commands menu and descriptions; cosmetic, so a failure is logged and ignored."""
    bot = application.bot
    calls = (
        ("commands", bot.set_my_commands([BotCommand(c, d) for c, d in commands_menu()])),
        ("description", bot.set_my_description(DESCRIPTION)),
        ("short description", bot.set_my_short_description(SHORT_DESCRIPTION)),
    )
    for name, call in calls:
        try:
            await call
        except TelegramError as exc:
            log.warning("could not set the bot's %s: %s", name, type(exc).__name__)


def build_application(
    engine: Engine,
    settings: Settings,
    *,
    redactor: RedactTokens | None = None,
    request: BaseRequest | None = None,
    rate_limiter: bool = True,
) -> Application:  # type: ignore[type-arg]
    """The bot, wired; ``request`` replaces the HTTP layer (tests), ``rate_limiter=False``
    drops Telegram's flood limits (tests that send faster than a real chat may)."""
    builder = (
        ApplicationBuilder()
        .token(settings.token())
        .base_url(settings.telegram_api_base_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(publish_profile)
    )
    if rate_limiter:
        limiter = AIORateLimiter(
            overall_max_rate=settings.sends_per_second,
            group_max_rate=settings.group_sends_per_minute,
            max_retries=SEND_RETRIES,
        )
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:
        builder = builder.connection_pool_size(CONCURRENT_UPDATES * 2)
    application = builder.build()
    limits = UserLimits(settings.questions_per_minute)
    register(application, Handlers(engine, limits, settings.admin_ids, redactor))
    return application


def register(application: Application, h: Handlers) -> None:  # type: ignore[type-arg]
    message = filters.UpdateType.MESSAGE
    for name, callback in (
        ("start", h.start),
        ("help", h.help),
        ("speakers", h.speakers),
        ("quotes", h.quotes),
        ("source", h.source),
        ("about", h.about),
        ("ask", h.ask_command),
    ):
        application.add_handler(CommandHandler(name, callback, filters=message))
    application.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.TEXT, h.edited)
    )
    application.add_handler(MessageHandler(message & filters.COMMAND, h.unknown_command))
    application.add_handler(
        MessageHandler(message & filters.ChatType.PRIVATE & filters.TEXT, h.private_text)
    )
    application.add_handler(
        MessageHandler(message & filters.ChatType.GROUPS & filters.TEXT, h.group_text)
    )
    application.add_handler(
        MessageHandler(
            message & filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL,
            h.non_text,
        )
    )
    application.add_handler(CallbackQueryHandler(h.button))
    application.add_handler(InlineQueryHandler(h.inline))
    application.add_error_handler(h.error)


def run_polling(application: Application) -> None:  # type: ignore[type-arg]
    """Long polling until SIGINT/SIGTERM; PTB drains fetched updates before it exits."""
    application.run_polling(allowed_updates=Update.ALL_TYPES)
