"""Meaning: which corpus words a question word may stand for when the corpus has neither the
word nor another form of it ("trip" → "visit", "happy" → "pleased").

WordLlama's static token embeddings (256 dimensions, 16 MB, inside the wordllama wheel) give
each word a vector; a question word's nearest whole-word tokens that the corpus uses become
weaker matches of it. The model is read from the installed package only, with downloads
disabled, and only when a question first needs it: most questions never do, and nothing here
decides a speaker or passes a speaker filter — it only adds matches to a question's words.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

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


@dataclass(frozen=True)
class _Model:
    embedding: np.ndarray
    """Every token's vector (float16: half the memory, precision to spare for a cosine)."""
    words: list[str]
    """Whole-word tokens (lower case), the possible neighbours."""
    table: np.ndarray
    """Their unit vectors, float32, one row per word."""
    encode: object


_lock = threading.Lock()
_loaded: list[_Model] = []


def _model() -> _Model:
    """Load once, from the installed wordllama package, never from the network."""
    with _lock:
        if not _loaded:
            import wordllama
            from wordllama import WordLlama  # imported here: loading costs 0.3 s, rarely needed

            model = WordLlama.load(
                cache_dir=str(resources.files(wordllama)), disable_download=True
            )
            embedding = np.asarray(model.embedding, dtype=np.float32)
            words, rows = [], []
            for token, i in model.tokenizer.get_vocab().items():
                if _WHOLE_WORD.fullmatch(token):
                    words.append(token[1:].lower())
                    rows.append(i)
            table = embedding[rows]
            table /= np.linalg.norm(table, axis=1, keepdims=True) + 1e-9
            _loaded.append(
                _Model(embedding.astype(np.float16), words, table, model.tokenizer)
            )
        return _loaded[0]


@lru_cache(maxsize=NEIGHBOUR_CACHE)
def _nearest(word: str) -> tuple[tuple[str, float], ...]:
    model = _model()
    ids = model.encode.encode(word, add_special_tokens=False).ids  # type: ignore[attr-defined]
    if not ids:
        return ()
    vector = model.embedding[ids].astype(np.float32).mean(axis=0)
    vector /= np.linalg.norm(vector) + 1e-9
    cosine = model.table @ vector
    top = np.argpartition(-cosine, NEIGHBOURS + 1)[: NEIGHBOURS + 1]
    return tuple(
        (model.words[i], float(cosine[i]))
        for i in sorted(top.tolist(), key=lambda i: -cosine[i])
        if model.words[i] != word and cosine[i] >= SEMANTIC_MIN
    )[:NEIGHBOURS]


def neighbours(word: str, vocabulary: Container[str]) -> dict[str, float]:
    """Corpus words near the word in meaning, with the match credit each earns."""
    return {w: SEMANTIC_CREDIT * cosine for w, cosine in _nearest(word) if w in vocabulary}
