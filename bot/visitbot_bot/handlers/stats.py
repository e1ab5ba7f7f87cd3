"""/stats for administrators: the figures /metrics exports, in the chat and in their language
(numbers, durations and percentages written as CLDR writes them, through Babel)."""

from __future__ import annotations

import datetime as dt
import time

from babel.dates import format_timedelta
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit
from telegram import Update

from visitbot.i18n import N_, _, current
from visitbot_bot.handlers.base import Base, Context
from visitbot_bot.metrics import Figures
from visitbot_bot.replies import Reply
from visitbot_bot.telegram_html import bold, escape

ADMINS_ONLY = N_("This command is for the bot's administrators.")
OUTCOME_NAMES = {
    "sent": N_("answered"),
    "no-reply": N_("nothing to answer"),
    "rate-limited": N_("rate-limited"),
    "blocked": N_("blocked by the user"),
    "timed-out": N_("timed out"),
    "error": N_("errors"),
    "duplicate": N_("already answered before a restart"),
}
INTENT_NAMES = {
    "who": N_("who said"),
    "speaker": N_("what someone said"),
    "fact": N_("facts"),
    "date": N_("dates"),
    "compare": N_("side by side"),
    "empty": N_("nothing to search"),
}
INDEX_NAMES = {
    "map": N_("mapped at start"),
    "build": N_("built at start"),
    "update": N_("updated after a change"),
}


class Stats(Base):
    async def stats(self, update: Update, context: Context) -> None:
        message = update.effective_message
        chat = update.effective_chat
        user = update.effective_user
        if message is None or chat is None:
            return
        if user is None or user.id not in self.admin_ids:
            await self.send(context, chat.id, Reply(escape(_(ADMINS_ONLY))), message.message_id)
            return
        journaled = self.journal.size() if self.journal.ready else None
        text = stats_html(self.metrics.figures(), journaled)
        await self.send(context, chat.id, Reply(text), message.message_id)


def stats_html(f: Figures, journaled: tuple[int, int] | None) -> str:
    """The /stats message (HTML) in the current language."""
    locale = current()

    def number(value: float) -> str:
        return escape(format_decimal(value, format="#,##0.#", locale=locale))

    def duration(seconds: float | None) -> str:
        if seconds is None:
            return "–"
        if seconds < 1:
            milliseconds = round(1000 * seconds, 1 if seconds < 0.01 else 0)
            return escape(format_unit(milliseconds, "duration-millisecond", "short", locale=locale))
        return escape(format_unit(round(seconds, 2), "duration-second", "short", locale=locale))

    def listing(counts: dict[str, int], names: dict[str, str]) -> str:
        return ", ".join(f"{escape(_(names.get(k, k)))} {number(v)}" for k, v in counts.items())

    handled = sum(f.updates.values())
    questions = sum(f.intents.values())
    uptime = format_timedelta(
        dt.timedelta(seconds=time.time() - f.started), threshold=1.1, locale=locale
    )
    lines = [
        bold(_("Statistics")) + " · " + escape(_("up {time}").format(time=uptime)),
        escape(_("Updates handled: {count}, in progress: {now}")).format(
            count=number(handled), now=number(f.in_flight)
        ),
    ]
    if f.updates:
        lines.append("• " + listing(f.updates, OUTCOME_NAMES))
    lines.append(escape(_("Questions: {count}")).format(count=number(questions)))
    if f.intents:
        lines.append("• " + listing(f.intents, INTENT_NAMES))
    if questions:
        share = escape(format_percent(f.not_found / questions, locale=locale))
        lines.append(
            escape(_("Nothing found: {count} ({share})")).format(
                count=number(f.not_found), share=share
            )
        )
    lines.append(
        escape(_("Reply time: median {p50}, 95% within {p95}; search: median {engine}")).format(
            p50=duration(f.reply_p50), p95=duration(f.reply_p95), engine=duration(f.engine_p50)
        )
    )
    errors = ", ".join(f"{escape(code)} × {number(n)}" for code, n in f.errors.items())
    lines.append(
        escape(_("Telegram errors: {errors}; calls retried: {retries}")).format(
            errors=errors or escape(_("none")), retries=number(f.retries)
        )
    )
    lines.append(
        escape(
            _("Documents: {documents}, paragraphs: {paragraphs}, statements: {statements}")
        ).format(
            documents=number(f.documents),
            paragraphs=number(f.paragraphs),
            statements=number(f.statements),
        )
    )
    for operation, seconds in f.index_seconds.items():
        name = escape(_(INDEX_NAMES.get(operation, operation)))
        lines.append(escape(_("Index: {how} in {time}")).format(how=name, time=duration(seconds)))
    if journaled is not None:
        lines.append(
            escape(_("Journal of the last day: updates: {updates}, replies: {parts}")).format(
                updates=number(journaled[0]), parts=number(journaled[1])
            )
        )
    return "\n".join(lines)
