"""python-telegram-bot handlers: the thin layer between Telegram updates and the engine.

Slow work (searching) runs in a worker thread so the event loop keeps serving other chats.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import html
import logging
from collections import OrderedDict
from collections.abc import Sequence

from aiolimiter import AsyncLimiter
from telegram import (
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    TelegramError,
    TimedOut,
)
from telegram.ext import ContextTypes

from visitbot.engine import Engine
from visitbot.models import AnswerSet
from visitbot.render import EXAMPLES, speaker_line
from visitbot_bot.callbacks import Action, decode
from visitbot_bot.logs import RedactTokens
from visitbot_bot.replies import POOL, Replies, Reply
from visitbot_bot.telegram_html import answer_html, escape, paragraph_html, split_html

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
INLINE_RESULTS = 10
REMEMBERED_ANSWERS = 200
MAX_USERS = 10_000
NON_TEXT_HINT = (
    f"I can only read text. Send me a question, for example: “{EXAMPLES[0]}” — or /help."
)
SLOW_DOWN = "You are asking faster than I can answer well. Please wait a few seconds and ask again."
EXPIRED = "This button has expired. Please ask your question again."
SORRY = "Sorry, something went wrong on my side. Please try again in a moment."


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


class Handlers:
    def __init__(
        self,
        engine: Engine,
        limits: UserLimits,
        admin_ids: frozenset[int] = frozenset(),
        redactor: RedactTokens | None = None,
    ) -> None:
        self.engine = engine
        self.replies = Replies(engine)
        self.limits = limits
        self.admin_ids = admin_ids
        self.redactor = redactor or RedactTokens()

    # --- sending -------------------------------------------------------------------------------

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
        return await asyncio.to_thread(self.engine.ask, question, top)

    # --- questions -----------------------------------------------------------------------------

    async def answer_question(self, update: Update, context: Context, question: str) -> None:
        message = update.effective_message
        chat = update.effective_chat
        user = update.effective_user
        if message is None or chat is None:
            return
        if user is not None and not await self.limits.allow(user.id):
            await self.send(context, chat.id, Reply(escape(SLOW_DOWN)), message.message_id)
            return
        if self.engine.comparison_asked(question):
            compared = await asyncio.to_thread(self.engine.compare, question)
            reply = self.replies.comparison(compared)
        else:
            reply = self.replies.answer(await self.search(question))
        sent = await self.send(context, chat.id, reply, message.message_id)
        if sent and context.chat_data is not None:
            remembered: OrderedDict[int, int] = context.chat_data.setdefault(
                "answers", OrderedDict()
            )
            remembered[message.message_id] = sent[0].message_id
            while len(remembered) > REMEMBERED_ANSWERS:
                remembered.popitem(last=False)

    async def private_text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is not None and message.text is not None:
            await self.answer_question(update, context, message.text)

    async def group_text(self, update: Update, context: Context) -> None:
        """In groups: replies to the bot and @mentions of it; everything else is not for us."""
        message = update.effective_message
        if message is None or message.text is None:
            return
        username = context.bot.username
        mention = f"@{username}".lower() if username else None
        replied_to_bot = (
            message.reply_to_message is not None
            and message.reply_to_message.from_user is not None
            and message.reply_to_message.from_user.id == context.bot.id
        )
        text = message.text
        if mention and mention in text.lower():
            start = text.lower().index(mention)
            text = (text[:start] + text[start + len(mention) :]).strip()
        elif not replied_to_bot:
            return
        await self.answer_question(update, context, text)

    async def ask_command(self, update: Update, context: Context) -> None:
        question = " ".join(context.args or [])
        message = update.effective_message
        chat = update.effective_chat
        if message is None or chat is None:
            return
        if not question.strip():
            usage = (
                "Put your question after the command, e.g. "
                "<code>/ask Who mentioned the golden thirty years?</code>"
            )
            await self.send(context, chat.id, Reply(usage), message.message_id)
            return
        await self.answer_question(update, context, question)

    async def compare_command(self, update: Update, context: Context) -> None:
        """/compare <topic>: what each speaker said on it, side by side."""
        topic = " ".join(context.args or [])
        message = update.effective_message
        chat = update.effective_chat
        user = update.effective_user
        if message is None or chat is None:
            return
        if not topic.strip():
            usage = "Put a topic after the command, e.g. <code>/compare cooperation</code>"
            await self.send(context, chat.id, Reply(usage), message.message_id)
            return
        if user is not None and not await self.limits.allow(user.id):
            await self.send(context, chat.id, Reply(escape(SLOW_DOWN)), message.message_id)
            return
        compared = await asyncio.to_thread(self.engine.compare, topic)
        await self.send(context, chat.id, self.replies.comparison(compared), message.message_id)

    async def edited(self, update: Update, context: Context) -> None:
        """An edited question updates the answer the bot gave to it, when it still knows it."""
        message = update.edited_message
        chat = update.effective_chat
        if message is None or chat is None or message.text is None:
            return
        text = message.text
        if text.startswith("/ask"):
            text = text.partition(" ")[2]
        elif chat.type != ChatType.PRIVATE:
            username = context.bot.username or ""
            if f"@{username}".lower() not in text.lower():
                return
            text = text.replace(f"@{username}", "").strip()
        remembered = (context.chat_data or {}).get("answers", {})
        answer_id = remembered.get(message.message_id)
        if answer_id is None:
            await self.answer_question(update, context, text)
            return
        reply = self.replies.answer(await self.search(text))
        first = split_html(reply.html)[0]
        try:
            await context.bot.edit_message_text(
                first, chat_id=chat.id, message_id=answer_id, reply_markup=reply.markup
            )
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise

    async def non_text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        chat = update.effective_chat
        if message is None or chat is None:
            return
        if message.caption:
            await self.answer_question(update, context, message.caption)
            return
        await self.send(context, chat.id, Reply(escape(NON_TEXT_HINT)), message.message_id)

    # --- commands ------------------------------------------------------------------------------

    async def start(self, update: Update, context: Context) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        payload = (context.args or [""])[0]
        if payload:
            routed = {
                "help": self.help,
                "speakers": self.speakers,
                "source": self.source,
                "about": self.about,
            }.get(payload.lower())
            if routed is not None:
                await routed(update, context)
                return
            question = _deep_link_question(payload)
            if question:
                await self.answer_question(update, context, question)
                return
        user = update.effective_user
        reply = Reply(
            self.replies.welcome(user.first_name if user else None), self.replies.examples()
        )
        await self.send(context, chat.id, reply)

    async def help(self, update: Update, context: Context) -> None:
        await self._say(update, context, self.replies.help())

    async def speakers(self, update: Update, context: Context) -> None:
        await self._say(update, context, self.replies.speakers())

    async def source(self, update: Update, context: Context) -> None:
        await self._say(update, context, self.replies.source())

    async def about(self, update: Update, context: Context) -> None:
        await self._say(update, context, self.replies.about())

    async def quotes(self, update: Update, context: Context) -> None:
        name = " ".join(context.args or []).strip()
        names = ", ".join(p.name for p in self.replies.people)
        if not name:
            await self._say(
                update,
                context,
                escape(f"Whose quotes? For example: /quotes Tokayev. I can quote: {names}."),
            )
            return
        person = self.engine.find_person(name)
        index = self.replies.person_index(person.name) if person else None
        reply = self.replies.statements(index, 0) if index is not None else None
        if reply is None:
            await self._say(
                update,
                context,
                escape(f"I have no statements by “{name[:100]}”. I can quote: {names}."),
            )
            return
        chat = update.effective_chat
        if chat is not None:
            await self.send(context, chat.id, reply)

    async def unknown_command(self, update: Update, context: Context) -> None:
        message = update.effective_message
        chat = update.effective_chat
        if message is None or chat is None or message.text is None:
            return
        command = message.text.split()[0]
        name, _, target = command.partition("@")
        if chat.type != ChatType.PRIVATE and target.lower() != (context.bot.username or "").lower():
            return
        await self._say(
            update, context, escape(f"I don't know the command {name[:40]}. Try /help.")
        )

    async def _say(self, update: Update, context: Context, text: str) -> None:
        chat = update.effective_chat
        message = update.effective_message
        if chat is not None:
            await self.send(context, chat.id, Reply(text), message.message_id if message else None)

    # --- buttons -------------------------------------------------------------------------------

    async def button(self, update: Update, context: Context) -> None:
        """Every press is answered: with the content, or with a polite "expired"."""
        query = update.callback_query
        if query is None:
            return
        pressed = decode(query.data, self.replies.fingerprint)
        message = query.message if isinstance(query.message, Message) else None
        if pressed is None or message is None:
            await query.answer(EXPIRED)
            return
        action = {
            Action.MORE: self._more,
            Action.PARAGRAPH: self._paragraph,
            Action.SPEAKER: self._speaker_page,
            Action.EXAMPLE: self._example,
        }[pressed.action]
        reply = await action(context, message, pressed.numbers)
        if reply is None:
            await query.answer(EXPIRED)
            return
        await query.answer()
        shown, reply_to, edit = reply
        if edit:
            await self._edit(context, message, shown)
        else:
            await self.send(context, message.chat.id, shown, reply_to)

    async def _more(
        self, context: Context, message: Message, numbers: tuple[int, ...]
    ) -> tuple[Reply, int | None, bool] | None:
        original = message.reply_to_message
        question = _question_text(original, context.bot.username) if original else None
        if original is None or not question:
            return None
        result = await self.search(question)
        return self.replies.answer(result, page=numbers[0]), original.message_id, False

    async def _paragraph(
        self, context: Context, message: Message, numbers: tuple[int, ...]
    ) -> tuple[Reply, int | None, bool] | None:
        document, number = numbers
        if document >= len(self.engine.documents):
            return None
        found = self.engine.paragraph(self.engine.documents[document].id, number)
        if found is None:
            return None
        return Reply(paragraph_html(found)), message.message_id, False

    async def _speaker_page(
        self, context: Context, message: Message, numbers: tuple[int, ...]
    ) -> tuple[Reply, int | None, bool] | None:
        person, page = numbers
        reply = self.replies.statements(person, page)
        if reply is None:
            return None
        sender = message.from_user
        edit = page > 0 and sender is not None and sender.id == context.bot.id
        return reply, None, edit

    async def _example(
        self, context: Context, message: Message, numbers: tuple[int, ...]
    ) -> tuple[Reply, int | None, bool] | None:
        if numbers[0] >= len(EXAMPLES):
            return None
        question = EXAMPLES[numbers[0]]
        answer = self.replies.answer(await self.search(question))
        return Reply(f"<i>{escape(question)}</i>\n\n{answer.html}", answer.markup), None, False

    async def _edit(self, context: Context, message: Message, reply: Reply) -> None:
        try:
            await context.bot.edit_message_text(
                split_html(reply.html)[0],
                chat_id=message.chat.id,
                message_id=message.message_id,
                reply_markup=reply.markup,
            )
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise

    # --- inline mode ---------------------------------------------------------------------------

    async def inline(self, update: Update, context: Context) -> None:
        query = update.inline_query
        if query is None:
            return
        text = query.query.strip()
        if text and self.engine.comparison_asked(text):
            compared = await asyncio.to_thread(self.engine.compare, text)
            body = split_html(self.replies.comparison(compared).html)[0]
            article = InlineQueryResultArticle(
                id=f"{self.replies.fingerprint}-compare",
                title=f"Side by side: {compared.topic}"[:100],
                description=", ".join(s.speaker for s in compared.sides)[:200] or "nothing found",
                input_message_content=InputTextMessageContent(body, parse_mode=ParseMode.HTML),
            )
            await query.answer([article], cache_time=60, is_personal=False)
            return
        if text:
            answers = (await self.search(text, INLINE_RESULTS)).answers
        else:
            everyone = [a for p in self.replies.people for a in self.engine.statements_by(p.id)]
            answers = tuple(
                sorted(everyone, key=lambda a: a.kind.value != "quote")[:INLINE_RESULTS]
            )
        results = []
        for i, answer in enumerate(answers):
            body = split_html(answer_html(answer))[0]
            results.append(
                InlineQueryResultArticle(
                    id=f"{self.replies.fingerprint}-{i}",
                    title=speaker_line(answer)[:100],
                    description=answer.excerpt[:200],
                    input_message_content=InputTextMessageContent(body, parse_mode=ParseMode.HTML),
                )
            )
        await query.answer(results, cache_time=60, is_personal=False)

    # --- errors --------------------------------------------------------------------------------

    async def error(self, update: object, context: Context) -> None:
        """Log with context; tell the user briefly; tell admins the details."""
        error = context.error
        where = _describe(update)
        if update is None and isinstance(error, NetworkError):
            # Polling hiccups (5xx, dropped connections, timeouts): PTB backs off and retries.
            log.warning("polling: %s; retrying", type(error).__name__)
            return
        log.error("error while handling %s", where, exc_info=error)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                await context.bot.send_message(update.effective_chat.id, escape(SORRY))
            except TelegramError:
                log.warning("could not tell chat %s about the error", update.effective_chat.id)
        detail = self.redactor.redact(f"{type(error).__name__}: {error}")[:3000]
        for admin in self.admin_ids:
            try:
                await context.bot.send_message(
                    admin,
                    f"<b>visitbot error</b> in {escape(where)}\n<code>{escape(detail)}</code>",
                )
            except TelegramError:
                log.warning("could not notify admin %s", admin)


def _describe(update: object) -> str:
    if isinstance(update, Update):
        chat = update.effective_chat
        return f"update {update.update_id} (chat {chat.id if chat else '-'})"
    return "polling" if update is None else type(update).__name__


def _question_text(message: Message, username: str | None) -> str | None:
    text = message.text or message.caption
    if not text:
        return None
    if text.startswith("/"):
        command, _, rest = text.partition(" ")
        if command.split("@")[0] == "/ask":
            return rest.strip() or None
        if command.split("@")[0] == "/start":
            return _deep_link_question(rest.strip())
        return None
    if username:
        text = text.replace(f"@{username}", "")
    return text.strip() or None


def _deep_link_question(payload: str) -> str | None:
    """``q_<base64url>`` carries a question; other payloads are words joined by underscores."""
    if payload.startswith("q_"):
        encoded = payload[2:]
        try:
            raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
            return raw.decode("utf-8").strip() or None
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None
    words = payload.replace("_", " ").replace("-", " ").strip()
    return html.unescape(words) or None


def commands_menu() -> Sequence[tuple[str, str]]:
    return (
        ("start", "What I know, with examples"),
        ("help", "How to ask"),
        ("speakers", "Who is quoted, and how often"),
        ("quotes", "Everything one speaker said: /quotes Tokayev"),
        ("source", "The documents I quote"),
        ("ask", "Ask a question (for groups)"),
        ("compare", "What each speaker said on a topic: /compare trade"),
        ("about", "How I work"),
    )
