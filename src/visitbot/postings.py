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
    word, post_para = keys // span, keys % span
    pair_keys, pair_para = pairs // span, pairs % span
    del keys, pairs
    if kept is not None and len(word) + len(pair_keys) <= FEW:
        words_at, post_offset, post_para, counts = _insert(
            *_kept_words(kept), word, post_para, counts
        )
        pair_keys, pair_offset, pair_para, _ = _insert(
            *_kept_pairs(kept, vocabulary), pair_keys, pair_para, None
        )
        df = np.zeros(vocabulary, dtype=np.int32)
        df[words_at] = np.diff(post_offset)
    else:
        if kept is not None:
            old_keys, old_counts, old_pairs = _renumbered(kept, vocabulary, span)
            merged = word * span + post_para
            at = np.searchsorted(old_keys, merged)
            merged, counts = np.insert(old_keys, at, merged), np.insert(old_counts, at, counts)
            word, post_para = merged // span, merged % span
            merged = pair_keys * span + pair_para
            merged = np.insert(old_pairs, np.searchsorted(old_pairs, merged), merged)
            pair_keys, pair_para = merged // span, merged % span
        df = np.bincount(word, minlength=vocabulary).astype(np.int32)
        firsts = np.flatnonzero(_changes(pair_keys))
        pair_offset = np.append(firsts, len(pair_keys)).astype(np.int64)
        pair_keys = pair_keys[firsts]
    post_para = post_para.astype(np.int32)
    lengths = np.diff(para_tokens)
    tf = counts.astype(np.float32)
    mean = float(lengths.mean()) if paragraphs else 1.0
    norm = (K1 * (1 - B + B * lengths / max(1.0, mean))).astype(np.float32)
    post_weight = (tf * (K1 + 1) / (tf + norm[post_para])).astype(np.float32)
    offsets = np.zeros(vocabulary + 1, dtype=np.int64)
    np.cumsum(df, out=offsets[1:])
    return {
        "post_para": post_para,
        "df": df,
        "post_offset": offsets,
        "post_weight": post_weight,
        "post_count": counts.astype(np.uint16 if counts.max(initial=0) < 1 << 16 else np.int32),
        "pair_para": pair_para.astype(np.int32),
        "pair_keys": pair_keys.astype(np.int64),
        "pair_offset": pair_offset,
    }


FEW = 50_000
"""New postings and pairs up to which an update inserts them into the previous lists one
list at a time; more, and it renumbers all entries and merges them in one sorted pass."""


def _kept_words(kept: Kept) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The previous word lists, renumbered: (word, list offsets, paragraphs, counts)."""
    return _kept_lists(
        kept.new_word, kept.post_offset, kept.new_paragraph[kept.post_para], kept.post_count
    )


def _kept_pairs(
    kept: Kept, vocabulary: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The previous pair lists, renumbered: (pair key, list offsets, paragraphs, -)."""
    first, second = kept.pair_keys // kept.vocabulary, kept.pair_keys % kept.vocabulary
    keys = kept.new_word[first] * vocabulary + kept.new_word[second]
    return _kept_lists(keys, kept.pair_offset, kept.new_paragraph[kept.pair_para], None)


def _kept_lists(
    keys: np.ndarray, offsets: np.ndarray, paragraphs: np.ndarray, counts: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Lists keyed by ``keys`` (still sorted), without the paragraphs that are gone (-1)."""
    keep = paragraphs >= 0
    if keep.all():
        sizes = np.diff(offsets)
    else:
        running = np.concatenate(([0], np.cumsum(keep)))
        sizes = running[offsets[1:]] - running[offsets[:-1]]
        paragraphs = paragraphs[keep]
        counts = None if counts is None else counts[keep]
    live = sizes > 0
    new_offsets = np.zeros(int(live.sum()) + 1, dtype=np.int64)
    np.cumsum(sizes[live], out=new_offsets[1:])
    counts = np.zeros(0, dtype=np.int64) if counts is None else counts
    return keys[live], new_offsets, paragraphs, counts


def _insert(
    old_keys: np.ndarray,
    old_offsets: np.ndarray,
    old_paragraphs: np.ndarray,
    old_counts: np.ndarray,
    keys: np.ndarray,
    paragraphs: np.ndarray,
    counts: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """New (key, paragraph) entries, sorted, inserted where they belong among lists sorted by
    key and, within a list, by paragraph: the lists' keys and offsets, every entry's
    paragraph and count."""
    block = np.searchsorted(old_keys, keys)
    at = old_offsets[block]
    present = np.flatnonzero(block < len(old_keys))
    present = present[old_keys[block[present]] == keys[present]]
    ends = old_offsets[block[present] + 1]
    for i, hi in zip(present.tolist(), ends.tolist(), strict=True):  # few: one list each
        lo = int(at[i])
        at[i] = lo + int(np.searchsorted(old_paragraphs[lo:hi], paragraphs[i]))
    absent = np.ones(len(keys), dtype=bool)
    absent[present] = False
    added = np.unique(keys[absent])  # few
    merged_keys = np.insert(old_keys, np.searchsorted(old_keys, added), added)
    sizes = np.zeros(len(merged_keys), dtype=np.int64)
    sizes[np.searchsorted(merged_keys, old_keys)] = np.diff(old_offsets)
    np.add.at(sizes, np.searchsorted(merged_keys, keys), 1)
    offsets = np.zeros(len(merged_keys) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    merged_paragraphs = np.insert(old_paragraphs, at, paragraphs)
    if counts is not None and counts.max(initial=0) > np.iinfo(old_counts.dtype).max:
        old_counts = old_counts.astype(np.int32)
    merged_counts = old_counts if counts is None else np.insert(old_counts, at, counts)
    return merged_keys, offsets, merged_paragraphs, merged_counts


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
