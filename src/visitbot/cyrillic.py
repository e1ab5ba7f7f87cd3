"""Questions asked in Russian (or Kazakh): what is asked, about whom, and the words to look for.

Russian word order is free, so the grammar goes by words and cases, not by patterns:

* "Кто сказал …?", "Кто заявил/назвал/поблагодарил …?", "Чьи это слова …?" → WHO; a verb of
  plain saying (сказать, заявить, отметить …) is dropped, any other ("поблагодарил") is a word
  to find, and the one person the rest names (in any case) was spoken to or of;
* a speaker — the person a speech verb has as its subject (in the nominative: "Что сказал
  Токаев …", "Что Токаев сказал …", "Как Путин оценил …"), the person after "по словам" /
  "по мнению", or after a speech noun ("слова/цитаты/высказывания Си Цзиньпина"), or the one
  person named beside bare keywords → SPEAKER: only that person's words;
* "Когда …", "Какого числа …", "В каком году …" → DATE; "Где/Куда …" asks where; "Сколько …"
  how many, "Как долго …" how long; anything else is a search of every passage.

People are found by any case form through their lemmas (pymorphy3: "Токаеву" is "Токаев",
"главы государства" is "глава государства"), a name's case ending taken off, and by
transliteration ("Эрик Санд" is "Erik Sand"). The topic words are the question's other words,
small ones (prepositions, pronouns, question words: by their part of speech) only for word
order. Kazakh questions are understood as far as the speaker and the intent (Kazakh has no
analyser here), and their words are looked for as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from visitbot import russian
from visitbot.language import KAZAKH_LETTERS
from visitbot.models import Intent
from visitbot.russian_countries import country_keys
from visitbot.speakers import PeopleMatcher, QueryMention
from visitbot.text import is_cyrillic, token_spans

WHO = frozenset({"кто", "кого", "кому", "чей", "чья", "чье", "чьи", "кім", "кімнің", "кімге"})
WHEN = frozenset({"когда", "қашан"})
DATE_WORDS = frozenset({"число", "дата", "день", "год", "месяц", "күні", "күн"})
"""With "какой" ("какого числа", "в каком году"): a date is asked."""
WHICH = frozenset({"какой", "который", "қай", "қандай"})
WHERE = frozenset({"где", "куда", "откуда", "қайда", "қай жерде"})
HOW_MANY = frozenset({"сколько", "қанша"})
QUESTION_WORDS = frozenset(
    "что как почему зачем ли чей откуда куда разве неужели не неге қалай ма ме ба бе па пе".split()
)
"""Words that make a question of a sentence (besides who, when, where, which, how many)."""
HOW_LONG = frozenset({"долго", "длиться", "продолжаться"})
SPEECH_VERBS = frozenset(
    """сказать говорить заявить заявлять отметить отмечать подчеркнуть подчеркивать сообщить
    сообщать добавить добавлять ответить отвечать упомянуть упоминать написать писать
    рассказать рассказывать заметить замечать указать указывать констатировать утверждать
    высказаться высказываться выступить выступать назвать называть оценить оценивать
    поблагодарить благодарить пообещать обещать предложить предлагать выразить выражать
    призвать призывать пожелать желать подтвердить подтверждать признать признавать
    похвалить хвалить поздравить поздравлять пригласить приглашать заверить заверять
    считать думать полагать процитировать цитировать напомнить напоминать обсудить
    обсуждать раскрыть раскрывать объяснить объяснять охарактеризовать""".split()
)
"""Lemmas of verbs of saying and of what saying does (thank, promise, assess, call): a
question with one asks about someone's words."""
PURE_SPEECH = frozenset(
    """деді айтты айтқан деген айтқаны айтады дейді
    сказать говорить заявить заявлять отметить отмечать подчеркнуть подчеркивать сообщить
    сообщать добавить добавлять упомянуть упоминать написать писать рассказать рассказывать
    заметить замечать указать указывать констатировать утверждать высказаться высказываться
    процитировать цитировать""".split()
)
"""Verbs about the act of saying, which tell nothing about what was said (as in English)."""
LIGHT_VERBS = frozenset("сделать делать выступить выступать дать давать".split())
"""Verbs that say nothing themselves beside a noun of speech: "сделал заявление", "выступил
с заявлением", "дал интервью" report speech as "заявил" does."""
SPEECH_ACTS = frozenset("заявление комментарий интервью высказывание сообщение".split())
"""Nouns of an act of plain saying, which a light verb makes a verb of saying."""
SPEECH_NOUNS = frozenset(
    """слово цитата высказывание заявление мнение позиция оценка речь выступление
    сөз сөзі сөздері""".split()
)
"""Nouns whose owner in the genitive is the speaker ("слова Си Цзиньпина")."""
ACCORDING = frozenset({"слово", "мнение", "данные", "информация", "сведения"})
"""After "по": "по словам X", "по мнению X" name the speaker; "по данным X", "по информации
X" the source, a speaker when it is someone quoted here."""
SOURCE_NOUNS = frozenset({"данные", "информация", "сведения"})
"""After "по", nouns whose owner is where the report comes from ("по данным агентства"):
when that is no one quoted here, its words only place the passage."""
KAZAKH_WORDS = frozenset(
    "деді айтты айтқан деген айтқаны мәлімдеді атап өтті айтады дейді кім қашан қайда "
    "туралы және мен сөздері сөзі".split()
)
"""Kazakh words common in questions, which tell a Kazakh question from a Russian one even
when no Kazakh-only letter is in it ("Си Цзиньпин не деді?")."""
KAZAKH_SPEECH = frozenset(
    "деді айтты айтқан деген айтқаны мәлімдеді айтады дейді сөзі сөздері".split()
)
ENDING = 3
"""Letters a case ending of a name has at most (Russian "-ому", Kazakh "-тың")."""
NAME_STEM = 4
"""Letters a name keeps without its ending, at least (so "Си" never loses one)."""
MISSPELT_FROM = 5
"""Letters from which an unknown word is tried as a misspelt verb of saying (as in English)."""
EXCEPT = frozenset({"помимо", "кроме"})
"""Prepositions that set a person or thing aside ("Какие лидеры, помимо Мирзиеева, …"):
what they govern is not what is asked about."""
FOCUS_WEIGHT = 2.0
"""How much more the noun "какой" asks about weighs ("под каким лозунгом", "какие лидеры"):
the answer names what was asked for by that word, so a passage without it hardly answers;
twice a word's weight, as the question's one word that every answer must have."""
DEPENDENT_WEIGHT = 0.5
"""What a word of a genitive phrase depending on a noun weighs: the head names the thing and
is what a report repeats; what it is of ("визит [Си Цзиньпина]") a report may give by a
pronoun, another name or not at all ("его визит", "визит гостя"). Half, as the title's
scene-setting words count."""
FOCUS_REACH = 3
"""Words "какой" may stand before its noun ("какой по счёту саммит")."""
NAME_CASES = frozenset({"nomn"})
"""The case of a speech verb's subject."""
OWNER_CASES = frozenset({"gent"})
"""The case of a speech noun's owner ("слова Токаева")."""


@dataclass(frozen=True)
class Asked:
    """What a Cyrillic question asks (see :func:`read`)."""

    intent: Intent
    terms: tuple[str, ...]
    speakers: tuple[str, ...] = ()
    unknown: str | None = None
    """A name the question asks about whom nobody here is ("Что сказал Путин?")."""
    where: bool = False
    quantity: bool = False
    duration: bool = False
    speech_verb: bool = False
    spoken_of: tuple[str, ...] = ()
    sequence: tuple[str, ...] = ()
    language: str = "ru"
    scale: tuple[tuple[str, float], ...] = ()
    """Words weighing more or less than their rarity says (see :func:`_scale`)."""
    context: tuple[str, ...] = ()
    """Words that place the passage rather than make it: a source named by "по данным"."""
    named: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Words of a role the question names someone by (not the speaker), with who that is."""


@dataclass
class _Word:
    token: str
    """As the index keys it (lower case, ё as е)."""
    original: str
    lemmas: tuple[str, ...]
    small: bool
    """A small word: only for word order."""


def read(text: str, people: PeopleMatcher) -> Asked | None:
    """The intent, speaker and searchable words of a Russian or Kazakh question; None for
    text without Cyrillic words, or an English question that names someone in Cyrillic."""
    spans = token_spans(text)
    if not any(is_cyrillic(t) for _, _, t in spans):
        return None
    tokens = [t for _, _, t in spans]
    kazakh = any(KAZAKH_LETTERS & set(t) for t in tokens) or bool(KAZAKH_WORDS & set(tokens))
    found = [_word(text[s:e], t, kazakh) for s, e, t in spans]
    alternatives = [_alternatives(w) for w in found]
    mentions = _reordered(people, tokens, found, alternatives, people.find(tokens, alternatives))
    covered = {k for m in mentions for k in range(m.start, m.end)}
    if all(k in covered for k, w in enumerate(found) if is_cyrillic(w.token)):
        return None  # "What did Токаев say about …": an English question
    lemmas = {lemma for w in found for lemma in w.lemmas} | set(tokens)
    language = "kk" if kazakh else "ru"
    light = bool(LIGHT_VERBS & lemmas and SPEECH_ACTS & lemmas)  # "сделала заявление"
    speech = bool((SPEECH_VERBS | KAZAKH_SPEECH) & lemmas) or light
    # A name or role matching as written is in the nominative: registries and articles'
    # appositions give people's forms so, and the analyser may not know a name at all
    # ("Токаев" it takes for a plural genitive of "токай").
    as_written = {(m.start, m.end) for m in people.find(tokens, typos=False)}
    question = "?" in text or any(QUESTION_WORDS & {w.token, *w.lemmas} or _asks(w) for w in found)
    speaker = _speaker(found, mentions, speech, as_written, question)
    according = speaker is not None and _according(found, speaker)
    intent = Intent.GENERAL
    first = [w.token for w in found[:2]]
    if speaker is None and (WHO & set(first) or WHO & {w.token for w in found if w.small}):
        intent = Intent.WHO
    elif speaker is not None:
        intent = Intent.SPEAKER
    dated = bool(WHICH & lemmas and DATE_WORDS & lemmas)  # "какого числа", "в каком году"
    if speaker is None and intent is Intent.GENERAL and (WHEN & lemmas or dated):
        intent = Intent.DATE
    focus = _focus(text, spans, found)
    if focus is not None and DATE_WORDS & {found[focus].token, *found[focus].lemmas}:
        focus = None  # a date is asked: the date word is dropped
    # Words: the speaker's own name and the question's small words are not looked for; a
    # verb of plain saying says nothing about what was said; other people named are
    # looked for by their canonical names' words, found in any paragraph that names them.
    terms: list[str] = []
    sequence: list[str] = []
    noun, context = _source(text, spans, found, speaker)
    for k, w in enumerate(found):
        mention = next((m for m in mentions if m.start <= k < m.end), None)
        if mention is not None:
            if speaker is not None and set(mention.people) <= set(speaker.people):
                continue
            sequence.append(w.token)
            terms.append(w.token)  # found as written, by its forms, or where they are named
            continue
        sequence.append(w.token)
        # After "по словам X" every verb is what X said ("Что, по мнению Токаева,
        # подчёркивает визит …?"): the speaker is already named.
        plain = PURE_SPEECH | (LIGHT_VERBS | SPEECH_ACTS if light else frozenset())
        plain_speech = speech and not according and plain & {*w.lemmas, w.token}
        if w.small or _asks(w) or plain_speech or k == noun:
            continue
        if intent is Intent.SPEAKER and SPEECH_NOUNS & {w.token, *w.lemmas}:
            continue
        if DATE_WORDS & {w.token, *w.lemmas} and (
            intent is Intent.DATE or dated or (k and found[k - 1].token.isdigit())
        ):
            continue  # "какого числа", "в каком месяце", "в 2025 году" ask or give a date
        terms.append(w.token)
    spoken_of: tuple[str, ...] = ()
    if intent is Intent.WHO:
        single = [m for m in mentions if len(m.people) == 1]
        spoken_of = single[0].people if len(single) == 1 else ()
    unknown = None
    if intent is Intent.GENERAL and speech and not mentions:
        unknown = _unknown_name(found)
    if intent is Intent.GENERAL and speech and not according and unknown is None:
        unknown = _unknown_role(people, text, spans, found, mentions)
    return Asked(
        intent=Intent.SPEAKER if unknown else intent,
        terms=tuple(dict.fromkeys(terms)),
        speakers=speaker.people if speaker is not None else (),
        unknown=unknown,
        where=bool(WHERE & lemmas),
        quantity=bool(HOW_MANY & lemmas),
        duration=bool(HOW_LONG & lemmas) or (bool(HOW_MANY & lemmas) and _asks_time(lemmas)),
        speech_verb=speech,
        spoken_of=spoken_of,
        sequence=tuple(sequence),
        language=language,
        scale=_scale(text, spans, found, mentions, focus, set(terms)),
        context=tuple(t for t in context if t in terms),
        named=_named(people, spans, text, found, alternatives, mentions, speaker, set(terms)),
    )


def _named(
    people: PeopleMatcher,
    spans: Sequence[tuple[int, int, str]],
    text: str,
    found: Sequence[_Word],
    alternatives: Sequence[list[str]],
    mentions: Sequence[QueryMention],
    speaker: QueryMention | None,
    terms: set[str],
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The words of each role (not the speaker's) that names one person, with who that is;
    also of roles that share one noun ("с китайским и турецким лидерами": "китайским
    лидерами" and "турецким лидерами" are tried as roles of their own)."""
    named: dict[str, set[str]] = {}
    groups: list[tuple[list[int], tuple[str, ...]]] = [
        (list(range(m.start, m.end)), m.people)
        for m in mentions
        if m.by_role and len(m.people) == 1 and m is not speaker
    ]
    tokens = [t for _, _, t in spans]
    for k in range(len(found) - 2):
        between = text[spans[k][1] : spans[k + 1][0]]
        if not _COORDINATION.fullmatch(between) or not russian.noun(found[k + 2].token):
            continue
        for j in (k, k + 1):
            pair, words = [tokens[j], tokens[k + 2]], [found[j], found[k + 2]]
            options = [alternatives[j], alternatives[k + 2]]
            for mention in _reordered(people, pair, words, options, people.find(pair, options)):
                if mention.by_role and len(mention.people) == 1 and mention.end == 2:
                    groups.append(([j, k + 2], mention.people))
    for positions, who in groups:
        for j in positions:
            if found[j].token in terms:
                named.setdefault(found[j].token, set()).update(who)
    return tuple((word, tuple(sorted(who))) for word, who in named.items())


_COORDINATION = re.compile(r"\s+(?:и|или)\s+|\s*,\s*", re.IGNORECASE)
"""What joins two modifiers of one noun: "и", "или", a comma."""


def _source(
    text: str,
    spans: Sequence[tuple[int, int, str]],
    found: Sequence[_Word],
    speaker: QueryMention | None,
) -> tuple[int | None, list[str]]:
    """Where "по данным X" has its noun ("данным": not looked for), and X's words, up to
    the next punctuation mark, when X is not the speaker ("по данным CMN.KZ")."""
    for k in range(len(found) - 1):
        if found[k].token != "по" or not SOURCE_NOUNS & set(found[k + 1].lemmas):
            continue
        if speaker is not None and speaker.start == k + 2:
            return k + 1, []
        phrase = []
        for j in range(k + 2, len(found)):
            if _PUNCTUATION.search(text, spans[j - 1][1], spans[j][0]):
                break
            phrase.append(found[j].token)
        return k + 1, phrase
    return None, []


_PUNCTUATION = re.compile(r"[,;:?!()«»\"]|\.\s")


def _focus(text: str, spans: Sequence[tuple[int, int, str]], found: Sequence[_Word]) -> int | None:
    """The word the question asks about: the noun of its "какой"/"который", the first after
    it in its case ("в каком отеле", "под каким лозунгом", "какой по счёту саммит"), or the
    verb of its "что". Only a question word that opens the question, alone or after a
    preposition, asks: "который" later in it joins a clause ("о пакете, который …")."""
    which = _opening_which(text, spans, found)
    if which is None:
        return _what_verb(text, spans, found)
    wanted = russian.cases(found[which].token)
    after_preposition = False
    for j in range(which + 1, min(len(found), which + 1 + FOCUS_REACH)):
        token = found[j].token
        # a preposition's noun is its own ("какой по счёту саммит": not "счёту")
        if not after_preposition and russian.noun(token) and wanted & russian.cases(token):
            return j
        after_preposition = russian.preposition(token)
    return None


def _what_verb(
    text: str, spans: Sequence[tuple[int, int, str]], found: Sequence[_Word]
) -> int | None:
    """The verb an opening "что" is the object or subject of ("Что выстроили в аэропорту
    …?", "Что предусматривала программа …?"): what the answer must tell; not a verb of
    plain saying, whose words are asked for."""
    if not found or found[0].token != "что" or text[: spans[0][0]].strip():
        return None
    k = 1 + (len(found) > 1 and found[1].small)  # "Что же …", "Что, по мнению X, …"
    if k < len(found) and russian.verb(found[k].token):
        return None if PURE_SPEECH & set(found[k].lemmas) else k
    return None


def _opening_which(
    text: str, spans: Sequence[tuple[int, int, str]], found: Sequence[_Word]
) -> int | None:
    """Where "какой"/"который" opens the question, alone or after a preposition ("под
    каким", "в каком": a one-letter one is no token, so the text before is read)."""
    if not found:
        return None
    before = text[: spans[0][0]].strip(" \t\"«“„'(").lower()
    if before and not (len(before.split()) == 1 and russian.preposition(before)):
        return None
    if WHICH & set(found[0].lemmas):
        return 0
    if not before and len(found) > 1 and russian.preposition(found[0].token):
        return 1 if WHICH & set(found[1].lemmas) else None
    return None


def _according(found: Sequence[_Word], speaker: QueryMention) -> bool:
    """Whether the speaker is named by "по словам"/"по мнению" before them."""
    before = [w.lemmas or (w.token,) for w in found[max(0, speaker.start - 2) : speaker.start]]
    return len(before) == 2 and "по" in before[0] and bool(ACCORDING & set(before[1]))


def _scale(
    text: str,
    spans: Sequence[tuple[int, int, str]],
    found: Sequence[_Word],
    mentions: Sequence[QueryMention],
    focus: int | None,
    terms: set[str],
) -> tuple[tuple[str, float], ...]:
    """Words that weigh other than by their rarity:

    * the noun "какой" asks about weighs :data:`FOCUS_WEIGHT` times as much;
    * what "помимо"/"кроме" sets aside (a person named, or the next word) weighs nothing;
    * the words of a name in quotation marks («Центральная Азия – Китай», capitalised)
      share one word's weight: it names one thing. Quoted words in lower case are a
      citation (Кто назвал саммит «прорывным мероприятием»?) and keep theirs;
    * what a noun is of (a genitive phrase after it) weighs :data:`DEPENDENT_WEIGHT`.
    """
    scale: dict[str, float] = {}
    for start, end in _quoted_names(text):
        inside = [t for s, e, t in spans if start <= s and e <= end and t in terms]
        for token in inside:
            scale[token] = 1 / len(inside)
    for k, w in enumerate(found):
        if w.token not in EXCEPT:
            continue
        mention = next((m for m in mentions if m.start == k + 1), None)
        aside = range(k + 1, mention.end) if mention else range(k + 1, min(k + 2, len(found)))
        for j in aside:
            scale[found[j].token] = 0.0
    people = {k for m in mentions for k in range(m.start, m.end)}
    for j in _dependents(text, spans, found, people):
        scale.setdefault(found[j].token, DEPENDENT_WEIGHT)
    if focus is not None and found[focus].token in terms:
        scale[found[focus].token] = FOCUS_WEIGHT
    return tuple((t, v) for t, v in scale.items() if t in terms)


def _dependents(
    text: str, spans: Sequence[tuple[int, int, str]], found: Sequence[_Word], people: set[int]
) -> list[int]:
    """The words of genitive phrases that depend on a noun ("подробности [новой парадигмы
    безопасности]", "программа [госвизита председателя КНР]"): a word that may be in the
    genitive, right after a common noun (not a word naming a person: ``people``, their
    positions) or another such word with nothing between but a space; an adjective among
    them only before a noun of the phrase."""
    out: list[int] = []
    for k in range(1, len(found)):
        before, word = found[k - 1], found[k]
        if text[spans[k - 1][1] : spans[k][0]].strip() or word.small or not word.lemmas:
            continue
        head = before.lemmas and russian.noun(before.token) and k - 1 not in people
        if not (out and out[-1] == k - 1) and not head:
            continue  # a genitive after a name is no dependent: "Раскрыл ли Токаев подробности"
        if (
            not _in(word, OWNER_CASES)
            or not russian.cases(word.token)
            or russian.verb_form(word.token)
        ):
            continue  # ("министры прибыли": "прибыли" is also a verb)
        if russian.noun(word.token) or (
            k + 1 < len(found)
            and russian.noun(found[k + 1].token)
            and _in(found[k + 1], OWNER_CASES)
        ):
            out.append(k)
    return out


_QUOTES = (("«", "»"), ('"', '"'), ("“", "”"), ("„", "“"))


def _quoted_names(text: str) -> list[tuple[int, int]]:
    """Spans of quoted words that open with a capital letter and hold more than one word."""
    found = []
    for opening, closing in _QUOTES:
        at = 0
        while (start := text.find(opening, at)) >= 0:
            end = text.find(closing, start + 1)
            if end < 0:
                break
            inner = text[start + 1 : end].strip()
            if inner[:1].isupper() and len(inner.split()) > 1:
                found.append((start + 1, end))
            at = end + 1
    return found


def speech_verb(token: str) -> bool:
    """Whether a Russian word is a form of a verb of saying or of what saying does
    ("раскрыл", "поблагодарил")."""
    return is_cyrillic(token) and bool(SPEECH_VERBS & set(russian.lemmas(token)))


def _word(original: str, token: str, kazakh: bool) -> _Word:
    if not is_cyrillic(token) or not russian.russian(token):
        return _Word(token, original, (), token in KAZAKH_WORDS and token not in KAZAKH_SPEECH)
    lemmas = russian.lemmas(token)
    if not russian.known(token) and (verb := _misspelt_speech_verb(token)):
        lemmas = (verb,)  # "скзал", "заявли": a typo in the verb still asks about words
    small = russian.function_word(token) or (kazakh and token in KAZAKH_WORDS)
    return _Word(token, original, lemmas, small)


@cache
def _speech_forms() -> dict[str, str]:
    """Every form of the verbs of saying (pymorphy3's lexemes), with their lemma."""
    return {form: lemma for lemma in PURE_SPEECH for form in russian.forms(lemma)}


def _misspelt_speech_verb(token: str) -> str | None:
    """The verb of saying a word the analyser does not know is a typo of, if any."""
    if len(token) < MISSPELT_FROM:
        return None
    found = process.extractOne(token, _speech_forms().keys(), scorer=fuzz.ratio, score_cutoff=80)
    return _speech_forms()[found[0]] if found else None


def _alternatives(word: _Word) -> list[str]:
    """What else a word may stand for in a name: its lemmas, and the word without a case
    ending of up to three letters ("Санде" → "Санд", "Тоқаевтың" → "Тоқаев"): a surname the
    analyser does not know it guesses a lemma for by analogy, often wrongly."""
    if not is_cyrillic(word.token):
        return []
    token = word.token
    cut = [token[:-k] for k in range(1, ENDING + 1) if len(token) - k >= NAME_STEM]
    return [*word.lemmas, *cut, *_country(word)]


def _country(word: _Word) -> frozenset[str]:
    """Every way Russian names the country a word names ("России": россия, рф, российский;
    "Киргизии": киргизия, кыргызстан …), so a role names its holder however the country is
    put (see visitbot.russian_countries)."""
    if word.small or not word.lemmas:
        return frozenset()
    return frozenset().union(*(country_keys(lemma) for lemma in word.lemmas))


def _reordered(
    people: PeopleMatcher,
    tokens: Sequence[str],
    found: Sequence[_Word],
    alternatives: Sequence[list[str]],
    mentions: list[QueryMention],
) -> list[QueryMention]:
    """The mentions, and those a country put the other way round makes ("российский
    президент" is the "президент России" an article names; "глава российского МИД" its
    "глава МИД РФ"): a country's adjective before a noun and its name after it, in the
    genitive, say the same."""
    for k in range(len(found) - 1):
        first, second = found[k], found[k + 1]
        adjective_first = _country(first) and russian.noun(second.token)
        name_after = russian.noun(first.token) and _country(second)
        if not (adjective_first or name_after):
            continue
        order = [*range(k), k + 1, k, *range(k + 2, len(found))]
        swapped = people.find([tokens[i] for i in order], [alternatives[i] for i in order])
        for mention in swapped:
            if not mention.start <= k < k + 1 < mention.end:
                continue
            size = mention.end - mention.start
            overlapping = [m for m in mentions if m.start < mention.end and mention.start < m.end]
            if all(m.end - m.start < size for m in overlapping):
                mentions = sorted(
                    [m for m in mentions if m not in overlapping] + [mention],
                    key=lambda m: m.start,
                )
    return mentions


def name_alternatives(tokens: Sequence[str]) -> list[list[str]]:
    """Per word, what else it may stand for in a name (see :func:`_alternatives`)."""
    return [_alternatives(_word(t, t, kazakh=False)) for t in tokens]


def _asks(word: _Word) -> bool:
    """A question word ("кто", "когда", "какой", "сколько")."""
    keys = {word.token, *word.lemmas}
    return bool(keys & (WHO | WHEN | WHICH | WHERE | HOW_MANY))


def _asks_time(lemmas: set[str]) -> bool:
    return bool(lemmas & {"минута", "час", "день", "неделя", "месяц", "год"})


def _speaker(
    found: Sequence[_Word],
    mentions: Sequence[QueryMention],
    speech: bool,
    as_written: set[tuple[int, int]],
    question: bool,
) -> QueryMention | None:
    """The mention that names the speaker, if the question asks for someone's words."""
    one = [m for m in mentions if len(m.people) == 1 or m.by_role]
    for m in one:
        before = [w.lemmas or (w.token,) for w in found[max(0, m.start - 2) : m.start]]
        if _according(found, m):  # "по словам Токаева", "по мнению главы МИД"
            return m
        # "слова Си Цзиньпина", "высказывания президента"; Kazakh "Тоқаевтың сөздері"
        if before and SPEECH_NOUNS & set(before[-1]) and _in(found[m.start], OWNER_CASES):
            return m
        after = found[m.end : m.end + 1]
        if after and SPEECH_NOUNS & {after[0].token, *after[0].lemmas}:
            return m
    if not speech:
        # Bare keywords naming one person ("Токаев сотрудничество") are theirs; a question
        # ("Что выстроили в честь прибытия Си Цзиньпина?") only names them.
        if len(one) == 1 and not question:
            return one[0]
        return None
    if any(w.token in WHO for w in found[:2]):
        return None  # "Кто сказал, что Путин …": the person named is not the speaker
    subjects = [m for m in one if (m.start, m.end) in as_written or _nominative(found, m)]
    if len(subjects) > 1:
        # "Что российский лидер сказал Лукашенко": a name that does not decline may be in
        # any case; a mention with a word in the nominative only is the subject.
        only = [m for m in subjects if _nominative(found, m)]
        subjects = only if len(only) == 1 else subjects[:1]
    return subjects[0] if subjects else None


def _nominative(found: Sequence[_Word], mention: QueryMention) -> bool:
    """Whether a mention is surely in the nominative: a word of it can be in no other case,
    and every word before that one may be ("лидер" in "российский лидер"; "президент" in
    "президент Киргизии", whose country is in the genitive, as a role's dependents are;
    not "Токаева", which the analyser also reads as a woman's name, nor "Лукашенко", which
    does not decline)."""
    span = found[mention.start : mention.end]
    for k, word in enumerate(span):
        if _only(word, NAME_CASES):
            return all(_in(w, NAME_CASES) for w in span[:k])
    return False


def _in(word: _Word, wanted: frozenset[str]) -> bool:
    """Whether the word may be in one of the cases (a word with no case — Latin, Kazakh, a
    verb — may be in any)."""
    cases = russian.cases(word.token) if word.lemmas else frozenset()
    return not cases or bool(cases & wanted)


def _only(word: _Word, wanted: frozenset[str]) -> bool:
    """Whether the word can only be in those cases ("лидер", not "Лукашенко")."""
    cases = russian.cases(word.token) if word.lemmas else frozenset()
    return bool(cases) and cases <= wanted


def _unknown_role(
    people: PeopleMatcher,
    text: str,
    spans: Sequence[tuple[int, int, str]],
    found: Sequence[_Word],
    mentions: Sequence[QueryMention],
) -> str | None:
    """The words naming the subject of a question's verb of saying, when they name no one
    known here ("Что глава МИД Китая сказал …?", "Что турецкий лидер сказал Путину?"): a
    noun for a person that can only be in the nominative, with the adjectives before it
    and the genitive words after it, at least one, and not a part of someone's role.
    Searching the words instead would answer with whoever else said them."""
    covered = {k for m in mentions for k in range(m.start, m.end)}
    for k, word in enumerate(found):
        if k in covered or word.small or not _only(word, NAME_CASES):
            continue
        if not russian.person_noun(word.token) or (k and russian.preposition(found[k - 1].token)):
            continue
        start = k
        while start and found[start - 1].lemmas and russian.modifier(found[start - 1].token):
            if not _in(found[start - 1], NAME_CASES) or start - 1 in covered:
                break
            start -= 1
        after = set(_dependents(text, spans, found, covered))
        end = k + 1
        while end in after and end not in covered:
            end += 1
        role = range(start, end)
        if len(role) < 2:
            continue  # a bare title ("президент") may be any of several here
        if people.holders([[found[j].token, *_alternatives(found[j])] for j in role]):
            continue  # a part of someone's role: their words are searched for
        return text[spans[start][0] : spans[end - 1][1]]
    return None


def _unknown_name(found: Sequence[_Word]) -> str | None:
    """A capitalised name in the nominative, not first in the sentence: the person a
    question asks about whom nobody here is ("Что сказал Путин?"); not an abbreviation
    ("Что глава МИД сказал …": an institution, whose head may be someone quoted here)."""
    for k, w in enumerate(found):
        capitalised = k and w.original[:1].isupper() and not w.original.isupper() and w.lemmas
        if capitalised and russian.person_like(w.token) and "nomn" in russian.cases(w.token):
            return w.original
    return None
