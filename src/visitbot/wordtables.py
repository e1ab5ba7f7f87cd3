"""Per-word tables: one-letter deletions for typo look-up (the SymSpell idea), the other
forms of each word (English inflections, see :mod:`visitbot.forms`; Russian lemmas and names'
transliterations) and its translations (see :mod:`visitbot.wordlinks`). A word's rows depend
on the word alone, so an update computes them only for words new to the corpus and keeps the
rest, renumbered.
"""

from __future__ import annotations

import multiprocessing
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from visitbot import bilingual
from visitbot.forms import form_key, form_pairs, release_dictionary
from visitbot.related import related_pairs
from visitbot.wordlinks import russian_form_pairs, translation_pairs
from visitbot.workers import cores

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

    from visitbot.index import Index


class WordRows(NamedTuple):
    """Rows for a list of words; owners are positions in that list."""

    delete_hash: np.ndarray
    delete_owner: np.ndarray
    form_key: np.ndarray
    form_owner: np.ndarray
    cross_key: np.ndarray
    cross_owner: np.ndarray
    related_key: np.ndarray
    related_owner: np.ndarray


def allowed_edits(word: str) -> int:
    """Typos tolerated in a word: none in short words, two only in long ones."""
    return 0 if len(word) <= 4 else 1 if len(word) <= 8 else 2


def crc(text: str) -> int:
    return zlib.crc32(text.encode())


def deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def word_rows(words: Sequence[str]) -> WordRows:
    hashes: list[int] = []
    owners: list[int] = []
    for i, word in enumerate(words):
        if allowed_edits(word):
            variants = deletes(word)
            hashes.extend(crc(v) for v in variants)
            owners.extend([i] * len(variants))
    position = {w: i for i, w in enumerate(words)}
    pairs = {(form_key(f), position[w]) for f, w in form_pairs(words)}
    pairs.update((form_key(f), position[w]) for f, w in russian_form_pairs(words))
    cross = {(form_key(t), position[w]) for t, w in translation_pairs(words)} if words else set()
    related = {(form_key(r), position[w]) for r, w in related_pairs(words)}
    if words:
        release_dictionary()
        bilingual.release()
    return WordRows(
        np.asarray(hashes, dtype=np.uint32),
        np.asarray(owners, dtype=np.int64),
        *_columns(pairs),
        *_columns(cross),
        *_columns(related),
    )


def _columns(pairs: set[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """(key, owner) pairs as a key column and an owner column."""
    ordered = sorted(pairs)
    return (
        np.asarray([k for k, _ in ordered], dtype=np.uint64),
        np.asarray([w for _, w in ordered], dtype=np.int64),
    )


class WordWork:
    """``word_rows`` of the new words, in a forked process when there is a core to spare
    and enough other work to overlap with, else here."""

    def __init__(self, words: Sequence[str], background: bool) -> None:
        self.words = list(words)
        self._pending: AsyncResult[WordRows] | None = None
        self._pool = None
        forking = "fork" in multiprocessing.get_all_start_methods()
        if background and self.words and forking and cores() > 1:
            self._pool = multiprocessing.get_context("fork").Pool(1)
            self._pending = self._pool.apply_async(word_rows, (self.words,))

    def result(self) -> WordRows:
        if self._pending is None or self._pool is None:
            return word_rows(self.words)
        try:
            return self._pending.get()
        finally:
            self._pool.close()
            self._pool.join()


def merged_tables(
    rows: WordRows, owners: np.ndarray, previous: Index | None, new_id: np.ndarray
) -> dict[str, np.ndarray]:
    """The previous index's rows for words still used (``new_id``: old word id → new) and
    the new words' rows (``owners``: their new ids), sorted by key (and by word where keys
    tie, as a full build sorts)."""
    tables: dict[str, np.ndarray] = {}
    for key_name, word_name, keys, rows_owner in (
        ("delete_hash", "delete_word", rows.delete_hash, rows.delete_owner),
        ("form_key", "form_word", rows.form_key, rows.form_owner),
        ("cross_key", "cross_word", rows.cross_key, rows.cross_owner),
        ("related_key", "related_word", rows.related_key, rows.related_owner),
    ):
        word = owners[rows_owner]
        if previous is not None:
            old_word = new_id[getattr(previous, word_name)]
            kept = old_word >= 0
            keys = np.concatenate((getattr(previous, key_name)[kept], keys))
            word = np.concatenate((old_word[kept], word))
        order = np.lexsort((word, keys))
        tables[key_name] = keys[order]
        tables[word_name] = word[order].astype(np.int32)
    return tables
