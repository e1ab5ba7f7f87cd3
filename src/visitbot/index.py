"""The searchable form of a corpus, built once and kept compact so it scales and persists.

Paragraphs, their word tokens and their units (sentences and whole statements) live in flat
numpy arrays; a word's paragraphs live in an inverted index with term frequencies (for a fast
BM25 candidate stage); typo-tolerant word look-up uses a delete-neighbourhood table (the
SymSpell idea), so its cost does not grow with the vocabulary.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import OSA

from visitbot.attribution import Attributor, learn_people
from visitbot.models import Document, Kind, Person, Statement
from visitbot.speakers import PeopleMatcher
from visitbot.text import sentence_spans, token_spans, trim_quote

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
SENTENCE, STATEMENT = 0, 1
_FILLER = " ,.;:–—-“”\""


@dataclass(frozen=True)
class Region:
    """The part of a paragraph an excerpt may be cut from: one statement, or the narrative."""

    start: int
    end: int
    statement: int | None


def allowed_edits(word: str) -> int:
    """Typos tolerated in a word: none in short words, two only in long ones."""
    return 0 if len(word) <= 4 else 1 if len(word) <= 8 else 2


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Index:
    def __init__(self, documents: Sequence[Document], registry: Sequence[Person]) -> None:
        self.documents = list(documents)
        self.people = {p.id: p for p in learn_people(self.documents, registry)}
        attributor = Attributor(list(self.people.values()))
        self.statements: list[Statement] = [
            s for document in self.documents for s in attributor.statements(document)
        ]
        self.matcher = PeopleMatcher(list(self.people.values()))
        self._build()

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        by_paragraph: dict[tuple[str, int], list[int]] = {}
        for i, statement in enumerate(self.statements):
            by_paragraph.setdefault((statement.document_id, statement.paragraph), []).append(i)
        vocabulary: dict[str, int] = {}
        tokens: list[int] = []
        para_doc: list[int] = []
        para_first: list[int] = []
        para_tokens = [0]
        units: list[tuple[int, int, int, int, int, int]] = []  # para, a, b, char, statement, level
        para_units = [0]
        postings: list[tuple[int, int, int]] = []  # word, paragraph, count
        self.first_paragraph: list[int] = []
        speaker_paragraphs: dict[str, set[int]] = {}
        for d, document in enumerate(self.documents):
            self.first_paragraph.append(len(para_doc))
            for paragraph in document.paragraphs:
                g = len(para_doc)
                text = paragraph.text
                spans = token_spans(text)
                ids = [vocabulary.setdefault(t, len(vocabulary)) for _, _, t in spans]
                starts = [s for s, _, _ in spans]
                base = len(tokens)
                tokens.extend(ids)
                para_doc.append(d)
                para_first.append(base)
                para_tokens.append(len(tokens))
                statements = by_paragraph.get((document.id, paragraph.number), [])
                for i in statements:
                    if self.statements[i].speaker:
                        speaker_paragraphs.setdefault(self.statements[i].speaker or "", set()).add(g)
                spans_of = sorted((self.statements[i].start, self.statements[i].end, i) for i in statements)
                for region in _cut(text, spans_of):
                    statement = -1 if region.statement is None else region.statement
                    if region.statement is not None:
                        a, b = bisect_left(starts, region.start), bisect_left(starts, region.end)
                        units.append((g, a, b, region.start, statement, STATEMENT))
                    for s, e in sentence_spans(text, region.start, region.end):
                        if region.statement is not None:
                            s, e = trim_quote(text, s, e)
                        if s < e:
                            a, b = bisect_left(starts, s), bisect_left(starts, e)
                            units.append((g, a, b, s, statement, SENTENCE))
                para_units.append(len(units))
                postings.extend((w, g, c) for w, c in Counter(ids).items())
        self.vocabulary = list(vocabulary)
        self.word_id = vocabulary
        self.sorted_vocabulary = sorted(vocabulary)
        self.tokens = np.asarray(tokens, dtype=np.int32)
        self.para_doc = np.asarray(para_doc, dtype=np.int32)
        self.para_tokens = np.asarray(para_tokens, dtype=np.int64)
        self.para_units = np.asarray(para_units, dtype=np.int64)
        table = np.asarray(units, dtype=np.int32).reshape(-1, 6)
        self.unit_para, self.unit_a, self.unit_b = table[:, 0], table[:, 1], table[:, 2]
        self.unit_char, self.unit_statement, self.unit_level = table[:, 3], table[:, 4], table[:, 5]
        self.paragraph_count = max(1, len(para_doc))
        posting = np.asarray(postings, dtype=np.int32).reshape(-1, 3)
        order = np.argsort(posting[:, 0], kind="stable")
        self.post_para = posting[order, 1].copy()
        self.post_tf = posting[order, 2].astype(np.float32)
        counts = np.bincount(posting[:, 0], minlength=len(self.vocabulary))
        self.df = counts.astype(np.int32)
        self.post_offset = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        lengths = np.diff(self.para_tokens).astype(np.float32)
        self.para_norm = 1.2 * (0.25 + 0.75 * lengths / max(1.0, float(lengths.mean() or 1.0)))
        self.speaker_paragraphs = {
            person: np.asarray(sorted(gs), dtype=np.int32) for person, gs in speaker_paragraphs.items()
        }
        self.deletes: dict[str, list[int]] = {}
        for word, i in vocabulary.items():
            if allowed_edits(word):
                for variant in _deletes(word):
                    self.deletes.setdefault(variant, []).append(i)

    # --- reading -------------------------------------------------------------------------------

    def paragraph_id(self, document: int, number: int) -> int:
        return self.first_paragraph[document] + number - 1

    def paragraph_text(self, g: int) -> str:
        d = int(self.para_doc[g])
        return self.documents[d].paragraphs[g - self.first_paragraph[d]].text

    def paragraph_number(self, g: int) -> int:
        return g - self.first_paragraph[int(self.para_doc[g])] + 1

    def regions(self, document: int, number: int) -> list[Region]:
        """A paragraph cut into statements and the narrative between them, in text order."""
        g = self.paragraph_id(document, number)
        doc_id = self.documents[document].id
        lo, hi = int(self.para_units[g]), int(self.para_units[g + 1])
        ids = sorted({int(s) for s in self.unit_statement[lo:hi] if s >= 0})
        spans = [(self.statements[i].start, self.statements[i].end, i) for i in ids
                 if self.statements[i].document_id == doc_id]
        return _cut(self.paragraph_text(g), sorted(spans))

    def paragraph_token_ids(self, g: int) -> list[int]:
        return self.tokens[self.para_tokens[g] : self.para_tokens[g + 1]].tolist()  # type: ignore[no-any-return]

    @property
    def unknown_weight(self) -> float:
        """A word the corpus never uses weighs as much as its rarest word: it counts against."""
        return math.log(1 + self.paragraph_count)

    def weight(self, term: str) -> float:
        i = self.word_id.get(term)
        return math.log(1 + self.paragraph_count / int(self.df[i])) if i is not None else 0.0

    def expand(self, term: str) -> dict[str, float]:
        """Corpus words a query word may stand for, with how sure that is (1.0 = exact)."""
        matches: dict[str, float] = {}
        if term in self.word_id:
            matches[term] = 1.0
        limit = allowed_edits(term)
        if limit:
            for word in self._near(term, limit):
                matches.setdefault(word, 1.0 - 0.1 * OSA.distance(term, word))
        if len(term) >= 5:
            self._stems(term, matches)
        for synonym in SYNONYMS.get(term, ()):
            if synonym in self.word_id:
                matches.setdefault(synonym, 0.8)
        return matches

    def _near(self, term: str, limit: int) -> list[str]:
        found: set[int] = set()
        variants = _deletes(term)
        if limit > 1:
            variants |= {v2 for v in list(variants) for v2 in _deletes(v)}
        for variant in (term, *variants):
            found.update(self.deletes.get(variant, ()))
            if variant in self.word_id:
                found.add(self.word_id[variant])
        words = (self.vocabulary[i] for i in found)
        return [w for w in words if w != term and OSA.distance(term, w, score_cutoff=limit) <= limit]

    def _stems(self, term: str, matches: dict[str, float]) -> None:
        """Same word, other ending: 'appreciate' ~ 'appreciated', 'relations' ~ 'relation'."""
        vocabulary = self.sorted_vocabulary
        i = bisect_left(vocabulary, term)
        while i < len(vocabulary) and vocabulary[i].startswith(term):
            if len(vocabulary[i]) - len(term) <= 4:
                matches.setdefault(vocabulary[i], 0.85)
            i += 1
        for size in range(max(5, len(term) - 4), len(term)):
            if term[:size] in self.word_id:
                matches.setdefault(term[:size], 0.85)

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
