"""Buttons under answers: more results, the full paragraph, more from a speaker, examples;
stale or forged button data gets a polite "expired"."""

from __future__ import annotations

import asyncio

from telegram import CallbackQuery, Message, ReplyParameters, Update
from telegram.error import BadRequest

from visitbot.card import FontsMissing, render_card
from visitbot.i18n import LANGUAGES, _, use
from visitbot.render import EXAMPLES, citation, speaker_line
from visitbot_bot.callbacks import Action, decode
from visitbot_bot.handlers.base import EXPIRED, SORRY, Base, Context, log
from visitbot_bot.handlers.questions import question_text
from visitbot_bot.replies import PAGE, Reply
from visitbot_bot.telegram_html import escape, split_html

CAPTION_LIMIT = 1024
"""Telegram's limit on a photo's caption, in characters."""


class Buttons(Base):
    async def button(self, update: Update, context: Context) -> None:
        """Every press is answered: with the content, or with a polite "expired"."""
        query = update.callback_query
        if query is None:
            return
        pressed = decode(query.data, self.replies.fingerprint)
        message = query.message if isinstance(query.message, Message) else None
        if pressed is None or message is None:
            await query.answer(_(EXPIRED))
            return
        if pressed.action is Action.LANGUAGE:
            await self._choose_language(query, context, message, pressed.numbers[0])
            return
        if pressed.action is Action.CARD:
            await self._card(query, context, message, pressed.numbers)
            return
        action = {
            Action.MORE: self._more,
            Action.PARAGRAPH: self._paragraph,
            Action.SPEAKER: self._speaker_page,
            Action.EXAMPLE: self._example,
        }[pressed.action]
        reply = await action(context, message, pressed.numbers)
        if reply is None:
            await query.answer(_(EXPIRED))
            return
        await query.answer()
        shown, reply_to, edit = reply
        if edit:
            await self._edit(context, message, shown)
        else:
            page = pressed.numbers[0] if pressed.action is Action.MORE else None
            await self.send(context, message.chat.id, shown, reply_to, page=page)

    async def _more(
        self, context: Context, message: Message, numbers: tuple[int, ...]
    ) -> tuple[Reply, int | None, bool] | None:
        original = message.reply_to_message
        question = question_text(original, context.bot.username) if original else None
        if original is None or not question:
            return None
        result = await self.search(question, asked=False)
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
        return self.replies.paragraph(found), message.message_id, False

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

    async def _choose_language(
        self, query: CallbackQuery, context: Context, message: Message, number: int
    ) -> None:
        if not 0 <= number < len(LANGUAGES):
            await query.answer(_(EXPIRED))
            return
        code = tuple(LANGUAGES)[number]
        self.preferences.set_language(query.from_user.id, code)
        use(code)
        await query.answer()
        text = _("From now on I answer in English. Quotes stay as the source wrote them.")
        await self._edit(context, message, Reply(escape(text)))

    async def _card(
        self, query: CallbackQuery, context: Context, message: Message, numbers: tuple[int, ...]
    ) -> None:
        """The answer as a picture, drawn in a worker thread (other chats are answered
        meanwhile), sent as a photo under the answer it shows."""
        original = message.reply_to_message
        question = question_text(original, context.bot.username) if original else None
        page, k = numbers
        answers = (await self.search(question, asked=False)).answers if question else ()
        if not question or page * PAGE + k >= len(answers):
            await query.answer(_(EXPIRED))
            return
        await query.answer()
        answer = answers[page * PAGE + k]
        try:
            card = await asyncio.to_thread(render_card, answer, context.bot.username)
        except FontsMissing as exc:
            log.error("cannot draw a quote card: %s", exc)
            await self.send(context, message.chat.id, Reply(escape(_(SORRY))), message.message_id)
            return
        caption = f"{speaker_line(answer)}\n{citation(answer)}"
        await context.bot.send_photo(
            message.chat.id,
            photo=card.png,
            caption=escape(caption[:CAPTION_LIMIT]),
            reply_parameters=ReplyParameters(
                message_id=message.message_id, allow_sending_without_reply=True
            ),
        )

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
