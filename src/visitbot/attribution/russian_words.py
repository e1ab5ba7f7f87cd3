"""Russian words for attribution: names in every case, titles, speech verbs, from pymorphy3's
OpenCorpora dictionary and the English–Russian dictionaries, not from lists of endings.

* A name or role written in any case is matched by its lemmas: "Путина", "Токаеву",
  "российского лидера" find "Путин", "Токаев", "российский лидер" (:func:`keys`).
* A person's name is given in the nominative, as pymorphy3 inflects it keeping its gender
  ("Марии Захаровой" → "Мария Захарова") (:func:`nominative`).
* A title is an animate common noun ("президент", "глава", "посол", "пресс-секретарь"): pymorphy3
  marks animacy (:func:`is_title`).
* A verb reports speech when one of its English translations is a speech verb of WordNet's
  (see lexical.py): the dictionaries translate imperfective verbs, so a perfective one
  ("заявить", "поблагодарить") is looked up through its imperfective partner (by its prefix, or
  by the regular suffix of imperfectives, :func:`imperfectives`), which pymorphy3 must know
  as a verb. Where the dictionaries are missing, only the clause or the quote beside a verb
  tells speech (see russian.py in this package).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from visitbot.attribution.cues import VerbClass, verb_class
from visitbot.attribution.lexical import JOINT_ACTS
from visitbot.russian import analyser, aspect_partners, russian

NAME_TAGS = frozenset({"Name", "Surn", "Patr"})
"""pymorphy3's grammemes of people's names: given name, surname, patronymic."""
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
IMPERFECTIVE_SUFFIXES = (
    # Perfective → imperfective by suffix (the secondary imperfective): заявить → заявлять,
    # отметить → отмечать, подчеркнуть → подчёркивать, рассказать → рассказывать.
    ("ить", ("ять", "ать", "ивать", "ывать")),
    ("ать", ("ывать", "ивать", "авать")),
    ("нуть", ("ивать", "ывать", "ать")),
    ("еть", ("евать", "ать")),
)
CONSONANT_ALTERNATIONS = (
    *(("т", "ч"), ("д", "ж"), ("д", "жд"), ("з", "ж"), ("с", "ш"), ("ст", "щ")),
    *(("б", "бл"), ("в", "вл"), ("п", "пл"), ("м", "мл"), ("ф", "фл")),
)
"""The stem's last consonant before the imperfective suffix (отметить → отмечать)."""


def cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.search(word))


def _key(word: str) -> str:
    return word.lower().replace("ё", "е")


@cache
def keys(word: str) -> tuple[str, ...]:
    """The word as written (lower case) and its lemmas as a noun, a name or an adjective:
    every key under which a known form may stand for it."""
    found = [_key(word)]
    if not russian(word):
        return tuple(found)
    for parse in analyser().parse(word):
        if parse.tag.POS in ("NOUN", "ADJF", "PRTF") or NAME_TAGS & parse.tag.grammemes:
            lemma = _key(parse.normal_form)
            if lemma not in found:
                found.append(lemma)
    return tuple(found)


@cache
def lemma_key(word: str) -> str:
    """One key for a known form's Russian word: its likeliest lemma (the forms of people's
    names and roles are matched against every lemma of a text's words, see :func:`keys`)."""
    if not russian(word):
        return _key(word)
    parses = analyser().parse(word)
    named = [p for p in parses[:3] if "Surn" in p.tag.grammemes or "Name" in p.tag.grammemes]
    return _key((named or parses)[0].normal_form)


@cache
def name_parse(word: str) -> Any:
    """The likeliest reading of a capitalised word as a person's name, if it has one."""
    if not russian(word):
        return None
    for parse in analyser().parse(word):
        if NAME_TAGS & parse.tag.grammemes:
            return parse
    return None


def nominative(words: tuple[str, ...]) -> tuple[str, ...]:
    """A name in the nominative, keeping its gender ("Марии Захаровой" → Мария Захарова); a
    word pymorphy3 cannot inflect is kept as written."""
    out: list[str] = []
    gender = None
    for word in words:
        parse = name_parse(word)
        if parse is not None and gender is None:
            gender = parse.tag.gender
    for word in words:
        parse = name_parse(word)
        inflected = None
        if parse is not None:
            wanted = {"nomn", "sing", *([gender] if gender in ("masc", "femn") else [])}
            inflected = parse.inflect(wanted) or parse.inflect({"nomn"})
        if inflected is None:
            out.append(word)
            continue
        written = inflected.word
        out.append("-".join(p[:1].upper() + p[1:] for p in written.split("-")))
    return tuple(out)


@cache
def is_title(word: str) -> bool:
    """An animate common noun the dictionary knows: an office or a trade ("президент",
    "глава", "посол"); an unknown word guessed animate is a foreign name ("Юхан")."""
    if not russian(word) or not word.islower() or not analyser().word_is_known(word):
        return False
    return any(
        p.tag.POS == "NOUN" and "anim" in p.tag.grammemes and not NAME_TAGS & p.tag.grammemes
        for p in analyser().parse(word)[:2]
    )


@cache
def is_place(word: str) -> bool:
    """A place or an organisation's name ("Казахстана", "КНР"), by its likeliest reading."""
    if not russian(word):
        return False
    tags = analyser().parse(word)[0].tag.grammemes
    return bool({"Geox", "Orgn", "Abbr"} & tags) and not NAME_TAGS & tags


@cache
def is_name_word(word: str) -> bool:
    """A capitalised word that may be part of a person's name (given name, surname,
    patronymic, or a word the dictionary does not know, as most foreign names)."""
    if not word[:1].isupper() or not russian(word):
        return False
    parses = analyser().parse(word)
    if any(NAME_TAGS & p.tag.grammemes for p in parses[:3]):
        return True
    return not analyser().word_is_known(word) and parses[0].tag.POS == "NOUN"


def imperfectives(lemma: str) -> list[str]:
    """Imperfective verbs a perfective infinitive may pair with, that pymorphy3 knows as
    verbs: by prefix ("поблагодарить" → благодарить) and by suffix ("заявить" → заявлять)."""
    found: list[str] = []
    for ending, suffixes in IMPERFECTIVE_SUFFIXES:
        if not lemma.endswith(ending):
            continue
        stem = lemma[: -len(ending)]
        stems = [stem] + [
            stem[: -len(a)] + b for a, b in CONSONANT_ALTERNATIONS if stem.endswith(a)
        ]
        for base in stems:
            for suffix in suffixes:
                candidate = base + suffix
                parses = analyser().parse(candidate)
                if analyser().word_is_known(candidate) and any(
                    p.tag.POS == "INFN" and "impf" in p.tag.grammemes for p in parses
                ):
                    found.append(candidate)
    for partner in aspect_partners(lemma):
        if analyser().word_is_known(partner):
            found.append(partner)
    return list(dict.fromkeys(found))


@cache
def speech_class(word: str) -> VerbClass | None:
    """What a Russian verb form says of speech, through its English translations: 'speech'
    ("заявил", "поблагодарила"), 'clausal' ("считает"), 'message', 'joint' ("обсудили");
    None for anything else or without the dictionaries."""
    if not russian(word):
        return None
    parses = [p for p in analyser().parse(word) if p.tag.POS in ("VERB", "GRND", "INFN")]
    if not parses:
        return None
    lemma = _key(parses[0].normal_form)
    from visitbot.bilingual import translations

    back = translations().russian
    candidates = (lemma, *imperfectives(lemma))
    if joint_verbs() & set(candidates) or any(
        e in MEETING_ACTS for c in candidates for e in back.get(c, ())[:ENGLISH_SENSES]
    ):
        return "joint"
    for candidate in candidates:
        for english in back.get(candidate, ())[:ENGLISH_SENSES]:
            kind = _english_class(english)
            if kind is not None:
                return kind  # the first translation that is a verb of speech decides
    return None


@cache
def joint_verbs() -> frozenset[str]:
    """Russian verbs that translate the joint acts (see lexical.JOINT_ACTS) and the holding
    of a meeting ("провести переговоры"): narrative of a meeting, no one person's words."""
    from visitbot.bilingual import translations

    english = translations().english
    return frozenset(
        _key(word) for act in JOINT_ACTS - SAYING for word in english.get(act, ())[:JOINT_SENSES]
    )


SAYING = frozenset({"speak", "talk"})
"""Joint acts in English ("spoke to Obama to discuss") whose Russian translation is the verb
of saying itself ("говорить"): not joint in Russian."""


JOINT_SENSES = 3
"""Russian translations of a joint act taken as joint acts: the first, main ones ("sign" →
подписывать; its later senses reach far)."""
MEETING_ACTS = frozenset({"hold", "conduct", "meet"})
"""Holding a meeting: a Russian verb among whose first translations these stand
("проводить": spend, conduct, hold) is an act, not a statement."""
MEETING_SENSES = 3
ENGLISH_SENSES = 12
"""English translations of a Russian verb looked at, the first first: "передавать" is
"communicate" (speech) but also "consign", "cede"; beyond a dozen come rare uses."""


@cache
def _english_class(word: str) -> VerbClass | None:
    from lemminflect import getInflection

    past = getInflection(word, tag="VBD")
    return verb_class(past[0]) if past else None


LEADER_SENSES = 1
"""A Russian title leads a state when its first English translation is one of WordNet's
leaders (президент: president; председатель: chairman; король: king); later senses reach
too far (губернатор's second is "president")."""
HEAD_NOUNS = ("leader", "head")
"""English for the head of anything: their Russian translations that are titles ("глава",
"лидер", "руководитель") stand for whoever leads the place or body named after them."""
HEAD_SENSES = 4
"""Russian translations of HEAD_NOUNS looked at, the first first ("leader": капитан,
руководитель, глава, лидер; further come вождь, командир, дирижёр)."""


@cache
def leads_state(title: str) -> bool:
    """Whether a Russian title (a lemma) is a head of state's or a presiding officer's."""
    if not russian(title):
        return False
    from visitbot.attribution.lexical import lexical, noun_lemma
    from visitbot.bilingual import translations

    first = translations().russian.get(_key(title), ())[:LEADER_SENSES]
    return any(noun_lemma(e) in lexical().leaders for e in first)


@cache
def head_words() -> frozenset[str]:
    """Russian titles for the head of anything, through the dictionaries: translations of
    HEAD_NOUNS that are titles and translate back to one of them ("голова" is no title,
    "человек" does not translate back). Empty without the dictionaries."""
    from visitbot.bilingual import translations

    english, back = translations().english, translations().russian
    return frozenset(
        word
        for noun in HEAD_NOUNS
        for word in english.get(noun, ())[:HEAD_SENSES]
        if is_title(word) and not leads_state(word) and set(HEAD_NOUNS) & set(back.get(word, ()))
    )
