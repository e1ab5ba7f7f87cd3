"""The user's language: /language with a button per language, /language ru; every update is
handled in the user's choice, else in their Telegram language, else in English."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from visitbot.i18n import LANGUAGES, _, current, supported, use
from visitbot_bot.callbacks import Action, Button
from visitbot_bot.handlers.base import Base, Context
from visitbot_bot.replies import Reply
from visitbot_bot.telegram_html import escape

CODES = tuple(LANGUAGES)
"""Languages by the number their buttons carry."""


class Language(Base):
    def speak(self, update: object) -> None:
        """Answer this update in the user's language (see visitbot.i18n)."""
        user = update.effective_user if isinstance(update, Update) else None
        chosen = self.preferences.language(user.id) if user is not None else None
        use(chosen or supported(user.language_code if user is not None else None))

    async def language(self, update: Update, context: Context) -> None:
        message = update.effective_message
        chat = update.effective_chat
        user = update.effective_user
        if message is None or chat is None:
            return
        wanted = " ".join(context.args or []).strip().lower()
        if wanted and user is not None:
            code = _language_named(wanted)
            if code is not None:
                self.preferences.set_language(user.id, code)
                use(code)
                await self.send(context, chat.id, Reply(escape(self.chosen())), message.message_id)
                return
        await self.send(context, chat.id, self.choices(), message.message_id)

    def choices(self) -> Reply:
        rows = [
            [
                InlineKeyboardButton(
                    ("✓ " if code == current() else "") + name,
                    callback_data=Button(Action.LANGUAGE, (i,)).encode(self.replies.fingerprint),
                )
            ]
            for i, (code, name) in enumerate(LANGUAGES.items())
        ]
        text = _("Which language should I answer in? Quotes stay as the source wrote them.")
        return Reply(escape(text), InlineKeyboardMarkup(rows))

    def chosen(self) -> str:
        return _("From now on I answer in English. Quotes stay as the source wrote them.")

    def choose(self, user_id: int, number: int) -> Reply | None:
        if not 0 <= number < len(CODES):
            return None
        self.preferences.set_language(user_id, CODES[number])
        use(CODES[number])
        return Reply(escape(self.chosen()))


def _language_named(text: str) -> str | None:
    """'ru', 'RU', 'русский', 'Kazakh', 'қазақша' → the language's code."""
    names = {code: code for code in LANGUAGES}
    names.update({name.lower(): code for code, name in LANGUAGES.items()})
    names.update({"russian": "ru", "kazakh": "kk", "английский": "en", "ағылшын": "en"})
    return names.get(text)
