"""python-telegram-bot handlers, one module per concern: questions, commands, buttons, inline
mode, uploads, languages, /stats and errors, over a shared base (sending, searching, limits).
Slow work runs in a worker thread so the event loop keeps serving other chats."""

from visitbot_bot.handlers.admin import Admin
from visitbot_bot.handlers.base import (
    EXPIRED,
    INLINE_RESULTS,
    NON_TEXT_HINT,
    SLOW_DOWN,
    SORRY,
    UserLimits,
)
from visitbot_bot.handlers.buttons import Buttons
from visitbot_bot.handlers.commands import Commands, commands_menu
from visitbot_bot.handlers.errors import Errors
from visitbot_bot.handlers.inline import Inline
from visitbot_bot.handlers.language import Language
from visitbot_bot.handlers.stats import Stats


class Handlers(Commands, Buttons, Inline, Admin, Language, Stats, Errors):
    """Every handler the application registers (see app.register)."""


__all__ = [
    "EXPIRED",
    "INLINE_RESULTS",
    "NON_TEXT_HINT",
    "SLOW_DOWN",
    "SORRY",
    "Handlers",
    "UserLimits",
    "commands_menu",
]
