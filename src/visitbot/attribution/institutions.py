"""Institutions speak too: "the PPU announced", "the Westland foreign Ministry … said that",
"results announced by Westland's Central Election Board (CEB)", "The UN estimates".

An institution is a capitalised name that ends with a word for an organisation (WordNet: a noun
with a group sense among its first ones — ministry, commission, council, unit, office), or an
acronym the text defines ("… Unit (PPU)") or spells out elsewhere ("UN" where the text says
"United Nations"). Its name is the fullest form the document gives, with the acronym the text
defines ("Presidential Press Unit (PPU)"); the acronym alone and "the
ministry" (when the document names one ministry) refer to it. The press itself is no speaker
of its news: outlets ("… News Agency", "TV", "Times") are left out, and an institution that only
"reports" or "quotes" is a source, not a speaker (see reported.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from visitbot.attribution.countries import country_forms
from visitbot.attribution.lexical import lexical, noun_lemma
from visitbot.attribution.names import RUN, is_function_word, is_title_word, split_run

MEDIA_WORDS = frozenset(
    "news press television tv radio channel broadcasting newspaper daily times post gazette "
    "herald tribune journal magazine agency".split()
)
"""Words of a press outlet's name ("Anadolu Agency", "Dragon TV", "Straits Times"): the press
reports speech, its news is nobody's statement. ("Agency" is here because news agencies are
named so far more often than state agencies in coverage of visits; a state agency still speaks
under its own head word when it has one, "Agency for …" is rare in this press.)"""
_ACRONYM = re.compile(r"\s*\((?P<acronym>[A-Z][A-Za-z]{1,7})\)")
_BARE_ACRONYM = re.compile(r"\b(?P<acronym>[A-Z]{2,6})\b")
_CODES = frozenset({"US", "UK", "USA", "EU", "UAE", "USSR", "PRC", "DPRK"})
"""Acronyms of countries and unions of them: places, not speakers."""
MIN_ORG_WORDS = 2
"""An organisation's name has a word before its head ("Foreign Ministry", "Security Council");
a head alone ("Government", "Council") is a common noun capitalised."""

Organisation = tuple[str, list[str], list[str]]
"""(name, aliases, bare titles) of an institution a document names."""


def _is_head(word: str) -> bool:
    return noun_lemma(word.strip("’'`")) in lexical().organisation_nouns


def is_media(words: Iterable[str]) -> bool:
    """Words of a press outlet's name: what it reports is not its statement."""
    return any(w.lower().strip("’'`s") in MEDIA_WORDS or w.lower() in MEDIA_WORDS for w in words)


def organisations(texts: Iterable[str]) -> list[Organisation]:
    """Every institution the texts (a document's headline and paragraphs) name."""
    found: dict[str, Organisation] = {}
    acronyms: dict[str, str] = {}
    body = list(texts)
    titled = _titled_names(body)
    for text in body:
        for match in RUN.finditer(text):
            words = match.group().split()
            while words and (is_function_word(words[0]) or words[0] == "The"):
                words = words[1:]
            if len(words) < MIN_ORG_WORDS or not _is_head(words[-1]) or is_media(words):
                continue
            if country_forms(" ".join(words)):
                continue  # "the Russian Federation", "the Republic of Azerbaijan"
            if " ".join(words) in titled:
                continue  # "Qin Gang", named elsewhere "Spokesperson Qin Gang": a person
            # "President Bush", "PRESIDENT BUSH": a person with a title
            split = split_run([w.title() if w.isupper() and len(w) > 2 else w for w in words])
            if split.name and any(is_title_word(w) for w in split.title):
                continue
            name = " ".join(words)
            defined = _ACRONYM.match(text, match.end())
            aliases: list[str] = []
            if defined:
                acronym = defined["acronym"]
                acronyms[acronym] = name
                aliases.append(acronym)
                name = f"{name} ({acronym})"
            head = noun_lemma(words[-1])
            key = name.lower()
            if key not in found:
                found[key] = (name, aliases, [head])
    # An acronym used alone that the text spells out elsewhere ("UN" … "United Nations").
    for text in body:
        for match in _BARE_ACRONYM.finditer(text):
            acronym = match["acronym"]
            if acronym in acronyms or acronym in _CODES or country_forms(acronym):
                continue
            spelled = _spelled_out(acronym, body)
            # "UN" → "United Nations"; never a title ("PM" → "Prime Minister").
            last = spelled.split()[-1] if spelled else ""
            if (
                spelled
                and not is_media(spelled.split())
                and _is_head(last)
                and not is_title_word(last)
            ):
                acronyms[acronym] = spelled
                entry = found.setdefault(spelled.lower(), (spelled, [], []))
                if acronym not in entry[1]:
                    entry[1].append(acronym)
    return list(found.values())


def _titled_names(texts: Iterable[str]) -> set[str]:
    """Names the texts put after a person's title somewhere ("Spokesperson Qin Gang"): a
    person's, whatever their last word means alone ("gang")."""
    names: set[str] = set()
    for text in texts:
        for match in RUN.finditer(text):
            split = split_run(match.group().split())
            if split.name and split.title and is_title_word(split.title[-1]):
                names.add(" ".join(split.name))
    return names


def _spelled_out(acronym: str, texts: Iterable[str]) -> str | None:
    """Capitalised words whose initials spell the acronym ("United Nations" for "UN")."""
    size = len(acronym)
    for text in texts:
        for match in RUN.finditer(text):
            words = [w for w in match.group().split() if not is_function_word(w) or w[0].isupper()]
            for k in range(len(words) - size + 1):
                window = words[k : k + size]
                if "".join(w[0] for w in window) == acronym and all(w[0].isupper() for w in window):
                    return " ".join(window)
    return None
