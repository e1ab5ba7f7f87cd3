"""Word forms: "held" is "hold", "spoke" is "speak", "countries" is "country".

Questions and passages are matched by lemma as well as by surface form, through lemminflect's
English dictionary of lemmas and inflections (shipped inside the package; nothing is fetched).
The dictionary is read when a corpus is indexed: every form of every corpus word's lemmas is
stored in the index with the corpus word it stands for, so a question looks its words up there
and never loads the dictionary (its tables cost 51 MB of memory). Irregular forms are what it
adds: regular endings are already caught by the index's shared-stem match.

Compared with simplemma (also shipped, 54 languages, 19 MB loaded): simplemma gives "thanke"
for "thanked" and only the noun for "rose"; lemminflect "thank" and both "rose" and "rise".
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

_LEMMAS: dict[str, tuple[str, ...]] = {}
"""Each word's lemmas while a corpus is indexed (word forms and translations both need them;
lemminflect copies its tables on every call)."""


def english_lemmas(word: str) -> tuple[str, ...]:
    """The word's lemmas, as lemminflect gives them (every part of speech)."""
    found = _LEMMAS.get(word)
    if found is None:
        from lemminflect import getAllLemmas  # indexing only

        found = tuple(dict.fromkeys(lemma for ls in getAllLemmas(word).values() for lemma in ls))
        _LEMMAS[word] = found
    return found


def word_forms(word: str, inflections: dict[str, set[str]] | None = None) -> frozenset[str]:
    """Every form of the word's lemmas (their inflections and the lemmas themselves), the
    word itself excluded; empty for a word the dictionary does not know. ``inflections``
    remembers each lemma's forms across calls (words of one lemma share them)."""
    from lemminflect import getAllInflections  # indexing only

    known = {} if inflections is None else inflections
    forms: set[str] = set()
    for lemma in english_lemmas(word):
        family = known.get(lemma)
        if family is None:
            family = {lemma}
            for inflected in getAllInflections(lemma).values():
                family.update(inflected)
            known[lemma] = family
        forms |= family
    forms.discard(word)
    return frozenset(f.lower() for f in forms)


def form_pairs(vocabulary: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(form, corpus word) for every other form of every corpus word: "hold" → "held"."""
    inflections: dict[str, set[str]] = {}
    for word in vocabulary:
        if word.isalpha() and len(word) > 2:
            for form in word_forms(word, inflections):
                yield form, word


_TABLES = ("lemma_dict", "infl_dict", "overrides_dict")
"""What lemminflect reads on first use and keeps (on its two singletons): 43 MB."""


def release_dictionary() -> None:
    """Let go of the dictionary once a corpus is indexed: answering never needs it, and a
    server would otherwise carry it for its whole life. lemminflect reads it again if asked."""
    from lemminflect.core.Inflections import Inflections
    from lemminflect.core.Lemmatizer import Lemmatizer

    _LEMMAS.clear()

    for owner in (Lemmatizer(), Inflections()):
        for table in _TABLES:
            if hasattr(owner, table):
                delattr(owner, table)


def form_key(form: str) -> int:
    """A 64-bit key for a form (32 bits would collide once in ~40,000 look-ups at 100,000
    forms; 64 never in practice)."""
    return int.from_bytes(hashlib.blake2b(form.encode(), digest_size=8).digest(), "little")
