"""Speech between quote marks, with a cue clause after it (“…,” said X) or before it (X said: “…).

A quote with no cue is kept unattributed when it is long enough to be speech; a short one is a
name or a term (the “silicon valley of the north”), not a statement.
"""

from __future__ import annotations

import re

from visitbot.attribution.context import Reader, State
from visitbot.attribution.speech import Speech
from visitbot.text import CLOSE_QUOTES, OPEN_QUOTES, fold

_QUOTE_MARK = re.compile(f"[{re.escape(OPEN_QUOTES + CLOSE_QUOTES)}]")
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
        elif size >= MIN_UNCUED_WORDS:
            speaker, words = None, "no cue names the speaker"
        else:
            continue
        speeches.append(Speech(start, end, speaker, words))
        state.heard(speaker)
    state.open_quote = bool(spans) and not spans[-1][3]
    return speeches


def quote_spans(text: str) -> list[tuple[int, int, bool, bool]]:
    """Quoted spans as (start, end, has opening mark, has closing mark), inner text offsets.

    A closing mark with no opener quotes from the paragraph start; an opener with no closer
    runs to the paragraph end (a quote that continues in the next paragraph).
    """
    spans: list[tuple[int, int, bool, bool]] = []
    open_at: int | None = None
    straight_open = False
    for mark in _QUOTE_MARK.finditer(text):
        i, ch = mark.start(), mark.group()
        if ch == '"':
            if straight_open and open_at is not None:
                spans.append((open_at, i, True, True))
                open_at, straight_open = None, False
            else:
                open_at, straight_open = i + 1, True
        elif ch in OPEN_QUOTES:
            open_at = i + 1
        elif ch in CLOSE_QUOTES:
            if open_at is None:
                if not spans and fold(text[:i]):
                    spans.append((0, i, False, True))
            else:
                spans.append((open_at, i, True, True))
                open_at = None
    if open_at is not None:
        spans.append((open_at, len(text), True, False))
    return spans
