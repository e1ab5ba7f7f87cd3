"""Other words a corpus word answers to, computed once at indexing (see
:mod:`visitbot.wordtables`), so a question looks them up in the index's arrays:

* Russian lemmas (:func:`russian_form_pairs`): "поддержку" is stored under "поддержка", so a
  question's "поддержкой", lemmatised to "поддержка", finds it; a name is also stored under
  its transliteration ("Астане" under "astane" and "astana"), so an English question's
  "Astana" finds it. As sure as another form of an English word.
* Translations (:func:`translation_pairs`): an English word under its Russian translations
  ("support" under поддержка, опора …), a Russian word under its English ones and their forms
  ("поддержку" under support, supports, supported …). Less sure than a word of the
  question's own language (see :data:`visitbot.index.TRANSLATION_MATCH`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from visitbot import bilingual, russian
from visitbot.forms import english_lemmas
from visitbot.text import fold, is_cyrillic

_HEAD_KEYS: dict[str, set[str]] = {}


def _russian_words(vocabulary: Iterable[str]) -> Iterator[str]:
    for word in vocabulary:
        if is_cyrillic(word) and word.isalpha() and len(word) > 2 and russian.russian(word):
            yield word


def russian_form_pairs(vocabulary: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(lemma or transliteration, corpus word) for the corpus's Russian words."""
    for word in _russian_words(vocabulary):
        lemmas = russian.lemmas(word)
        for lemma in lemmas:
            if lemma != word:
                yield lemma, word
        if russian.name_like(word):
            for spelled in dict.fromkeys(fold(w) for w in (word, *lemmas)):
                if spelled.isalpha():
                    yield spelled, word


def _english_lemmas(word: str) -> set[str]:
    return {word} | {lemma.lower() for lemma in english_lemmas(word)}


def _head_keys(head: str) -> set[str]:
    """An English head word as a question's words may have it: its forms, written as the
    question's tokens are ("co-operation" → "cooperation")."""
    keys = _HEAD_KEYS.get(head)
    if keys is None:
        from lemminflect import getAllInflections  # indexing only

        plain = head.replace("-", "")
        keys = set()
        if plain.isalpha() and plain.isascii():
            keys.add(plain)
            if plain == head:
                for forms in getAllInflections(head).values():
                    keys.update(f.lower() for f in forms)
        _HEAD_KEYS[head] = keys
    return keys


def translation_pairs(vocabulary: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(translation, corpus word) for the corpus's English and Russian words; none when the
    dictionaries are missing (see :mod:`visitbot.bilingual`)."""
    table = bilingual.translations()
    if not table.sources:
        return
    try:
        for word in vocabulary:
            if word.isascii():
                if not word.isalpha() or len(word) <= 2:
                    continue
                found: dict[str, None] = {}
                for head in _english_lemmas(word):
                    for spelled in bilingual.spellings(head):
                        found.update(dict.fromkeys(table.english.get(spelled, ())))
                for translation in found:
                    yield translation, word
            elif is_cyrillic(word) and word.isalpha() and russian.russian(word):
                keys: set[str] = set()
                for lemma in russian.lemmas(word):
                    heads = table.russian.get(lemma, ())
                    for partner in () if heads else russian.aspect_partners(lemma):
                        heads = heads or table.russian.get(partner, ())
                    for head in heads:
                        keys |= _head_keys(head)
                for key in sorted(keys):
                    yield key, word
    finally:
        _HEAD_KEYS.clear()
