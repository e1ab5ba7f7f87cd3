"""Speech reported inside someone's words: “I agree when President Sand says our ports must grow,”
Holm said — Sand's words, as Holm gives them.

Only a speaker the words name counts (a name, or a title one person the document names holds):
a pronoun inside a quote belongs to the quoted speaker's own story, which the reader does not
follow, and the quoted speaker never speaks of themselves this way.
"""

from __future__ import annotations

from visitbot.attribution.context import Reader, State
from visitbot.attribution.reported import is_act
from visitbot.attribution.speech import Speech
from visitbot.text import sentence_spans


def nested_speech(
    text: str, start: int, end: int, outer: str | None, reader: Reader, state: State
) -> list[Speech]:
    """Statements inside the words text[start:end] of ``outer``."""
    found: list[Speech] = []
    for s, e in sentence_spans(text, start, end):
        verb_from = s
        while True:
            subject, verb = reader.subject(text, s, e, state, verb_from=verb_from)
            if verb is None:
                break
            if (
                subject is not None
                and subject.kind == "person"
                and subject.person != outer
                and subject.end <= verb[0]
                and is_act(text, subject, verb, e)
            ):
                cue = " ".join(text[subject.start : verb[1]].split())
                found.append(
                    Speech(s, e, subject.person, f"{cue} (inside another's words)", "nested")
                )
                break
            verb_from = verb[1]
    return found
