"""Transcript turns and question-and-answer labels.

Official transcripts and press conferences label each turn with its speaker: "Vladimir Putin:",
"President of Russia Vladimir Putin:", "V. Putin:", "SECRETARY KERRY:", "Minister Kishida:",
"Mr. X, Minister for Foreign Affairs:", "Obama:", "Jessica says:", or a label ending in a full
stop ("President Obama. It's wonderful …"). The turn goes on over the following paragraphs
(with or without opening quote marks) until the next label. A label is a person only when it
refers to one person the engine knows (titles, then a name, an initial allowed before a surname);
any other label — "Question:", "Q:", "Reporter:", "Nishikawa, TBS:", "Dragon TV:", a topic
heading — ends a turn and starts one that is no one's to name (a journalist's question is never
an official's statement). Headings between turns ("2. Japan-Russia relations") are nobody's
speech. A document is read as a transcript, with turns running over paragraphs, only when at
least two paragraphs open with a label and one of them names a person; a lone label attributes
its own paragraph only. Stage notes in brackets ("(Applause.)") are not speech.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from visitbot.attribution.speech import Speech
from visitbot.models import Document, Person
from visitbot.speakers import Lexicon

_WORD = r"(?:[A-ZА-ЯЁ][\w’'.-]*|of|the|and|for|de|von|van|al|bin)"
LABEL = re.compile(
    rf"^\s*(?P<label>{_WORD}(?:\s+{_WORD}){{0,11}}?)"
    rf"(?P<outlet>,\s+{_WORD}(?:\s+{_WORD}){{0,5}})?"
    r"(?:\s+(?P<verb>says|said|asks|asked|replies|replied|adds|added|continues))?"
    r"\s*(?P<note>\([^()]{0,80}\))?\s*:\s+(?=\S)"
)
"""A capitalised run (titles, names, 'of the'), an optional ", outlet" (a journalist's
"Nishikawa, TBS"), an optional speech verb ("Jessica says"), an optional bracketed note, then a
colon."""
PERIOD_LABEL = re.compile(rf"^\s*(?P<label>{_WORD}(?:\s+{_WORD}){{0,4}}?)\.\s+(?=[A-ZА-ЯЁ“\"«])")
"""'President Obama. It's wonderful …': a label ending in a full stop (the U.S. Public Papers
style); counted only where it names a person and the document has other labels."""
LABEL_REACH = 200
"""A label's colon stands within this many characters of the paragraph start (twelve words
and a bracketed note at most, as LABEL allows)."""
_INITIAL = re.compile(r"^(?:[A-ZА-ЯЁ]\.\s*)+$")
_STAGE_NOTE = re.compile(r"^\s*[(\[<][^()\[\]<>]*[)\]>]\s*$")
"""A whole paragraph in brackets: "(Applause.)", "[Translated from Russian]", "<…>"."""
_HEADING = re.compile(r"^\s*(?:\d+[.)]\s+)?[^.!?:;“”\"]{1,80}$")
"""A topic heading between turns: short, no sentence end ("2. Japan-Russia relations")."""
MAX_HEADING_WORDS = 8
MIN_LABELS = 2
"""Turns run over unlabelled paragraphs only in a document with at least this many labelled
paragraphs, one naming a person: one "Name: text" line in a news story may be a headline-style
quote, two are a transcript."""


UNKNOWN_TURN = "transcript label, no one known"
"""The rule of a turn whose label names no one the engine knows ("Q:", a journalist, a
title several people hold): its words are nobody's to name, and no other rule reads them."""


@dataclass(frozen=True)
class Label:
    speaker: str | None
    """The person, or None for a label that is no one we know ("Question", a journalist)."""
    end: int
    """Where the spoken words start."""
    text: str
    period: bool = False
    """A label ending in a full stop, which counts only in a transcript."""


def _speaker(
    label: str, lexicon: Lexicon, people: dict[str, Person], named: frozenset[str]
) -> str | None:
    """The one person a whole label refers to, if any."""
    mentions = lexicon.find(label, named=named)
    if len(mentions) != 1 or mentions[0].end != len(label):
        return None
    person = mentions[0].person
    before = label[: mentions[0].start].strip()
    initial = _INITIAL.match(before) if before else None
    if initial is None or _initials_fit(before, people.get(person)):
        return person
    return None


def read_label(
    text: str, lexicon: Lexicon, people: dict[str, Person], named: frozenset[str]
) -> Label | None:
    """The speaker label that opens a paragraph, if it has one."""
    if ":" in text[:LABEL_REACH]:
        match = LABEL.match(text)
        if match is not None:
            label = match["label"]
            # "Nishikawa, TBS:" names a journalist and their outlet: no one we quote.
            speaker = None if match["outlet"] else _speaker(label, lexicon, people, named)
            shown = text[match.start("label") : match.end("label")]
            return Label(speaker, match.end(), shown)
    match = PERIOD_LABEL.match(text)
    if match is not None:
        speaker = _speaker(match["label"], lexicon, people, named)
        if speaker is not None:
            return Label(speaker, match.end(), match["label"], period=True)
    return None


def _initials_fit(initials: str, person: Person | None) -> bool:
    """'V.' before 'Putin' fits Vladimir Putin; 'K.' does not."""
    if person is None:
        return False
    letters = [c for c in initials if c.isalpha()]
    return person.name[:1].upper() == letters[0]


ANSWER_LABELS = frozenset({"a", "answer", "о", "ответ"})
"""'Q: … A: …': the answer's label names no one; the briefing's headline does."""


def answer_labels(document: Document) -> bool:
    """Whether paragraphs of the document open with an answer's label ("A: …")."""
    for paragraph in document.paragraphs:
        match = LABEL.match(paragraph.text) if ":" in paragraph.text[:LABEL_REACH] else None
        if match is not None and match["label"].strip(". ").lower() in ANSWER_LABELS:
            return True
    return False


def _answerer(
    document: Document, lexicon: Lexicon, people: dict[str, Person], named: frozenset[str]
) -> str | None:
    """Who answers a briefing's questions: the one person its headline names ("Foreign
    Ministry Spokesperson Lu Kang's Regular Press Conference"); none if it names several."""
    found = {
        m.person
        for m in lexicon.find(document.title, named=named)
        if (person := people.get(m.person)) is not None and not person.institution
    }
    return found.pop() if len(found) == 1 else None


def _heading(text: str) -> bool:
    return bool(_HEADING.match(text)) and len(text.split()) <= MAX_HEADING_WORDS


def transcript_turns(
    document: Document, lexicon: Lexicon, people: dict[str, Person], named: frozenset[str]
) -> dict[int, Speech]:
    """Paragraph number → the turn spoken there, for every paragraph of a transcript turn."""
    labels = {
        p.number: label
        for p in document.paragraphs
        if (label := read_label(p.text, lexicon, people, named)) is not None
    }
    answers = [
        n
        for n, label in labels.items()
        if label.speaker is None and label.text.strip(". ").lower() in ANSWER_LABELS
    ]
    if answers:
        answerer = _answerer(document, lexicon, people, named)
        for n in answers:
            labels[n] = Label(answerer, labels[n].end, labels[n].text, labels[n].period)
    personal = [n for n, label in labels.items() if label.speaker]
    turns: dict[int, Speech] = {}
    if not personal:
        return turns
    running = len(labels) >= MIN_LABELS
    if not running:
        labels = {n: label for n, label in labels.items() if not label.period}
    current: Label | None = None
    for paragraph in document.paragraphs:
        label = labels.get(paragraph.number)
        if label is not None and (label.speaker or running):
            current = label
            turns[paragraph.number] = Speech(
                label.end,
                len(paragraph.text),
                label.speaker,
                f"transcript turn: {label.text}",
                "transcript label" if label.speaker else UNKNOWN_TURN,
            )
            continue
        if current is None or not running:
            continue
        speaker, label_text = current.speaker, current.text
        if _STAGE_NOTE.match(paragraph.text):
            continue
        if _heading(paragraph.text):
            current = None  # a topic heading ends the turn
            continue
        if _names(paragraph.text, speaker, lexicon):
            current = None  # the speaker in the third person: the article's narrative again
            continue
        if speaker is None and any(owners.names for _, _, owners in lexicon.scan(paragraph.text)):
            current = None  # a question's turn gives way to narrative naming people
            continue
        turns[paragraph.number] = Speech(
            0,
            len(paragraph.text),
            speaker,
            f"continues the turn of {label_text}",
            "transcript turn",
        )
    return turns


def _names(text: str, person: str | None, lexicon: Lexicon) -> bool:
    """Whether the text names the person ("В свою очередь, Анна Холм выразила …" after Holm's
    turn): a speaker does not name themselves, a reporter does. Names only: a title may be
    the other's, addressed ("I thank you, Mr President")."""
    return any(person in owners.names for _, _, owners in lexicon.scan(text))


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
            if match is None or match["outlet"]:
                continue
            # "PRESIDENT BUSH": a label in capitals is read as its words in title case
            label = match["label"].title() if match["label"].isupper() else match["label"]
            tail = re.search(r"(?:[A-Z][a-z’'-]+\s+){1,2}[A-Z][a-z’'-]+$", label)
            if tail:
                names.append(tail.group())
        if len(names) >= MIN_LABELS:
            found.extend(names)
    return found
