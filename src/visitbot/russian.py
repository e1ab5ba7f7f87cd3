"""Russian words: lemmas, parts of speech and cases, from pymorphy3 and its OpenCorpora
dictionary (``pymorphy3-dicts-ru``, inside the wheel: nothing is fetched).

"поддержку", "поддержкой" and "поддержка" share the lemma "поддержка"; "Токаеву" is a form of
"Токаев". The index stores each Russian corpus word under its lemmas (see
:mod:`visitbot.wordtables`); a question's Russian words are lemmatised when asked. The analyser
is loaded on first use (0.2 s, about 30 MB): by indexing a corpus with Russian words, or by the
first question in Russian — never for English text and English questions.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from visitbot.language import KAZAKH_LETTERS

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer
    from pymorphy3.analyzer import Parse

WORD_CACHE = 50_000
"""Words whose analyses are remembered (a question's words come back question after question;
an index build sees each corpus word once)."""
FUNCTION_TAGS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "Apro", "Ques", "Anph"})
"""Prepositions, conjunctions, particles, pronouns, pronominal adjectives ("какой", "свой"),
question words and interjections: the small words of a question, never its topic."""
AUXILIARY = frozenset({"быть", "являться", "стать"})
"""Verbs that link rather than tell ("был", "является")."""
NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
"""Names of people, places, organisations and trade marks: written alike in other languages."""

_lock = threading.Lock()
_analysers: list[MorphAnalyzer] = []


def analyser() -> MorphAnalyzer:
    with _lock:
        if not _analysers:
            from pymorphy3 import MorphAnalyzer

            _analysers.append(MorphAnalyzer(lang="ru"))
        return _analysers[0]


def russian(word: str) -> bool:
    """Whether a (Cyrillic) word can be Russian: Kazakh letters say it is not."""
    return not KAZAKH_LETTERS.intersection(word)


@lru_cache(maxsize=WORD_CACHE)
def _parses(word: str) -> tuple[Parse, ...]:
    return tuple(analyser().parse(word))


def _key(lemma: str) -> str:
    return lemma.replace("ё", "е")


@lru_cache(maxsize=WORD_CACHE)
def lemmas(word: str) -> tuple[str, ...]:
    """Every lemma the word may be a form of, likeliest first ("астане" → астана, астан);
    a word with Kazakh letters has none (it is no Russian word)."""
    if not russian(word):
        return ()
    return tuple(dict.fromkeys(_key(p.normal_form) for p in _parses(word)))


PERFECTIVE_PREFIXES = (
    *("вы", "по", "про", "за", "на", "с", "со", "у", "о", "от", "при", "раз", "под"),
)
"""Prefixes that make a perfective verb of an imperfective one ("вырасти" of "расти",
"поблагодарить" of "благодарить"): dictionaries list the verb once, pymorphy3 keeps the two
as separate lemmas."""
VERB_STEM = 4
"""Letters an infinitive keeps without its prefix, at least (so "стать" is not "тать")."""


def aspect_partners(lemma: str) -> list[str]:
    """The imperfective verbs a perfective infinitive may be made from by a prefix; the
    caller uses one only when the lemma itself has no entry."""
    if not lemma.endswith(("ть", "ти", "чь", "ться", "тись")):
        return []
    return [
        lemma[len(prefix) :]
        for prefix in PERFECTIVE_PREFIXES
        if lemma.startswith(prefix) and len(lemma) - len(prefix) >= VERB_STEM
    ]


VERBAL_NOUNS = (
    *(("вить", "вление"), ("бить", "бление"), ("пить", "пление"), ("мить", "мление")),
    *(("дить", "ждение"), ("тить", "щение"), ("зить", "жение"), ("сить", "шение")),
    *(("стить", "щение"), ("ить", "ение"), ("еть", "ение"), ("ать", "ание"), ("ять", "яние")),
    *(("ыть", "ытие"), ("ить", "итие"), ("овать", "ование"), ("евать", "евание")),
    ("тить", "ча"),
)
"""How Russian makes a noun of a verb (infinitive ending, noun ending): "-ение" after the
consonant changes of the "-ить" verbs (заявить → заявление, обсудить → обсуждение, посетить
→ посещение), "-ание", "-ытие" (прибыть → прибытие), "-ование", and the bare stem of
встретить → встреча. A candidate counts only when the dictionary has it as that part of
speech with that lemma."""


def verbal_partners(lemma: str) -> list[str]:
    """The noun a verb makes, or the verb a noun is made of (and its "-ся" form): "прибыть"
    ↔ "прибытие", "встретиться" ↔ "встреча", "поздравление" ↔ "поздравить". Press says a
    thing by either ("на встрече" for "встретился"); the dictionary lists them apart."""
    found: list[str] = []
    verb = lemma[:-2] if lemma.endswith(("ться", "тись")) else lemma
    for verb_end, noun_end in VERBAL_NOUNS:
        if verb.endswith(verb_end) and len(verb) > len(verb_end) + 1:
            noun = verb[: -len(verb_end)] + noun_end
            if _lemma_of(noun, "NOUN"):
                found.append(noun)
        if lemma.endswith(noun_end) and len(lemma) > len(noun_end) + 1:
            infinitive = lemma[: -len(noun_end)] + verb_end
            found.extend(v for v in (infinitive, infinitive + "ся") if _lemma_of(v, "INFN"))
    return list(dict.fromkeys(found))


def _lemma_of(word: str, part: str) -> bool:
    """Whether the dictionary has the word as a lemma of that part of speech."""
    return bool(analyser().word_is_known(word)) and any(
        part in p.tag.grammemes and _key(p.normal_form) == word for p in _parses(word)
    )


ALPHABET = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
"""Russian letters ("ё" is written "е" in keys)."""
CORRECTED_FROM = 5
"""Letters from which a word the dictionary does not know is tried as a typo (as the corpus's
words are: shorter ones are too often another word one letter off)."""


@lru_cache(maxsize=WORD_CACHE)
def one_typo_from(word: str) -> tuple[str, ...]:
    """The dictionary's words one edit (a letter left out, added, changed, or two swapped)
    from a word it does not know ("прошол" → прошел, прошил, прокол …): what a typo may
    stand for; the caller picks among them by what its corpus has."""
    if len(word) < CORRECTED_FROM or not russian(word) or known(word):
        return ()
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    candidates = {a + b[1:] for a, b in splits if b}
    candidates |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    candidates |= {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
    candidates |= {a + c + b for a, b in splits for c in ALPHABET}
    return tuple(sorted(c for c in candidates if c != word and known(c)))


STUMP = (2, 4)
"""Letters the first part of a Russian stump compound has ("гос-визит", "мин-обороны",
"спец-операция", "зам-министра"): the word is its last part, a noun, made narrower."""
HEAD_FROM = 4
"""Letters the last part of a stump compound has, at least."""


@lru_cache(maxsize=WORD_CACHE)
def compound_head(word: str) -> str | None:
    """The noun a stump compound the dictionary does not know is made of ("госвизита" →
    "визита", "спецоперации" → "операции"); None for a word of another shape."""
    if not russian(word) or known(word):
        return None
    shortest, longest = STUMP
    for cut in range(shortest, longest + 1):
        head = word[cut:]
        if len(head) >= HEAD_FROM and known(head) and noun(head):
            return head
    return None


def known(word: str) -> bool:
    """Whether the dictionary has the word (else the analyser guessed its lemma)."""
    return bool(analyser().word_is_known(word))


def forms(lemma: str) -> list[str]:
    """Every form of a lemma (its lexeme), "ё" written "е"."""
    parses = _parses(lemma)
    if not parses:
        return []
    return list(dict.fromkeys(_key(p.word) for p in parses[0].lexeme))


def function_word(word: str) -> bool:
    """A small word of a question ("что", "о", "какой", "был"), by its likeliest reading."""
    if not russian(word):
        return False
    best = _parses(word)[0]
    return bool(FUNCTION_TAGS & best.tag.grammemes) or _key(best.normal_form) in AUXILIARY


def name_like(word: str) -> bool:
    """A name ("Астана", "Токаев") or a word the dictionary does not know (most such are
    foreign names, "Цзиньпин"): written alike in other languages, so worth transliterating."""
    if not russian(word):
        return False
    parses = _parses(word)
    return not analyser().word_is_known(word) or bool(NAME_TAGS & parses[0].tag.grammemes)


PERSON_TAGS = frozenset({"Name", "Surn", "Patr"})
"""Names of people, as the dictionary tags them."""


def person_like(word: str) -> bool:
    """A person's name ("Путин") or a word the dictionary does not know (most such are
    foreign names); not a place's or an organisation's ("Астана", "МИД")."""
    if not russian(word):
        return False
    parses = _parses(word)
    if not analyser().word_is_known(word):
        return True
    return bool(PERSON_TAGS & parses[0].tag.grammemes)


def person_noun(word: str) -> bool:
    """Whether the word's likeliest reading is a common noun for a person ("глава",
    "президент", "министр"): an animate noun that is no name."""
    parses = _parses(word) if russian(word) else ()
    if not parses or parses[0].tag.POS != "NOUN":
        return False
    grammemes = parses[0].tag.grammemes
    return "anim" in grammemes and not (PERSON_TAGS & grammemes)


def preposition(word: str) -> bool:
    """Whether the word is a preposition ("в", "под", "помимо")."""
    parses = _parses(word) if russian(word) else ()
    return bool(parses) and parses[0].tag.POS == "PREP"


def is_russian_text(text: str) -> bool:
    """Whether a text is written in Cyrillic without Kazakh letters (a translation that is
    missing stays in its source's Latin letters)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all("\u0400" <= c <= "\u04ff" for c in letters) and russian(text)


def adjective(word: str) -> bool:
    """Whether the dictionary has the word as an adjective's lemma ("российский")."""
    return _lemma_of(word, "ADJF")


def place_abbreviation(word: str) -> bool:
    """Whether the dictionary has the word as a place's abbreviation ("рф", "сша")."""
    return known(word) and any({"Abbr", "Geox"} <= p.tag.grammemes for p in _parses(word))


def place_lemma(word: str) -> str | None:
    """The lemma of the word read as a place's name ("америки" → "америка"; "чад" → "чад",
    though "чадо" is likelier); None when the dictionary has it as no place."""
    parses = _parses(word) if russian(word) else ()
    return next((_key(p.normal_form) for p in parses if "Geox" in p.tag.grammemes), None)


MODIFIER_TAGS = frozenset({"ADJF", "ADJS", "PRTF"})
"""Adjectives and participles: "Российская", "Южно-", "Соединённые"."""


def modifier(word: str) -> bool:
    """Whether the word's likeliest reading is an adjective or a participle."""
    parses = _parses(word) if russian(word) else ()
    return bool(parses) and parses[0].tag.POS in MODIFIER_TAGS


VERB_TAGS = frozenset({"VERB", "INFN", "PRTS"})
"""A verb: finite, infinitive, or a short participle ("был выстроен")."""


def verb(word: str) -> bool:
    """Whether the word's likeliest reading is a verb ("выстроили", "предусматривала")."""
    if not russian(word):
        return False
    parses = _parses(word)
    return bool(parses) and parses[0].tag.POS in VERB_TAGS


def verb_form(word: str) -> bool:
    """Whether any reading of the word is a verb's ("прибыли": arrived, or of profit)."""
    return russian(word) and any(p.tag.POS in VERB_TAGS for p in _parses(word))


def noun(word: str) -> bool:
    """Whether the word's likeliest reading is a noun ("отеле", "лидеры")."""
    if not russian(word):
        return False
    parses = _parses(word)
    return bool(parses) and parses[0].tag.POS == "NOUN"


def cases(word: str) -> frozenset[str]:
    """The grammatical cases the word may be in ("Токаева": gent, accs; "Лукашенко": all,
    as it does not decline); empty for a word that has none (a verb)."""
    if not russian(word):
        return frozenset()
    found = set()
    for parse in _parses(word):
        if parse.tag.case is not None:
            found.add(str(parse.tag.case))
    return frozenset(found)
