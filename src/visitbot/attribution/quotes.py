"""Speech between quote marks, with a cue clause after it (“…,” said X) or before it (X said: “…).

A quote with no cue is kept unattributed when it is long enough to be speech; a short one is a
name or a term (the “silicon valley of the north”), not a statement.
"""

from __future__ import annotations

import re

from visitbot.attribution.context import Reader, State
from visitbot.attribution.continuation import UNSETTLED
from visitbot.attribution.speech import Speech
from visitbot.text import CLOSE_QUOTES, OPEN_QUOTES, fold

_QUOTE_MARK = re.compile(f"[{re.escape(OPEN_QUOTES + CLOSE_QUOTES)}‘’]")
MIN_UNCUED_WORDS = 8
"""Fewer quoted words with no cue are a name, a slogan or a term, not speech."""


def quoted_speech(text: str, reader: Reader, state: State) -> list[Speech]:
    speeches: list[Speech] = []
    spans = quote_spans(text)
    continues = state.open_quote
    for start, end, opened, closed in spans:
        size = len(text[start:end].split())
        after = reader.cue_after(text, end + 1, state) if closed else None
        before = reader.cue_before(text, start - 1, state) if opened else None
        if after is not None:
            speaker, words = after[1] or None, after[2]
        elif before is not None:
            speaker, words = before[0] or None, before[1]
        elif continues and start <= 1 and state.last_quote_speaker:
            speaker, words = (
                state.last_quote_speaker,
                "continues the previous paragraph's quote",
            )
        elif state.announced and start <= 1 and opened:
            speaker, words = state.announced, "speech after 'X said:'"
        elif size >= MIN_UNCUED_WORDS:
            speaker, words = None, UNSETTLED
        else:
            continue
        speeches.append(Speech(start, end, speaker, words))
        state.heard(speaker)
    state.open_quote = bool(spans) and not spans[-1][3]
    if not (spans and spans[0][0] <= 1 and speeches and speeches[0].cue.startswith("speech after")):
        state.announced = None
    return speeches


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
