"""Speech reported inside someone's words: “I agree when President Sand says our ports must grow,”
Holm said — Sand's words, as Holm gives them.

A speaker the words name counts (a name, or a title one person the document names holds). A
pronoun inside a quote belongs to the quoted speaker's own story, which the reader follows only
as far as the words themselves go: “Sand called me. He proposed we meet in Rauma,” Holm said —
"he" is the one person the quote has named before it (never the quoted speaker, who says "I");
a quote naming no one or several people leaves the pronoun to no one.
"""

from __future__ import annotations

from visitbot.attribution.context import Reader, Reference, State
from visitbot.attribution.lexical import lexical, noun_lemma
from visitbot.attribution.reported import is_act
from visitbot.attribution.speech import Speech
from visitbot.text import sentence_spans


def nested_speech(
    text: str,
    start: int,
    end: int,
    outer: str | None,
    reader: Reader,
    state: State,
    pronouns: bool = True,
) -> list[Speech]:
    """Statements inside the words text[start:end] of ``outer`` (by a pronoun too, with
    ``pronouns``: inside a quote, where "he" is never the quoted speaker)."""
    found: list[Speech] = []
    for s, e in sentence_spans(text, start, end):
        if text[s:e].rstrip(" ”\"»").endswith("?"):
            continue  # a question reports no one's words ("Has Mr. Mori agreed …?")
        verb_from = s
        while True:
            subject, verb = reader.subject(text, s, e, state, verb_from=verb_from)
            if verb is None:
                break
            if subject is not None and subject.kind == "pronoun" and not pronouns:
                subject = None
            if subject is not None and subject.end <= verb[0] and is_act(text, subject, verb, e):
                person = _inside(text, subject, start, outer, reader, state)
                if person is not None:
                    cue = " ".join(text[subject.start : verb[1]].split())
                    rule = "nested" if subject.kind == "person" else "nested pronoun"
                    found.append(Speech(s, e, person, f"{cue} (inside another's words)", rule))
                    break
            verb_from = verb[1]
    return found


def _someone_else(ref: Reference) -> bool:
    """A reference that may be a person the text does not settle (an unknown name, an
    unresolved title) or several people other than the speaker's "we"."""
    if ref.kind == "plural":
        return ref.word.lower() != "we"
    if ref.kind != "unknown":
        return False
    words = ref.word.split()
    return bool(words) and (
        ref.word[:1].isupper() or noun_lemma(words[-1]) in lexical().person_nouns
    )


def _inside(
    text: str, subject: Reference, start: int, outer: str | None, reader: Reader, state: State
) -> str | None:
    """Whom a subject inside ``outer``'s words means: a person named there, or for a pronoun
    the one person other than ``outer`` the words have named before it."""
    if subject.kind == "person":
        return subject.person if subject.person != outer else None
    if subject.kind != "pronoun":
        return None
    before = reader.references(text, start, subject.start, state)
    if any(_someone_else(r) for r in before):
        return None  # someone the text does not settle, or several others, may be meant
    named = {r.person for r in before if r.kind == "person" and r.person} - {outer}
    if len(named) != 1:
        return None
    person = named.pop()
    return person if reader.may_be(person, subject.word, state) else None
