"""Text primitives shared by attribution and retrieval: normalisation, words, sentences.

Everything that compares user text with corpus text goes through :func:`fold`, so curly and
straight quotes, dashes, case and other scripts compare equal wherever they should.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import accumulate

from anyascii import anyascii

OPEN_QUOTES = '“«„"'
CLOSE_QUOTES = '”»"'
DASHES = "–—―‒-"
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st prof gen col lt sgt no vs etc jr sr inc ltd co corp dept est approx".split()
)
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def clean_input(text: str, limit: int = 1000) -> str:
    """User text minus control and invisible characters, capped so no input is too big to score."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())[:limit]


def fold(text: str) -> str:
    """Compare-friendly form: ASCII transliteration, lower case, punctuation to spaces."""
    ascii_text = anyascii(text).lower()
    return " ".join(_ASCII_WORD.findall(ascii_text))


_RUN = re.compile(r"[^\W_]+")
_ASCII_RUN = re.compile(r"[A-Za-z0-9]+")


def _keep(token: str) -> bool:
    return len(token) > 1 or token.isdigit()


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """Folded word tokens with the offsets of the original word they come from.

    Letters and digits form words; anything else separates them, so "Kazakhstan’s" gives
    "kazakhstan" (a lone "s" is dropped) and "Xi’an" gives "xi", "an". Words in other scripts
    are transliterated and may give several tokens that share one span.
    """
    if text.isascii():
        return [
            (m.start(), m.end(), t)
            for m in _ASCII_RUN.finditer(text)
            if _keep(t := m.group().lower())
        ]
    out: list[tuple[int, int, str]] = []
    for match in _RUN.finditer(text):
        run = match.group()
        if run.isascii():
            token = run.lower()
            if _keep(token):
                out.append((match.start(), match.end(), token))
            continue
        cyrillic = cyrillic_word(run)
        if cyrillic is not None:
            if _keep(cyrillic):
                out.append((match.start(), match.end(), cyrillic))
            continue
        for token in fold(unmixed(run)).split():
            if _keep(token):
                out.append((match.start(), match.end(), token))
    return out


_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z]")


def is_cyrillic(token: str) -> bool:
    """Whether a token is a Cyrillic word (as :func:`cyrillic_word` keys it)."""
    return _CYRILLIC.search(token) is not None


def cyrillic_word(run: str) -> str | None:
    """A run of letters and digits as the index keys a Cyrillic word — lower case, "ё" as
    "е" (Russian print writes either), Latin look-alike letters inside it made Cyrillic
    ("Токаeв" with a Latin e) — or None when it is not Cyrillic. Cyrillic words stay
    Cyrillic, so their lemmas can be looked up and an English word never collides with a
    transliterated Russian one ("son" is not "сон")."""
    if _CYRILLIC.search(run) is None:
        return None
    word = unmixed(run)
    if _LATIN.search(word):
        return None  # Latin letters that look like no Cyrillic one: a mixed word, folded
    return word.lower().replace("ё", "е")


def unmixed(run: str) -> str:
    """A word written in two scripts in the one it mostly uses: a Latin letter that looks
    like a Cyrillic one (Unicode's confusables) becomes it in a Cyrillic word, and the other
    way round. A word in one script is returned as it is."""
    cyrillic = len(_CYRILLIC.findall(run))
    latin = len(_LATIN.findall(run))
    if not cyrillic or not latin:
        return run
    script, stray = ("CYRILLIC", _LATIN) if cyrillic >= latin else ("LATIN", _CYRILLIC)
    return stray.sub(lambda m: _look_alike(m.group(), script) or m.group(), run)


@cache
def _look_alike(char: str, script: str) -> str | None:
    """The letter of ``script`` that looks like ``char`` ("e" → Cyrillic "е"), if any."""
    from confusable_homoglyphs import confusables  # read only for words of mixed scripts

    for entry in confusables.is_confusable(char, greedy=True, preferred_aliases=[]) or ():
        for glyph in entry["homoglyphs"]:
            name = glyph["n"]
            if len(glyph["c"]) == 1 and name.startswith((f"{script} SMALL", f"{script} CAPITAL")):
                return str(glyph["c"])
    return None


_FOREIGN = re.compile("[^\x00-\x7f“”‘’«»–—―‒…„\u00a0\u202f]")
"""Any character but ASCII and the typographic punctuation of English press text."""
_KEPT_TOKEN = re.compile(r"([a-z0-9]{2,}|[0-9])")


def foreign_letters(text: str) -> bool:
    """Whether the text has anything but ASCII and typographic punctuation (“” ’ – …), which
    the fast word splitters cannot take: other scripts, accents, symbols."""
    return not text.isascii() and _FOREIGN.search(text) is not None


def token_starts(text: str) -> tuple[list[str], list[int]]:
    """The tokens of :func:`token_spans` and where each starts, several times faster for
    English text (ASCII letters, typographic quotes and dashes), which indexing a large
    corpus is mostly made of: words and offsets come from C-level splitting and sums."""
    if foreign_letters(text):
        spans = token_spans(text)
        return [t for _, _, t in spans], [s for s, _, _ in spans]
    parts = _KEPT_TOKEN.split(text.lower())
    tokens = parts[1::2]
    return tokens, list(accumulate(map(len, parts)))[0:-1:2]


def words(text: str) -> list[str]:
    """Folded word tokens, as :func:`token_spans` finds them."""
    return token_starts(text)[0]


_DOTTED = re.compile(r"^(?:[a-z]\.)+[a-z]$")
"""An abbreviation written with dots ("U.S.", "U.K."; its last dot is the match's)."""
_SENTENCE_END = re.compile(
    r"[.!?…]+[”»\"’)\]]*(?=\s+[\"“«(\[–—‒-]?\s*[A-Z0-9\u0400-\u04FF])"
    r"|(?<=[a-z]{3})\.(?=[A-Z][a-z]{2})"
)
"""A sentence's end: its mark (and closing quote) before a capital; also a full stop with the
space missing between a word and the next sentence ("national identity.The Prime Minister")."""


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], whitespace trimmed, honouring common abbreviations."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        before = text[cursor : match.start()].rsplit(None, 1)  # only the last word matters
        last = before[-1].lower().strip('(“"') if before else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()) or _DOTTED.match(last):
            continue
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    return [trimmed for s, e in spans if (trimmed := trim(text, s, e))[0] < trimmed[1]]


def trim(text: str, start: int, end: int, chars: str = " \t\n") -> tuple[int, int]:
    """Move span edges inward past the given characters."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


QUOTE_EDGE = " \t\n,;:" + OPEN_QUOTES + CLOSE_QUOTES + DASHES


def trim_quote(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim a quoted span to the spoken words: no dash lead, stray quote marks or trailing comma.

    A sentence-final full stop is kept; a comma that only joins the quote to its cue is not.
    """
    return trim(text, start, end, QUOTE_EDGE)
