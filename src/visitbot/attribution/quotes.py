"""Speech between quote marks, with a cue clause after it (“…,” said X) or before it (X said: “…).

A quote with no cue is kept unattributed when it is long enough to be speech; a short one is a
name or a term (the “silicon valley of the north”), not a statement.
"""

from __future__ import annotations

from visitbot.attribution.context import Reader, State
from visitbot.attribution.continuation import UNSETTLED
from visitbot.attribution.marks import quote_spans
from visitbot.attribution.speech import Speech

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
        nobody = False
        if after is not None:
            speaker, words, nobody = after[1], after[2], after[3]
        elif before is not None:
            speaker, words, nobody = before
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
        state.heard(speaker, named_nobody=nobody)
    state.open_quote = bool(spans) and not spans[-1][3]
    if not (spans and spans[0][0] <= 1 and speeches and speeches[0].cue.startswith("speech after")):
        state.announced = None
    return speeches
