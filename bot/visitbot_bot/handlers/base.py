"""What every handler shares: sending replies within Telegram's limits (journaled, see
visitbot_bot.journal), searching off the event loop, per-user limits, and the sentences the
bot says when it cannot answer."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict

from aiolimiter import AsyncLimiter
from telegram import InlineKeyboardMarkup, Message, ReplyParameters
from telegram.error import ChatMigrated, Forbidden, TimedOut
from telegram.ext import ContextTypes

from visitbot.engine import Engine
from visitbot.i18n import N_, current
from visitbot.library import Library
from visitbot.models import AnswerSet, Comparison
from visitbot_bot import handling
from visitbot_bot.articles import Articles
from visitbot_bot.handling import INTENTS
from visitbot_bot.journal import MEMORY, Journal, Part
from visitbot_bot.logs import RedactTokens
from visitbot_bot.metrics import Metrics
from visitbot_bot.preferences import Preferences
from visitbot_bot.replies import POOL, Replies, Reply
from visitbot_bot.telegram_html import split_html
from visitbot_bot.transport import journaled, never_sent

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
INLINE_RESULTS = 10
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
        metrics: Metrics | None = None,
        journal: Journal | None = None,
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
        self.metrics = metrics or Metrics()
        self.journal = journal or Journal(MEMORY, self.metrics)

    async def send(
        self,
        context: Context,
        chat_id: int,
        reply: Reply,
        reply_to: int | None = None,
        *,
        page: int | None = None,
    ) -> list[int]:
        """Send a reply split under Telegram's limit (buttons go on the last part); the ids of
        the messages it took. ``page``: this reply is an answer showing that page of results
        (its first message is what an edited question edits).

        Each part is journaled right before it goes to Telegram and once Telegram
        acknowledges it (see visitbot_bot.transport); a part the journal shows delivered
        before a restart is not sent again. A chat that blocked the
        bot is skipped; a group that became a supergroup is followed to its new id.
        """
        record = handling.current()
        parts = split_html(reply.html)
        sent: list[int] = []
        for i, text in enumerate(parts):
            number = record.next_part() if record is not None else 0
            if record is not None and number in record.delivered:
                sent.append(record.delivered[number])  # before a restart
                note("sent")
                continue
            part = Part(
                record.update_id if record is not None else None,
                number,
                chat_id,
                reply_to,
                page if i == 0 else None,
            )
            parameters = (
                ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)
                if reply_to and i == 0
                else None
            )
            markup = reply.markup if i == len(parts) - 1 else None
            try:
                with journaled(part):
                    message = await self._post(context, chat_id, text, markup, parameters)
            except Forbidden:
                log.debug("chat %s blocked the bot or removed it; not sending", chat_id)
                note("blocked")
                return sent
            except TimedOut:
                # Telegram may have posted it: the journal keeps the part in doubt.
                log.warning("sending to a %s chat timed out; not sent again", _chat_kind(chat_id))
                note("timed-out")
                return sent
            chat_id = message.chat_id
            sent.append(message.message_id)
        return sent

    async def _post(
        self,
        context: Context,
        chat_id: int,
        text: str,
        markup: InlineKeyboardMarkup | None,
        parameters: ReplyParameters | None,
    ) -> Message:
        """One message; a timeout that shows the request never reached Telegram is retried
        once, a migrated group followed."""
        migrated = retried = False
        while True:
            try:
                return await context.bot.send_message(
                    chat_id, text, reply_markup=markup, reply_parameters=parameters
                )
            except ChatMigrated as exc:
                if migrated:
                    raise
                migrated = True
                log.debug("chat %s migrated to %s", chat_id, exc.new_chat_id)
                chat_id = exc.new_chat_id
            except TimedOut as exc:
                if retried or not never_sent(exc):
                    raise
                retried = True
                self.metrics.retries.labels("timeout").inc()
                log.warning("a send timed out before it reached Telegram; sending it again")

    async def search(self, question: str, top: int = POOL, *, asked: bool = True) -> AnswerSet:
        """The engine's answers, in a worker thread, sources in the user's language first (see
        i18n.current); ``asked``: a question a user asked (not a
        button's repeat of one), counted and logged as such."""
        started = time.perf_counter()
        result = await asyncio.to_thread(self.engine.ask, question, top, current())
        seconds = time.perf_counter() - started
        self.metrics.engine_seconds.observe(seconds)
        record = handling.current()
        if record is not None and asked:
            record.asked(question, INTENTS[result.intent], len(result.answers), seconds)
        return result

    async def compare(self, text: str) -> Comparison:
        started = time.perf_counter()
        result = await asyncio.to_thread(self.engine.compare, text)
        seconds = time.perf_counter() - started
        self.metrics.engine_seconds.observe(seconds)
        record = handling.current()
        if record is not None:
            found = sum(1 for side in result.sides if side.answer is not None)
            record.asked(text, "compare", found, seconds)
        return result


def note(outcome: str) -> None:
    """How the update being handled ended (see visitbot_bot.handling.OUTCOMES)."""
    record = handling.current()
    if record is not None:
        record.note(outcome)


def _chat_kind(chat_id: int) -> str:
    return "private" if chat_id > 0 else "group"
