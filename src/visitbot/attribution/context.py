"""What a reader keeps in mind while reading an article, and whom a speech verb's subject
names.

Every rule asks the same questions: which words are the subject of this speech verb ("Xi told
Trump" → Xi, "he told Rice" → he, "said the Chinese president" → the Chinese president), and
whom do they mean? A name means its person. A pronoun or a title several people hold means the
current topic speaker — whoever spoke last, or was last the subject of a sentence — as a reader
takes it: salience, not the last name printed (an object, "thanked Putin", or a name inside a
quote never takes the topic over). Precision first: a pronoun whose gender rules the topic out
and fits two others, a title the topic does not hold and several others do, or a name nobody
knows, names no one; and a speaker nobody knows becomes the topic, so that "he" after them is
not given to someone earlier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from visitbot.attribution.countries import country_forms
from visitbot.attribution.cues import ADVERB, AUXILIARY, any_cue_verb, is_cue_verb
from visitbot.attribution.marks import quote_spans
from visitbot.attribution.names import RUN, is_common_word, is_function_word, split_run
from visitbot.models import Person
from visitbot.speakers import Candidate, Lexicon, Mention

UNKNOWN = "\0someone"
"""The topic after a speaker the engine cannot name ("said a source", "said Ivanov" when no
Ivanov is known): a pronoun after it means them, not anyone earlier."""

RefKind = Literal["person", "pronoun", "title", "unknown", "plural"]


@dataclass(frozen=True)
class Reference:
    """Words in a clause that refer to someone."""

    start: int
    end: int
    kind: RefKind
    person: str | None = None
    """The person a name means (kind "person")."""
    owners: frozenset[str] = frozenset()
    """Everyone a title may mean (kind "title")."""
    word: str = ""
    """The pronoun ("he", "she") or the title as written."""


@dataclass
class State:
    """What a reader remembers between sentences."""

    named: frozenset[str] = frozenset()
    """People the document names unambiguously: who a shared surname or title can mean."""
    home: dict[str, str] = field(default_factory=dict)
    """In a country's own press: a title ("head of state", "president") → the person of that
    country who holds it ("the Head of State" in Kazinform is Kazakhstan's president)."""
    topic: str | None = None
    """Who the text is about: the speaker of the last statement, or the last person who was
    the subject of a sentence; UNKNOWN after a speaker nobody knows."""
    recent: list[set[str]] = field(default_factory=list)
    """Subjects of the last three paragraphs, each paragraph's set."""
    pronouns: dict[str, str] = field(default_factory=dict)
    last_quote_speaker: str | None = None
    open_quote: bool = False
    introduced: bool = False
    announced: str | None = None
    """Who a paragraph ending "X said:" introduced: the paragraphs of speech after it are
    theirs until one has a cue of its own."""
    scan: list[Candidate] = field(default_factory=list)
    """The current paragraph's known forms (see Lexicon.scan)."""
    mentions: list[Mention] = field(default_factory=list)
    """The current paragraph's forms that name one person (see Lexicon.resolve)."""
    nearby: list[tuple[str, list[Mention]]] = field(default_factory=list)
    """The previous and the current paragraph with the people they name: who else is about
    when a title could mean several people."""

    def focus(self, person: str | None) -> None:
        """Make person the topic and remember them as a recent subject."""
        self.topic = person
        if person and person != UNKNOWN and self.recent:
            self.recent[-1].add(person)

    def new_paragraph(self) -> None:
        self.recent = [*self.recent[-2:], set()]

    def heard(self, speaker: str | None, named_nobody: bool = False) -> None:
        """A statement was attributed (or its cue named someone unknown): its speaker is now
        the topic."""
        if speaker:
            self.focus(speaker)
            self.last_quote_speaker = speaker
        elif named_nobody:
            self.focus(UNKNOWN)
            self.last_quote_speaker = None


_PRONOUN = re.compile(r"\b(?:he|she|He|She|HE|SHE)\b")
_PLURAL = re.compile(
    r"\b(?:they|They|we|We|both|Both|[Tt]he\s+(?:two\s+|three\s+)?(?:sides|parties|leaders|"
    r"presidents|ministers|delegations|heads\s+of\s+state|men|women|officials|countries))\b"
)
"""A subject that is several people: their words are no one person's."""
_FIRST_PERSON = re.compile(r"\b(?:I|we|We)\b")
_UNNAMED = re.compile(
    r"\b(?:a|an|one|another|some|several|the)\s+(?:[a-z]+\s+){0,2}"
    r"(?:source|sources|official|officials|diplomat|diplomats|spokesman|spokesperson|"
    r"spokeswoman|analyst|analysts|expert|experts|observer|observers|reporter|reporters|"
    r"correspondent|journalist|journalists|insider|aide|aides)\b"
)
"""Someone the text does not name ("a source said", "one official noted")."""
_BETWEEN_SUBJECT_AND_VERB = re.compile(rf"^{ADVERB}\s*$")
_RELATIVE = re.compile(r"^,?\s+(?:who|whose)\b[^,;]{0,100},\s*" + ADVERB + r"\s*$")
"""'X, who arrived on Monday, said …' (the first comma is often left out: 'X who came
from a village, said …')."""
_WORD = re.compile(r"[A-Za-z]+")
_OF_PLACE = re.compile(r"\s+of\s+(?:the\s+)?(?P<place>[A-Z][\w’'-]+)")
_TITLE_GAP = re.compile(r"(?:\s*(?:the|of|[A-Z][\w’'.-]*))*\s*$")
"""Between an inverted verb and its subject: titles and countries ("said Eastria’s President
Anna Holm", "reports Vik Radio Correspondent Lina Odo")."""
_LONG_ASIDE = re.compile(r"^,\s+[^,;:“”\"«»]{3,90},\s*(?:[a-z]+ly\s+|also\s+)*$")
"""'Sand, as the ministry's statement puts it, thanked …'."""
_MODIFIERS = re.compile(
    r"\b(?:the|a|an|his|her|their)\s+(?P<words>(?:[a-z][\w-]*\s+){1,3})$", re.IGNORECASE
)
"""Lower-case words between an article and a title: 'the incoming president'."""
_OF_COMPLEMENT = re.compile(
    rf"(?:\s+of\s+(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)+\s*{ADVERB}\s*$"
)
"""What a title is of, in capitals, between it and its verb: ' of the Security Council of
Eastria also '."""
_COUNTRY_BEFORE = re.compile(
    r"(?:^|(?<=[.;:!?,“\"(]\s)|\b(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir)\s+)"
    r"(?P<words>(?:[A-Z][\w’'.-]*\s+){1,3})$"
)
"""Capitalised words right before a title, after an article or opening the sentence: the
country the title is of, when they name one ("Sri Lankan president")."""
_COORDINATED = re.compile(r"^\s+[a-z]+(?:ed|s)\b[^.;:!?,“”\"]{0,80}?\s+and\s+(?:also\s+)?$")
"""'X accepted the invitation and wished …': a second verb of the same subject."""
_APPOSED = re.compile(rf"^\s*,\s*{AUXILIARY}$")
"""'Sand's chief press secretary, Odo, said', 'X, President of Westland, has said': the
apposition closes with its comma right before the verb (and its auxiliary)."""
RELATIVE_WHO = re.compile(r"^,?\s+who\s+(?:[a-z]+ly\s+|also\s+|then\s+)*$")
"""'…, who said': the relative pronoun between a person and the verb they are the subject of."""


class Reader:
    """Finds the subject of speech verbs and resolves references, for every rule."""

    def __init__(self, people: Sequence[Person], lexicon: Lexicon) -> None:
        self.people = {p.id: p for p in people}
        self.lexicon = lexicon

    # --- references --------------------------------------------------------------------------

    def references(self, text: str, start: int, end: int, state: State) -> list[Reference]:
        """Everything in text[start:end] that refers to someone, in order."""
        refs: list[Reference] = []
        taken: list[tuple[int, int]] = []
        for m in state.mentions:
            if start <= m.start and m.end <= end:
                kind: RefKind = "person"
                if not self._by_name(text[m.start : m.end], m.person) and not self._modified(
                    text, m.start, frozenset({m.person}), state
                ):
                    kind = "unknown"  # "the incoming president" when the one named is not
                refs.append(Reference(m.start, m.end, kind, person=m.person))
                taken.append((m.start, m.end))
        for first, last, meant in self.lexicon.meanings(
            [c for c in state.scan if start <= c[0] and c[1] <= end], state.named
        ):
            if _overlaps(first, last, taken):
                continue
            place = _OF_PLACE.match(text, last)
            if place and len(meant) > 1:
                # "the President of Tatarstan": only a holder of the title there.
                meant = frozenset(p for p in meant if self._of_place(p, place["place"]))
                last = place.end()
                if not meant:
                    refs.append(Reference(first, last, "unknown", word=text[first:last]))
                    taken.append((first, last))
                    continue
            meant = self._modified(text, first, meant, state)
            if not meant:
                refs.append(Reference(first, last, "unknown", word=text[first:last]))
            elif len(meant) == 1:
                refs.append(Reference(first, last, "person", person=next(iter(meant))))
            elif len(meant) > 1:
                refs.append(Reference(first, last, "title", owners=meant, word=text[first:last]))
            taken.append((first, last))
        for first, last, _owners in state.scan:
            # A known title whose holders this document does not name ("the Head of State"
            # in an article about two other presidents): someone, but no one we can name.
            if start <= first and last <= end and not _overlaps(first, last, taken):
                refs.append(Reference(first, last, "unknown", word=text[first:last]))
                taken.append((first, last))
        for pattern, kind in ((_PRONOUN, "pronoun"), (_PLURAL, "plural"), (_UNNAMED, "unknown")):
            for match in pattern.finditer(text, start, end):
                if not _overlaps(match.start(), match.end(), taken):
                    word = match.group().lower()
                    refs.append(Reference(match.start(), match.end(), kind, word=word))
                    taken.append((match.start(), match.end()))
        for match in RUN.finditer(text, start, end):
            if _overlaps(match.start(), match.end(), taken):
                continue
            name = split_run(match.group().split(), sentence_start=_opens(text, match.start()))
            if name.name and (len(name.name) > 1 or not is_common_word(name.name[0])):
                refs.append(Reference(match.start(), match.end(), "unknown", word=match.group()))
        refs.sort(key=lambda r: r.start)
        return _titled_names(text, refs)

    def is_institution(self, ref: Reference) -> bool:
        person = self.people.get(ref.person or "")
        return person is not None and person.institution

    def _by_name(self, words: str, person_id: str) -> bool:
        """Whether words are the person's name or one of its spellings (not a title)."""
        person = self.people.get(person_id)
        if person is None:
            return True
        bare = words.lower().replace("’s", "").replace("'s", "")
        return any(bare == n.lower() for n in (person.name, *person.aliases, *person.spellings))

    def _modified(
        self, text: str, first: int, meant: frozenset[str], state: State
    ) -> frozenset[str]:
        """'the incoming president', 'the former minister': a bare title with a modifier of
        its own means only a holder whose roles carry that modifier too."""
        if text[first : first + 4].lower() == "the ":
            return meant
        country = _COUNTRY_BEFORE.search(text, max(0, first - 40), first)
        if country and country_forms(country["words"].strip()):
            # "Sri Lankan president", "the Bangladeshi President": a holder of that country
            forms = [f.lower() for f in country_forms(country["words"].strip())]
            return frozenset(p for p in meant if self._of_country(p, forms))
        before = _MODIFIERS.search(text, max(0, first - 40), first)
        if before is None:
            return meant
        words = [w.lower() for w in before.group("words").split()]
        if not words or any(is_function_word(w) for w in words):
            return meant  # "the telephone with President X": no modifier of the title
        return frozenset(
            p
            for p in meant
            if (person := self.people.get(p)) is not None
            and all(
                any(w in r.lower().split() for r in (*person.roles, *person.titles)) for w in words
            )
        )

    def _of_country(self, person_id: str, forms: Sequence[str]) -> bool:
        """Whether a person's roles name a country by any of its forms."""
        person = self.people.get(person_id)
        if person is None:
            return False
        roles = [f" {' '.join(_WORD.findall(r.lower()))} " for r in person.roles]
        return any(f" {' '.join(_WORD.findall(f))} " in r for f in forms for r in roles)

    def _of_place(self, person_id: str, place: str) -> bool:
        """Whether a person's roles name the place ("President of the Republic of Tatarstan"
        for "the President of Tatarstan")."""
        person = self.people.get(person_id)
        if person is None:
            return False
        wanted = {place.lower(), *(f.lower() for f in country_forms(place))}
        return any(
            w in wanted
            for role in person.roles
            for w in re.findall(r"[\w’'-]+", role.lower().replace("`", "’").replace("’s", ""))
        )

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
        """The subject of the first speech verb in text[start:end] (searched from verb_from),
        and the verb's span: the reference right before the verb (adverbs, an aside or a
        relative clause between); with ``inverted``, in a cue clause that opens with its
        verb, the one right after it ("said the minister")."""
        refs = self.references(text, start, end, state)
        for verb in _WORD.finditer(text, verb_from if verb_from is not None else start, end):
            after_to = base_ok and _after_to(text, verb.start())
            if not is_cue_verb(verb.group(), after_to=after_to):
                continue
            before = [r for r in refs if r.end <= verb.start()]
            if before:
                last = before[-1]
                gap = text[last.end : verb.start()]
                if _BETWEEN_SUBJECT_AND_VERB.match(gap) or _RELATIVE.match(gap):
                    return last, verb.span()
                if _LONG_ASIDE.match(gap) and not any_cue_verb(gap):
                    return last, verb.span()  # "Xi, as the ministry's message says, thanked"
                if _APPOSED.match(gap) and text[: last.start].rstrip().endswith(","):
                    return last, verb.span()  # "Sand's chief press secretary, Odo, said"
                who = RELATIVE_WHO.match(gap)
                if who:
                    return last, verb.span()  # "President Holm Vell who invited him"
                if _COORDINATED.match(gap):
                    return last, verb.span()  # "Sand accepted the invitation and wished"
                for ref in reversed(before[:-1]):
                    # "the Deputy Chairman of the Security Council of Eastria also said": what
                    # the title is of (an institution, a place) stands between it and its verb
                    if ref.kind in ("person", "title") and not self.is_institution(ref):
                        if _OF_COMPLEMENT.match(text, ref.end, verb.start()):
                            return ref, verb.span()
                        break
                for ref in reversed(before[:-1]):
                    # "X, who was asked how the Kremlin sees …, said": the names inside the
                    # relative clause are not the verb's subject, X is
                    if _RELATIVE.match(text[ref.end : verb.start()]):
                        return ref, verb.span()
            after = [r for r in refs if r.start >= verb.end()]
            opens = not text[start : verb.start()].strip(" ,–—-")
            if (
                inverted
                and opens
                and after
                and _TITLE_GAP.match(text, verb.end(), after[0].start)
                and not verb.group().lower().endswith("ing")
            ):
                return after[0], verb.span()
            return None, verb.span()
        return None, None

    # --- whom a reference means ----------------------------------------------------------------

    def resolve(self, ref: Reference, state: State) -> str | None:
        """The person a reference means, or None when the text does not settle it."""
        if ref.kind == "person":
            return ref.person
        if ref.kind == "pronoun":
            return self.pronoun_target(ref.word, state)
        if ref.kind == "title":
            return self.title_target(ref, state)
        return None

    def title_target(self, ref: Reference, state: State) -> str | None:
        """'the President' when several presidents are named: in a country's own press its
        holder of that country; else the topic, if they hold the title and no other holder is
        named in this or the previous paragraph."""
        home = {state.home.get(h) for h in _heads(ref.word)} - {None}
        if len(home) == 1:
            person = home.pop()
            if person in ref.owners:
                return person
        topic = state.topic
        if topic not in ref.owners or (ref.owners - {topic}) & self._about(state):
            return None
        return topic

    @staticmethod
    def _about(state: State) -> set[str]:
        """Everyone the previous and the current paragraph name outside their quotes (inside
        a quote a speaker names others)."""
        about: set[str] = set()
        for text, mentions in state.nearby:
            quoted = quote_spans(text)
            about |= {
                m.person for m in mentions if not any(s <= m.start < e for s, e, _, _ in quoted)
            }
        return about

    def pronoun_target(self, pronoun: str, state: State) -> str | None:
        """The topic, unless what is known of their gender rules them out; then the one recent
        subject the pronoun fits, if there is exactly one."""
        topic = state.topic
        if topic is None or topic == UNKNOWN:
            return None
        if self.may_be(topic, pronoun, state):
            if topic not in state.pronouns and self._gender(topic) is None:
                state.pronouns[topic] = pronoun
            return topic
        fits = {
            person
            for subjects in reversed(state.recent)
            for person in subjects
            if person != topic and self._gender(person) == pronoun
        }
        return fits.pop() if len(fits) == 1 else None

    def _gender(self, person_id: str) -> str | None:
        person = self.people.get(person_id)
        return person.pronoun if person and person.pronoun else None

    def may_be(self, person_id: str, pronoun: str, state: State) -> bool:
        """Whether what is known of the person's gender lets the pronoun mean them."""
        known = self._gender(person_id) or state.pronouns.get(person_id)
        return known is None or known == pronoun

    # --- cue clauses next to quotes ------------------------------------------------------------

    def cue_after(
        self, text: str, pos: int, state: State
    ) -> tuple[int, str | None, str, bool] | None:
        """A cue clause starting at pos (", the minister noted."), as (end, speaker, cue words,
        whether it names someone unknown)."""
        clause = _CUE_CLAUSE.match(text, pos)
        if clause is None:
            return None
        subject, verb = self.subject(text, clause.start(1), clause.end(1), state, inverted=True)
        if verb is not None and subject is None and verb[0] == clause.start(1):
            # "…, – noted the head of a delegation.": the clause opens with its speech verb, so
            # it is the quote's cue, naming someone the text does not settle.
            words = " ".join(text[clause.start(1) : clause.end(1)].split())
            if len(words.split()) <= MAX_CUE_WORDS:
                return clause.end(), None, words, True
        if verb is None or subject is None:
            return None
        # The cue opens the clause: its subject and verb stand in its first words (what
        # follows may be long: "Trump told reporters when asked whether …").
        cue_end = max(subject.end, verb[1])
        if len(text[clause.start(1) : cue_end].split()) > MAX_CUE_WORDS:
            return None
        speaker = self.resolve(subject, state)
        words = " ".join(text[clause.start(1) : cue_end].split())
        return clause.end(), speaker, words, speaker is None

    def cue_verbs(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The spans of verbs in text[start:end] that can open or close a quote."""
        return [
            v.span()
            for v in _WORD.finditer(text, start, end)
            if is_cue_verb(v.group(), after_to=_after_to(text, v.start()))
        ]

    def cue_before(self, text: str, pos: int, state: State) -> tuple[str | None, str, bool] | None:
        """A cue clause ending at an opening quote ("X said: “…"), as (speaker, cue words,
        whether it names someone unknown)."""
        clause = _CLAUSE_BEFORE.search(text, max(0, pos - 200), pos)
        if clause is None:
            return None
        # The clause's last speech verb, with at most a short object or circumstance after it
        # ("Sand told Holm:", "she wrote in a post on Monday:").
        verbs = self.cue_verbs(text, clause.start(1), clause.end(1))
        if not verbs:
            return None
        last = verbs[-1]
        tail = text[last[1] : clause.end(1)]
        if len(tail.split()) > MAX_CUE_TAIL_WORDS or self.cue_verbs(text, last[1], clause.end(1)):
            return None
        subject, verb = self.subject(
            text, clause.start(1), clause.end(1), state, verb_from=last[0], base_ok=True
        )
        if subject is None or verb is None:
            return None
        speaker = self.resolve(subject, state)
        return speaker, " ".join(clause.group(1).split()), speaker is None


def _heads(title: str) -> list[str]:
    """'the Kazakh Head of State' → its head titles ('head of state', 'president' …)."""
    from visitbot.attribution.people import role_heads

    heads = role_heads(title)
    return heads or [" ".join(_WORD.findall(title.lower().removeprefix("the ")))]


def _titled_names(text: str, refs: list[Reference]) -> list[Reference]:
    """'President Dune', 'the Russian Ambassador Antonov': a title right before the name of
    one of its holders is part of that person's reference."""
    out: list[Reference] = []
    for ref in refs:
        last = out[-1] if out else None
        if (
            last is not None
            and ref.kind == "person"
            and last.kind in ("title", "unknown")
            and (not last.owners or ref.person in last.owners)
            and not text[last.end : ref.start].strip()
        ):
            out[-1] = Reference(last.start, ref.end, "person", person=ref.person)
            continue
        out.append(ref)
    return out


def _after_to(text: str, pos: int) -> bool:
    """'went on to say', 'wanted to add': a verb's bare form after "to" is a verb."""
    return text[max(0, pos - 4) : pos].rstrip().endswith(("to", "To"))


def _overlaps(start: int, end: int, taken: Sequence[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


def _opens(text: str, pos: int) -> bool:
    """Whether pos opens a sentence (capitals there do not mark a name)."""
    before = text[:pos].rstrip(" “\"«„‘'(–—-")
    return not before or before[-1] in ".!?:;"


_CUE_CLAUSE = re.compile(r"\s*,?\s*[–—―‒-]?\s*([^.!?;:“”\"«»]*?)(?:[.!?;:]|$|(?=[“\"«]))")
MAX_CUE_WORDS = 10
"""A cue's subject and verb stand in the first words after a quote ("…,” the Minister of
Trade of Eastria said"; "…,” Sand's chief press secretary, Lina Odo, said); further
on, a clause after a quote is a new sentence of narrative."""
_CLAUSE_BEFORE = re.compile(r"([^.!?;”\"»–—]*?)\s*[:,]?\s*(?:that\s*)?$")
MAX_CUE_TAIL_WORDS = 8
"""Words between the speech verb and the quote it opens ("told the quasi-joint press conference
in Seoul:"); more, and the verb belongs to another clause."""
