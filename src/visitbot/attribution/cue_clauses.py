"""Cue clauses set off by commas in unquoted text: trailing ("…, Xi said.", "…, said the
Kazakh Head of State.", "…, said President Aliyev during talks with …", "…, Yang said, citing
…") and inserted mid-sentence ("Two years ago, Sand said, the ports …"). The
sentence is the person's reported words; the person is the subject of the verb.
"""

from __future__ import annotations

import re

from visitbot.attribution.context import Reader, Reference, State

_COMMA = re.compile(r",\s")
MIN_STATEMENT_WORDS = 4
"""Words outside the cue: fewer are no statement ('Then, Xi said, …' alone says nothing)."""
MAX_CUE_WORDS = 10
"""A cue clause set off by commas opens with its subject and verb ("…, said Eastria’s
President Anna Holm during a press conference …")."""
_CIRCUMSTANCE = re.compile(
    r"^\s*(?:[,.;!?…]|$|(?:as|during|when|while|after|before|at|on|in|adding|noting|citing|"
    r"reiterating|expressing|according|stressing|saying|referring|speaking|addressing|"
    r"in\s+an?|to)\b)"
)
"""What may follow 'Xi said' in a cue clause: its end, or a circumstance ("during talks",
"adding that", "according to the pool reports")."""


def comma_cue(
    text: str, start: int, end: int, reader: Reader, state: State
) -> tuple[Reference, str] | None:
    """(subject, cue words) of a sentence text[start:end] with a comma-set cue clause."""
    commas = [m.start() for m in _COMMA.finditer(text, start, end)]
    for comma in commas:
        nxt = next((c for c in commas if c > comma), end)
        clause_end = nxt if nxt < end else end
        subject, verb = reader.subject(text, comma + 1, clause_end, state, inverted=True)
        if subject is None or verb is None:
            continue
        first = min(subject.start, verb[0])
        if text[comma + 1 : first].strip():
            continue  # the clause must open with its subject or its verb
        last = max(subject.end, verb[1])
        if len(text[comma + 1 : last].split()) > MAX_CUE_WORDS:
            continue
        if not _CIRCUMSTANCE.match(text[last:clause_end]):
            continue
        rest = text[start:comma] + " " + text[clause_end:end]
        if len(rest.split()) < MIN_STATEMENT_WORDS:
            continue
        return subject, " ".join(text[comma + 1 : last].split())
    return None
