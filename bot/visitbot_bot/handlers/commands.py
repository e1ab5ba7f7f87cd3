"""Commands: /start (with deep links), /help, /speakers, /quotes, /source, /about, unknown
commands, and the menu Telegram shows."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Update
from telegram.constants import ChatType

from visitbot.i18n import N_, _
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
                escape(
                    _("Whose quotes? For example: /quotes Tokayev. I can quote: {names}.").format(
                        names=names
                    )
                ),
            )
            return
        person = self.engine.find_person(name)
        index = self.replies.person_index(person.name) if person else None
        reply = self.replies.statements(index, 0) if index is not None else None
        if reply is None:
            await self._say(
                update,
                context,
                escape(
                    _("I have no statements by “{name}”. I can quote: {names}.").format(
                        name=name[:100], names=names
                    )
                ),
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
        name, _at, target = command.partition("@")
        if chat.type != ChatType.PRIVATE and target.lower() != (context.bot.username or "").lower():
            return
        await self._say(
            update,
            context,
            escape(_("I don't know the command {command}. Try /help.").format(command=name[:40])),
        )

    async def _say(self, update: Update, context: Context, text: str) -> None:
        chat = update.effective_chat
        message = update.effective_message
        if chat is not None:
            await self.send(context, chat.id, Reply(text), message.message_id if message else None)


MENU = (
    ("start", N_("What I know, with examples")),
    ("help", N_("How to ask")),
    ("speakers", N_("Who is quoted, and how often")),
    ("quotes", N_("Everything one speaker said: /quotes Tokayev")),
    ("source", N_("The documents I quote")),
    ("ask", N_("Ask a question (for groups)")),
    ("compare", N_("What each speaker said on a topic: /compare trade")),
    ("language", N_("The language I answer in")),
    ("about", N_("How I work")),
)
ADMIN_MENU = (
    ("remove", N_("Take a document out: /remove <document id>")),
    ("stats", N_("What the bot has done since it started")),
)
"""Shown to the administrators only (they also add articles by sending files)."""


def commands_menu(admin: bool = False) -> Sequence[tuple[str, str]]:
    """The command menu in the current language (see visitbot.i18n)."""
    return tuple((name, _(text)) for name, text in (*MENU, *(ADMIN_MENU if admin else ())))
