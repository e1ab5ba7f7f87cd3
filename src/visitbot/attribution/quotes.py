"""Speech between quote marks, with a cue clause after it (“…,” said X) or before it (X said: “…).

A quote with no cue is kept unattributed when it is long enough to be speech; a short one is a
name or a term (the “silicon valley of the north”), not a statement.
"""

from __future__ import annotations

import re

from visitbot.attribution.context import Reader, State
from visitbot.attribution.continuation import UNSETTLED
from visitbot.attribution.marks import quote_spans
from visitbot.attribution.speech import Speech
from visitbot.text import CLOSE_QUOTES, DASHES, OPEN_QUOTES, sentence_spans

MIN_UNCUED_WORDS = 8
"""Fewer quoted words with no cue are a name, a slogan or a term, not speech."""


def _only_cue_between(text: str, end: int, start: int, reader: Reader, state: State) -> bool:
    """Whether only a short cue clause of the previous quote stands between two quotes."""
    between = text[end + 1 : max(end + 1, start - 1)]
    if len(between.split()) > MAX_BETWEEN_WORDS:
        return False
    refs = reader.references(text, end + 1, max(end + 1, start - 1), state)
    return len(refs) <= 1


MAX_BETWEEN_WORDS = 6
"""Words of the cue between two quotes of one speaker ("…,” he said. “…")."""


_DASH = f"[{re.escape(DASHES)}]"
_INTERRUPTION = re.compile(
    rf"[,.!?…]\s+{_DASH}\s+([^{re.escape(DASHES + OPEN_QUOTES + CLOSE_QUOTES)}]{{1,160}}?[,.])"
    rf"\s+{_DASH}\s+"
)
"""The author's words set off by dashes inside a quote: ", – said X. – " or ", – said X, – "."""


def _interrupted(text: str, start: int, end: int, reader: Reader, state: State) -> list[Speech]:
    """'«We waited for you, – the Russian leader said. – We are glad …»': a cue clause set off
    by dashes inside one pair of quote marks (how Russian and much European press splits a
    quote) names the speaker of the words before it and after it."""
    speeches: list[Speech] = []
    cursor = start
    for match in _INTERRUPTION.finditer(text, start, end):
        clause_end = match.end(1)
        cue = reader.cue_after(text[:clause_end], match.start(1), state)
        if cue is None or cue[0] < clause_end - 1:
            continue  # dashes around words that are no cue clause: an aside of the speaker
        _, speaker, words, nobody = cue
        speeches.append(
            Speech(cursor, match.start() + 1, speaker, words, "quote interrupted by its cue")
        )
        state.heard(speaker, named_nobody=nobody)
        cursor = match.end()
    if speeches and cursor < end:
        last = speeches[-1]
        speeches.append(Speech(cursor, end, last.speaker, last.cue, last.rule))
    return speeches


MAX_WORDS_AFTER_BARE_CUE = 3
"""Words a cue after a sentence-ending quote may carry beyond its subject and verb ('Xi said
on Monday.'); more, and the clause is a new sentence of narrative."""


def _ends_sentence(text: str, end: int) -> bool:
    """Whether the quoted words closing at ``end`` end with a full stop, '!' or '?'."""
    return text[:end].rstrip()[-1:] in (".", "!", "?", "…")


def _within_sentence(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The sentence around a quote that is part of it ('Holm explained that “it will not be
    easy” for the port', 'Велл назвал встречу «прорывом» в отношениях'): words of the sentence
    follow the closing mark. None for a quote that ends its sentence."""
    sentences = sentence_spans(text)
    first = next((s for s in sentences if s[0] <= start - 1 < s[1]), None)
    last = next((s for s in sentences if s[0] <= end < s[1]), None)
    if first is None or last is None:
        return None
    if not any(c.isalpha() for c in text[end + 1 : last[1]]):
        return None
    return first[0], last[1]


def quoted_speech(text: str, reader: Reader, state: State) -> list[Speech]:
    speeches: list[Speech] = []
    spans = quote_spans(text)
    continues = state.open_quote
    for k, (start, end, opened, closed) in enumerate(spans):
        if speeches and speeches[-1].reported and start < speeches[-1].end:
            continue  # another quoted phrase of the same reported sentence
        inner = _interrupted(text, start, end, reader, state) if opened else []
        if inner:
            speeches.extend(inner)
            continue
        size = len(text[start:end].split())
        after = reader.cue_after(text, end + 1, state) if closed else None
        before = reader.cue_before(text, start - 1, state) if opened else None
        if after is not None and closed and _ends_sentence(text, end):
            # '… make the visit “successful and special.” Tillerson conveyed …': after a quote
            # that ends its sentence a new one begins; only a bare cue ('“….” Xi said.')
            # still signs the quote, and never against a cue in the quote's own sentence.
            clause = text[end + 1 : after[0]].strip(' ,.!?;:–—-\u201d"')
            extra = len(clause.split()) - len(after[2].split())
            if before is not None or extra > MAX_WORDS_AFTER_BARE_CUE:
                after = None
        # 'X said, “A,” Y replied, “B”': the cue between two quotes opens the second.
        if after is not None and before is not None and k + 1 < len(spans):
            between = text[after[0] : spans[k + 1][0]]
            after = after if between.strip(' ,:“"«„‘') else None
        nobody = False
        previous = speeches[-1] if speeches else None
        if after is not None:
            speaker, words, nobody = after[1], after[2], after[3]
            rule = "quote, cue after"
        elif before is not None:
            speaker, words, nobody = before
            rule = "quote, cue before"
            sentence = _within_sentence(text, start, end) if closed and speaker else None
            if sentence is not None:
                # The quoted words are a phrase of the speaker's reported sentence: the
                # statement is the sentence, so what it says around the quote is theirs too.
                speech = Speech(*sentence, speaker, words, "partial quote", reported=True)
                speeches.append(speech)
                state.heard(speaker, named_nobody=nobody)
                continue
        elif continues and start <= 1 and state.last_quote_speaker:
            speaker, words = (
                state.last_quote_speaker,
                "continues the previous paragraph's quote",
            )
            rule = "quote continued"
        elif state.announced and start <= 1 and opened:
            speaker, words = state.announced, "speech after 'X said:'"
            rule = "X said: run"
        elif (
            previous is not None
            and previous.speaker
            and _only_cue_between(text, previous.end, start, reader, state)
        ):
            # '“…,” he said. “…”': the quote after a cued one, nothing but its cue between.
            speaker, words = previous.speaker, f"{previous.cue} (the quote before)"
            rule = "quote after a cued quote"
        elif size >= MIN_UNCUED_WORDS:
            speaker, words, rule = None, UNSETTLED, "quote"
        else:
            continue
        speeches.append(Speech(start, end, speaker, words, rule))
        state.heard(speaker, named_nobody=nobody)
    state.open_quote = bool(spans) and not spans[-1][3]
    if not (spans and spans[0][0] <= 1 and speeches and speeches[0].cue.startswith("speech after")):
        state.announced = None
    return speeches
