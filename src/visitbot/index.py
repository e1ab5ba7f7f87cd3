"""The searchable form of a corpus, built once and kept compact so it scales and persists.

Paragraphs, their word tokens and their units (sentences and whole statements) live in flat
numpy arrays; a word's paragraphs live in an inverted index with term frequencies (for a fast
BM25 candidate stage); typo-tolerant word look-up uses a delete-neighbourhood table (the
SymSpell idea), so its cost does not grow with the vocabulary.
"""

from __future__ import annotations

import math
import zlib
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import OSA

from visitbot.attribution import Attributor, introductions, people_from
from visitbot.forms import form_key, form_pairs, release_dictionary
from visitbot.models import Document, Kind, Person, Statement
from visitbot.semantic import neighbours
from visitbot.speakers import PeopleMatcher
from visitbot.text import sentence_spans, token_starts, trim_quote, words
from visitbot.workers import PerDocument

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
STEM_MATCH = 0.85
"""How sure a shared stem is ('appreciate' ~ 'appreciated'). A question word with a match this
sure or surer is not looked up by meaning (see semantic.py)."""
FORM_MATCH = 0.9
"""How sure another form of the word is ("held" for "hold"): surer than a shared stem (0.85),
which may join words of different meaning ("state"/"statement"), less than the word itself."""
SENTENCE, STATEMENT = 0, 1
_FILLER = ' ,.;:–—-“”"'


@dataclass(frozen=True)
class Region:
    """The part of a paragraph an excerpt may be cut from: one statement, or the narrative."""

    start: int
    end: int
    statement: int | None


def allowed_edits(word: str) -> int:
    """Typos tolerated in a word: none in short words, two only in long ones."""
    return 0 if len(word) <= 4 else 1 if len(word) <= 8 else 2


def _crc(text: str) -> int:
    return zlib.crc32(text.encode())


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Index:
    def __init__(
        self,
        documents: Sequence[Document],
        registry: Sequence[Person],
        workers: PerDocument | None = None,
    ) -> None:
        """Learn the people, attribute every statement and index the words. The per-document
        steps run on ``workers`` (all cores by default, for a large corpus); what is learned
        across documents is merged here, in document order, so the result is the same."""
        workers = workers or PerDocument()
        self.documents = list(documents)
        found = workers.map(introductions, self.documents, "people")
        self.people = {p.id: p for p in people_from(found, registry)}
        attributor = Attributor(list(self.people.values()))
        readings = workers.map(attributor.read, self.documents, "statements")
        self.statements: list[Statement] = [s for r in readings for s in r.statements]
        self._index_mentions([m for r in readings for m in r.mentioned])
        self.matcher = PeopleMatcher(list(self.people.values()))
        self._build()

    # --- building ------------------------------------------------------------------------------

    def _index_mentions(self, per_paragraph: Sequence[Sequence[str]]) -> None:
        """Who each paragraph mentions (CSR arrays over people's positions), and which people
        each word of a name stands for: "Modi" in a question is found in a paragraph that
        calls him "the Prime Minister"."""
        order = {p: i for i, p in enumerate(self.people)}
        offsets: list[int] = [0]
        owners: list[int] = []
        for people in per_paragraph:
            owners.extend(order[p] for p in people)
            offsets.append(len(owners))
        self.mention_offset = np.asarray(offsets, dtype=np.int64)
        self.mention_person = np.asarray(owners, dtype=np.int32)
        self.name_people: dict[str, list[int]] = {}
        for person, i in order.items():
            record = self.people[person]
            for form in (record.name, *record.aliases):
                for word in words(form):
                    if len(word) > 2 and i not in self.name_people.get(word, []):
                        self.name_people.setdefault(word, []).append(i)

    def mentions(self, g: int) -> np.ndarray:
        """Positions (in ``people``) of everyone paragraph g mentions."""
        return self.mention_person[self.mention_offset[g] : self.mention_offset[g + 1]]

    def _build(self) -> None:
        by_paragraph: dict[tuple[str, int], list[int]] = {}
        for i, said in enumerate(self.statements):
            by_paragraph.setdefault((said.document_id, said.paragraph), []).append(i)
        # A new word gets the next id, all inside C: ids = map(vocabulary.__getitem__, words).
        vocabulary: defaultdict[str, int] = defaultdict()
        vocabulary.default_factory = vocabulary.__len__
        tokens = array("i")
        para_doc = array("i")
        para_tokens = array("q", [0])
        para_units = array("q", [0])
        # Units of paragraph g are units[para_units[g]:para_units[g + 1]]:
        units: list[tuple[int, ...]] = []  # (a, b, char, end, statement, level, region)
        # Regions of paragraph g are regions_found[para_regions[g]:para_regions[g + 1]]:
        regions_found: list[tuple[int, int, int]] = []  # (start, end, statement)
        para_regions = array("q", [0])
        self.first_paragraph: list[int] = []
        speaker_paragraphs: dict[str, set[int]] = {}
        add_unit = units.append

        self.date_docs: dict[str, list[int]] = {}
        """Year, month and its abbreviation ("2024", "august", "aug") → documents of that date."""
        self.title_docs: dict[str, list[int]] = {}
        """Title word → the documents whose title has it."""
        for d, document in enumerate(self.documents):
            self.first_paragraph.append(len(para_doc))
            for word in set(words(document.title)):
                self.title_docs.setdefault(word, []).append(d)
            month = document.date.strftime("%B").lower()
            for word in (str(document.date.year), month, month[:3]):
                self.date_docs.setdefault(word, []).append(d)
            for paragraph in document.paragraphs:
                g = len(para_doc)
                text = paragraph.text
                found, starts = token_starts(text)
                tokens.extend(map(vocabulary.__getitem__, found))
                para_doc.append(d)
                para_tokens.append(len(tokens))
                mine = by_paragraph.get((document.id, paragraph.number), [])
                for i in mine:
                    if who := self.statements[i].speaker:
                        speaker_paragraphs.setdefault(who, set()).add(g)
                cuts = sorted((self.statements[i].start, self.statements[i].end, i) for i in mine)
                regions = _cut(text, cuts, [self.statements[i].cue for _, _, i in cuts])
                for k, region in enumerate(regions):
                    said_id = -1 if region.statement is None else region.statement
                    r = len(regions_found)
                    regions_found.append((region.start, region.end, said_id))
                    if region.statement is not None:
                        # The whole statement with its cue clause ("…,” said the minister"),
                        # so a question naming the speaker's title finds it.
                        upto = regions[k + 1].start if k + 1 < len(regions) else len(text)
                        a, b = bisect_left(starts, region.start), bisect_left(starts, upto)
                        add_unit((a, b, region.start, upto, said_id, STATEMENT, r))
                    for s, e in sentence_spans(text, region.start, region.end):
                        if region.statement is not None:
                            s, e = trim_quote(text, s, e)
                        if s < e:
                            a, b = bisect_left(starts, s), bisect_left(starts, e)
                            add_unit((a, b, s, e, said_id, SENTENCE, r))
                para_units.append(len(units))
                para_regions.append(len(regions_found))
        self.vocabulary = list(vocabulary)
        self.word_id = dict(vocabulary)  # a plain dict: looking a word up must not add it
        self.sorted_vocabulary = sorted(vocabulary)
        self.tokens = np.frombuffer(tokens, dtype=np.int32).copy()
        self.para_doc = np.frombuffer(para_doc, dtype=np.int32).copy()
        self.para_tokens = np.frombuffer(para_tokens, dtype=np.int64).copy()
        self.para_units = np.frombuffer(para_units, dtype=np.int64).copy()
        # One array per column, each owning its memory (not views into one block).
        columns = [
            np.ascontiguousarray(c) for c in np.array(units, dtype=np.int32).reshape(-1, 7).T
        ]
        self.unit_a, self.unit_b, self.unit_char, self.unit_end = columns[:4]
        self.unit_statement, self.unit_level, self.unit_region = columns[4:]
        del units
        self.para_regions = np.frombuffer(para_regions, dtype=np.int64).copy()
        self.region_start, self.region_end, self.region_statement = (
            np.ascontiguousarray(c)
            for c in np.array(regions_found, dtype=np.int32).reshape(-1, 3).T
        )
        self.paragraph_count = max(1, len(para_doc))
        self._build_postings()
        self.speaker_paragraphs = {
            who: np.asarray(sorted(gs), dtype=np.int32) for who, gs in speaker_paragraphs.items()
        }
        hashes = array("I")
        owners = array("i")
        for word, i in vocabulary.items():
            if allowed_edits(word):
                for variant in _deletes(word):
                    hashes.append(_crc(variant))
                    owners.append(i)
        order = np.argsort(np.frombuffer(hashes, dtype=np.uint32), kind="stable")
        self.delete_hash = np.frombuffer(hashes, dtype=np.uint32)[order].copy()
        self.delete_word = np.frombuffer(owners, dtype=np.int32)[order].copy()
        pairs = [(form_key(f), vocabulary[w]) for f, w in form_pairs(list(vocabulary))]
        release_dictionary()
        keys = np.array([k for k, _ in pairs], dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        self.form_key = keys[order]
        self.form_word = np.array([w for _, w in pairs], dtype=np.int32)[order]

    def _build_postings(self) -> None:
        """Word → (paragraph, count) lists, and word pair → paragraphs, in numpy passes that
        sort in place (a 100k-paragraph corpus has three million of each)."""
        paragraphs = len(self.para_tokens) - 1
        span = max(1, paragraphs)
        lengths = np.diff(self.para_tokens)
        owner = np.repeat(np.arange(paragraphs, dtype=np.int32), lengths)
        keys = self.tokens.astype(np.int64)
        keys *= span
        keys += owner
        keys.sort()
        keys, counts = _distinct(keys)
        words = (keys // span).astype(np.int32)
        self.post_para = (keys % span).astype(np.int32)
        del keys
        tf = counts.astype(np.float32)
        self.df = np.bincount(words, minlength=len(self.vocabulary)).astype(np.int32)
        self.post_offset = np.concatenate(([0], np.cumsum(self.df))).astype(np.int64)
        mean = float(lengths.mean()) if paragraphs else 1.0
        norm = (1.2 * (0.25 + 0.75 * lengths / max(1.0, mean))).astype(np.float32)
        self.post_weight = (tf * 2.2 / (tf + norm[self.post_para])).astype(np.float32)
        """BM25's saturated term frequency (k1 = 1.2, b = 0.75) of each posting."""
        del words, tf, counts
        # Word pairs side by side in a paragraph → the paragraphs: lets the candidate stage
        # prefer paragraphs that hold a question's words as a phrase.
        same = owner[1:] == owner[:-1]
        pairs = self.tokens[:-1][same].astype(np.int64)
        pairs *= len(self.vocabulary)
        pairs += self.tokens[1:][same]
        pairs *= span
        pairs += owner[:-1][same]
        del owner, same
        pairs.sort()
        pairs, _ = _distinct(pairs)
        self.pair_para = (pairs % span).astype(np.int32)
        pairs //= span
        firsts = np.flatnonzero(_changes(pairs))
        self.pair_keys = pairs[firsts]
        self.pair_offset = np.append(firsts, len(pairs)).astype(np.int32)

    def pair_postings(self, first: int, second: int) -> np.ndarray:
        """The paragraphs where word ``first`` is directly followed by word ``second``."""
        key = first * len(self.vocabulary) + second
        i = int(np.searchsorted(self.pair_keys, key))
        if i == len(self.pair_keys) or self.pair_keys[i] != key:
            return self.pair_para[:0]
        return self.pair_para[self.pair_offset[i] : self.pair_offset[i + 1]]

    # --- reading -------------------------------------------------------------------------------

    def dated(self, word: str) -> list[int]:
        """Documents whose date a question word names: a year ("2024") or a month ("august",
        "aug")."""
        return self.date_docs.get(word, [])

    def paragraph_id(self, document: int, number: int) -> int:
        return self.first_paragraph[document] + number - 1

    def paragraph_text(self, g: int) -> str:
        d = int(self.para_doc[g])
        return self.documents[d].paragraphs[g - self.first_paragraph[d]].text

    def paragraph_number(self, g: int) -> int:
        return g - self.first_paragraph[int(self.para_doc[g])] + 1

    def regions(self, document: int, number: int) -> list[Region]:
        """A paragraph cut into statements and the narrative between them, in text order."""
        return self.paragraph_regions(self.paragraph_id(document, number))

    def paragraph_regions(self, g: int) -> list[Region]:
        lo, hi = int(self.para_regions[g]), int(self.para_regions[g + 1])
        return [
            Region(start, end, None if statement < 0 else statement)
            for start, end, statement in zip(
                self.region_start[lo:hi].tolist(),
                self.region_end[lo:hi].tolist(),
                self.region_statement[lo:hi].tolist(),
                strict=True,
            )
        ]

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
        limit = allowed_edits(term)
        if term in self.word_id:
            matches[term] = 1.0
            limit = min(limit, 1)  # a word the corpus has is rarely two typos off another
        if limit:
            for word in self._near(term, limit):
                matches.setdefault(word, 1.0 - 0.1 * OSA.distance(term, word))
        if len(term) >= 5:
            self._stems(term, matches)
        for form in self._forms(term):
            matches.setdefault(form, FORM_MATCH)
        for synonym in SYNONYMS.get(term, ()):
            if synonym in self.word_id:
                matches.setdefault(synonym, 0.8)
        if max(matches.values(), default=0.0) < STEM_MATCH and term.isalpha():
            for word, credit in neighbours(term, self.word_id).items():
                matches.setdefault(word, credit)
        return matches

    def _forms(self, term: str) -> list[str]:
        """Corpus words that are other forms of the term's lemmas ("held" for "hold")."""
        key = np.uint64(form_key(term))
        lo = int(np.searchsorted(self.form_key, key, side="left"))
        hi = int(np.searchsorted(self.form_key, key, side="right"))
        words = (self.vocabulary[i] for i in self.form_word[lo:hi].tolist())
        return [w for w in words if w != term]

    def _near(self, term: str, limit: int) -> list[str]:
        """Words within ``limit`` edits, found through shared one-letter deletions."""
        variants = _deletes(term)
        if limit > 1:
            variants |= {v2 for v in list(variants) for v2 in _deletes(v)}
        variants.add(term)
        found = {self.word_id[v] for v in variants if v in self.word_id}
        keys = np.fromiter((_crc(v) for v in variants), dtype=np.uint32, count=len(variants))
        lo = np.searchsorted(self.delete_hash, keys, side="left")
        hi = np.searchsorted(self.delete_hash, keys, side="right")
        for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
            found.update(self.delete_word[a:b].tolist())
        words = (self.vocabulary[i] for i in found)
        return [
            w for w in words if w != term and OSA.distance(term, w, score_cutoff=limit) <= limit
        ]

    def _stems(self, term: str, matches: dict[str, float]) -> None:
        """Same word, other ending: 'appreciate' ~ 'appreciated', 'relations' ~ 'relation'."""
        vocabulary = self.sorted_vocabulary
        i = bisect_left(vocabulary, term)
        while i < len(vocabulary) and vocabulary[i].startswith(term):
            if len(vocabulary[i]) - len(term) <= 4:
                matches.setdefault(vocabulary[i], STEM_MATCH)
            i += 1
        for size in range(max(5, len(term) - 4), len(term)):
            if term[:size] in self.word_id:
                matches.setdefault(term[:size], STEM_MATCH)

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


def _changes(ordered: np.ndarray) -> np.ndarray:
    """Where a sorted array starts a new value."""
    change = np.empty(len(ordered), dtype=bool)
    change[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=change[1:])
    return change


def _distinct(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A sorted array's distinct values and how often each occurs (np.unique hashes or
    copies; this only needs the sort the caller did in place)."""
    starts = np.flatnonzero(_changes(ordered))
    return ordered[starts], np.diff(np.append(starts, len(ordered)))


def _cut(text: str, spans: Sequence[tuple[int, int, int]], cues: Sequence[str]) -> list[Region]:
    """Statements and the narrative between them; a quote's own cue clause is neither."""
    regions: list[Region] = []
    cursor = 0
    cue = ""
    for (start, end, statement), next_cue in zip(spans, cues, strict=True):
        if start > cursor and _narrative(text[cursor:start], cue):
            regions.append(Region(cursor, start, None))
        regions.append(Region(start, end, statement))
        cursor, cue = max(cursor, end), next_cue
    if _narrative(text[cursor:], cue):
        regions.append(Region(cursor, len(text), None))
    return regions


def _narrative(gap: str, cue: str) -> bool:
    rest = gap.strip(_FILLER)
    if not rest:
        return False
    return not (cue and rest.startswith(cue) and len(rest) <= len(cue) + 2)
