"""The user's language for the sentences visitbot says itself (quotes stay in the source's).

Translations are standard gettext catalogues (``locale/<lang>/LC_MESSAGES/visitbot.po``,
compiled to ``.mo`` with Babel: ``make translations``). The language is held per task in a
context variable: a bot handler sets it for the update it handles (worker threads it starts
inherit it), so every function that speaks uses ``_()`` without passing a language around.
Without a choice, English (the terminal's language).
"""

from __future__ import annotations

import datetime as dt
import gettext
from contextvars import ContextVar
from functools import cache
from importlib import resources

from babel.dates import format_date

LANGUAGES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
"""The languages visitbot speaks, by ISO 639-1 code, with their own names."""
DEFAULT = "en"
DOMAIN = "visitbot"
_current: ContextVar[str] = ContextVar("visitbot_language", default=DEFAULT)


def supported(code: str | None) -> str:
    """A Telegram language code ("ru", "kk", "en-GB", "uk") as a language visitbot speaks."""
    base = (code or "").replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else DEFAULT


def use(language: str) -> None:
    """Speak ``language`` in this task (and the threads it starts) from now on."""
    _current.set(supported(language))


def current() -> str:
    return _current.get()


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    folder = resources.files("visitbot").joinpath("locale")
    return gettext.translation(DOMAIN, str(folder), languages=[language], fallback=True)


def _(message: str) -> str:
    """``message`` in the current language (English when it has no translation)."""
    return catalogue(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for ``count`` (Russian and Kazakh plurals follow the catalogue's rule)."""
    return catalogue(_current.get()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a constant for translation where it is defined; ``_()`` translates it at use."""
    return message


def long_date(date: dt.date) -> str:
    """ "July 3, 2024", "3 июля 2024 г.", "2024 ж. 3 шілде": CLDR's long date, via Babel."""
    return format_date(date, format="long", locale=_current.get())
