"""Transcript turns: "Vladimir Putin: …", "President of Russia Vladimir Putin: …", "V. Putin: …".

Official transcripts label each turn with its speaker and a colon; the turn goes on over the
following paragraphs until the next label. A label is a person only when the whole label is a
reference to one person (titles, then a name the engine knows, an initial allowed before a
surname); "New Delhi: …" or "Transcript of the meeting:" are not. Other labels ("Question:")
end a turn without starting one. A document is read as a transcript, with turns running over
paragraphs, only when at least two paragraphs open with a person's label; a lone label
attributes its own paragraph only. Stage notes in brackets ("(Applause.)") are not speech.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from visitbot.attribution.speech import Speech
from visitbot.models import Document, Person
from visitbot.speakers import Lexicon

_WORD = r"(?:[A-Z][\w’'.-]*|of|the|and|for|de|von|van|al|bin)"
LABEL = re.compile(
    rf"^\s*(?P<label>{_WORD}(?:\s+{_WORD}){{0,11}}?)\s*(?P<note>\([^()]{{0,80}}\))?\s*:\s+(?=\S)"
)
"""A capitalised run (titles, names, 'of the'), an optional bracketed note, then a colon."""
LABEL_REACH = 200
"""A label's colon stands within this many characters of the paragraph start (twelve words
and a bracketed note at most, as LABEL allows)."""
_INITIAL = re.compile(r"^(?:[A-Z]\.\s*)+$")
_STAGE_NOTE = re.compile(r"^\s*[(\[<][^()\[\]<>]*[)\]>]\s*$")
"""A whole paragraph in brackets: "(Applause.)", "[Translated from Russian]", "<…>"."""
MIN_LABELS = 2
"""Turns run over unlabelled paragraphs only in a document with at least this many labelled
ones: one "Name: text" line in a news story may be a headline-style quote, two are a transcript."""


@dataclass(frozen=True)
class Label:
    speaker: str | None
    """The person, or None for a label that is no one we know ("Question")."""
    end: int
    """Where the spoken words start."""
    text: str


def read_label(
    text: str, lexicon: Lexicon, people: dict[str, Person], named: frozenset[str]
) -> Label | None:
    """The speaker label that opens a paragraph, if it has one."""
    if ":" not in text[:LABEL_REACH]:
        return None
    match = LABEL.match(text)
    if match is None:
        return None
    label = match["label"]
    mentions = lexicon.find(label, named=named)
    speaker: str | None = None
    if len(mentions) == 1 and mentions[0].end == len(label):
        person = mentions[0].person
        before = label[: mentions[0].start].strip()
        initial = _INITIAL.match(before) if before else None
        if initial is None or _initials_fit(before, people.get(person)):
            speaker = person
    return Label(speaker, match.end(), label)


def _initials_fit(initials: str, person: Person | None) -> bool:
    """'V.' before 'Putin' fits Vladimir Putin; 'K.' does not."""
    if person is None:
        return False
    letters = [c for c in initials if c.isalpha()]
    return person.name[:1].upper() == letters[0]


def transcript_turns(
    document: Document, lexicon: Lexicon, people: dict[str, Person], named: frozenset[str]
) -> dict[int, Speech]:
    """Paragraph number → the turn spoken there, for every paragraph of a transcript turn."""
    labels = {
        p.number: label
        for p in document.paragraphs
        if (label := read_label(p.text, lexicon, people, named)) is not None
    }
    personal = [n for n, label in labels.items() if label.speaker]
    turns: dict[int, Speech] = {}
    if not personal:
        return turns
    running = len(personal) >= MIN_LABELS
    current: Label | None = None
    for paragraph in document.paragraphs:
        label = labels.get(paragraph.number)
        if label is not None and (label.speaker or running):
            current = label
            if label.speaker:
                turns[paragraph.number] = Speech(
                    label.end, len(paragraph.text), label.speaker, f"transcript turn: {label.text}:"
                )
            continue
        if current is None or not current.speaker or not running:
            continue
        if _STAGE_NOTE.match(paragraph.text):
            continue
        turns[paragraph.number] = Speech(
            0, len(paragraph.text), current.speaker, f"continues the turn of {current.text}:"
        )
    return turns


def label_names(documents: Sequence[Document]) -> list[str]:
    """Names that label turns in a transcript ("Vaclav Klaus:"), for learning people an
    article never introduces otherwise: the label's last two or three capitalised words, from
    documents where at least two paragraphs open with such a name."""
    found: list[str] = []
    for document in documents:
        names = []
        for paragraph in document.paragraphs:
            if ":" not in paragraph.text[:LABEL_REACH]:
                continue
            match = LABEL.match(paragraph.text)
            if match is None:
                continue
            tail = re.search(r"(?:[A-Z][a-z’'-]+\s+){1,2}[A-Z][a-z’'-]+$", match["label"])
            if tail:
                names.append(tail.group())
        if len(names) >= MIN_LABELS:
            found.extend(names)
    return found
