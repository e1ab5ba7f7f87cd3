"""Meaning: which corpus words a question word may stand for when the corpus has neither the
word nor another form of it ("trip" → "visit", "happy" → "pleased").

WordLlama's static token embeddings (256 dimensions, 16 MB, inside the wordllama wheel) give
each whole-word token a vector; a question word's nearest whole words that the corpus uses
become weaker matches of it. The weights and the token list are read straight from the files
the wheel installs (WordLlama's own loader would look for the tokenizer elsewhere and fall back
to a download), and only when a question first needs them: a word that has a vector of its own
and that the corpus has in no form. Nothing here decides a speaker or passes a speaker filter:
it only adds matches to a question's words.
"""

from __future__ import annotations

import importlib.util
import json
import re
import threading
from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

SEMANTIC_MIN = 0.5
"""Cosine from which a word is a neighbour. Measured on the three dev sets (built-in, real
press, own paraphrases) for 0.40–0.55: the same answers from 0.40 to 0.50, and at 0.55 "trip"
no longer reaches "visit" (0.53); 0.50 is the top of that plateau, the fewest neighbours."""
SEMANTIC_CREDIT = 0.75
"""A neighbour counts this share of its cosine as a match ("visit" for "trip": 0.40 of the
word), below a typo or another form (0.9). 0.6, 0.75 and 0.9 gave the same answers on the dev
sets; the middle one is kept, so meaning alone stays the weakest kind of match."""
NEIGHBOURS = 8
"""Nearest words kept per question word."""
NEIGHBOUR_CACHE = 10_000
_VOCABULARY_ENTRY = re.compile(rb'"\xe2\x96\x81([A-Za-z]{3,})":\s*(\d+)')
"""A whole-word token of three letters or more in the tokenizer's vocabulary."""
DIMENSIONS = 256
BLOCK = 2048
"""Rows of the weights read at a time (1 MB of float16)."""
_DTYPES = {"F16": "<f2", "F32": "<f4"}


WEIGHTS = ("weights", "l2_supercat_256.safetensors")
TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")
"""WordLlama's smallest English model as its wheel installs it (256 dimensions, float16)."""


@dataclass(frozen=True)
class _Model:
    rows: dict[str, int]
    """Whole-word tokens (lower case) → their row in ``table``: the words that have a vector
    of their own, the only ones looked up and offered (a word cut into pieces has none)."""
    words: list[str]
    table: np.ndarray
    """Unit vectors of those words, float32, one row per word (10,429 words, 10.7 MB)."""


_lock = threading.Lock()
_vocabulary: list[dict[str, int]] = []
_loaded: list[_Model] = []


def model_files() -> tuple[Path, Path]:
    """The weights and tokenizer files inside the installed wordllama package, found without
    importing it (its import alone costs 34 MB and brings an HTTP client we never use)."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the wordllama package is not installed")
    root = Path(next(iter(spec.submodule_search_locations)))
    return root.joinpath(*WEIGHTS), root.joinpath(*TOKENIZER)


def _rows() -> dict[str, int]:
    """Whole-word tokens (lower case) → their row in the weights: read once, 1 MB kept. The
    tokenizer file's vocabulary entries ("▁word": 123) are read with a pattern, not a JSON
    parse of the whole file (its merges would cost 15 MB for nothing)."""
    with _lock:
        if not _vocabulary:
            raw = model_files()[1].read_bytes()  # bytes: a str of it would take 4x the memory
            rows: dict[str, int] = {}
            for match in _VOCABULARY_ENTRY.finditer(raw):
                rows.setdefault(match[1].decode().lower(), int(match[2]))
            _vocabulary.append(rows)
        return _vocabulary[0]


def has_vector(word: str) -> bool:
    """Whether the word has a vector of its own: a typo or an invented name has none, and is
    not looked up (nor are the weights read for it)."""
    return word in _rows()


def _tensor_layout(weights: BinaryIO) -> tuple[int, np.dtype[Any]]:
    """Where the one tensor's rows start in a safetensors file, and their type: the format is
    an 8-byte little-endian header length, a JSON header, then the raw data. Read with plain
    reads, a block at a time, so the 16 MB file is never mapped whole (a server's peak RSS)."""
    size = int.from_bytes(weights.read(8), "little")
    header = json.loads(weights.read(size))
    tensor = next(v for k, v in header.items() if k != "__metadata__")
    if tensor["dtype"] not in _DTYPES or tensor["shape"][1:] != [DIMENSIONS]:
        raise ValueError(f"unexpected weights: {tensor['dtype']} {tensor['shape']}")
    return 8 + size + int(tensor["data_offsets"][0]), np.dtype(_DTYPES[tensor["dtype"]])


def _model() -> _Model:
    """Load once, from the installed package's files; there is no download path at all. The
    weights are read a block of rows at a time, so only the whole words' rows stay."""
    rows = _rows()
    with _lock:
        if not _loaded:
            words = sorted(rows, key=rows.__getitem__)
            wanted = np.array([rows[w] for w in words])
            table = np.empty((len(words), DIMENSIONS), dtype=np.float32)
            with model_files()[0].open("rb") as weights:
                start_of_data, dtype = _tensor_layout(weights)
                row_bytes = DIMENSIONS * dtype.itemsize
                for start in range(0, int(wanted[-1]) + 1, BLOCK):
                    lo, hi = np.searchsorted(wanted, [start, start + BLOCK])
                    if lo < hi:
                        weights.seek(start_of_data + start * row_bytes)
                        count = int(wanted[hi - 1]) - start + 1
                        block = np.frombuffer(weights.read(count * row_bytes), dtype=dtype)
                        table[lo:hi] = block.reshape(-1, DIMENSIONS)[wanted[lo:hi] - start]
            table /= np.linalg.norm(table, axis=1, keepdims=True) + 1e-9
            _loaded.append(_Model({w: k for k, w in enumerate(words)}, words, table))
        return _loaded[0]


@lru_cache(maxsize=NEIGHBOUR_CACHE)
def _nearest(word: str) -> tuple[tuple[str, float], ...]:
    model = _model()
    row = model.rows.get(word)
    if row is None:
        return ()
    cosine = model.table @ model.table[row]
    top = np.argpartition(-cosine, NEIGHBOURS + 1)[: NEIGHBOURS + 1]
    return tuple(
        (model.words[i], float(cosine[i]))
        for i in sorted(top.tolist(), key=lambda i: -cosine[i])
        if i != row and cosine[i] >= SEMANTIC_MIN
    )[:NEIGHBOURS]


def warm() -> None:
    """Read the model now (0.15 s, 23 MB) rather than on the first question that needs it: for
    a long-running process, so that question is not the slow one."""
    _model()


def neighbours(word: str, vocabulary: Container[str]) -> dict[str, float]:
    """Corpus words near the word in meaning, with the match credit each earns."""
    if not has_vector(word):
        return {}
    return {w: SEMANTIC_CREDIT * cosine for w, cosine in _nearest(word) if w in vocabulary}
