"""Pydantic models at the engine's boundaries: what a corpus holds and what an answer says."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Paragraph(NamedTuple):
    """One paragraph; a plain tuple because a large corpus holds hundreds of thousands."""

    number: int
    """1-based position among the document's paragraphs."""
    text: str
    line: int
    """Line in the source file, for error messages and checks."""


class Document(Frozen):
    id: str
    title: str
    date: dt.date
    url: str | None = None
    source: str | None = None
    language: str | None = None
    path: Path | None = None
    paragraphs: tuple[Paragraph, ...]

    def paragraph(self, number: int) -> Paragraph | None:
        if 1 <= number <= len(self.paragraphs):
            return self.paragraphs[number - 1]
        return None


class Person(Frozen):
    """A speaker: the canonical name plus every way a text or a user may refer to them."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    """Bare titles an article gave them ("President"): shared with everyone who holds one, so
    they name this person only when no one else in the document does."""
    spellings: tuple[str, ...] = ()
    """Other spellings of the full name that articles use (merged into this person)."""
    pronoun: str | None = Field(default=None, description="'he' or 'she' where known")
    learned: bool = False
    institution: bool = False
    """A ministry, an agency, an organisation: a speaker that is no one person."""

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.roles)


class Kind(StrEnum):
    QUOTE = "quote"
    REPORTED = "reported"
    NARRATIVE = "narrative"


class Statement(NamedTuple):
    """Words attributed to a speaker (or to nobody, when the text does not say who).

    A plain tuple because a large corpus holds hundreds of thousands of them.
    """

    document_id: str
    paragraph: int
    start: int
    end: int
    text: str
    """Always ``paragraph_text[start:end]``."""
    kind: Kind
    speaker: str | None
    """Person.id, or None when unattributed."""
    cue: str
    """How the speaker was found: the cue words, or why not."""
    rule: str = ""
    """Which convention of attribution found it ("quote, cue after", "transcript turn" …)."""


class Intent(StrEnum):
    WHO = "who"
    SPEAKER = "speaker"
    DATE = "date"
    GENERAL = "general"
    EMPTY = "empty"


class DocumentRef(Frozen):
    id: str
    title: str
    date: dt.date
    url: str | None = None
    language: str | None = Field(default=None, description="ISO 639-1 code: 'en', 'ru', 'kk'")


class Answer(Frozen):
    speaker: str | None = Field(description="canonical name of the speaker, None for narrative")
    kind: Kind
    excerpt: str = Field(description="verbatim words; '…' marks where a longer text was cut")
    paragraph: int
    document: DocumentRef
    score: float = Field(ge=0.0, le=1.0)
    start: int = Field(description="offset of the excerpt's words in the paragraph")
    end: int
    highlights: tuple[tuple[int, int], ...] = Field(
        default=(), description="spans of the excerpt string that match the question"
    )

    def contract(self) -> dict[str, object]:
        """One answer as the JSON contract gives it (see README)."""
        return {
            "speaker": self.speaker,
            "kind": self.kind.value,
            "excerpt": self.excerpt,
            "paragraph": self.paragraph,
            "document": {
                "id": self.document.id,
                "title": self.document.title,
                "date": self.document.date.isoformat(),
                "url": self.document.url,
                "language": self.document.language,
            },
            "score": round(self.score, 4),
        }


class Notice(StrEnum):
    """Why a question got no answers; front ends turn it into a friendly sentence."""

    EMPTY = "empty"
    UNKNOWN_SPEAKER = "unknown_speaker"
    NO_STATEMENTS = "no_statements"
    NOT_FOUND = "not_found"
    FOREIGN_TOPIC = "foreign_topic"
    """A question in Kazakh whose words the sources (in other languages) cannot have: Kazakh
    words are not translated."""
    NO_DICTIONARY = "no_dictionary"
    """A question in one language about sources in another, found nothing, and the
    bilingual dictionary that would translate its words is not installed."""


class AnswerSet(Frozen):
    question: str
    intent: Intent
    speaker: str | None = Field(default=None, description="speaker the question asked about")
    unknown_speaker: str | None = Field(default=None, description="a name nobody here has")
    notice: Notice | None = None
    answers: tuple[Answer, ...] = ()

    def contract(self) -> dict[str, object]:
        """The documented JSON contract (see README); extra fields stay out of it on purpose."""
        return {"question": self.question, "answers": [a.contract() for a in self.answers]}


class Side(Frozen):
    """One speaker's best words on a topic, or None when they said nothing close."""

    speaker: str
    answer: Answer | None = None


class Comparison(Frozen):
    """What each speaker said on one topic, side by side."""

    topic: str
    sides: tuple[Side, ...] = ()
    notice: Notice | None = None

    def contract(self) -> dict[str, object]:
        """The documented JSON shape of ``visitbot compare --json`` (see README)."""
        return {
            "topic": self.topic,
            "sides": [
                {"speaker": s.speaker, "answer": s.answer.contract() if s.answer else None}
                for s in self.sides
            ],
        }
