"""Questions: private text, group mentions and replies, /ask, /compare, edited questions,
and the hint for what is not text."""

from __future__ import annotations

import base64
import binascii
import html

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest

from visitbot.i18n import _
from visitbot.render import EXAMPLES
from visitbot_bot.handlers.base import NON_TEXT_HINT, SLOW_DOWN, Base, Context, note
from visitbot_bot.replies import Reply
from visitbot_bot.telegram_html import escape, split_html


class Questions(Base):
    async def answer_question(
        self, update: Update, context: Context, question: str, compare: bool = False
    ) -> None:
        """Answer a question, or set the speakers side by side when it asks for that (or
        ``compare``: /compare's topic)."""
        message = update.effective_message
        chat = update.effective_chat
        user = update.effective_user
        if message is None or chat is None:
            return
        if user is not None and not await self.limits.allow(user.id):
            note("rate-limited")
            await self.send(context, chat.id, Reply(escape(_(SLOW_DOWN))), message.message_id)
            return
        if compare or self.engine.comparison_asked(question):
            reply = self.replies.comparison(await self.compare(question))
        else:
            reply = self.replies.answer(await self.search(question))
        await self.send(context, chat.id, reply, message.message_id, page=0)

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
        usage = _("Put your question after the command, e.g. {example}").format(
            example="<code>/ask Who mentioned the golden thirty years?</code>"
        )
        question = await self._argument(update, context, usage)
        if question:
            await self.answer_question(update, context, question)

    async def compare_command(self, update: Update, context: Context) -> None:
        """/compare <topic>: what each speaker said on it, side by side."""
        usage = _("Put a topic after the command, e.g. {example}").format(
            example="<code>/compare cooperation</code>"
        )
        topic = await self._argument(update, context, usage)
        if topic:
            await self.answer_question(update, context, topic, compare=True)

    async def _argument(self, update: Update, context: Context, usage: str) -> str | None:
        """A command's text after its name; without one, how to use it is sent instead."""
        text = " ".join(context.args or [])
        message = update.effective_message
        chat = update.effective_chat
        if message is None or chat is None:
            return None
        if not text.strip():
            await self.send(context, chat.id, Reply(usage), message.message_id)
            return None
        return text

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
        answer_id = self.journal.answer_to(chat.id, message.message_id)
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
        hint = _(NON_TEXT_HINT).format(example=EXAMPLES[0])
        await self.send(context, chat.id, Reply(escape(hint)), message.message_id)


def question_text(message: Message, username: str | None) -> str | None:
    text = message.text or message.caption
    if not text:
        return None
    if text.startswith("/"):
        command, _space, rest = text.partition(" ")
        if command.split("@")[0] == "/ask":
            return rest.strip() or None
        if command.split("@")[0] == "/start":
            return deep_link_question(rest.strip())
        return None
    if username:
        text = text.replace(f"@{username}", "")
    return text.strip() or None


def deep_link_question(payload: str) -> str | None:
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
