"""Errors: a brief apology to the user, the details (redacted) to the admins."""

from __future__ import annotations

from telegram import Update
from telegram.error import NetworkError, RetryAfter, TelegramError

from visitbot.i18n import _
from visitbot_bot.handlers.base import SORRY, Base, Context, log, note
from visitbot_bot.telegram_html import escape


class Errors(Base):
    async def error(self, update: object, context: Context) -> None:
        """Log with context; tell the user briefly; tell admins the details."""
        error = context.error
        where = _describe(update)
        if update is None and isinstance(error, NetworkError):
            # Polling hiccups (5xx, dropped connections, timeouts): PTB backs off and retries.
            log.warning("polling: %s; retrying", type(error).__name__)
            return
        # RetryAfter here: Telegram's flood limit outlasted the rate limiter's retries.
        note("rate-limited" if isinstance(error, RetryAfter) else "error")
        log.error("error while handling %s", where, exc_info=error)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                await context.bot.send_message(update.effective_chat.id, escape(_(SORRY)))
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
