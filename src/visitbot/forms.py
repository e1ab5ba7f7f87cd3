"""Word forms: "held" is "hold", "spoke" is "speak", "countries" is "country".

Questions and passages are matched by lemma as well as by surface form, through lemminflect's
English dictionary of lemmas and inflections (shipped inside the package; nothing is fetched).
Irregular forms are what it adds: regular endings are already caught by the index's shared-stem
match. Compared with simplemma (also shipped, 54 languages): simplemma gives "thanke" for
"thanked" and "rose" for "rose" (the verb), lemminflect "thank" and "rise"; both are fast
enough, since forms are looked up once per distinct question word.
"""

from __future__ import annotations

from functools import lru_cache

from lemminflect import getAllInflections, getAllLemmas

FORM_CACHE = 50_000
"""Question words whose forms are remembered (the same words come back)."""


@lru_cache(maxsize=FORM_CACHE)
def word_forms(word: str) -> frozenset[str]:
    """Every form of the word's lemmas (their inflections and the lemmas themselves), the
    word itself excluded; empty for a word the dictionary does not know."""
    forms: set[str] = set()
    for lemmas in getAllLemmas(word).values():
        for lemma in lemmas:
            forms.add(lemma)
            for inflected in getAllInflections(lemma).values():
                forms.update(inflected)
    forms.discard(word)
    return frozenset(f.lower() for f in forms)


@lru_cache(maxsize=FORM_CACHE)
def is_english_word(word: str) -> bool:
    """Whether the dictionary knows the word: a typo or an invented name is no word to look
    up by meaning."""
    return bool(getAllLemmas(word))
