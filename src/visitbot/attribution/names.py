"""Names of people in running text: a run of capitalised words cut into its title words and
the name ("Northian State Councillor Tarn Vell" → "Northian State Councillor" + "Tarn Vell").

What is a title comes from lexical resources, not a list of offices: WordNet's nouns of persons
(``noun.person``: premier, councillor, ambassador, spokesman, secretary general …) and
nameparser's titles of address (Mr., Dr., Sheikh …). Given names and their usual gender come from
gender-guesser's dictionary of 40,000 first names of many countries. A name is then what stands
after the last title word: any number of words, in any order of family and given name, with
particles (al-, bin, de, van) and hyphens kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple

from babel import Locale

from visitbot.attribution.countries import country_forms
from visitbot.attribution.lexical import lexical, noun_lemma

_PARTICLE = r"(?:al|el|bin|ibn|de|da|di|du|del|della|dos|van|von|der|den|la|le|ul|bint)"
NAME_WORD = rf"(?:(?:[A-Z]\.){{2,}}|[A-Z][\w’'-]*\w|{_PARTICLE}-[A-Z][\w’'-]*|[A-Z]\.|[A-Z])"
"""A capitalised word ("Ki-moon", "O’Brien", "XI", "al-Assad"), an abbreviation ("U.S."),
or an initial ("W.")."""
_INSIDE = rf"{_PARTICLE}(?=\s+(?:[A-Z]|{_PARTICLE}\s))"
"""A lower-case particle inside a name ("Ursula von der Leyen")."""
_DAYS = "|".join(Locale("en").days["format"]["wide"].values())
"""Names of the days (CLDR, through Babel): "Maithripala Sirisena Saturday agreed" ends the name
before the day (months are also surnames: Theresa May)."""
RUN = re.compile(
    rf"(?<![\w’'-])(?:{NAME_WORD}|{_INSIDE})"
    rf"(?:[ \u00a0](?!(?:{_DAYS})\b)(?:{NAME_WORD}|{_INSIDE}))*(?![\w-])"
)
"""A run of capitalised words, particles inside it ("Bashar al-Assad", "Ursula von der Leyen"),
up to a day's name."""
_POSSESSIVE = re.compile(r"[’']s$")
_ABBREVIATION = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z]{2,5}$")
"""'U.S.', 'UK', 'PM', 'PPU': letters standing for words."""
_HONORIFIC_ABBREVIATION = re.compile(r"^[A-Z][a-z]{1,3}\.$")
"""'Mr.', 'Dr.', 'Gen.': an abbreviated title of address."""


class Split(NamedTuple):
    title: tuple[str, ...]
    """The words before the name (titles, countries, office words)."""
    name: tuple[str, ...]
    """The name, possessive 's removed; empty when the run holds no name."""


@cache
def _titles_of_address() -> frozenset[str]:
    """nameparser's titles that are no ordinary word or function word ("mr", "sheikh", "hon";
    not "his", "met", "law")."""
    from lemminflect import getLemma
    from nameparser.config import CONSTANTS

    common = lexical().common
    titles = set()
    for title in CONSTANTS.titles:
        bare = title.lower().rstrip(".")
        if bare in common or is_function_word(bare) or getLemma(bare, upos="VERB")[0] != bare:
            continue
        titles.add(bare)
    return frozenset(titles)


FUNCTION_WORD_LETTERS = 3
"""The stop-words list also holds content words ("state", "area", "case"): a longer word of
it that WordNet knows is a content word; the short ones are articles, pronouns, prepositions."""


@cache
def _function_words() -> frozenset[str]:
    from stop_words import get_stop_words

    common = lexical().common
    return frozenset(
        w for w in get_stop_words("en") if len(w) <= FUNCTION_WORD_LETTERS or w not in common
    )


def is_function_word(word: str) -> bool:
    """A pronoun, article, preposition, conjunction or other closed-class word (the
    stop-words package's English list): "The", "In", "We", "So", "Upon"."""
    return word.lower() in _function_words()


RELATIONAL_TITLES = frozenset({"counterpart", "counterparts"})
"""'His Sri Lankan counterpart Maithripala Sirisena': press names a person by the office they
share with another. WordNet files "counterpart" (opposite number) under noun.cognition, not
among persons, so it is added here."""


@cache
def is_title_word(word: str) -> bool:
    """A word that names a person's office or trade ("President", "Councilor", "PM", "Mr.")."""
    bare = _POSSESSIVE.sub("", word).strip(".")
    if not bare:
        return False
    if _HONORIFIC_ABBREVIATION.match(word) or bare.lower() in _titles_of_address():
        return True
    if noun_lemma(bare) in lexical().person_nouns or bare.lower() in RELATIONAL_TITLES:
        return True
    # "President-elect", "Vice-Chairman": a compound whose head is a title.
    parts = bare.split("-")
    return len(parts) > 1 and any(noun_lemma(p) in lexical().person_nouns for p in parts)


@cache
def is_common_word(word: str) -> bool:
    """An ordinary English word ("Then", "Trend", "Moon", "Noting"): capitalised only by its
    place."""
    from lemminflect import getLemma

    bare = _POSSESSIVE.sub("", word).lower()
    common = lexical().common
    if bare in common or noun_lemma(bare) in common:
        return True
    return bare.isalpha() and getLemma(bare, upos="VERB")[0] in common


@cache
def _detector() -> Any:
    import gender_guesser.detector as gender_guesser

    return gender_guesser.Detector(case_sensitive=False)


def _guess(word: str) -> str:
    """gender-guesser's answer for the first part of a given name ("Kassym-Jomart")."""
    return str(_detector().get_gender(word.split("-")[0]))


@cache
def given_name_gender(word: str) -> str | None:
    """'he' or 'she' for a given name usually borne by men or by women; None when unknown or
    given to both ("Yang", "Moon")."""
    guess = _guess(word)
    return {"male": "he", "mostly_male": "he", "female": "she", "mostly_female": "she"}.get(guess)


@cache
def is_given_name(word: str) -> bool:
    """Whether the dictionary of first names knows the word ("Susan", "Bill"); never a
    function word, which the dictionary also holds ("The", "So")."""
    if is_function_word(word):
        return False
    return _guess(word) != "unknown"


def _not_name(word: str) -> bool:
    """Words that stand in a capitalised run without being a name: titles, countries and their
    people, abbreviations, organisation nouns."""
    bare = _POSSESSIVE.sub("", word)
    return (
        is_title_word(word)
        or bool(country_forms(bare))
        or bool(_ABBREVIATION.match(bare))
        or noun_lemma(bare) in lexical().group_nouns
    )


def _organisation_word(word: str) -> bool:
    """A word an organisation's name ends with ("Office", "Unit"): before a name it closes the
    office's name ("… Planning Group Office Lin Bo"); a name's own last word may be one ("Bush")."""
    return noun_lemma(_POSSESSIVE.sub("", word)) in lexical().organisation_nouns


def _short_name_word(word: str) -> bool:
    """'Li', 'Hu', 'Yu': a family name of two letters, which the stop-words list also holds."""
    return len(word) == 2 and word[0].isupper() and word[1].islower()


def split_run(words: Sequence[str], sentence_start: bool = False, after_of: bool = False) -> Split:
    """Cut a capitalised run into title words and name. The name is the words after the last
    title word, read from the end: the last word always belongs to it unless it is a title, a
    function word or a country itself; a word that opens a sentence belongs to it only when it
    is no ordinary word (or is a given name: "Bill"); an ordinary word that leads a longer name
    is an office's ("Office Lin Bo"). After "of" ("President of Westland Erik Sand") the run
    opens with the place or body the title is of: its words up to a given name ("Westland"),
    or a country of several words ("Burkina Faso")."""
    tokens = [_POSSESSIVE.sub("", w) for w in words]
    if not tokens:
        return Split((), ())
    if after_of and len(tokens) >= 3:
        place = next(
            (k for k in range(len(tokens) - 1, 0, -1) if country_forms(" ".join(tokens[:k]))), 0
        )
        if not place:
            place = next((k for k in range(1, len(tokens) - 1) if is_given_name(tokens[k])), 1)
        inner = split_run(tokens[place:])
        return Split((*tokens[:place], *inner.title), inner.name)
    last = tokens[-1]
    # "President Hu", "Lin Bo": a two-letter family or given name next to a title or another
    # name is no stop word ("hu", "bo").
    short_name = (
        _short_name_word(last)
        and len(tokens) > 1
        and (
            is_title_word(tokens[-2]) or not is_common_word(tokens[-2]) or is_given_name(tokens[-2])
        )
    )
    if (is_function_word(last) and not short_name) or (
        _not_name(last) and not (is_given_name(last) and len(tokens) > 1)
    ):
        return Split(tuple(tokens), ())
    first = len(tokens) - 1
    while first > 0:
        word = tokens[first - 1]
        # "Li", "Hu" inside a name are family names, unless the run opens the sentence with them.
        kept = _short_name_word(word) and (first > 1 or not sentence_start)
        if is_function_word(word) and not kept:
            break
        if (_not_name(word) or _organisation_word(word)) and not is_given_name(word):
            break
        first -= 1
    if first == 0 and sentence_start:
        opener = tokens[0]
        if (is_common_word(opener) or is_function_word(opener)) and not is_given_name(opener):
            first = 1
    name = tuple(tokens[first:])
    only_function_words = all(is_function_word(w) for w in name) and not short_name
    if not name or country_forms(" ".join(name)) or only_function_words:
        return Split(tuple(tokens), ())
    return Split(tuple(tokens[:first]), name)


def pronoun_of(name: Sequence[str]) -> str | None:
    """'he' or 'she' from the given name of a name whose gender the dictionary knows (a name
    of one word tells nothing: "Kerry" is a surname as often as a first name)."""
    for word in name[:-1]:
        gender = given_name_gender(word)
        if gender:
            return gender
    return None
