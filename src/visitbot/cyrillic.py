"""Questions asked in Russian or Kazakh: understood as far as who is asked about and what is
asked (their words, who said something, when, where). The sources are English, so words of the
topic in Cyrillic cannot be looked for; Latin words and numbers in the question still are.

The speaker is found through the people matcher (which transliterates), first as written, then
with the case endings of Russian and Kazakh taken off ("Токаева", "Тоқаевтың" → "Тоқаев").
"""

from __future__ import annotations

import re

from visitbot.models import Intent
from visitbot.speakers import PeopleMatcher
from visitbot.text import words

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[^\W\d_]+|\d+")
WHO = frozenset({"кто", "кого", "кім", "кімнің", "кімге"})
WHEN = frozenset({"когда", "қашан"})
WHERE = frozenset({"где", "куда", "қайда", "қай", "қайсы"})
DATE_NOUNS = frozenset({"дата", "дату", "датой", "числа", "күні", "күн"})
SPEECH = frozenset(
    """сказал сказала сказали говорил говорила говорили заявил заявила заявили отметил
    отметила отметили подчеркнул подчеркнула подчеркнули сообщил сообщила сообщили
    пообещал пообещала пообещали поблагодарил поблагодарила предложил предложила
    высказал высказала ответил ответила слова цитаты цитата высказывания заявления
    айтты деді айтқан деген айтқаны сөзі сөздері мәлімдеді атап өтті айтады дейді""".split()
)
_RU_ENDINGS = ("ому", "ему", "ого", "его", "ым", "им", "ом", "ем", "ой", "ей", "а", "у", "е", "ы")
_KK_ENDINGS = (
    "тың", "тің", "дың", "дің", "ның", "нің", "ға", "ге", "қа", "ке", "на", "не", "ты", "ті",
    "ды", "ді", "ны", "ні", "мен", "бен", "пен", "та", "те", "да", "де", "нан", "нен", "тан",
    "тен", "дан", "ден", "ның",
)  # fmt: skip
"""Case endings a name takes (genitive, dative, accusative, instrumental, locative…)."""


class Asked:
    """What a Cyrillic question asks (see :func:`read`)."""

    def __init__(self, intent: Intent, speakers: tuple[str, ...], terms: tuple[str, ...]):
        self.intent = intent
        self.speakers = speakers
        self.terms = terms
        self.where = False
        self.unknown: str | None = None
        """A name the question asks about whom nobody here is ("Что сказал Путин?")."""


def read(text: str, people: PeopleMatcher) -> Asked | None:
    """The intent, speaker and searchable words of a Russian or Kazakh question; None for
    text without Cyrillic letters."""
    if not CYRILLIC.search(text):
        return None
    tokens = _WORD.findall(text.lower())
    if not _unnamed(tokens, people):
        return None  # an English question naming someone in Cyrillic ("what did Эрик say")
    latin = tuple(t for t in words(" ".join(t for t in tokens if not CYRILLIC.search(t))))
    speakers = _speakers(tokens, people)
    named = set(speakers)
    terms = tuple(t for t in latin if not people.find([t]) or not named)
    first = tokens[0] if tokens else ""
    if first in WHO or (WHO & set(tokens[:2])):
        return Asked(Intent.WHO, (), terms)
    if WHEN & set(tokens) or DATE_NOUNS & set(tokens):
        asked = Asked(Intent.DATE, speakers, terms)
        asked.where = bool(WHERE & set(tokens))
        return asked
    if speakers:
        return Asked(Intent.SPEAKER, speakers, terms)
    if SPEECH & set(tokens) and (name := _unknown_name(text)):
        asked = Asked(Intent.SPEAKER, (), terms)
        asked.unknown = name
        return asked
    asked = Asked(Intent.GENERAL, (), terms)
    asked.where = bool(WHERE & set(tokens))
    return asked


def _speakers(tokens: list[str], people: PeopleMatcher) -> tuple[str, ...]:
    """The one person the question names, trying each word as written and without a case
    ending; nobody when it names several."""
    found: set[str] = set()
    for token in tokens:
        if not CYRILLIC.search(token) or len(token) < 2:
            continue
        for form in (token, *_stems(token)):
            matches = people.find(words(form))
            if len(matches) == 1:
                found.update(matches[0].people)
                break
    return tuple(sorted(found)) if len(found) == 1 else ()


_CAPITALISED = re.compile(
    r"(?<!^)(?<![.!?]\s)\b([А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+(?:\s+[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+)*)"
)
"""Capitalised words inside a sentence: in Russian and Kazakh, names (nouns are lower case)."""


def _unknown_name(text: str) -> str | None:
    found = _CAPITALISED.search(text.strip())
    return found.group(1) if found else None


def _unnamed(tokens: list[str], people: PeopleMatcher) -> list[str]:
    """The Cyrillic words that are not part of a known person's name, as written or inflected."""
    cyrillic = [t for t in tokens if CYRILLIC.search(t)]
    flat: list[tuple[int, str]] = [(i, w) for i, t in enumerate(cyrillic) for w in words(t)]
    covered = {flat[k][0] for m in people.find([w for _, w in flat]) for k in range(m.start, m.end)}
    return [
        t
        for i, t in enumerate(cyrillic)
        if i not in covered and not any(people.find(words(stem)) for stem in _stems(t))
    ]


def _stems(token: str) -> list[str]:
    """The token without one of the case endings, longest ending first."""
    return [
        token[: -len(ending)]
        for ending in sorted({*_RU_ENDINGS, *_KK_ENDINGS}, key=len, reverse=True)
        if token.endswith(ending) and len(token) - len(ending) >= 3
    ]
