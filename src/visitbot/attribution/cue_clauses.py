"""Cue clauses set off by commas in unquoted text: trailing ("…, Xi said.", "…, said the
Kazakh Head of State.", "…, said President Aliyev during talks with …") and inserted mid-sentence
("More than four decades ago, Xi said, the leaders …"). The sentence is the person's reported
words; the person is the one beside the verb.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from visitbot.attribution.cues import ADVERB, VERB
from visitbot.speakers import Mention

_VERB_THEN_NAME = re.compile(rf",\s*{VERB}\s+(?:the\s+)?(?:[A-Z][\w’'.-]*\s+){{0,4}}$")
"""'…, said ' right before the person, titles allowed between ('…, said President Aliyev')."""
_COMMA_THEN_NAME = re.compile(r",\s*(?:the\s+)?$")
_NAME_THEN_VERB = re.compile(
    rf"{ADVERB}\s*{VERB}(?:\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)?"
    r"(?=\s*(?:[,.;!?…]|$)|\s+(?:as|during|when|while|after|before|at|on|in|adding|noting)\b)"
)
"""'Xi said' (, 'Xi told Trump') then the clause ends or a circumstance follows."""
MIN_STATEMENT_WORDS = 4
"""Words outside the cue: fewer are no statement ('Then, Xi said, …' alone says nothing)."""


def comma_cue(
    text: str, start: int, end: int, mentions: Sequence[Mention], after_preposition: set[int]
) -> tuple[str, str] | None:
    """(speaker, cue words) of a sentence text[start:end] with a comma-set cue clause."""
    for mention in mentions:
        if mention.start in after_preposition:
            continue
        head = text[start : mention.start]
        verb_first = _VERB_THEN_NAME.search(head)
        if verb_first:
            cue_start, cue_end = start + verb_first.start() + 1, mention.end
        else:
            comma = _COMMA_THEN_NAME.search(head)
            follow = _NAME_THEN_VERB.match(text, mention.end, end)
            if comma is None or follow is None:
                continue
            cue_start, cue_end = start + comma.start() + 1, follow.end()
        rest = text[start:cue_start] + " " + text[cue_end:end]
        if len(rest.split()) >= MIN_STATEMENT_WORDS:
            return mention.person, " ".join(text[cue_start:cue_end].split())
    return None
