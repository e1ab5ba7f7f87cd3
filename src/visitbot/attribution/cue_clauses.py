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
    return _named_last(text, start, end, commas, reader, state)


SENTENCE_END = " \t\n.!?…;:"
"""What may close a sentence after the name that ends it."""


def _named_last(
    text: str, start: int, end: int, commas: list[int], reader: Reader, state: State
) -> tuple[Reference, str] | None:
    """'…, told reporters on the sidelines of the forum, Westland's Ambassador Erik Sand.':
    a clause opening with its speech verb and no subject, whose speaker is the sentence's
    last segment, set off by a comma and naming one person (agency copy translated word for
    word from languages that put the speaker last)."""
    if len(commas) < 2:
        return None
    opening = commas[0]
    for comma in commas[:-1]:
        verbs = reader.cue_verbs(text, comma + 1, commas[-1])
        if verbs and not text[comma + 1 : verbs[0][0]].strip():
            opening = comma
            break
    else:
        return None
    verb = reader.cue_verbs(text, opening + 1, commas[-1])[0]
    last = commas[-1]
    tail_end = last + 1 + len(text[last + 1 : end].rstrip(SENTENCE_END))
    refs = reader.references(text, last + 1, tail_end, state)
    # "Russian Ambassador to the U.S. Anatoly Antonov": a title and a name of one person
    if not refs or any(r.kind != "person" or r.person != refs[0].person for r in refs):
        return None
    if refs[-1].end != tail_end:
        return None
    named = " ".join(text[last + 1 : tail_end].split())
    if reader.cue_verbs(text, last + 1, tail_end) or len(named.split()) > MAX_CUE_WORDS:
        return None
    if len(text[start:opening].split()) < MIN_STATEMENT_WORDS:
        return None
    return refs[-1], f"{text[verb[0] : verb[1]]} … {named}"
