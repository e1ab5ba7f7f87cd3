"""Inline mode: cited quotes (or a comparison) offered in any chat."""

from __future__ import annotations

from telegram import (
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode

from visitbot.i18n import _
from visitbot.render import speaker_line
from visitbot_bot.handlers.base import INLINE_RESULTS, Base, Context
from visitbot_bot.telegram_html import answer_html, split_html


class Inline(Base):
    async def inline(self, update: Update, context: Context) -> None:
        query = update.inline_query
        if query is None:
            return
        text = query.query.strip()
        if text and self.engine.comparison_asked(text):
            compared = await self.compare(text)
            body = split_html(self.replies.comparison(compared).html)[0]
            article = InlineQueryResultArticle(
                id=f"{self.replies.fingerprint}-compare",
                title=_("Side by side: {topic}").format(topic=compared.topic)[:100],
                description=", ".join(s.speaker for s in compared.sides)[:200]
                or _("nothing found"),
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
            button = self.replies.article_button(answer)
            results.append(
                InlineQueryResultArticle(
                    id=f"{self.replies.fingerprint}-{i}",
                    title=speaker_line(answer)[:100],
                    description=answer.excerpt[:200],
                    input_message_content=InputTextMessageContent(body, parse_mode=ParseMode.HTML),
                    reply_markup=InlineKeyboardMarkup([[button]]) if button else None,
                )
            )
        await query.answer(results, cache_time=60, is_personal=False)
