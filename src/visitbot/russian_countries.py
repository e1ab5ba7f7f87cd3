"""Countries as Russian names them, so a question's "российский президент" or "глава МИД
России" finds the article's "президент РФ", and "президент Киргизии" its "президент
Кыргызстана".

Each country's Russian names come from two maintained data sets: ISO 3166's names and official
names as the iso-codes project translates them (shipped inside the ``pycountry`` wheel), and
CLDR's short name (through Babel): "Российская Федерация" and "Россия", "Киргизия" and
"Республика Кыргызстан". From them, as Russian forms them:

* an abbreviation of a name of capitalised words that opens with an adjective, their
  initials, when the dictionary has them as a place's abbreviation ("РФ", "КНР", "США";
  not "РК": every "Республика …" would give one);
* a one-word name inside a longer one, after a noun ("Республика Кыргызстан", "Соединённые
  Штаты Америки"; not "Южная Африка", where the word names a part of the world);
* the adjective of a one-word name ("Россия" → "российский", "Казахстан" → "казахстанский",
  "Америка" → "американский"), by the regular endings, or one an official name has that
  begins as a one-word name does ("Турецкая Республика", "Турция" → "турецкий"); each
  candidate only when pymorphy3's dictionary has it as an adjective.

A key two countries give names the one whose usual (ISO) name gives it ("РФ": Российская
Федерация, not Республика Фиджи), else neither.
"""

from __future__ import annotations

import gettext
import json
import re
from functools import cache
from pathlib import Path

from visitbot import russian

ADJECTIVE_ENDINGS = (
    *(("", "ский"), ("", "йский"), ("ия", "ийский"), ("ия", "ский"), ("ия", "кий")),
    *(("а", "анский"), ("я", "йский"), ("ция", "ецкий"), ("истан", "ский"), ("стан", "ский")),
)
"""How Russian makes the adjective of a country's name (the name's ending, the adjective's):
Казахстан → казахстанский, Китай → китайский, Россия → российский, Киргизия → киргизский,
Белоруссия → белорусский, Америка → американский, Корея → корейский, Турция → турецкий, and
the "-стан" countries' shorter one (Узбекистан → узбекский, Кыргызстан → кыргызский)."""
SHARED_START = 3
"""Letters an official name's adjective shares with a one-word name of its country, at least
("Турецкая" and "Турция"; not "Исламская" and "Афганистан")."""
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_BRACKETS = re.compile(r"\([^)]*\)")
"""A name's note in brackets ("Сен-Мартен (Франция)"): another country's name."""


def _key(word: str) -> str:
    return word.lower().replace("ё", "е")


def _names() -> list[list[str]]:
    """Per country, its Russian names (ISO's name and official name, CLDR's short name).
    pycountry's files are read directly: its own objects would stay in memory (7 MB) for a
    table of a few hundred words."""
    from babel import Locale
    from pycountry import DATABASE_DIR, LOCALES_DIR

    translation = gettext.translation("iso3166-1", LOCALES_DIR, languages=["ru"])
    with open(Path(DATABASE_DIR) / "iso3166-1.json", encoding="utf-8") as file:
        countries = json.load(file)["3166-1"]
    cldr = Locale.parse("ru").territories
    found = []
    for country in countries:
        names = [translation.gettext(country["name"])]
        if "official_name" in country:
            names.append(translation.gettext(country["official_name"]))
        if country["alpha_2"] in cldr:
            names.append(str(cldr[country["alpha_2"]]))
        found.append([n for n in names if russian.is_russian_text(n)])
    return found


def _keys(names: list[str]) -> tuple[set[str], set[str]]:
    """Every key one country's names give (see the module's docstring), and those its first
    name (ISO's, the one it is usually called by) gives."""
    keys: set[str] = set()
    primary: set[str] = set()
    single: list[str] = []
    adjectives: list[str] = []
    for number, name in enumerate(names):
        words = _WORD.findall(_BRACKETS.sub(" ", name).replace("-", " "))
        if len(words) == 1:
            single.append(_key(words[0]))
            continue
        initials = _key("".join(w[0] for w in words))
        if (
            all(w[:1].isupper() for w in words)
            and russian.modifier(_key(words[0]))
            and russian.place_abbreviation(initials)
        ):
            keys.add(initials)
            if not number:
                primary.add(initials)
        place = None
        for k, word in enumerate(words):
            lemma = russian.lemmas(_key(word))[:1]
            if lemma and russian.adjective(lemma[0]):
                adjectives.append(lemma[0])
            elif place is None and k and word[:1].isupper() and russian.noun(_key(words[k - 1])):
                # the name after a noun: "Республика Кыргызстан", "Штаты Америки" (not
                # "Южная Африка", a part of the place named)
                place = russian.place_lemma(_key(word))
        if place is not None:
            single.append(place)
    for name in single:
        keys.add(name)
        if (place_lemma := russian.place_lemma(name)) is not None:
            keys.add(place_lemma)
        for ending, suffix in ADJECTIVE_ENDINGS:
            if name.endswith(ending):
                candidate = name[: len(name) - len(ending)] + suffix
                if russian.adjective(candidate):
                    keys.add(candidate)
    keys.update(a for a in adjectives if any(a[:SHARED_START] == n[:SHARED_START] for n in single))
    return keys, primary


@cache
def _table() -> dict[str, frozenset[str]]:
    """Key → every key of its country. A key several countries give is the one country's
    whose usual name gives it ("РФ": Российская Федерация, not Республика Фиджи), else no
    one's."""
    countries = [_keys(names) for names in _names()]
    owners: dict[str, list[int]] = {}
    for number, (keys, _) in enumerate(countries):
        for key in keys:
            owners.setdefault(key, []).append(number)
    kept: list[set[str]] = [set() for _ in countries]
    for key, numbers in owners.items():
        first = [n for n in numbers if key in countries[n][1]]
        if len(numbers) == 1 or len(first) == 1:
            kept[(first or numbers)[0]].add(key)
    return {key: frozenset(keys) for keys in kept for key in keys}


def country_keys(word: str) -> frozenset[str]:
    """Every way Russian names the country a word (a lemma, lower case) names: "россия" →
    россия, рф, российский …; empty for a word that names no one country."""
    return _table().get(_key(word), frozenset())
