"""Dash-led speech: a paragraph that opens with a dash is someone's words ("– We will …").

A cue clause inside it closes the part before it ("…, – the Westland leader said."), and so does
one after its last comma that ends the paragraph ("…, Erik Sand said."); without one, the words
belong to the speaker the previous paragraph introduced, or stay unattributed.
"""

from __future__ import annotations

import re

from visitbot.attribution.context import UNKNOWN, Reader, State
from visitbot.attribution.continuation import UNSETTLED
from visitbot.attribution.speech import Speech
from visitbot.text import CLOSE_QUOTES, DASHES

DASH_LEAD = re.compile(rf"^\s*[{DASHES}]\s*")
_SPEECH_BREAK = re.compile(rf"[,.!?…]?\s*[{CLOSE_QUOTES}]|[,.!?…]\s*[{DASHES}]\s")


def dash_speech(text: str, start: int, reader: Reader, state: State) -> list[Speech]:
    """The statements of a paragraph whose dash lead ends at start."""
    speeches: list[Speech] = []
    cursor = start
    for match in _SPEECH_BREAK.finditer(text, start):
        cue = reader.cue_after(text, match.end(), state)
        if cue is None:
            continue
        end, speaker, words, nobody = cue
        speeches.append(Speech(cursor, match.start() + 1, speaker, words, "dash cue"))
        state.heard(speaker, named_nobody=nobody)
        cursor = end
        dash = DASH_LEAD.match(text, cursor)
        if dash:
            cursor = dash.end()
    if not speeches:
        trailing = _trailing_cue(text, start, reader, state)
        if trailing is not None:
            state.heard(trailing.speaker)
            return [trailing]
    if cursor < len(text.rstrip()):
        if speeches:
            speaker, words = speeches[-1].speaker, speeches[-1].cue
        elif state.introduced and state.topic and state.topic != UNKNOWN:
            speaker, words = state.topic, "speech right after the speaker was introduced"
        else:
            speaker, words = None, UNSETTLED
        rule = "dash cue" if speeches else ("dash run" if speaker else "dash")
        speeches.append(Speech(cursor, len(text), speaker, words, rule))
    return speeches


_COMMA = re.compile(r",\s")


def _trailing_cue(text: str, start: int, reader: Reader, state: State) -> Speech | None:
    """'– We have worked together for years …, Nursultan Nazarbayev said.': a cue after the
    paragraph's last comma that runs to its end closes the whole dash-led speech."""
    commas = list(_COMMA.finditer(text, start))
    if not commas:
        return None
    last = commas[-1]
    cue = reader.cue_after(text, last.start(), state)
    if cue is None or not cue[1] or text[cue[0] :].strip():
        return None
    return Speech(start, last.start(), cue[1], cue[2], "dash trailing cue")
