"""People a Russian article introduces: names found by pymorphy3 (given names, surnames,
patronymics, and unknown capitalised words beside them — most foreign names), in the nominative
whatever case the article writes them in, with the title before them ("пресс-секретарь
финского президента Лина Одо", "посол Эстонии в Финляндии Анна Холм").

The same evidence as for English makes a run of capitals a person (see people.py): a title
(an animate noun, :func:`russian_words.is_title`), a speech verb beside it, or a given name
with a surname.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from visitbot.attribution.lexical import lexical, noun_lemma
from visitbot.attribution.people import Introduction
from visitbot.attribution.russian_words import (
    NAME_TAGS,
    is_name_word,
    is_place,
    is_title,
    keys,
    name_parse,
    speech_class,
)
from visitbot.models import Document
from visitbot.russian import analyser
from visitbot.text import sentence_spans

_WORD = re.compile(r"[\w][\w-]*")
_RUN = re.compile(r"[А-ЯЁ][\w-]*(?:[ \u00a0][А-ЯЁ][\w-]*)*")
TITLE_REACH = 5
"""Lower-case words before a name a title may stand in ("посол Казахстана в Москве")."""
MAX_NAME_WORDS = 4


@dataclass
class _Found:
    written: list[tuple[str, ...]] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    person: bool = False


_NOT_NAME_POS = frozenset({"ADVB", "PRCL", "CONJ", "PREP", "INTJ", "NPRO", "PRED", "ADJF"})
"""pymorphy3's parts of speech no name word has: adverb, particle, conjunction, preposition,
interjection, pronoun, predicative, adjective."""


def _name_part(words: list[str], opening: bool) -> tuple[str, ...]:
    """The name in a run of capitals: after its titles ("Президент", a capitalised title
    opening a sentence) and places ("Казахстана"); a name word must be among what is left
    ("Си Цзиньпин": "Си" is a common word, but stands before one)."""
    first = 0
    while first < len(words) and (
        is_title(words[first].lower()) or is_place(words[first]) or _modifier(words[first])
    ):
        first += 1
    if 0 < first < len(words) - 1 and words[first].lower().endswith("ии"):
        first += 1  # "Президент Вестландии Эрик Санд": -ии is no name's nominative, a place's
    if (
        opening
        and first == 0
        and len(words) > 1
        and not name_parse(words[0])
        and analyser().parse(words[0])[0].tag.POS in _NOT_NAME_POS
    ):
        # "Ранее Путин заявил": a word the dictionary knows as no name (an adverb, a
        # particle, a conjunction) is capitalised only because it opens the sentence
        first = 1
    name = tuple(words[first:])
    if not any(is_name_word(w) for w in name):
        return ()
    if opening and first == 0 and len(name) == 1 and not name_parse(name[0]):
        return ()  # a word capitalised only because it opens the sentence
    return name if 0 < len(name) <= MAX_NAME_WORDS else ()


def _modifier(word: str) -> bool:
    """An inanimate noun in an oblique case before a name: the title's ("представитель
    Кремля Дмитрий Песков"); "Си" of Си Цзиньпин does not decline and stays."""
    parse = analyser().parse(word)[0]
    tags = parse.tag.grammemes
    return (
        parse.tag.POS == "NOUN"
        and "inan" in tags
        and "Fixd" not in tags
        and not NAME_TAGS & tags
        and parse.tag.case not in (None, "nomn")
    )


def _title_before(text: str, start: int) -> str:
    """The lower-case title words right before a name, from the first title noun."""
    window = text[max(0, start - 80) : start]
    # a title stands in the name's own phrase: never across a comma or a dash ("до визита
    # лидера КНР, глава Казахстана Токаев" is two people's)
    window = re.split(r"[,;:.!?()«»\"—–]", window)[-1]
    before = _WORD.findall(window)[-TITLE_REACH:]
    head = next((i for i, w in enumerate(before) if is_title(w.lower())), None)
    if head is None:
        return ""
    while head > 0 and analyser().parse(before[head - 1])[0].tag.POS == "ADJF":
        head -= 1  # "российский лидер", "казахстанский президент"
    phrase = before[head:]
    noun = next((i for i, w in enumerate(phrase) if is_title(w)), 0)
    if any(w[:1].isupper() and is_name_word(w) for w in phrase):
        return ""  # another name in between
    tags = analyser().parse(phrase[noun])[0].tag
    if "plur" in tags.grammemes or any(
        analyser().parse(w)[0].tag.POS in ("VERB", "INFN", "PRTS", "GRND") for w in phrase
    ):
        return ""  # "лидеры двух стран", "друг друга сказал": no one person's title
    # The title in the nominative ("российского лидера" → "российский лидер"); what depends
    # on it keeps its case ("президента Казахстана" → "президент Казахстана").
    head = next((p for p in analyser().parse(phrase[noun]) if p.tag.POS == "NOUN"), None)
    # A noun of common gender ("глава", ms-f) takes a masculine adjective in the nominative.
    gender = head.tag.gender if head is not None else None
    gender = gender if gender in ("masc", "femn", "neut") else "masc"
    return " ".join(
        [*(_nominative_word(w, gender) for w in phrase[: noun + 1]), *phrase[noun + 1 :]]
    )


_RESPECTIVE = re.compile(
    r"(?<![\w-])(?P<title>[А-Яа-яЁё-]+)\s+(?P<p1>[А-ЯЁ][\w-]*)\s+и\s+(?P<p2>[А-ЯЁ][\w-]*)\s+"
    r"(?P<n1>[А-ЯЁ][\w-]*(?:\s+[А-ЯЁ][\w-]*){0,3}?)\s+и\s+(?P<n2>[А-ЯЁ][\w-]*)"
)


def _respective_titles(text: str) -> dict[int, str]:
    """Titles a plural title gives two names in turn ("Президенты Киргизии и России Садыр
    Жапаров и Владимир Путин": президент Киргизии, президент России), by each name's start."""
    out: dict[int, str] = {}
    for match in _RESPECTIVE.finditer(text):
        head = next(
            (
                p
                for p in analyser().parse(match["title"].lower())[:2]
                if p.tag.POS == "NOUN" and "plur" in p.tag.grammemes
            ),
            None,
        )
        if head is None or not is_title(head.normal_form):
            continue
        if not (is_place(match["p1"]) and is_place(match["p2"])):
            continue
        out[match.start("n1")] = f"{head.normal_form} {match['p1']}"
        out[match.start("n2")] = f"{head.normal_form} {match['p2']}"
    return out


def _nominative_word(word: str, gender: str | None = None) -> str:
    """A noun or adjective in the nominative singular (an adjective in the gender of its
    noun: "российского лидера" → "российский лидер")."""
    for parse in analyser().parse(word)[:3]:
        if parse.tag.POS in ("NOUN", "ADJF"):
            wanted = {"nomn", "sing", *([gender] if gender and parse.tag.POS == "ADJF" else [])}
            inflected = parse.inflect(wanted) or parse.inflect({"nomn"})
            if inflected is not None:
                return str(inflected.word)
    return word


def _canonical(written: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The name as the article writes it in the nominative: its longest form (more words)
    written shortest (a case ending adds letters: Токаев, Токаева, Токаеву), ties to the form
    pymorphy3 reads as nominative; a name written only in other cases is inflected."""
    most = max(len(w) for w in written)
    forms = [w for w in written if len(w) == most]
    shortest = min(len(" ".join(w)) for w in forms)
    candidates = [w for w in forms if len(" ".join(w)) == shortest]
    nominal = [w for w in candidates if all(_nominative(x) for x in w)]
    if nominal:
        return nominal[0]
    return tuple(_out_of_oblique(w) for w in candidates[0])


OBLIQUE = frozenset({"ablt", "datv", "loct"})
"""Cases whose endings no nominative has (-ом, -ым, -у): a name written only in them is
inflected back ("Эрдоганом" → Эрдоган); a genitive may be a woman's nominative (Токаева)."""


def _out_of_oblique(word: str) -> str:
    parse = analyser().parse(word)[0]
    if parse.tag.case in OBLIQUE and {"Surn", "Name", "Patr"} & parse.tag.grammemes | {"NOUN"}:
        inflected = parse.inflect({"nomn"})
        if inflected is not None:
            return "-".join(p[:1].upper() + p[1:] for p in str(inflected.word).split("-"))
    return word


def _nominative(word: str) -> bool:
    return any("nomn" in p.tag.grammemes for p in analyser().parse(word)[:2])


def _gender(name: tuple[str, ...]) -> str | None:
    """'he' or 'she' from a given name or patronymic the dictionary knows (not a guess), in
    the nominative singular as a canonical name is; the last word is the surname ("Велл" is
    no woman's name in the genitive plural)."""
    for word in name[:-1]:
        if not analyser().word_is_known(word):
            continue
        for parse in analyser().parse(word)[:1]:
            if (
                {"Name", "Patr"} & parse.tag.grammemes
                and {"sing", "nomn"} <= parse.tag.grammemes
                and parse.tag.gender in ("masc", "femn")
            ):
                return "he" if parse.tag.gender == "masc" else "she"
    return None


def _surname(word: str) -> bool:
    """A surname by pymorphy3's likeliest readings ("Путин", "Лукашенко")."""
    return any("Surn" in p.tag.grammemes for p in analyser().parse(word)[:2])


_ORG_PHRASE = re.compile(r"(?<![\w-])([а-яё-]+)(?=((?:\s+[А-ЯЁа-яё][\w-]*){1,3}))")


@cache
def _organisation_head(word: str) -> str | None:
    """The nominative of a noun for an organisation ("пресс-службу" → пресс-служба): an
    inanimate noun one of whose English translations is an organisation's word (WordNet)."""
    parse = next((p for p in analyser().parse(word)[:2] if p.tag.POS == "NOUN"), None)
    if (
        parse is None
        or "anim" in parse.tag.grammemes
        or {"Geox", "Name", "Surn"} & parse.tag.grammemes
    ):
        return None
    from visitbot.bilingual import translations

    back = translations().russian
    lemma = str(parse.normal_form).replace("ё", "е")
    english = back.get(lemma, ()) or back.get(lemma.split("-")[-1], ())
    if not any(noun_lemma(e) in lexical().organisation_nouns for e in english[:ORG_SENSES]):
        return None
    nominative = parse.inflect({"nomn", "sing"})
    return str(nominative.word) if nominative is not None else lemma


ORG_SENSES = 4
"""English translations of a noun looked at for an organisation's word ("служба": service)."""


def _organisations(text: str) -> list[str]:
    """Institutions a sentence makes speak: an organisation's noun with the words that say
    whose it is, as the subject of a speech verb beside it ("Об этом сообщила пресс-служба
    финского лидера", "пишет пресс-служба Акорды")."""
    found: list[str] = []
    for match in _ORG_PHRASE.finditer(text):
        head = _organisation_head(match.group(1))
        if head is None or analyser().parse(match.group(1))[0].tag.case != "nomn":
            continue  # the subject of the verb beside it: in the nominative
        rest = match.group(2).split()
        # Whose it is, in the genitive ("финского лидера", "Акорды"); a bare title with no
        # one named ("главы государства") leaves it to no one.
        owner: list[str] = []
        for word in rest:
            parse = analyser().parse(word)[0]
            if parse.tag.case != "gent" and not word[:1].isupper():
                break
            owner.append(word)
        if not owner or (
            all(w.islower() for w in owner)
            and not any(analyser().parse(w)[0].tag.POS == "ADJF" for w in owner)
            and any(is_title(w) for w in owner)
        ):
            continue
        around = _WORD.findall(text[max(0, match.start() - 30) : match.start()])[-2:]
        if any(speech_class(w) in ("speech", "clausal") for w in around):
            found.append(" ".join([head, *owner]))
    return found


def introductions_ru(document: Document) -> list[Introduction]:
    """Everyone a Russian document introduces, institutions included."""
    found: dict[frozenset[str], _Found] = {}
    institutions: list[str] = []
    alone: set[str] = set()
    for text in (document.title, *(p.text for p in document.paragraphs)):
        institutions.extend(_organisations(text))
        starts = {s for s, _ in sentence_spans(text)}
        respective = _respective_titles(text)
        for match in _RUN.finditer(text):
            words = match.group().split()
            opening = match.start() in starts or text[: match.start()].rstrip()[-1:] in '«"—–-'
            name = _name_part(words, opening)
            if not name:
                continue
            name_start = match.end() - len(" ".join(name))
            key = frozenset(keys(name[-1]))
            entry = next((e for k, e in found.items() if k & key), None)
            if entry is None:
                entry = found.setdefault(key, _Found())
            entry.written.append(name)
            if len(name) == 1:
                alone.add(name[0])
            title = _title_before(text, name_start) or respective.get(name_start, "")
            if title:
                entry.person = True
                if title not in entry.roles:
                    entry.roles.append(title)
                head = next((w for w in title.split() if is_title(w)), title.split()[0])
                lemma = analyser().parse(head)[0].normal_form
                if lemma not in entry.titles:
                    entry.titles.append(lemma)
            around = (
                _WORD.findall(text[max(0, name_start - 30) : name_start])[-1:]
                + _WORD.findall(text[match.end() : match.end() + 40])[:2]
            )
            if any(speech_class(w) in ("speech", "clausal") for w in around):
                entry.person = True
            if len(name) > 1 and any(
                NAME_TAGS & p.tag.grammemes for p in analyser().parse(name[0])[:2]
            ):
                entry.person = True
    out: list[Introduction] = [
        Introduction(name, [], [name.split()[0]], [], None, institution=True)
        for name in dict.fromkeys(institutions)
    ]
    for entry in found.values():
        if not entry.person:
            continue
        name = _canonical(entry.written)
        if len(name) == 1 and not entry.titles and not _surname(name[0]):
            continue
        aliases = sorted({name[-1], *(w for w in name if w in alone)} - {" ".join(name)})
        gender = _gender(name)
        out.append(Introduction(" ".join(name), entry.roles, entry.titles, aliases, gender))
    return out
