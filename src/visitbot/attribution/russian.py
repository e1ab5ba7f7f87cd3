"""Russian press conventions: the same pipeline as English, with Russian grammar deciding
who the subject of a speech verb is.

* «…», – сказал Путин. / — …, — отметил Глава государства. / Путин также подчеркнул, что … /
  Об этом сообщила пресс-служба … / По словам Пескова, … / По его словам, … / как сообщил X.
* The subject is a reference in the nominative (pymorphy3 reads the case: "поблагодарил
  коллегу" has an object, not a subject) that agrees with the verb in gender and number
  ("заявила" is a woman's or a feminine body's: "пресс-служба"); before the verb, or after it
  in the reporting order Russian uses ("сообщил посол Эстонии Анна Холм").
* A verb is speech by its English translations (see russian_words.py), or by the clause it
  takes (", что …", ":").
* Joint subjects ("стороны", "лидеры", "главы двух государств", "X и Y") speak for no one
  person; an unnamed source ("эксперты", "источник") is speech with no speaker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from visitbot.attribution.context import (
    UNKNOWN,
    Reader,
    Reference,
    RefKind,
    State,
    _titled_names,
)
from visitbot.attribution.cues import VerbClass
from visitbot.attribution.reported import report_sentences
from visitbot.attribution.russian_words import (
    cyrillic,
    head_words,
    is_name_word,
    is_place,
    is_title,
    keys,
    leads_state,
    lemma_key,
    speech_class,
)
from visitbot.attribution.speech import Speech
from visitbot.russian import AUXILIARY, analyser
from visitbot.russian_countries import country_keys

_PLACE_AFTER = re.compile(r"\s+(?P<place>[А-ЯЁ][\w-]*)")
"""A capitalised word right after a title: its place when it is one ("Глава Киргизии")."""
_WORD_BEFORE = re.compile(r"(?P<word>[А-ЯЁа-яё-]+)\s+$")
"""A lower-case word right before a title: its place when it is a country's adjective
(\"киргизского лидера\")."""
_STATE_AFTER = re.compile(r"\s+(?P<noun>[а-яё]+)")
STATE_NOUNS = frozenset({"государство", "страна", "республика"})
"""Russian nouns for a state: "глава государства", "лидер страны", "глава республики" is
its head, not the head of a committee or a ministry."""
_WORDS_OF = re.compile(
    r"\s*,?\s*[–—―‒-]?\s*(?P<verb>(?:приводит|приводят|приводится|цитирует|цитируют|передаёт|"
    r"передает)\s+[^.!?;:«»\"]{0,60}?слова\s+)(?P<who>[^.!?;:,«»\"]{2,80}?)\s*(?:[.!?;]|$)"
)
"""'— приводит ИТАР-ТАСС слова Пескова.': a cue that cites someone's words names them after
'слова' (the outlet before it only reports them)."""
_PRONOUN = re.compile(r"(?<![\w-])(?:он|она|Он|Она)(?![\w-])")
_PLURAL = re.compile(
    r"(?<![\w-])(?:они|Они|оба|Оба|обе|Обе|стороны|Стороны|"
    r"(?:[Гг]лавы|[Лл]идеры|[Пп]резиденты|[Мм]инистры|[Дд]елегации)(?:\s+[\w-]+){0,2})(?![\w-])"
)
"""Several people: their words are no one person's."""
_UNNAMED = re.compile(
    r"(?<![\w-])(?:[Ээ]ксперты|[Ии]сточник\w*|[Аа]налитики|[Нн]аблюдатели|[Оо]чевидцы)(?![\w-])"
)
_WORD = re.compile(r"[\w][\w-]*")
_CLAUSE_AFTER = re.compile(r"^\s*(?:,\s*(?:что|чтобы|как)\b|:|\s(?:о|об|про)\s)")
"""What makes any verb speech: ", что …", ":", "о …"."""
_ACCORDING = re.compile(
    r"(?<![\w-])[Пп]о\s+(?P<who>его|её|ее|их|[\w-]+(?:\s+[\w-]+){0,3})\s+словам"
)
_ACCORDING_AFTER = re.compile(
    r"(?<![\w-])[Пп]о\s+словам\s+(?P<who>[^,.;:!?«»\"]{1,80}?)(?=[,.;:!?]|$)"
)
"""'По словам Холм, …', 'по словам министра иностранных дел Эстонии, …': whose words, after."""
_AS_SAID = re.compile(r"(?<![\w-])[Кк]ак\s+(?P<verb>[\w-]+)\s+")
_CITING = re.compile(r"(?<![\w-])со\s+ссылкой\s+на\s+")
_POSSESSIVE = {"его": "he", "её": "she", "ее": "she"}


def _genitive(word: str) -> bool:
    """A noun in the genitive by its likeliest reading (\"делегации\", \"комитета\")."""
    parse = analyser().parse(word)[0]
    return bool(parse.tag.POS == "NOUN" and parse.tag.case == "gent")


class RussianReader(Reader):
    """Finds the subject of speech verbs in Russian text (see the module's docstring)."""

    def cue_after(
        self, text: str, pos: int, state: State
    ) -> tuple[int, str | None, str, bool] | None:
        """As for any language, and '«…», — приводит ТАСС слова Пескова': the words are
        those of whom the cue names after 'слова', whoever cites them."""
        cited = _WORDS_OF.match(text, pos)
        if cited is not None:
            refs = self.references(text, cited.start("who"), cited.end("who"), state)
            if refs and refs[0].start == cited.start("who") and refs[0].kind == "person":
                words = " ".join(text[cited.start("verb") : refs[0].end].split())
                return cited.end(), refs[0].person, words, False
        return super().cue_after(text, pos, state)

    def references(self, text: str, start: int, end: int, state: State) -> list[Reference]:
        refs: list[Reference] = []
        taken: list[tuple[int, int]] = []

        def add(ref: Reference) -> None:
            if not any(ref.start < e and s < ref.end for s, e in taken):
                refs.append(ref)
                taken.append((ref.start, ref.end))

        def placed(first: int, last: int, meant: frozenset[str]) -> tuple[int, frozenset[str]]:
            """'Глава Киргизии': only a holder of the title there (none named: no one)."""
            place = _PLACE_AFTER.match(text, last)
            state_after = _STATE_AFTER.match(text, last)
            if state_after and lemma_key(state_after["noun"]) in STATE_NOUNS:
                # "глава республики": a head of state, whoever else leads something
                meant = frozenset(p for p in meant if self._leads_state(p))
                return state_after.end(), meant
            if place and is_place(place["place"]) and not self._names(text[first:last], meant):
                meant = frozenset(p for p in meant if self._of_place(p, place["place"]))
                return place.end(), meant
            head = text[first:last].split()[-1] if text[first:last].split() else ""
            if state_after and lemma_key(head) in head_words() and _genitive(state_after["noun"]):
                # "глава делегации", "руководитель комитета": whoever heads that body, as
                # their role says, never a head of state by default
                meant = frozenset(p for p in meant if self._of_place(p, state_after["noun"]))
                return state_after.end(), meant
            adjective = _WORD_BEFORE.search(text, max(0, first - 40), first)
            if (
                adjective
                and analyser().parse(adjective["word"])[0].tag.POS == "ADJF"
                and any(country_keys(k) for k in keys(adjective["word"]))
            ):
                # "киргизский лидер": only a holder of the title there
                meant = frozenset(p for p in meant if self._of_place(p, adjective["word"]))
            return last, meant

        for m in state.mentions:
            if start <= m.start and m.end <= end:
                last, meant = placed(m.start, m.end, frozenset({m.person}))
                if meant:
                    add(Reference(m.start, last, "person", person=m.person))
                else:
                    add(Reference(m.start, last, "unknown", word=text[m.start : last]))
        for first, last, meant in self.lexicon.meanings(
            [c for c in state.scan if start <= c[0] and c[1] <= end], state.named
        ):
            last, meant = placed(first, last, meant)
            if not meant:
                add(Reference(first, last, "unknown", word=text[first:last]))
                continue
            kind: RefKind = "person" if len(meant) == 1 else "title"
            person = next(iter(meant)) if len(meant) == 1 else None
            add(Reference(first, last, kind, person=person, owners=meant, word=text[first:last]))
        for match in _PRONOUN.finditer(text, start, end):
            word = "he" if match.group().lower() == "он" else "she"
            add(Reference(match.start(), match.end(), "pronoun", word=word))
        for match in _PLURAL.finditer(text, start, end):
            add(Reference(match.start(), match.end(), "plural", word=match.group()))
        for match in _UNNAMED.finditer(text, start, end):
            add(Reference(match.start(), match.end(), "unknown", word=match.group()))
        for match in _WORD.finditer(text, start, end):
            if match.group()[:1].isupper() and is_name_word(match.group()):
                add(Reference(match.start(), match.end(), "unknown", word=match.group()))
        refs.sort(key=lambda r: r.start)
        return _titled_names(text, refs)

    def _names(self, words: str, meant: frozenset[str]) -> bool:
        """Whether the words are a name (the person's own), not a title."""
        folded = {k for w in words.split() for k in keys(w)}
        for person_id in meant:
            person = self.people.get(person_id)
            if person is None:
                continue
            for name in (person.name, *person.aliases, *person.spellings):
                if {k for w in name.split() for k in keys(w)} & folded:
                    return True
        return False

    def _leads_state(self, person_id: str) -> bool:
        person = self.people.get(person_id)
        return person is not None and any(leads_state(t) for t in person.titles)

    def _of_place(self, person_id: str, place: str) -> bool:
        """Whether a person's roles name the place, in any case and by any of its country's
        names ("президент Кыргызстана" for "главы Киргизии")."""
        person = self.people.get(person_id)
        if person is None:
            return False
        wanted = {k for key in keys(place) for k in country_keys(key) | {key}}
        return any(set(keys(w)) & wanted for role in person.roles for w in role.split())

    def subject(
        self,
        text: str,
        start: int,
        end: int,
        state: State,
        verb_from: int | None = None,
        base_ok: bool = False,
        inverted: bool = False,
    ) -> tuple[Reference | None, tuple[int, int] | None]:
        refs = self.references(text, start, end, state)
        for verb in _WORD.finditer(text, verb_from if verb_from is not None else start, end):
            kind = verb_kind(verb.group(), text[verb.end() : end])
            if kind is None or kind == "joint":
                continue
            agreement = _agreement(verb.group())
            after = [r for r in refs if r.start >= verb.end()]
            # A reporting clause (", сообщил пресс-секретарь … Песков"): its subject follows.
            reporting = re.search(r"[,–—-]\s*$", text[max(start, verb.start() - 4) : verb.start()])
            if reporting or not text[start : verb.start()].strip(" ,–—-"):
                inverted_subject = self._after(text, verb, after, agreement)
                if inverted_subject is not None:
                    return inverted_subject, verb.span()
            # The nearest reference before the verb that can be its subject: nominative, not
            # after a preposition, agreeing; what stands between may be long ("Токаев на
            # встрече с главой … в Боао сообщил") but holds no other verb and no sentence end.
            for ref in reversed([r for r in refs if r.end <= verb.start()]):
                gap = text[ref.end : verb.start()]
                if _BREAK.search(gap) or _has_verb(gap):
                    break
                if reporting and not gap.lstrip().startswith((",", "–", "—", "-")):
                    # "… визит Си Цзиньпина в столицу, передает agency.kz": after a comma the
                    # verb's subject is before it only past an aside set off on both sides
                    # ("Токаев, в свою очередь, отметил")
                    break
                if self._fits(text, ref, agreement):
                    return ref, verb.span()
            inverted_subject = self._after(text, verb, after, agreement)
            return inverted_subject, verb.span()
        return None, None

    def _after(
        self, text: str, verb: re.Match[str], after: list[Reference], agreement: str | None
    ) -> Reference | None:
        """The subject after a verb, in the reporting order ("сказал Путин")."""
        for ref in after[:2]:
            gap = text[verb.end() : ref.start]
            close = len(gap.split()) <= INVERSION_GAP and not re.search(r"[,.;:!?«»]", gap)
            if close and self._fits(text, ref, agreement):
                return ref
        return None

    def cue_verbs(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        return [
            v.span()
            for v in _WORD.finditer(text, start, end)
            if verb_kind(v.group(), text[v.end() : end]) in ("speech", "message", "clausal")
        ]

    def _fits(self, text: str, ref: Reference, agreement: str | None) -> bool:
        """Whether a reference can be the subject: in the nominative, agreeing with the verb."""
        if ref.kind != "pronoun" and ref.kind != "plural" and not self._nominative(text, ref):
            return False
        if agreement is None:
            return True
        if agreement == "plur":
            return ref.kind == "plural"
        if ref.kind == "plural":
            return False
        wanted = "he" if agreement == "masc" else "she" if agreement == "femn" else None
        if ref.kind == "pronoun":
            return wanted is None or ref.word == wanted
        if ref.kind == "person" and ref.person:
            person = self.people.get(ref.person)
            gender = person.pronoun if person else None
            if person is not None and person.institution:
                return True
            return gender is None or wanted is None or gender == wanted
        return True

    def _nominative(self, text: str, ref: Reference) -> bool:
        """Whether a reference stands in the nominative: a title by its head noun ("главы
        государства" is genitive), a name by its ending against the name as known ("Токаев",
        not "Токаева"), a name that does not decline ("Кирби", "Чжао Лэцзи") by the title
        before it or the preposition that governs it."""
        words = _WORD.findall(text[ref.start : ref.end])
        if not words or not cyrillic(words[-1]):
            return not _in_prepositional_phrase(text, ref.start)
        person = self.people.get(ref.person or "")
        written = (
            {w.lower() for f in (person.name, *person.aliases) for w in f.split()}
            if person is not None
            else set()
        )
        if words[0].islower():
            return _case(words[0]) == "nomn"  # "представитель Госдепа Джон Кирби"
        if written and not written & {w.lower() for w in words}:
            return _case(words[0]) == "nomn"  # a role ("российский лидер")
        last = words[-1]
        if _indeclinable(last):
            before = _WORD.findall(text[max(0, ref.start - 40) : ref.start])[-1:]
            if before and is_title(before[0]):
                return _case(before[0]) == "nomn"  # "главой комитета Чжао Лэцзи"
            return not _in_prepositional_phrase(text, ref.start)
        if written:
            return last.lower() in written or not _declines(last, written)
        return _case(last) == "nomn"


def _case(word: str) -> str | None:
    """The case of a word's likeliest reading."""
    case = analyser().parse(word)[0].tag.case
    return str(case) if case else None


def _indeclinable(word: str) -> bool:
    """A word with one form for every case ("Лукашенко", "Кирби", or unknown to the
    dictionary with nothing to read a case from)."""
    parses = analyser().parse(word)
    return "Fixd" in parses[0].tag.grammemes or (
        not analyser().word_is_known(word) and len({p.tag.case for p in parses}) > MANY_CASES
    )


MANY_CASES = 3
"""An unknown word read in more cases than this is a foreign name the analyser cannot
decline ("Лэцзи")."""
_BREAK = re.compile(r"[.;:!?«»“”\"]|\s[-–—]\s")
_PREPOSITIONS = frozenset(
    "в во на с со из к ко о об обо для по от у при за под над перед между через про без до".split()
)


def _in_prepositional_phrase(text: str, pos: int) -> bool:
    """Whether the words before pos open a prepositional phrase the reference belongs to
    ("с главой Постоянного комитета … Чжао Лэцзи"): a preposition reached before any verb,
    punctuation or word in the nominative."""
    back = text[max(0, pos - PHRASE_REACH) : pos]
    cut = max(back.rfind(c) for c in ',.;:!?«»"–—')
    for word in reversed(_WORD.findall(back[cut + 1 :])):
        lowered = word.lower()
        if lowered in _PREPOSITIONS:
            return True
        parse = analyser().parse(word)[0]
        if parse.tag.POS in ("VERB", "INFN", "GRND") or (
            parse.tag.case == "nomn" and parse.tag.POS in ("NOUN", "ADJF") and word.islower()
        ):
            return False
    return False


PHRASE_REACH = 120
"""Characters looked back for the preposition of a long phrase ("с председателем
постоянного комитета парламента Эстонии Анной Холм")."""


def _has_verb(text: str) -> bool:
    return any(analyser().parse(w)[0].tag.POS == "VERB" for w in _WORD.findall(text) if cyrillic(w))


INVERSION_GAP = 3
"""Words between a reporting verb and its subject after it ("сообщил посол Эстонии в
Финляндии Анна Холм" — the title is part of the reference)."""


def _declines(word: str, written: set[str]) -> bool:
    """Whether a word is a case form of one of a name's words ("Токаева" of Токаев)."""
    lowered = word.lower()
    return any(lowered != w and lowered.startswith(w) for w in written if len(w) > 3)


def _nominative(word: str) -> bool:
    if not cyrillic(word):
        return True
    return any(
        p.tag.case in ("nomn", None) or "Fixd" in p.tag.grammemes
        for p in analyser().parse(word)[:3]
    )


def _agreement(verb: str) -> str | None:
    """The gender or number a past-tense verb demands of its subject ("заявила": femn)."""
    for parse in analyser().parse(verb)[:1]:
        if parse.tag.POS == "VERB" and parse.tag.tense == "past":
            if parse.tag.number == "plur":
                return "plur"
            return str(parse.tag.gender) if parse.tag.gender else None
    return None


def verb_kind(word: str, rest: str) -> VerbClass | None:
    """A Russian verb form's part in speech: by its translations, or by the clause after it."""
    if not cyrillic(word):
        return None
    parses = analyser().parse(word)
    if not parses or parses[0].tag.POS not in ("VERB", "GRND"):
        return None
    if parses[0].normal_form in AUXILIARY:
        return None  # "является", "был": a link, not a verb of saying
    kind = speech_class(word)
    if kind in ("speech", "joint", "message"):
        return kind
    if _CLAUSE_AFTER.match(rest):
        return "speech"  # "добавил, что …": whatever the dictionary says of the verb
    return None


def reported_speech_ru(
    text: str, speeches: Sequence[Speech], reader: Reader, state: State
) -> list[Speech]:
    """Sentences outside the paragraph's quotes that report someone's words, in Russian."""
    assert isinstance(reader, RussianReader)
    # A dash cue that names someone unknown ("— …, — отметила глава делегации.") still is
    # the quote's cue: its sentence is that quote, not a report of the whole line.
    covered = [(s.start, s.end) for s in speeches if s.speaker is not None or s.rule == "dash cue"]
    return report_sentences(
        text,
        covered,
        reader,
        state,
        lambda t, s, e, _, st: _reporting(t, s, e, reader, st),
        lambda t, s, e, _, st: _track(t, s, e, reader, st),
    )


def _reporting(
    text: str, start: int, end: int, reader: RussianReader, state: State
) -> tuple[Reference, str, str] | None:
    according = _ACCORDING.search(text, start, end)
    if according:
        who = according["who"]
        if who.lower() in _POSSESSIVE:
            ref = Reference(according.start("who"), according.end("who"), "pronoun",
                            word=_POSSESSIVE[who.lower()])  # fmt: skip
            return ref, " ".join(according.group().split()), "according to him"
        refs = reader.references(text, according.start("who"), according.end("who"), state)
        if refs:
            return refs[-1], " ".join(according.group().split()), "according to"
    after = _ACCORDING_AFTER.search(text, start, end)
    if after:
        refs = reader.references(text, after.start("who"), after.end("who"), state)
        if refs:
            return refs[0], " ".join(after.group().split()), "according to"
    for citing in _CITING.finditer(text, start, end):
        refs = reader.references(text, citing.end(), end, state)
        if refs and refs[0].start == citing.end() and refs[0].kind == "person":
            return refs[0], " ".join(text[citing.start() : refs[0].end].split()), "citing"
    verb_from = start
    while True:
        subject, verb = reader.subject(text, start, end, state, verb_from=verb_from)
        if verb is None:
            return None
        if subject is not None and not _joined(text, start, subject):
            cue = text[min(subject.start, verb[0]) : max(subject.end, verb[1])]
            return subject, " ".join(cue.split()), "speech act"
        if subject is not None:
            return Reference(subject.start, subject.end, "plural"), "", "joint"
        verb_from = verb[1]


def _joined(text: str, start: int, subject: Reference) -> bool:
    """'Путин и Жапаров отметили …': a subject joined to another by "и"."""
    return bool(re.search(r"(?<![\w-])и\s+$", text[start : subject.start])) or bool(
        re.match(r"\s+и\s+[А-ЯЁ]", text[subject.end :])
    )


def _track(text: str, start: int, end: int, reader: RussianReader, state: State) -> None:
    """A narrative sentence whose first nominative reference is a person makes them the
    topic; several people end it."""
    for ref in reader.references(text, start, end, state):
        if ref.kind == "plural":
            state.focus(None)
            return
        if ref.kind == "person" and reader._fits(text, ref, None):
            state.focus(ref.person)
            return
        if ref.kind == "unknown" and reader._fits(text, ref, None):
            state.focus(UNKNOWN)
            return
