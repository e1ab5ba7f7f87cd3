"""Commands: /start (with deep links), /help, /speakers, /quotes, /source, /about, unknown
commands, and the menu Telegram shows."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Update
from telegram.constants import ChatType

from visitbot_bot.handlers.base import Context
from visitbot_bot.handlers.questions import Questions, deep_link_question
from visitbot_bot.replies import Reply
from visitbot_bot.telegram_html import escape


class Commands(Questions):
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
            question = deep_link_question(payload)
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
