"""Meaning: which corpus words a question word may stand for when the corpus has neither the
word nor another form of it ("trip" → "visit", "happy" → "pleased").

WordLlama's static token embeddings (256 dimensions, 16 MB, inside the wordllama wheel) give
each whole-word token a vector; a question word's nearest whole words that the corpus uses
become weaker matches of it. The weights and the token list are read straight from the files
the wheel installs (WordLlama's own loader would look for the tokenizer elsewhere and fall back
to a download), and only when a question first needs them: a dictionary word that the corpus
does not have in any form. Nothing here decides a speaker or passes a speaker filter: it only adds
matches to a question's words.
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

import numpy as np
from safetensors.numpy import load_file

SEMANTIC_MIN = 0.5
"""Cosine from which a word is a neighbour. Measured on the dev sets: at 0.45 "travel" reaches
"visit" and "What did Xi say about space travel?" finds an answer; at 0.55 "trip" no longer
reaches "visit" (0.53)."""
SEMANTIC_CREDIT = 0.75
"""A neighbour counts this share of its cosine as a match: at 0.53 "visit" for "trip" counts
0.40 of the word, well under a typo (0.9) or another form (0.9), so two meaning-only matches
never carry a question past the answer threshold alone."""
NEIGHBOURS = 8
"""Nearest words kept per question word."""
NEIGHBOUR_CACHE = 10_000
_WHOLE_WORD = re.compile(r"▁[A-Za-z]{3,}")


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
    """Whole-word tokens (lower case) → their row in the weights: read once, 1 MB kept."""
    with _lock:
        if not _vocabulary:
            tokenizer_file = model_files()[1]
            tokens = json.loads(tokenizer_file.read_text(encoding="utf-8"))["model"]["vocab"]
            rows: dict[str, int] = {}
            for token, i in tokens.items():
                if _WHOLE_WORD.fullmatch(token):
                    rows.setdefault(token[1:].lower(), i)
            _vocabulary.append(rows)
        return _vocabulary[0]


def has_vector(word: str) -> bool:
    """Whether the word has a vector of its own: a typo or an invented name has none, and is
    not looked up (nor are the weights read for it)."""
    return word in _rows()


def _model() -> _Model:
    """Load once, from the installed package's files; there is no download path at all."""
    rows = _rows()
    with _lock:
        if not _loaded:
            embedding = next(iter(load_file(str(model_files()[0])).values()))
            table = embedding[list(rows.values())].astype(np.float32)
            table /= np.linalg.norm(table, axis=1, keepdims=True) + 1e-9
            words = list(rows)
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
