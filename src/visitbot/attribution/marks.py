"""Quote marks: where quoted text starts and ends, in every style press uses.

“…”, "…", «…», „…“ and ‘…’, straight and curly mixed, a closing mark with no opener, an opener
never closed; an apostrophe (don’t, Kazakhstan’s) is no quote mark.
"""

from __future__ import annotations

import re

from visitbot.text import CLOSE_QUOTES, OPEN_QUOTES, fold

_QUOTE_MARK = re.compile(f"[{re.escape(OPEN_QUOTES + CLOSE_QUOTES)}‘’]")
_SINGLE_OPEN, _SINGLE_CLOSE = "‘", "’"
_CLOSES = {"“": '”"', "«": "»", "„": '“”"', "‘": "’", '"': '"”'}
"""What closes a quote each opening mark starts: “…”, «…», „…“ (and „…”), ‘…’, "…"."""


def quote_spans(text: str) -> list[tuple[int, int, bool, bool]]:
    """Quoted spans as (start, end, has opening mark, has closing mark), inner text offsets.

    A closing mark with no opener quotes from the paragraph start; an opener with no closer
    runs to the paragraph end (a quote that continues in the next paragraph). Single marks
    count only as a pair, and ’ only where it is no apostrophe (don’t, Kazakhstan’s).
    """
    spans: list[tuple[int, int, bool, bool]] = []
    open_at: int | None = None
    opener = ""
    for mark in _QUOTE_MARK.finditer(text):
        i, ch = mark.start(), mark.group()
        if ch == _SINGLE_CLOSE:
            if opener != _SINGLE_OPEN or (i + 1 < len(text) and text[i + 1].isalpha()):
                continue
            closing = True
        elif ch == _SINGLE_OPEN:
            if open_at is not None:
                continue  # ‘…’ inside “…” is a quote within the quote
            closing = False
        elif open_at is not None:
            closing = ch in _CLOSES.get(opener, "")
            if not closing and ch in _CLOSES:
                continue  # a second opener inside a quote: a quote within the quote
        elif ch == '"':
            # With nothing open a straight mark closes when it leans on the word before it
            # (…partnership," he said), else it opens.
            closing = _leans_left(text, i)
        else:
            closing = ch not in _CLOSES
        if not closing:
            open_at, opener = i + 1, ch
        elif open_at is None:
            if not spans and fold(text[:i]):
                spans.append((0, i, False, True))
        else:
            spans.append((open_at, i, True, True))
            open_at, opener = None, ""
    if open_at is not None and opener != _SINGLE_OPEN:
        spans.append((open_at, len(text), True, False))
    return spans


def _leans_left(text: str, i: int) -> bool:
    """Whether a straight quote mark at i ends a quote: a word or punctuation right before it,
    a space, punctuation or the end right after it."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and before not in "([{" and (after.isspace() or after in ",.;:!?)")
