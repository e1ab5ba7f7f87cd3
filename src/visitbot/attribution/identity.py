"""One person across documents and spellings: "Qasym-Zhomart Toqaev" in one outlet is
"Kassym-Jomart Tokayev" in another, "Lukashenka" is "Lukashenko", "Rakhmon" is "Rahmon".

Two names are spellings of one person when every word of one is a transliteration or diacritic
variant of the matching word of the other, and the articles give both the same role or the
same country. Two people who share only a surname ("Ilham Aliyev", "Heydar Aliyev") differ in
another word and are never merged; nor are near-identical names with nothing else in common.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from anyascii import anyascii
from rapidfuzz import fuzz

from visitbot.attribution.countries import country_forms
from visitbot.models import Person

_SOUNDS = (
    ("dzh", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("q", "k"),
    ("x", "ks"),
    ("w", "v"),
    ("ck", "k"),
    ("y", "i"),
)
"""Letters that transliterations of the same name trade (Russian, Kazakh, Chinese into Latin)."""
_DOUBLE = re.compile(r"(.)\1+")
SAME_WORD = 80
"""rapidfuzz ratio from which two transliterated words (with the same first letter) are one:
Tokaiev/Tokaev 92, Lukashenko/Lukashenka 90, Aliaksandr/Aleksandr 84; Ilham/Heydar 36."""


def _words(name: str) -> list[str]:
    text = anyascii(name).lower()
    for letters, sound in _SOUNDS:
        text = text.replace(letters, sound)
    return [_DOUBLE.sub(r"\1", w) for w in re.findall(r"[a-z]+", text)]


def same_spelling(a: str, b: str) -> bool:
    """Whether two names are transliteration or diacritic variants of each other."""
    return _same_words(_words(a), _words(b))


def _same_words(left: list[str], right: list[str]) -> bool:
    if len(left) != len(right) or not left:
        return False
    return all(
        x == y or (min(len(x), len(y)) > 3 and x[0] == y[0] and fuzz.ratio(x, y) >= SAME_WORD)
        for x, y in zip(left, right, strict=True)
    )


def _initials(words: list[str]) -> str:
    """What two spellings of one name always share: the first letter of every word."""
    return "".join(w[0] for w in words)


def _countries(person: Person) -> set[frozenset[str]]:
    return {
        forms
        for role in person.roles
        for word in re.sub(r"['’]s\b", "", role).split()
        if (forms := country_forms(word))
    }


def _related(a: Person, b: Person) -> bool:
    """The same role, or the same country in their roles."""
    roles = {r.lower() for r in a.roles} & {r.lower() for r in b.roles}
    return bool(roles) or bool(_countries(a) & _countries(b))


def merge_spellings(people: Sequence[Person]) -> list[Person]:
    """People with spellings of one name and a role or country in common, merged into the
    first of them (the registry's, when it knows them); the others' names become aliases.
    Names are compared only with names of the same initials, so a corpus of thousands of
    speakers costs a few comparisons each."""
    merged: list[Person] = []
    spelt: list[list[str]] = []
    by_initials: dict[str, list[int]] = {}
    for person in people:
        words = _words(person.name)
        bucket = by_initials.setdefault(_initials(words), [])
        for k in bucket:
            kept = merged[k]
            if _same_words(spelt[k], words) and _related(kept, person):
                merged[k] = _merged(kept, person)
                break
        else:
            bucket.append(len(merged))
            merged.append(person)
            spelt.append(words)
    return merged


def _merged(kept: Person, person: Person) -> Person:
    return kept.model_copy(
        update={
            "aliases": tuple(dict.fromkeys([*kept.aliases, person.name, *person.aliases])),
            "roles": tuple(dict.fromkeys([*kept.roles, *person.roles])),
            "titles": tuple(dict.fromkeys([*kept.titles, *person.titles])),
            "spellings": tuple(dict.fromkeys([*kept.spellings, person.name])),
            "learned": kept.learned and person.learned,
            "pronoun": kept.pronoun or person.pronoun,
        }
    )
