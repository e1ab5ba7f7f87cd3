"""Which language a text is in: a corpus file's ``language:`` value, else what its letters say.

A file's own ``language:`` line wins (normalised: "RU", "ru-RU" and "Russian" are "ru"). Without
one, text of ASCII letters (and press punctuation) is English; any other, Google's CLD2
(``pycld2``, a compiled model of 1.6 MB) names the language when it is sure; when it is not (a
short text, many names), the script decides:
Cyrillic is Russian, or Kazakh when the letters only Kazakh uses (ә ғ қ ң ө ұ ү һ і) are
frequent; Latin is English. The engine reads English and Russian: statements are attributed
only in those (see :data:`READ`); a text in any other language is searchable as narrative.
"""

from __future__ import annotations

import re
import unicodedata

from visitbot.text import foreign_letters

READ = frozenset({"en", "ru"})
"""Languages whose speech conventions attribution knows."""
KAZAKH_LETTERS = frozenset("әғқңөұүһі")
"""Letters of the Kazakh Cyrillic alphabet that Russian does not have."""
KAZAKH_SHARE = 0.02
"""Share of Kazakh-only letters among a text's Cyrillic letters from which it is Kazakh: they
are 5–10 % of Kazakh text's letters, and about none of Russian text's, where only a Kazakh
name now and then ("Тоқаев") brings them."""
SAMPLE = 4_000
"""Characters of a document looked at: CLD2 is sure of a language from a few hundred."""
_UNREADABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
"""Control characters and lone surrogates, which CLD2 refuses."""
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_NAMES = {
    "english": "en",
    "russian": "ru",
    "kazakh": "kk",
    "русский": "ru",
    "английский": "en",
    "казахский": "kk",
    "қазақша": "kk",
    "қазақ": "kk",
}


_PRIMARY_SUBTAG = re.compile(r"[a-z]{2,3}")
"""A language tag's primary subtag (BCP 47: two or three letters)."""


def normalise(value: str | None) -> str | None:
    """A language as written in a file ("RU", "ru-RU", "ru_RU", "Russian") → "ru"; None
    for a value that is no language (then the text's letters decide)."""
    if not value or not value.strip():
        return None
    text = value.strip().lower()
    if text in _NAMES:
        return _NAMES[text]
    primary = re.split(r"[-_\s]", text)[0]
    return primary if _PRIMARY_SUBTAG.fullmatch(primary) else None


def script_language(text: str) -> str | None:
    """The language the letters point to: Cyrillic (Russian or Kazakh) or Latin (English);
    None for text with no letters of either script."""
    cyrillic = _CYRILLIC.findall(text)
    latin = len(_LATIN.findall(text))
    if not cyrillic and not latin:
        return None
    if len(cyrillic) > latin:
        kazakh = sum(1 for c in cyrillic if c.lower() in KAZAKH_LETTERS)
        return "kk" if kazakh >= KAZAKH_SHARE * len(cyrillic) else "ru"
    return "en"


def detect(text: str) -> str | None:
    """The language of a document's text (see the module's note); None when nothing tells."""
    if not foreign_letters(text[:SAMPLE]):
        # ASCII letters and press punctuation only: English. Asking CLD2 would cost a
        # millisecond a document, seconds of a large English corpus's build.
        return "en"
    sample = _UNREADABLE.sub(" ", unicodedata.normalize("NFC", text[:SAMPLE]))
    by_script = script_language(sample)
    import pycld2

    try:
        reliable, _, found = pycld2.detect(sample)
    except pycld2.error:  # bytes it cannot take; the script still tells
        return by_script
    code = found[0][1] if found else "un"
    if not reliable or code in {"un", "xx"}:
        return by_script
    if by_script == "kk" and code != "kk":
        return "kk"  # CLD2 often takes Kazakh for Russian or Kyrgyz: its letters tell
    return str(code)


def reads(language: str | None) -> bool:
    """Whether attribution reads text in this language (unknown counts as English)."""
    return language is None or language in READ
