"""Text primitives shared by attribution and retrieval: normalisation, words, sentences.

Everything that compares user text with corpus text goes through :func:`fold`, so curly and
straight quotes, dashes, case and other scripts compare equal wherever they should.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from anyascii import anyascii

OPEN_QUOTES = '“«„"'
CLOSE_QUOTES = '”»"'
DASHES = "–—―‒-"
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st prof gen col lt sgt no vs etc jr sr inc ltd co corp dept est approx".split()
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
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


def words(text: str) -> list[str]:
    """Folded word tokens; possessive 's and stray single letters are dropped."""
    out: list[str] = []
    for raw in _WORD.findall(text):
        raw = re.sub(r"['’]s$", "", raw)
        out.extend(w for w in fold(raw).split() if len(w) > 1 or w.isdigit())
    return out


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Each original word with its offsets and folded form, for highlighting matches."""
    for match in _WORD.finditer(text):
        raw = re.sub(r"['’]s$", "", match.group())
        folded = fold(raw).replace(" ", "")
        if folded:
            yield match.start(), match.start() + len(raw), folded


_SENTENCE_END = re.compile(r"[.!?…]+[”»\"’)\]]*(?=\s+[\"“«(\[–—‒-]?\s*[A-Z0-9\u0400-\u04FF])")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], whitespace trimmed, honouring common abbreviations."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        before = text[cursor : match.start()].split()
        last = before[-1].lower().strip('(“"') if before else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
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
