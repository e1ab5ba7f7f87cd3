"""The inverted lists: word → (paragraph, BM25 weight), and word pair → paragraphs.

Built with numpy passes that sort in place (a 100k-paragraph corpus has three million of
each). An update sorts only the paragraphs it read: the previous lists, renumbered (word ids
and paragraph numbers keep their order when documents are added or removed), stay sorted and
the new entries are merged in. Weights depend on the corpus's mean paragraph length, so they
are computed again from the stored counts.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

K1, B = 1.2, 0.75
"""BM25's usual parameters (Robertson and Zaragoza's defaults)."""


class Kept(NamedTuple):
    """The previous lists, and how their numbers map into the new index (-1: gone)."""

    post_para: np.ndarray
    post_offset: np.ndarray
    post_count: np.ndarray
    pair_keys: np.ndarray
    pair_offset: np.ndarray
    pair_para: np.ndarray
    vocabulary: int
    new_word: np.ndarray
    new_paragraph: np.ndarray


def postings(
    tokens: np.ndarray,
    para_tokens: np.ndarray,
    vocabulary: int,
    fresh: np.ndarray,
    kept: Kept | None,
) -> dict[str, np.ndarray]:
    """The lists of the paragraphs numbered in ``fresh`` (sorted), merged with ``kept``'s."""
    paragraphs = len(para_tokens) - 1
    span = max(1, paragraphs)
    starts, ends = para_tokens[fresh], para_tokens[fresh + 1]
    owner = np.repeat(fresh.astype(np.int64), ends - starts)
    if len(fresh) == paragraphs:
        words = tokens.astype(np.int64)
    else:
        parts = [tokens[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]
        words = np.concatenate([tokens[:0], *parts]).astype(np.int64)
    keys = words * span + owner
    keys.sort()
    keys, counts = _distinct(keys)
    # Word pairs side by side in a paragraph → the paragraphs: lets the candidate stage prefer
    # paragraphs that hold a question's words as a phrase.
    same = owner[1:] == owner[:-1]
    pairs = words[:-1][same] * vocabulary + words[1:][same]
    pairs *= span
    pairs += owner[:-1][same]
    del owner, same, words
    pairs.sort()
    pairs, _ = _distinct(pairs)
    if kept is not None:
        old_keys, old_counts, old_pairs = _renumbered(kept, vocabulary, span)
        at = np.searchsorted(old_keys, keys)
        keys, counts = np.insert(old_keys, at, keys), np.insert(old_counts, at, counts)
        pairs = np.insert(old_pairs, np.searchsorted(old_pairs, pairs), pairs)
    word = keys // span
    post_para = (keys % span).astype(np.int32)
    del keys
    lengths = np.diff(para_tokens)
    df = np.bincount(word, minlength=vocabulary).astype(np.int32)
    tf = counts.astype(np.float32)
    mean = float(lengths.mean()) if paragraphs else 1.0
    norm = (K1 * (1 - B + B * lengths / max(1.0, mean))).astype(np.float32)
    post_weight = (tf * (K1 + 1) / (tf + norm[post_para])).astype(np.float32)
    pair_para = (pairs % span).astype(np.int32)
    pairs //= span
    firsts = np.flatnonzero(_changes(pairs))
    offsets = np.zeros(vocabulary + 1, dtype=np.int64)
    np.cumsum(df, out=offsets[1:])
    return {
        "post_para": post_para,
        "df": df,
        "post_offset": offsets,
        "post_weight": post_weight,
        "post_count": counts.astype(np.uint16 if counts.max(initial=0) < 1 << 16 else np.int32),
        "pair_para": pair_para,
        "pair_keys": pairs[firsts],
        "pair_offset": np.append(firsts, len(pairs)).astype(np.int64),
    }


def _renumbered(kept: Kept, vocabulary: int, span: int) -> tuple[np.ndarray, ...]:
    """The previous postings and pairs of the paragraphs kept, as new sorted keys."""
    word = _owners(kept.post_offset)
    paragraph = kept.new_paragraph[kept.post_para]
    keep = paragraph >= 0
    keys = kept.new_word[word[keep]] * span + paragraph[keep]
    counts = kept.post_count[keep].astype(np.int64)
    pair = kept.pair_keys[_owners(kept.pair_offset)]
    paragraph = kept.new_paragraph[kept.pair_para]
    keep = paragraph >= 0
    pair = pair[keep]
    first, second = pair // kept.vocabulary, pair % kept.vocabulary
    pairs = (kept.new_word[first] * vocabulary + kept.new_word[second]) * span + paragraph[keep]
    return keys, counts, pairs


def _owners(offsets: np.ndarray) -> np.ndarray:
    """Row of each value of a CSR table (np.repeat, several times faster for long tables)."""
    size = int(offsets[-1])
    marks = np.bincount(offsets[1:-1], minlength=size + 1)[:size]
    return np.cumsum(marks, dtype=np.int64)


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
