"""Reported speech: a person followed by a speech verb ("Kassym-Jomart Tokayev highly appreciated
…", "In turn, President Xi Jinping expressed gratitude …"), "According to X, …", and "he noted …"
for the current subject. A person after a preposition ("gratitude to the Head of our state")
was spoken to or of, not speaking; "A and B noted …" is a joint view, no one person's words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from visitbot.attribution.context import Reader, State
from visitbot.attribution.cue_clauses import comma_cue
from visitbot.attribution.cues import ADVERB, PRONOUN, REPORTING_VERB
from visitbot.attribution.speech import Speech
from visitbot.speakers import Mention
from visitbot.text import sentence_spans

PREPOSITIONS = frozenset(
    "to for with of by at from about on in into toward towards between among than as".split()
)
_JOINT = re.compile(r"\s*(?:and|&|as well as)\s*")
_VERB_AFTER_NAME = re.compile(rf"{ADVERB}\s*({REPORTING_VERB})\b\s+(\S+\s+){{2,}}")
_ACCORDING_TO = re.compile(
    r"(?:according\s+to|in\s+the\s+opinion\s+of|as\s+noted\s+by)\s+(?:the\s+)?$", re.IGNORECASE
)
_TWO_WORDS_ON = re.compile(r",\s+\S+\s+\S+")
_PRONOUN_REPORTS = re.compile(
    rf"\s*(?:[A-Z][a-z]+(?:\s+[a-z]+)*,\s+)?({PRONOUN})\s+{ADVERB}({REPORTING_VERB})\b"
    rf"\s+(\S+\s+){{2,}}",
    re.IGNORECASE,
)
_AND = re.compile(r"\s+and\s+")
_ACCORDING_TO_HIM = re.compile(
    r"\s*(?:according\s+to|in\s+the\s+opinion\s+of)\s+(?P<who>him|her)\b", re.IGNORECASE
)
_OBJECT_PRONOUNS = {"him": "he", "her": "she"}
"""'According to him, …': the current subject's view."""
_LATTER = re.compile(
    rf"\bthe\s+(?P<which>latter|former)\s+{ADVERB}{REPORTING_VERB}\b", re.IGNORECASE
)
"""'A and B laughed after the latter said …': of exactly two people named before it, the
second (the former: the first)."""
_LATIN_WORD = re.compile(r"[A-Za-z]+")


def reported_speech(
    text: str, speeches: Sequence[Speech], reader: Reader, state: State
) -> list[Speech]:
    """Sentences outside the paragraph's direct speech that report someone's words."""
    # Quotes no cue settled do not cover their sentence: "…, Trump said, adding that the US
    # “…”" is his reported speech with a quoted phrase in it.
    covered = [(s.start, s.end) for s in speeches if s.speaker is not None]
    out: list[Speech] = []
    everyone = state.mentions
    for start, end in sentence_spans(text):
        if any(s < end and start < e for s, e in covered):
            continue
        mentions = [m for m in everyone if start <= m.start and m.end <= end]
        verb = _reporting_subject(text, start, end, mentions, reader, state)
        if verb is not None:
            speaker, cue = verb
            out.append(Speech(start, end, speaker or None, cue))
            if speaker:
                state.focus(speaker)
            continue
        _track_subject(text, start, mentions, state)
    return out


def _reporting_subject(
    text: str, start: int, end: int, mentions: Sequence[Mention], reader: Reader, state: State
) -> tuple[str, str] | None:
    latter = _LATTER.search(text, start, end)
    if latter:
        earlier = list(dict.fromkeys(m.person for m in mentions if m.end <= latter.start()))
        if len(earlier) == 2:
            who = earlier[1] if latter["which"].lower() == "latter" else earlier[0]
            return who, " ".join(latter.group().split())
    for i, mention in enumerate(mentions):
        if i and _JOINT.fullmatch(text[mentions[i - 1].end : mention.start]):
            return None  # "A and B noted …": a joint view is no one person's words
        follow = _VERB_AFTER_NAME.match(text[mention.end : end])
        if follow and not after_preposition(text, mention.start):
            return mention.person, text[mention.start : mention.end + follow.end(1)]
        according = _ACCORDING_TO.search(text[start : mention.start])
        if according and _TWO_WORDS_ON.match(text[mention.end : end]):
            return mention.person, text[start + according.start() : mention.end]
    behind = {m.start for m in mentions if after_preposition(text, m.start)}
    cued = comma_cue(text, start, end, mentions, behind)
    if cued is not None:
        return cued
    pronoun = _PRONOUN_REPORTS.match(text[start:end])
    if pronoun:
        target = reader.pronoun_target(pronoun.group(1).lower(), state)
        if target:
            return target, f"{pronoun.group(1)} {pronoun.group(2)} (→ current subject)"
    according = _ACCORDING_TO_HIM.match(text, start, end)
    if according:
        target = reader.pronoun_target(_OBJECT_PRONOUNS[according["who"].lower()], state)
        if target:
            return target, f"{' '.join(according.group().split())} (→ current subject)"
    return None


def _track_subject(text: str, start: int, mentions: Sequence[Mention], state: State) -> None:
    subjects = [m for m in mentions if not after_preposition(text, m.start)]
    if not subjects:
        return
    first = subjects[0]
    joined = _AND.match(text[first.end :])
    if joined and any(m.start == first.end + joined.end() for m in mentions):
        state.focus(None)
    else:
        state.focus(first.person)


def after_preposition(text: str, pos: int) -> bool:
    before = _LATIN_WORD.findall(text[max(0, pos - 30) : pos])
    return bool(before) and before[-1].lower() in PREPOSITIONS
