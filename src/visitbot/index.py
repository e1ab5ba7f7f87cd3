"""The searchable form of a corpus, built once and kept compact so it scales and persists.

Paragraphs, their word tokens and their units (sentences and whole statements) live in flat
numpy arrays; a word's paragraphs live in an inverted index with term frequencies (for a fast
BM25 candidate stage); typo-tolerant word look-up uses a delete-neighbourhood table (the
SymSpell idea), so its cost does not grow with the vocabulary.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from rapidfuzz.distance import OSA

from visitbot.forms import form_key
from visitbot.layout import Region
from visitbot.models import Kind, Person
from visitbot.russian import (
    aspect_partners,
    compound_head,
    lemmas,
    name_like,
    one_typo_from,
    verbal_partners,
)
from visitbot.russian_countries import country_keys
from visitbot.semantic import has_vector, neighbours
from visitbot.speakers import PeopleMatcher
from visitbot.store import Sections
from visitbot.tables import KINDS, Documents, Statements, Texts
from visitbot.text import fold, is_cyrillic, words
from visitbot.wordtables import allowed_edits, crc, deletes

if TYPE_CHECKING:
    from visitbot.attribution.people import Introduction

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
TRANSLATION_MATCH = 0.85
"""How sure a dictionary translation is ("поддержка" for "support"): as sure as a shared stem
(the same meaning, maybe in another sense: "state" is "государство" and "состояние"), below
the word itself and its forms, so a passage in the language asked in comes first when both
say the same."""

SHARED_STEM = 7
SHORT_ENDING = 3
"""Two words that share their first :data:`SHARED_STEM` letters or more and differ only in
endings of up to :data:`SHORT_ENDING` letters are one word's family, as sure as a related one
("appreciation" ~ "appreciates", "cooperation" ~ "cooperative")."""
RELATED_MATCH = 0.8
"""How sure a word of related meaning is ("supports" for "backs", "arrival" for "arrive"; see
:mod:`visitbot.related`): as sure as the hand-kept synonyms, below a shared stem (0.85), so a
passage in the question's own words comes first when both say the same; less for a related
word more common than the word asked for, by the ratio of their weights."""


ARRAYS = (
    "doc_first", "doc_statements", "para_doc", "para_line", "para_text",
    "tokens", "para_tokens", "para_units", "para_regions",
    "unit_a", "unit_b", "unit_char", "unit_end", "unit_statement", "unit_level", "unit_region",
    "region_start", "region_end", "region_statement",
    "st_doc", "st_para", "st_start", "st_end", "st_kind", "st_speaker", "st_cue",
    "mention_offset", "mention_person", "speaker_offset", "speaker_para",
    "post_para", "df", "post_offset", "post_weight", "post_count",
    "pair_para", "pair_keys", "pair_offset",
    "delete_hash", "delete_word", "form_key", "form_word", "cross_key", "cross_word",
    "related_key", "related_word",
)  # fmt: skip
"""The index's arrays, by name (their meaning: :mod:`visitbot.build`, which makes them)."""


def _json(blobs: Mapping[str, bytes | memoryview], name: str, parsed: dict[str, Any]) -> Any:
    return parsed[name] if name in parsed else json.loads(bytes(blobs[name]))


def name_people(people: list[Person]) -> dict[str, list[int]]:
    """Which people (positions in ``people``) each word of a name stands for: "Modi" in a
    question is found in a paragraph that calls him "the Prime Minister"."""
    found: dict[str, list[int]] = {}
    for i, record in enumerate(people):
        for form in (record.name, *record.aliases):
            for word in words(form):
                if len(word) > 2 and i not in found.get(word, []):
                    found.setdefault(word, []).append(i)
    return found


class Index:
    """A corpus as the engine searches it, over the arrays of :class:`~visitbot.store.Sections`
    (mapped from the cache file, or fresh from :mod:`visitbot.build`)."""

    def __init__(
        self,
        sections: Sections,
        rows: list[list[Any]] | None = None,
        people: dict[str, Person] | None = None,
        parsed: dict[str, Any] | None = None,
    ) -> None:
        """``rows``, ``people`` and ``parsed`` (JSON sections by name): what the sections hold,
        when the caller has them already (a build does), so they need not be parsed again."""
        parsed = parsed or {}
        self.sections = sections
        arrays, blobs = sections.arrays, sections.blobs
        texts = Texts(blobs["texts"], arrays["para_text"])
        if rows is None:
            rows = json.loads(bytes(blobs["documents"]))
        self.documents = Documents(rows, arrays["doc_first"], texts, arrays["para_line"])
        if people is None:
            stored = json.loads(bytes(blobs["people"]))
            people = {p["id"]: Person.model_validate(p) for p in stored}
        self.people: dict[str, Person] = people
        order = list(self.people)
        self.people_order = order
        """People ids by position: statements, mentions and speakers number them so."""
        self.statements = Statements(arrays, self.documents, order, _json(blobs, "cues", parsed))
        self.files: list[list[Any] | None] = _json(blobs, "files", parsed)
        """Per document: the file it was read from, its size and time (None: not a file)."""
        self.fingerprint: str = sections.header["fingerprint"]
        vocabulary = bytes(blobs["vocabulary"]).decode("utf-8")
        self.vocabulary = vocabulary.split("\n") if vocabulary else []
        """Every corpus word, sorted: a word's id is its place here."""
        self.word_id = dict(zip(self.vocabulary, range(len(self.vocabulary)), strict=True))
        self.sorted_vocabulary = self.vocabulary
        self.doc_first: np.ndarray = arrays["doc_first"]
        self.doc_statements: np.ndarray = arrays["doc_statements"]
        self.para_doc: np.ndarray = arrays["para_doc"]
        self.para_line: np.ndarray = arrays["para_line"]
        self.para_text: np.ndarray = arrays["para_text"]
        self.tokens: np.ndarray = arrays["tokens"]
        self.para_tokens: np.ndarray = arrays["para_tokens"]
        self.para_units: np.ndarray = arrays["para_units"]
        self.para_regions: np.ndarray = arrays["para_regions"]
        self.unit_a: np.ndarray = arrays["unit_a"]
        self.unit_b: np.ndarray = arrays["unit_b"]
        self.unit_char: np.ndarray = arrays["unit_char"]
        self.unit_end: np.ndarray = arrays["unit_end"]
        self.unit_statement: np.ndarray = arrays["unit_statement"]
        self.unit_level: np.ndarray = arrays["unit_level"]
        self.unit_region: np.ndarray = arrays["unit_region"]
        self.region_start: np.ndarray = arrays["region_start"]
        self.region_end: np.ndarray = arrays["region_end"]
        self.region_statement: np.ndarray = arrays["region_statement"]
        self.st_doc: np.ndarray = arrays["st_doc"]
        self.st_para: np.ndarray = arrays["st_para"]
        self.st_start: np.ndarray = arrays["st_start"]
        self.st_end: np.ndarray = arrays["st_end"]
        self.st_kind: np.ndarray = arrays["st_kind"]
        self.st_speaker: np.ndarray = arrays["st_speaker"]
        self.st_cue: np.ndarray = arrays["st_cue"]
        self.mention_offset: np.ndarray = arrays["mention_offset"]
        self.mention_person: np.ndarray = arrays["mention_person"]
        self.speaker_offset: np.ndarray = arrays["speaker_offset"]
        self.speaker_para: np.ndarray = arrays["speaker_para"]
        self.post_para: np.ndarray = arrays["post_para"]
        self.df: np.ndarray = arrays["df"]
        self.post_offset: np.ndarray = arrays["post_offset"]
        self.post_weight: np.ndarray = arrays["post_weight"]
        self.post_count: np.ndarray = arrays["post_count"]
        self.pair_para: np.ndarray = arrays["pair_para"]
        self.pair_keys: np.ndarray = arrays["pair_keys"]
        self.pair_offset: np.ndarray = arrays["pair_offset"]
        self.delete_hash: np.ndarray = arrays["delete_hash"]
        self.delete_word: np.ndarray = arrays["delete_word"]
        self.form_key: np.ndarray = arrays["form_key"]
        self.form_word: np.ndarray = arrays["form_word"]
        self.cross_key: np.ndarray = arrays["cross_key"]
        self.cross_word: np.ndarray = arrays["cross_word"]
        self.related_key: np.ndarray = arrays["related_key"]
        self.related_word: np.ndarray = arrays["related_word"]
        self.first_paragraph: list[int] = self.doc_first[:-1].tolist()
        self.paragraph_count = max(1, len(self.para_doc))
        speakers = arrays["speaker_offset"].tolist()
        self.speaker_paragraphs = {
            who: self.speaker_para[speakers[k] : speakers[k + 1]]
            for k, who in enumerate(order)
            if speakers[k + 1] > speakers[k]
        }
        self.date_docs: dict[str, list[int]] = _json(blobs, "dates", parsed)
        """Year, month and its abbreviation ("2024", "august", "aug") → documents of that date."""
        self.title_docs: dict[str, list[int]] = _json(blobs, "titles", parsed)
        """Title word → the documents whose title has it."""
        self.name_people = name_people(list(self.people.values()))
        self.languages = frozenset(row[5] or "en" for row in rows)
        """The languages of the documents (those not known count as English)."""
        self.documents_read = 0
        """Documents read to make this index (0: it was mapped from the cache as it was)."""

    def named(self, word: str) -> set[int]:
        """The people (positions) a word of a question is a name word of; a Russian word by
        its lemmas too ("Цзиньпина" is a form of "Цзиньпин")."""
        found = set(self.name_people.get(word, ()))
        if not found and not word.isascii() and is_cyrillic(word):
            for lemma in lemmas(word):
                found.update(self.name_people.get(lemma, ()))
        return found

    @cached_property
    def matcher(self) -> PeopleMatcher:
        """Finds people in questions; made on first use (indexing never needs it)."""
        matcher = PeopleMatcher(list(self.people.values()))
        matcher.speech_verbs = self.speech_verbs
        return matcher

    @cached_property
    def speech_verbs(self) -> frozenset[str]:
        """Every form of the verbs attribution reads as speech (WordNet's, kept at indexing)."""
        blob = self.sections.blobs.get("speech_verbs")
        return frozenset(bytes(blob).decode().split("\n")) if blob else frozenset()

    def introduced(self) -> list[list[Introduction]]:
        """Per document, the people it introduces (what an update needs to learn people
        again without reading unchanged documents)."""
        # JSON gives each introduction as a list, which unpacks as the tuple did.
        return json.loads(bytes(self.sections.blobs["found"]))  # type: ignore[no-any-return]

    def form_keys(self) -> dict[str, list[str]]:
        """The people's known forms as attribution's lexicon keys them."""
        return json.loads(bytes(self.sections.blobs["form_keys"]))  # type: ignore[no-any-return]

    def mentions(self, g: int) -> np.ndarray:
        """Positions (in ``people``) of everyone paragraph g mentions."""
        return self.mention_person[self.mention_offset[g] : self.mention_offset[g + 1]]

    def docs_with(self, word: str) -> np.ndarray:
        """Documents whose title or text has the word (sorted)."""
        i = self.word_id.get(word)
        found = self.title_docs.get(word, [])
        if i is None:
            return np.asarray(found, dtype=np.int64)
        paragraphs = self.post_para[self.post_offset[i] : self.post_offset[i + 1]]
        return np.union1d(self.para_doc[paragraphs], found)

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
        return self.documents.texts[g]

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
        forms = self._forms(term)
        named = term in self.name_people  # "Trump", "Rice", "Moon": a name, not a word
        related = [] if named else self._linked(self.related_key, self.related_word, term)
        # An English word is meant as written: "cover" is no typo of "over", nor "spend" of
        # "speed" (a word with forms, relatives or a vector of its own is a word).
        meant = term.isascii() and not named and bool(forms or related or has_vector(term))
        if limit and not meant:
            for word in self._near(term, limit):
                matches.setdefault(word, 1.0 - 0.1 * OSA.distance(term, word))
        if len(term) >= 5:
            self._stems(term, matches)
        for form in forms:
            matches.setdefault(form, FORM_MATCH)
        if not term.isascii() and is_cyrillic(term):
            self._russian(term, matches)
        else:
            for word in self._translations(term):
                matches.setdefault(word, TRANSLATION_MATCH)
        for synonym in SYNONYMS.get(term, ()):
            if synonym in self.word_id:
                matches.setdefault(synonym, 0.8)
        # A related word much more common than the word asked for tells less: "states" is
        # "said" in some sense, but "said" is in every other paragraph.
        own = self.weight(term) or self.unknown_weight
        for word in related:
            matches.setdefault(word, RELATED_MATCH * min(1.0, self.weight(word) / own))
        if max(matches.values(), default=0.0) < STEM_MATCH and term.isalpha() and term.isascii():
            for word, credit in neighbours(term, self.word_id).items():
                matches.setdefault(word, credit)
        return matches

    def _russian(self, term: str, matches: dict[str, float]) -> None:
        """A Russian word's other forms (words of the corpus sharing a lemma with it), a
        name's transliteration, translations, and the forms of the noun it makes or the verb
        it is made of and of its country's other names (as sure as a shared stem); for a
        word the corpus has only misspelt,
        those of the corpus words it is a typo of ("подержку" → "поддержку" → "поддержка")."""
        typos = [(w, sim) for w, sim in matches.items() if sim < 1.0 and is_cyrillic(w)]
        for lemma in lemmas(term):
            if lemma != term and lemma in self.word_id:
                matches.setdefault(lemma, FORM_MATCH)
            for word in self._forms(lemma):
                matches.setdefault(word, FORM_MATCH)
            translated = self._translations(lemma)
            for partner in () if translated else aspect_partners(lemma):
                translated = translated or self._translations(partner)
            for word in translated:
                matches.setdefault(word, TRANSLATION_MATCH)
            if name_like(term) and (spelled := fold(lemma)) in self.word_id:
                matches.setdefault(spelled, FORM_MATCH)
            # "встретился" ~ "на встрече"; "турецким" ~ "Турции", "российский" ~ "РФ"
            for partner in (*verbal_partners(lemma), *country_keys(lemma)):
                for word in (partner, *self._forms(partner)):
                    if word in self.word_id:
                        matches.setdefault(word, STEM_MATCH)
        if not matches:
            typos = self._dictionary_typo(term)
            head = None if typos else compound_head(term)
            if head is not None:  # "госвизита" is a "визит", narrower
                for lemma in lemmas(head):
                    for word in (lemma, *self._forms(lemma)):
                        if word in self.word_id:
                            matches.setdefault(word, STEM_MATCH)
        for typo, sim in typos:
            for lemma in lemmas(typo):
                for word in (lemma, *self._forms(lemma)):
                    if word in self.word_id:
                        matches.setdefault(word, sim * FORM_MATCH)
                for word in self._translations(lemma):
                    matches.setdefault(word, sim * TRANSLATION_MATCH)

    def _dictionary_typo(self, term: str) -> list[tuple[str, float]]:
        """For a Russian word that matches nothing and that the dictionary does not know:
        the dictionary's word one typo away whose lemma the corpus has in some form (or
        translated), when only one lemma does ("прошол" → "прошел", a form of "пройти" as
        the corpus's "прошли" is)."""
        found: dict[str, str] = {}
        for word in one_typo_from(term):
            for lemma in lemmas(word):
                if lemma in self.word_id or self._forms(lemma) or self._translations(lemma):
                    found.setdefault(lemma, word)
        if len(found) != 1:
            return []
        return [(next(iter(found.values())), 1.0 - 0.1 * OSA.distance(term, *found.values()))]

    def _forms(self, term: str) -> list[str]:
        """Corpus words that are other forms of the term's lemmas ("held" for "hold"; for a
        Russian lemma, its corpus forms; for a name, its spellings in Cyrillic)."""
        return self._linked(self.form_key, self.form_word, term)

    def _translations(self, term: str) -> list[str]:
        """Corpus words the term (a Russian lemma or an English word) translates."""
        return self._linked(self.cross_key, self.cross_word, term)

    def _linked(self, keys: np.ndarray, owners: np.ndarray, term: str) -> list[str]:
        key = np.uint64(form_key(term))
        lo = int(np.searchsorted(keys, key, side="left"))
        hi = int(np.searchsorted(keys, key, side="right"))
        words = (self.vocabulary[i] for i in owners[lo:hi].tolist())
        return [w for w in words if w != term]

    def _near(self, term: str, limit: int) -> list[str]:
        """Words within ``limit`` edits, found through shared one-letter deletions."""
        variants = deletes(term)
        if limit > 1:
            variants |= {v2 for v in list(variants) for v2 in deletes(v)}
        variants.add(term)
        found = {self.word_id[v] for v in variants if v in self.word_id}
        keys = np.fromiter((crc(v) for v in variants), dtype=np.uint32, count=len(variants))
        lo = np.searchsorted(self.delete_hash, keys, side="left")
        hi = np.searchsorted(self.delete_hash, keys, side="right")
        hit = np.flatnonzero(hi > lo)  # most variants are no word's deletion
        for a, b in zip(lo[hit].tolist(), hi[hit].tolist(), strict=True):
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
        # One stem, two short endings ("appreciation" ~ "appreciates"), where WordNet links no
        # such forms: a stem this long is one word's.
        stem = term[: max(SHARED_STEM, len(term) - SHORT_ENDING)]
        if len(term) - len(stem) <= SHORT_ENDING and len(stem) >= SHARED_STEM:
            i = bisect_left(vocabulary, stem)
            while i < len(vocabulary) and vocabulary[i].startswith(stem):
                if len(vocabulary[i]) - len(stem) <= SHORT_ENDING:
                    matches.setdefault(vocabulary[i], RELATED_MATCH)
                i += 1

    def speaker_id(self, statement: int) -> str | None:
        speaker = int(self.st_speaker[statement])
        return None if speaker < 0 else self.people_order[speaker]

    def speaker_name(self, statement: int | None) -> str | None:
        if statement is None:
            return None
        speaker = int(self.st_speaker[statement])
        return None if speaker < 0 else self.people[self.people_order[speaker]].name

    def kind(self, statement: int | None) -> Kind:
        return Kind.NARRATIVE if statement is None else KINDS[int(self.st_kind[statement])]

    def statement_counts(self) -> dict[str, Counter[Kind]]:
        """Per speaker, how many statements of each kind."""
        said = self.st_speaker >= 0
        pairs = self.st_speaker[said].astype(np.int64) * len(KINDS) + self.st_kind[said]
        values, counts = np.unique(pairs, return_counts=True)
        found: dict[str, Counter[Kind]] = {}
        for value, count in zip(values.tolist(), counts.tolist(), strict=True):
            who = self.people_order[value // len(KINDS)]
            found.setdefault(who, Counter())[KINDS[value % len(KINDS)]] = count
        speakers, first = np.unique(self.st_speaker[said], return_index=True)
        in_order = speakers[np.argsort(first)].tolist()  # as the documents first quote them
        return {self.people_order[k]: found[self.people_order[k]] for k in in_order}
