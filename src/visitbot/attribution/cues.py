"""The words press English uses to mark speech: speech verbs, asides, pronouns.

Which verbs report speech comes from WordNet (see lexical.py); rules find a verb slot with a
plain word pattern and ask :func:`verb_class` what the word is, so a verb WordNet knows is
known to quotes, dash-led speech, reported speech and cue clauses alike. Only inflected forms
count ("said", "says", "noting", "has stressed"): a bare "note" or "state" is a noun as often
as a verb.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from visitbot.attribution.lexical import lexical

VerbClass = Literal["speech", "clausal", "message", "joint"]

ASIDE = r"(?:,\s+(?:[a-z]+\s+){0,3}[a-z]+,)?"
"""'X, in turn, thanked …', 'X, in clear terms, said …': a short lower-case aside between the
speaker and the verb."""
AUXILIARY = (
    r"(?:(?:[a-z]+ly|also|then|further|again|once|later|earlier|has|have|had|was|were|is|"
    r"would|will|had\s+also|went\s+on\s+to|was\s+quoted\s+(?:[a-z]+\s+){0,4}as)\s+)*"
)
"""Words between a speaker and the speech verb: adverbs ("also", "warmly"), auxiliaries ("has
said"), "went on to say", "was quoted in Vik as saying"."""
ADVERB = rf"{ASIDE}\s*{AUXILIARY}"
WORD = r"[A-Za-z]+"
PRONOUN = r"(?:he|she)"
ANY_PRONOUN = re.compile(rf"\b{PRONOUN}\b", re.IGNORECASE)
_WORDS = re.compile(r"[A-Za-z]+")
_BASE_FORM_SUFFIXES = ("ed", "es", "s", "ing", "en")


@cache
def _inflected(word: str) -> bool:
    """Whether a verb form is inflected (past, participle, third person), or irregular past
    ("said", "told", "wrote"), rather than the bare form shared with a noun."""
    lemma = lexical().lemma.get(word)
    return lemma is not None and (word != lemma or word.endswith(_BASE_FORM_SUFFIXES))


@cache
def verb_class(word: str) -> VerbClass | None:
    """What an inflected verb form says of speech: 'speech' ("said", "thanked"), 'clausal'
    (a view, with a clause only: "believes that"), 'message' (with something expressed:
    "extended condolences"), 'joint' (two parties' act: "discussed"); None for anything else."""
    lowered = word.lower()
    if not _inflected(lowered):
        return None
    words = lexical()
    if lowered in words.joint:
        return "joint"
    if lowered in words.message_verbs:
        return "message"
    if lowered in words.speech:
        return "speech"
    if lowered in words.clausal:
        return "clausal"
    return None


def is_cue_verb(word: str, after_to: bool = False) -> bool:
    """A verb that can introduce or close a quote ("said", "told", "added", "wrote"); its
    bare form too after "to" ("went on to say")."""
    if verb_class(word) in ("speech", "message", "clausal"):
        return True
    lowered = word.lower()
    return after_to and lexical().lemma.get(lowered) == lowered and lowered in lexical().speech


def any_cue_verb(text: str) -> bool:
    return any(is_cue_verb(w) for w in _WORDS.findall(text))


def speech_verb_forms() -> list[str]:
    """Every form of every verb that reports speech or a view (what the index keeps so that a
    question's "Who quipped …" looks for the words, not for the verb)."""
    words = lexical()
    return sorted(words.speech | words.clausal)


def addresses(word: str) -> bool:
    """A speech verb whose object may be the person addressed ("told Trump", "thanked Xi",
    "urged the ambassador"): the person after it is not its speaker."""
    return word.lower() in lexical().directed
