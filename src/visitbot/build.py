"""Building the index, from scratch or by updating the previous index of the same corpus.

Per document, everything is computed from the document alone (the people it introduces, its
layout) or from it and the people known (its statements). An update keeps what the previous
index computed for every unchanged document and computes the rest:

* the people are learned again from every document's stored introductions (cheap), so names,
  spellings and roles are exactly those a full build would learn;
* a document is read again when it is new or changed, or when a change among the people could
  change its reading: the people whose records changed, and the known forms (names, roles,
  titles) that appeared or disappeared, are looked up in the previous index, and a document
  holding every word of such a form is read again. A document holding none of them meets only
  unchanged forms and owners when attribution scans it, so its reading is the same;
* the arrays are then assembled from the kept documents' slices and the new results, and the
  corpus-wide tables (postings, word pairs, typo and word-form tables) are derived again; per
  word results (typo deletions, word forms) are computed only for words new to the corpus.

A full build is an update from nothing, through the same code; a test compares the two.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from array import array
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from visitbot.attribution import Attributor, introductions, people_from
from visitbot.attribution.coordinator import Reading
from visitbot.attribution.cues import speech_verb_forms
from visitbot.attribution.people import Introduction, bare_heads
from visitbot.corpus import CorpusError, FileRecord, file_record, read_document
from visitbot.index import Index
from visitbot.language import reads
from visitbot.layout import Layout, lay_out
from visitbot.models import Document, Person
from visitbot.postings import Kept, postings
from visitbot.speakers import forget_forms, form_tokens, remember_forms
from visitbot.store import Sections
from visitbot.tables import KINDS, RULE_SEPARATOR, document_row
from visitbot.text import words
from visitbot.wordtables import WordWork, merged_tables
from visitbot.workers import PARALLEL_FROM, PerDocument

log = logging.getLogger(__name__)


class _Fresh(NamedTuple):
    reading: Reading
    layout: Layout


class _Stale(Exception):
    """A kept document refers to someone the new people lack: rebuild from scratch."""


def build_index(
    documents: Sequence[Document],
    registry: Sequence[Person],
    workers: PerDocument | None = None,
    files: Sequence[FileRecord | None] | None = None,
) -> Index:
    """Index documents from scratch (``files``: where each came from, for later updates)."""
    records = list(files) if files is not None else [None] * len(documents)
    return _Builder(registry, workers or PerDocument(), None).run(
        [(document, None, record) for document, record in zip(documents, records, strict=True)]
    )


def update_index(
    previous: Index | None,
    found: Sequence[tuple[str, os.stat_result]],
    registry: Sequence[Person],
    workers: PerDocument | None = None,
) -> Index:
    """The index of the corpus files ``found``, reusing ``previous`` for the files it holds
    unchanged (same path, size and time). Reads only new and changed files."""
    workers = workers or PerDocument()
    kept: dict[FileRecord, int] = {}
    if previous is not None:
        kept = {(r[0], r[1], r[2]): d for d, r in enumerate(previous.files) if r is not None}
    items: list[tuple[Document | None, int | None, FileRecord | None]] = []
    seen: dict[str, str] = {}
    for path, stat in found:
        record = file_record(path, stat)
        old = kept.get(record)
        document = None if old is not None else read_document(Path(path))
        doc_id = document.id if document is not None else previous.documents.rows[old][0]  # type: ignore[union-attr,index]
        if doc_id in seen:
            raise CorpusError(path, f"document id {doc_id!r} is also used by {seen[doc_id]}")
        seen[doc_id] = path
        items.append((document, old, record))
    if previous is not None:
        try:
            return _Builder(registry, workers, previous).run(items)
        except _Stale:
            log.info("rebuilding the index from scratch")
    full = [
        (document if document is not None else previous.documents[old], None, record)  # type: ignore[union-attr,index]
        for document, old, record in items
    ]
    return _Builder(registry, workers, None).run(full)


class _Builder:
    def __init__(
        self, registry: Sequence[Person], workers: PerDocument, previous: Index | None
    ) -> None:
        self.registry = registry
        self.workers = workers
        self.previous = previous

    def run(self, items: Sequence[tuple[Document | None, int | None, FileRecord | None]]) -> Index:
        """``items``: per document of the new index, in order, either a document to read or
        the number of an unchanged one in the previous index, and its file record."""
        previous = self.previous
        if previous is not None:
            remember_forms(previous.form_keys())
        try:
            return self._run(items)
        finally:
            forget_forms()

    def _run(self, items: Sequence[tuple[Document | None, int | None, FileRecord | None]]) -> Index:
        previous = self.previous
        new_docs = [doc for doc, _, _ in items if doc is not None]
        word_work = None
        if previous is not None:
            # Words new to the corpus are known now: their rows are made meanwhile.
            texts = (p.text for d in new_docs for p in d.paragraphs)
            new_words = {w for text in texts for w in words(text)} - previous.word_id.keys()
            large = len(previous.para_doc) >= PARALLEL_FROM
            word_work = WordWork(sorted(new_words), background=large)
        introduced_new = self.workers.map(introductions, new_docs, "people")
        old_found = previous.introduced() if previous is not None else []
        found: list[list[Introduction]] = []
        fresh_iter = iter(introduced_new)
        for doc, old, _ in items:
            found.append(next(fresh_iter) if doc is not None else old_found[old])  # type: ignore[index]
        people = people_from(found, self.registry)
        affected = self._affected(people) if previous is not None else set()
        to_read: list[Document] = []
        sources: list[int] = []  # per item: pool document number
        for doc, old, _ in items:
            if doc is None and old not in affected:
                sources.append(old)  # type: ignore[arg-type]
                continue
            sources.append(-1 - len(to_read))
            to_read.append(doc if doc is not None else previous.documents[old])  # type: ignore[union-attr,index]
        attributor = Attributor(people)
        fresh = self.workers.map(lambda d: _read(attributor, d), to_read, "statements")
        if previous is not None:
            log.info(
                "index update: %d of %d documents read, %d kept",
                len(to_read), len(items), len(items) - len(to_read),
            )  # fmt: skip
        index = _assemble(previous, to_read, fresh, sources, items, found, people, word_work)
        index.documents_read = len(to_read)
        return index

    def _affected(self, people: Sequence[Person]) -> set[int]:
        """Previous documents whose reading a change among the people may change."""
        previous = self.previous
        assert previous is not None
        before = previous.people
        after = {p.id: p for p in people}
        forms: set[tuple[str, ...]] = set()
        for pid in before.keys() | after.keys():
            if before.get(pid) != after.get(pid):
                for record in (before.get(pid), after.get(pid)):
                    if record is not None:
                        forms.update(form_tokens(f) for f in (record.name, *record.aliases))
        forms |= _lexicon_keys(list(before.values())) ^ _lexicon_keys(people)
        affected: set[int] = set()
        for key in forms:
            needed = [w for token in key for w in words(token)]
            if not needed:
                return set(range(len(previous.documents)))  # a form with no indexed word
            docs = previous.docs_with(needed[0])
            for word in needed[1:]:
                if not len(docs):
                    break
                docs = np.intersect1d(docs, previous.docs_with(word))
            affected.update(docs.tolist())
        return affected


def _read(attributor: Attributor, document: Document) -> _Fresh:
    """A document's statements and layout. Text in a language attribution does not read is
    narrative: its people are still found (a question naming them finds the paragraph), but
    no words are given to anyone by conventions of another language."""
    reading = attributor.read(document)
    if not reads(document.language):
        reading = Reading([], reading.mentioned)
    return _Fresh(reading, lay_out(document, reading.statements))


def _form_keys(people: Sequence[Person]) -> dict[str, tuple[str, ...]]:
    """Every form of these people's lexicon with its key (kept for the next update)."""
    forms = {form for p in people for form in (p.name, *p.aliases, *p.roles, *p.titles)}
    forms.update(bare_heads(people))
    return {form: form_tokens(form) for form in sorted(forms)}


def _lexicon_keys(people: Sequence[Person]) -> set[tuple[str, ...]]:
    """Every form attribution's lexicon knows (see speakers.Lexicon)."""
    keys = {form_tokens(form) for p in people for form in (p.name, *p.aliases, *p.roles, *p.titles)}
    keys.update(form_tokens(form) for form in bare_heads(people))
    keys.discard(())
    return keys


# --- assembly ------------------------------------------------------------------------------------


class Split(NamedTuple):
    """A pool column: the previous index's values, then the fresh ones (never joined: the
    values taken are copied once, from where they are)."""

    old: np.ndarray
    fresh: np.ndarray


class Take(NamedTuple):
    """Which values a reordered CSR table keeps: runs of consecutive values, as slices (an
    update keeps long runs of unchanged documents, so copying runs beats indexing values)."""

    starts: list[int]
    ends: list[int]

    def of(self, column: Split) -> np.ndarray:
        split = len(column.old)
        parts = []
        for a, b in zip(self.starts, self.ends, strict=True):
            if a < split:
                parts.append(column.old[a : min(b, split)])
            if b > split:
                parts.append(column.fresh[max(a, split) - split : b - split])
        if len(parts) == 1:
            return parts[0]  # a view: nothing here writes into it
        dtype = np.result_type(column.old, column.fresh)
        return np.concatenate(parts).astype(dtype, copy=False) if parts else column.old[:0]

    def rows(self) -> np.ndarray:
        """The values' positions, as an index array."""
        parts = [np.arange(a, b) for a, b in zip(self.starts, self.ends, strict=True)]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def gather(offsets: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, Take]:
    """Rows of a CSR table in a new order: the new offsets, and which values to take."""
    starts = offsets[rows]
    ends = offsets[rows + 1]
    new_offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(ends - starts, out=new_offsets[1:])
    # Runs: a row whose values do not follow the previous row's starts a new slice.
    breaks = np.flatnonzero(starts[1:] != ends[:-1]) + 1
    first = np.concatenate(([0], breaks)).astype(np.int64)
    last = np.concatenate((breaks - 1, [len(rows) - 1])).astype(np.int64)
    if not len(rows):
        return new_offsets, Take([], [])
    return new_offsets, Take(starts[first].tolist(), ends[last].tolist())


def _offsets(counts: Sequence[int] | np.ndarray) -> np.ndarray:
    out = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(np.asarray(counts, dtype=np.int64), out=out[1:])
    return out


def _join(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Two CSR offset arrays as one (the second's values follow the first's)."""
    return np.concatenate((first, second[1:] + first[-1]))


class _Pool(NamedTuple):
    """Documents of the previous index followed by freshly read ones, every table numbered
    per document (statements and regions) or per pool (words, people)."""

    doc_first: np.ndarray  # per pool document: its paragraphs
    doc_statements: np.ndarray  # per pool document: its statements
    para: dict[str, tuple[np.ndarray, dict[str, Split]]]  # CSR per paragraph
    para_line: Split
    statements: dict[str, Split]


def _assemble(
    previous: Index | None,
    read: Sequence[Document],
    fresh: Sequence[_Fresh],
    sources: Sequence[int],
    items: Sequence[tuple[Document | None, int | None, FileRecord | None]],
    found: Sequence[list[Introduction]],
    people_list: Sequence[Person],
    word_work: WordWork | None,
) -> Index:
    people = {p.id: p for p in people_list}
    order = list(people)
    position = {pid: k for k, pid in enumerate(order)}
    # Words: the previous vocabulary, then words only fresh documents use.
    pool_vocabulary = list(previous.vocabulary) if previous is not None else []
    # A new word gets the next id, inside C: ids = map(pool_word.__getitem__, tokens).
    pool_word: defaultdict[str, int] = defaultdict()
    pool_word.update(zip(pool_vocabulary, range(len(pool_vocabulary)), strict=True))
    pool_word.default_factory = pool_word.__len__
    first_new_word = len(pool_vocabulary)
    ids = array("q")
    for f in fresh:
        ids.extend(map(pool_word.__getitem__, f.layout.tokens))
    fresh_tokens = np.frombuffer(ids, dtype=np.int64).astype(np.int32)
    pool_vocabulary.extend(list(pool_word)[first_new_word:])
    # Typo and form rows for the new words, in another process while the rest is assembled
    # (word forms need lemminflect's dictionary: half a second to load).
    if word_work is None:
        large = sum(len(f.layout.para_tokens) for f in fresh) >= PARALLEL_FROM
        word_work = WordWork(pool_vocabulary[first_new_word:], background=large)
    cues: dict[str, int] = {}
    if previous is not None:
        old_cues = previous.statements.cues
        cues = dict(zip(old_cues, range(len(old_cues)), strict=True))
    pool = _pool(previous, read, fresh, fresh_tokens, position, cues)
    old_docs = len(previous.documents) if previous is not None else 0
    doc_rows = np.asarray([s if s >= 0 else old_docs - 1 - s for s in sources], dtype=np.int64)
    doc_first, para_rows = gather(pool.doc_first, doc_rows)
    arrays: dict[str, np.ndarray] = {"doc_first": doc_first}
    counts = np.diff(doc_first)
    para_doc = np.repeat(np.arange(len(doc_rows), dtype=np.int32), counts)
    arrays["para_doc"] = para_doc
    arrays["para_line"] = para_rows.of(pool.para_line)
    taken: dict[str, tuple[np.ndarray, dict[str, np.ndarray]]] = {}
    paragraph_rows = para_rows.rows()
    for table, (offsets, columns) in pool.para.items():
        new_offsets, take = gather(offsets, paragraph_rows)
        taken[table] = (new_offsets, {name: take.of(column) for name, column in columns.items()})
    doc_statements, statement_rows = gather(pool.doc_statements, doc_rows)
    arrays["doc_statements"] = doc_statements
    statements = {name: statement_rows.of(column) for name, column in pool.statements.items()}
    statements["st_doc"] = np.repeat(
        np.arange(len(doc_rows), dtype=np.int32), np.diff(doc_statements)
    )
    # Statement and region numbers become the index's own.
    para_regions, regions = taken["regions"]
    doc_regions = para_regions[doc_first]
    region_doc = np.repeat(para_doc, np.diff(para_regions))
    regions["region_statement"] = _globalise(
        regions["region_statement"], doc_statements, region_doc
    )
    para_units, units = taken["units"]
    unit_doc = np.repeat(para_doc, np.diff(para_units))
    units["unit_statement"] = _globalise(units["unit_statement"], doc_statements, unit_doc)
    units["unit_region"] = (units["unit_region"] + doc_regions[unit_doc]).astype(np.int32)
    # Cues: the ones still used, sorted (as a full build would number them).
    cue_list = list(cues)
    used_cues = sorted(np.unique(statements["st_cue"]).tolist(), key=cue_list.__getitem__)
    remap = np.zeros(len(cue_list) + 1, dtype=np.int32)
    remap[used_cues] = np.arange(len(used_cues), dtype=np.int32)
    statements["st_cue"] = remap[statements["st_cue"]]
    cue_table = [cue_list[i] for i in used_cues]
    # Words: the vocabulary the new index uses, sorted; ids renumbered.
    para_tokens, token_columns = taken["tokens"]
    pool_tokens = token_columns["tokens"]
    used = np.flatnonzero(np.bincount(pool_tokens, minlength=len(pool_vocabulary)))
    used_words = [pool_vocabulary[i] for i in used.tolist()]
    ranked = sorted(range(len(used_words)), key=used_words.__getitem__)
    new_id = np.full(len(pool_vocabulary) + 1, -1, dtype=np.int64)
    new_id[used[ranked]] = np.arange(len(ranked))
    vocabulary = [used_words[i] for i in ranked]
    tokens = new_id[pool_tokens].astype(np.int32)
    arrays.update(
        tokens=tokens,
        para_tokens=para_tokens,
        para_units=para_units,
        para_regions=para_regions,
        **units,
        **regions,
        **statements,
    )
    mention_offset, mention_columns = taken["mentions"]
    arrays["mention_offset"] = mention_offset
    arrays["mention_person"] = mention_columns["mention_person"]
    arrays.update(_speakers(statements, doc_first, len(order)))
    old_paragraphs = len(previous.para_doc) if previous is not None else 0
    fresh_paragraphs = np.flatnonzero(paragraph_rows >= old_paragraphs)
    kept = None
    if previous is not None:
        new_paragraph = np.full(old_paragraphs + 1, -1, dtype=np.int32)
        old = paragraph_rows < old_paragraphs
        new_paragraph[paragraph_rows[old]] = np.flatnonzero(old)
        a = previous.sections.arrays
        kept = Kept(
            a["post_para"], a["post_offset"], a["post_count"], a["pair_keys"],
            a["pair_offset"], a["pair_para"], len(previous.vocabulary),
            new_id[: len(previous.vocabulary)], new_paragraph,
        )  # fmt: skip
    arrays.update(postings(tokens, para_tokens, len(vocabulary), fresh_paragraphs, kept))
    owners = new_id[[pool_word[w] for w in word_work.words]]
    arrays.update(merged_tables(word_work.result(), owners, previous, new_id))
    for name in ("unit_a", "unit_b", "unit_char", "unit_end", "unit_level"):
        arrays[name] = arrays[name].astype(np.int32)
    arrays["region_start"] = arrays["region_start"].astype(np.int32)
    arrays["region_end"] = arrays["region_end"].astype(np.int32)
    # Documents, their texts and metadata.
    texts_offsets, text_columns = taken["texts"]
    arrays["para_text"] = texts_offsets
    text_blob = text_columns["bytes"].tobytes()
    fresh_rows = [document_row(d) for d in read]
    rows = [
        fresh_rows[-1 - s] if s < 0 else previous.documents.rows[s]  # type: ignore[union-attr]
        for s in sources
    ]
    dates: dict[str, list[int]] = {}
    titles: dict[str, list[int]] = {}
    for d, row in enumerate(rows):
        for word in sorted(set(words(row[1]))):
            titles.setdefault(word, []).append(d)
        year, month = row[2][:4], _MONTHS[int(row[2][5:7]) - 1]
        for word in (year, month, month[:3]):
            dates.setdefault(word, []).append(d)
    people_json = json.dumps([p.model_dump(mode="json") for p in people.values()])
    documents_json = json.dumps(rows)
    digest = hashlib.sha256()
    digest.update(json.dumps([row[:-1] for row in rows]).encode())
    digest.update(text_blob)
    digest.update(people_json.encode())
    blobs: dict[str, bytes] = {
        "texts": text_blob,
        "documents": documents_json.encode(),
        "people": people_json.encode(),
        "cues": json.dumps(cue_table).encode(),
        "files": json.dumps([record for _, _, record in items]).encode(),
        "found": json.dumps(found).encode(),
        "form_keys": json.dumps(_form_keys(list(people.values()))).encode(),
        "vocabulary": "\n".join(vocabulary).encode(),
        "dates": json.dumps(dates).encode(),
        "titles": json.dumps(titles).encode(),
        "speech_verbs": "\n".join(speech_verb_forms()).encode(),
    }
    header = {"fingerprint": digest.hexdigest()[:6]}
    files = [None if record is None else list(record) for _, _, record in items]
    parsed = {"cues": cue_table, "files": files, "dates": dates, "titles": titles}
    return Index(Sections(arrays, blobs, header), rows, people, parsed)


_MONTHS = (
    "january february march april may june july august september october november december"
).split()


def _globalise(local: np.ndarray, doc_statements: np.ndarray, doc: np.ndarray) -> np.ndarray:
    """A document's own statement numbers (-1: none) as the index's."""
    out = local.astype(np.int32)
    said = out >= 0
    out[said] += doc_statements[doc[said]].astype(np.int32)
    return out


def _pool(
    previous: Index | None,
    read: Sequence[Document],
    fresh: Sequence[_Fresh],
    fresh_tokens: np.ndarray,
    position: dict[str, int],
    cues: dict[str, int],
) -> _Pool:
    """The previous index's tables (numbered per document) followed by the fresh ones."""
    layouts = [f.layout for f in fresh]
    paragraph_counts = [len(layout.para_tokens) for layout in layouts]
    units = np.array([u for lay in layouts for u in lay.units], dtype=np.int32).reshape(-1, 7)
    regions = np.array([r for lay in layouts for r in lay.regions], dtype=np.int32).reshape(-1, 3)
    said = [s for f in fresh for s in f.reading.statements]
    mentioned = [people for f in fresh for people in f.reading.mentioned]
    texts = [p.text.encode() for d in read for p in d.paragraphs]
    fresh_tables: dict[str, tuple[np.ndarray, dict[str, np.ndarray]]] = {
        "tokens": (
            _offsets([c for lay in layouts for c in lay.para_tokens]),
            {"tokens": fresh_tokens},
        ),
        "units": (
            _offsets([c for lay in layouts for c in lay.para_units]),
            {
                name: units[:, k]
                for k, name in enumerate(
                    (
                        "unit_a",
                        "unit_b",
                        "unit_char",
                        "unit_end",
                        "unit_statement",
                        "unit_level",
                        "unit_region",
                    )
                )
            },
        ),
        "regions": (
            _offsets([c for lay in layouts for c in lay.para_regions]),
            {
                name: regions[:, k]
                for k, name in enumerate(("region_start", "region_end", "region_statement"))
            },
        ),
        "mentions": (
            _offsets([len(m) for m in mentioned]),
            {
                "mention_person": np.asarray(
                    [position[p] for m in mentioned for p in m], dtype=np.int32
                )
            },
        ),
        "texts": (
            _offsets([len(t) for t in texts]),
            {"bytes": np.frombuffer(b"".join(texts), dtype=np.uint8)},
        ),
    }
    fresh_statements: dict[str, np.ndarray] = {
        "st_para": np.asarray([s.paragraph for s in said], dtype=np.int32),
        "st_start": np.asarray([s.start for s in said], dtype=np.int32),
        "st_end": np.asarray([s.end for s in said], dtype=np.int32),
        "st_kind": np.asarray([KINDS.index(s.kind) for s in said], dtype=np.int8),
        "st_speaker": np.asarray(
            [-1 if s.speaker is None else position[s.speaker] for s in said], dtype=np.int32
        ),
        "st_cue": np.asarray(
            [cues.setdefault(f"{s.rule}{RULE_SEPARATOR}{s.cue}", len(cues)) for s in said],
            dtype=np.int32,
        ),
    }
    fresh_doc_first = _offsets(paragraph_counts)
    fresh_doc_statements = _offsets([len(f.reading.statements) for f in fresh])
    fresh_lines = np.asarray([p.line for d in read for p in d.paragraphs], dtype=np.int32)
    old = _previous_tables(previous, position) if previous is not None else None

    def old_column(table: str, name: str) -> np.ndarray:
        if old is None:
            return fresh_tables[table][1][name][:0]
        return old.para[table][1][name].old

    para = {
        table: (
            _join(old.para[table][0], offsets) if old is not None else offsets,
            {c: Split(old_column(table, c), column) for c, column in columns.items()},
        )
        for table, (offsets, columns) in fresh_tables.items()
    }
    statements = {
        name: Split(old.statements[name].old if old is not None else column[:0], column)
        for name, column in fresh_statements.items()
    }
    return _Pool(
        _join(old.doc_first, fresh_doc_first) if old is not None else fresh_doc_first,
        _join(old.doc_statements, fresh_doc_statements)
        if old is not None
        else fresh_doc_statements,
        para,
        Split(old.para_line.old if old is not None else fresh_lines[:0], fresh_lines),
        statements,
    )


def _previous_tables(previous: Index, position: dict[str, int]) -> _Pool:
    """The previous index's tables, numbered per document, people by their new positions."""
    a = previous.sections.arrays
    people_now = np.asarray(
        [position.get(pid, -1) for pid in previous.people_order] + [-1], dtype=np.int32
    )
    para_doc = a["para_doc"]
    unit_doc = np.repeat(para_doc, np.diff(a["para_units"]))
    region_doc = np.repeat(para_doc, np.diff(a["para_regions"]))
    doc_statements = a["doc_statements"]
    doc_regions = a["para_regions"][a["doc_first"][:-1]] if len(para_doc) else np.zeros(0, np.int64)

    def local(statement: np.ndarray, doc: np.ndarray) -> np.ndarray:
        out = statement.copy()
        said = out >= 0
        out[said] -= doc_statements[doc[said]]
        return out

    speakers = people_now[a["st_speaker"]]
    mentioned = people_now[a["mention_person"]]
    if (speakers[a["st_speaker"] >= 0] < 0).any() or (mentioned < 0).any():
        raise _Stale
    units = {name: a[name] for name in ("unit_a", "unit_b", "unit_char", "unit_end", "unit_level")}
    units["unit_statement"] = local(a["unit_statement"], unit_doc)
    units["unit_region"] = a["unit_region"] - doc_regions[unit_doc]
    tables: dict[str, tuple[np.ndarray, dict[str, np.ndarray]]] = {
        "tokens": (a["para_tokens"], {"tokens": a["tokens"]}),
        "units": (a["para_units"], units),
        "regions": (
            a["para_regions"],
            {
                "region_start": a["region_start"],
                "region_end": a["region_end"],
                "region_statement": local(a["region_statement"], region_doc),
            },
        ),
        "mentions": (a["mention_offset"], {"mention_person": mentioned}),
        "texts": (
            a["para_text"],
            {"bytes": np.frombuffer(previous.sections.blobs["texts"], dtype=np.uint8)},
        ),
    }
    statements = {
        "st_para": a["st_para"],
        "st_start": a["st_start"],
        "st_end": a["st_end"],
        "st_kind": a["st_kind"],
        "st_speaker": speakers,
        "st_cue": a["st_cue"],
    }
    return _Pool(
        a["doc_first"],
        doc_statements,
        {t: (o, {c: Split(v, v[:0]) for c, v in cols.items()}) for t, (o, cols) in tables.items()},
        Split(a["para_line"], a["para_line"][:0]),
        {name: Split(v, v[:0]) for name, v in statements.items()},
    )


def _speakers(
    statements: dict[str, np.ndarray], doc_first: np.ndarray, people: int
) -> dict[str, np.ndarray]:
    """Per speaker (CSR by people position), the paragraphs they speak in."""
    said = statements["st_speaker"] >= 0
    paragraph = doc_first[statements["st_doc"][said]] + statements["st_para"][said] - 1
    keys = np.unique(statements["st_speaker"][said].astype(np.int64) * (1 << 32) + paragraph)
    speaker = keys >> 32
    return {
        "speaker_offset": _offsets(np.bincount(speaker, minlength=people)),
        "speaker_para": (keys & 0xFFFFFFFF).astype(np.int32),
    }
