"""The searchable form of a corpus: documents, people, statements and scored text units.

Built once at start-up; questions only read it. A unit is a sentence, a whole statement or a
whole paragraph, each tagged with the statement (and so the speaker) it belongs to, if any.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import process
from rapidfuzz.distance import OSA

from visitbot.attribution import Attributor, learn_people
from visitbot.models import Document, Kind, Person, Statement
from visitbot.speakers import PeopleMatcher
from visitbot.text import sentence_spans, trim_quote, words

SYNONYMS: dict[str, tuple[str, ...]] = {
    "talks": ("negotiations", "meeting"),
    "negotiations": ("talks", "meeting"),
    "meeting": ("talks", "negotiations", "met"),
    "meet": ("met", "meeting"),
    "place": ("held",),
    "colour": ("color", "colors"),
    "colours": ("colors", "color"),
    "color": ("colors",),
    "country": ("state", "countries"),
    "nation": ("country", "state"),
    "thanked": ("gratitude",),
    "thanks": ("gratitude", "thank"),
    "thank": ("gratitude",),
    "grateful": ("gratitude",),
    "friendship": ("friend", "friendly"),
    "planes": ("jets",),
    "aircraft": ("jets",),
    "arrive": ("arrived",),
    "anthem": ("anthems",),
}
"""Plain English equivalences a reader applies without thinking; not tied to any article."""


@dataclass(frozen=True)
class Unit:
    document: int
    paragraph: int
    start: int
    end: int
    statement: int | None
    tokens: tuple[str, ...]
    level: str  # "sentence" | "statement" | "paragraph"


@dataclass(frozen=True)
class Region:
    """The part of a paragraph an excerpt may be cut from: one statement, or the narrative."""

    start: int
    end: int
    statement: int | None


def allowed_edits(word: str) -> int:
    """Typos tolerated in a word: none in short words, two only in long ones."""
    return 0 if len(word) <= 4 else 1 if len(word) <= 8 else 2


class Index:
    def __init__(self, documents: Sequence[Document], registry: Sequence[Person]) -> None:
        self.documents = list(documents)
        self.people = {p.id: p for p in learn_people(self.documents, registry)}
        attributor = Attributor(list(self.people.values()))
        self.statements: list[Statement] = [
            s for document in self.documents for s in attributor.statements(document)
        ]
        self.matcher = PeopleMatcher(list(self.people.values()))
        self.units: list[Unit] = []
        self._build_units()
        df: Counter[str] = Counter()
        for unit in self.units:
            if unit.level == "paragraph":
                df.update(set(unit.tokens))
        self.df = df
        self.paragraph_count = max(1, sum(len(d.paragraphs) for d in self.documents))
        self.vocabulary = sorted(df)

    def _build_units(self) -> None:
        self._regions: dict[tuple[int, int], list[Region]] = {}
        for d, document in enumerate(self.documents):
            spans: dict[int, list[tuple[int, int, int]]] = {}
            for i, statement in enumerate(self.statements):
                if statement.document_id == document.id:
                    spans.setdefault(statement.paragraph, []).append(
                        (statement.start, statement.end, i)
                    )
            for paragraph in document.paragraphs:
                text = paragraph.text
                regions = _cut(text, sorted(spans.get(paragraph.number, [])))
                self._regions[(d, paragraph.number)] = regions
                self._add(d, paragraph.number, 0, len(text), None, text, "paragraph")
                for region in regions:
                    if region.statement is not None:
                        self._add(
                            d,
                            paragraph.number,
                            region.start,
                            region.end,
                            region.statement,
                            text,
                            "statement",
                        )
                    for s, e in sentence_spans(text, region.start, region.end):
                        s, e = trim_quote(text, s, e) if region.statement is not None else (s, e)
                        if s < e:
                            self._add(d, paragraph.number, s, e, region.statement, text, "sentence")

    def _add(
        self,
        d: int,
        number: int,
        start: int,
        end: int,
        statement: int | None,
        text: str,
        level: str,
    ) -> None:
        self.units.append(
            Unit(d, number, start, end, statement, tuple(words(text[start:end])), level)
        )

    def regions(self, document: int, number: int) -> list[Region]:
        """A paragraph cut into statements and the narrative between them, in text order."""
        return self._regions[(document, number)]

    @cached_property
    def unknown_weight(self) -> float:
        """A word the corpus never uses weighs as much as its rarest word: it counts against."""
        return math.log(1 + self.paragraph_count)

    def weight(self, term: str) -> float:
        return math.log(1 + self.paragraph_count / self.df[term]) if self.df[term] else 0.0

    def expand(self, term: str) -> dict[str, float]:
        """Corpus words a query word may stand for, with how sure that is (1.0 = exact)."""
        matches: dict[str, float] = {}
        limit = allowed_edits(term)
        if term in self.df:
            matches[term] = 1.0
        if limit:
            for word, distance, _ in process.extract(
                term, self.vocabulary, scorer=OSA.distance, score_cutoff=limit, limit=20
            ):
                matches.setdefault(word, 1.0 - 0.1 * distance)
        if len(term) >= 5:
            for word in self.vocabulary:
                if (
                    len(word) >= 5
                    and abs(len(word) - len(term)) <= 4
                    and (word.startswith(term) or term.startswith(word))
                ):
                    matches.setdefault(word, 0.85)
        for synonym in SYNONYMS.get(term, ()):
            if synonym in self.df:
                matches.setdefault(synonym, 0.8)
        return matches

    def speaker_name(self, statement: int | None) -> str | None:
        if statement is None:
            return None
        speaker = self.statements[statement].speaker
        return self.people[speaker].name if speaker in self.people else None

    def kind(self, statement: int | None) -> Kind:
        return Kind.NARRATIVE if statement is None else self.statements[statement].kind

    def statement_counts(self) -> dict[str, Counter[Kind]]:
        counts: dict[str, Counter[Kind]] = {}
        for statement in self.statements:
            if statement.speaker:
                counts.setdefault(statement.speaker, Counter())[statement.kind] += 1
        return counts


_FILLER = ' ,.;:–—-“”"'


def _cut(text: str, spans: Sequence[tuple[int, int, int]]) -> list[Region]:
    regions: list[Region] = []
    cursor = 0
    for start, end, statement in spans:
        if start > cursor and text[cursor:start].strip(_FILLER):
            regions.append(Region(cursor, start, None))
        regions.append(Region(start, end, statement))
        cursor = max(cursor, end)
    if text[cursor:].strip(_FILLER):
        regions.append(Region(cursor, len(text), None))
    return regions
