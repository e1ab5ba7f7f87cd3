"""What every handler shares: sending replies within Telegram's limits, searching off the
event loop, per-user limits, and the sentences the bot says when it cannot answer."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

from aiolimiter import AsyncLimiter
from telegram import Message, ReplyParameters
from telegram.error import ChatMigrated, Forbidden, TimedOut
from telegram.ext import ContextTypes

from visitbot.engine import Engine
from visitbot.i18n import N_, current
from visitbot.library import Library
from visitbot.models import AnswerSet
from visitbot_bot.articles import Articles
from visitbot_bot.logs import RedactTokens
from visitbot_bot.preferences import Preferences
from visitbot_bot.replies import POOL, Replies, Reply
from visitbot_bot.telegram_html import split_html

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
INLINE_RESULTS = 10
REMEMBERED_ANSWERS = 200
MAX_USERS = 10_000
NON_TEXT_HINT = N_("I can only read text. Send me a question, for example: “{example}” — or /help.")
SLOW_DOWN = N_(
    "You are asking faster than I can answer well. Please wait a few seconds and ask again."
)
EXPIRED = N_("This button has expired. Please ask your question again.")
SORRY = N_("Sorry, something went wrong on my side. Please try again in a moment.")
"""What the bot says when it cannot answer (translated where it is said, with ``_()``)."""


class UserLimits:
    """A leaky bucket per user (aiolimiter), forgetting the least recently seen users."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._limits: OrderedDict[int, AsyncLimiter] = OrderedDict()

    async def allow(self, user_id: int) -> bool:
        limiter = self._limits.pop(user_id, None) or AsyncLimiter(self.per_minute, 60)
        self._limits[user_id] = limiter
        while len(self._limits) > MAX_USERS:
            self._limits.popitem(last=False)
        if not limiter.has_capacity():
            return False
        await limiter.acquire()
        return True


class Base:
    def __init__(
        self,
        engine: Engine,
        limits: UserLimits,
        admin_ids: frozenset[int] = frozenset(),
        redactor: RedactTokens | None = None,
        preferences: Preferences | None = None,
        library: Library | None = None,
        articles: Articles | None = None,
    ) -> None:
        self.engine = engine
        self.articles = articles
        """Where the annotated articles are published (None: nowhere)."""
        self.replies = Replies(engine, articles)
        self.limits = limits
        self.admin_ids = admin_ids
        self.redactor = redactor or RedactTokens()
        self.preferences = preferences or Preferences(None)
        self.library = library
        """Where uploaded articles go (None: this bot takes no uploads)."""

    async def send(
        self,
        context: Context,
        chat_id: int,
        reply: Reply,
        reply_to: int | None = None,
    ) -> list[Message]:
        """Send a reply split under Telegram's limit; buttons go on the last part.

        A chat that blocked the bot is logged and skipped; a group that became a supergroup is
        followed to its new id.
        """
        parts = split_html(reply.html)
        sent: list[Message] = []
        for i, part in enumerate(parts):
            markup = reply.markup if i == len(parts) - 1 else None
            parameters = (
                ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)
                if reply_to and i == 0
                else None
            )
            try:
                sent.append(
                    await context.bot.send_message(
                        chat_id, part, reply_markup=markup, reply_parameters=parameters
                    )
                )
            except ChatMigrated as exc:
                log.info("chat %s migrated to %s", chat_id, exc.new_chat_id)
                chat_id = exc.new_chat_id
                sent.append(
                    await context.bot.send_message(
                        chat_id, part, reply_markup=markup, reply_parameters=parameters
                    )
                )
            except Forbidden:
                log.info("chat %s blocked the bot or removed it; not sending", chat_id)
                return sent
            except TimedOut:
                # Telegram may still deliver it; sending again could post the answer twice.
                log.warning("sending to chat %s timed out; not retrying", chat_id)
                return sent
        return sent

    async def search(self, question: str, top: int = POOL) -> AnswerSet:
        """The engine's answers, sources in the user's language first (see i18n.current)."""
        return await asyncio.to_thread(self.engine.ask, question, top, current())
