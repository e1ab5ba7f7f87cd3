"""Who said what: quotes and reported speech found by how press English marks them.

The rules follow the language, not any one article: dash-led paragraphs of speech, text between
quote marks (balanced or not), cue clauses ("…,” the minister noted" / "said X"), reported
speech ("X expressed gratitude …"), pronouns ("he noted" → the current subject) and roles.
People are learned from the article's own appositions ("President of Westland Erik Sand") and
joined with the registry. Precision comes first: a statement whose speaker the text does not
make clear stays unattributed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from visitbot.models import Document, Kind, Person, Statement
from visitbot.speakers import Candidate, Lexicon, Mention, merge_people, person_id
from visitbot.text import CLOSE_QUOTES, DASHES, OPEN_QUOTES, fold, sentence_spans, trim_quote

CUE_VERBS = (
    "said says stated states noted notes stressed stresses emphasized emphasised emphasizes "
    "emphasises underlined underlines underscored underscores added adds remarked pointed "
    "announced announces declared declares urged urges proposed proposes suggested suggests "
    "assured assures confirmed confirms thanked thanks praised informed told explained "
    "explains recalled recalls mentioned mentions reiterated reiterates highlighted highlights "
    "acknowledged acknowledges voiced conveyed congratulated expressed expresses appreciated "
    "appreciates believes hoped hopes insisted warned argued promised pledged asserted affirmed "
    "observed commented replied answered responded concluded continued shared outlined "
    "claimed admitted wrote called"
).split()
_ASIDE = (
    r"(?:,\s+(?:in\s+(?:(?:his|her|their)\s+)?turn|for\s+(?:his|her)\s+part|"
    r"in\s+response|in\s+reply),)?"
)
"""'X, in turn, thanked …': an aside between the speaker and the verb."""
_ADVERB = rf"{_ASIDE}\s*(?:[a-z]+ly\s+|also\s+|then\s+|further\s+|once\s+again\s+|again\s+)*"


def _alternatives(words: Sequence[str]) -> str:
    """A regex alternation of words grouped by first letter: the same matches, found with a
    few tries per position instead of one per word (it runs on every word of a corpus)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "(?:" + "|".join(f"{re.escape(k)}(?:{'|'.join(v)})" for k, v in groups.items()) + ")"


_VERB = _alternatives(CUE_VERBS)
_WELCOMED = (
    r"welcome[sd]\b(?=\s+(?!(?:the\s+|a\s+|our\s+)?(?:guests?|delegations?|visitors?|"
    r"participants|him|her|them|everyone|[A-Z])))"
)
"""'welcomed the decision' reports a view; 'welcomed the guests' or 'welcomed Xi' is an act."""
_REPORTING_VERB = rf"(?:{_VERB}|{_WELCOMED})"
_PRONOUN = r"(?:he|she)"
TITLE_HEADS = (
    "Deputy Prime Minister",
    "Prime Minister",
    "Foreign Minister",
    "Vice President",
    "Vice-President",
    "Secretary-General",
    "Secretary General",
    "Director-General",
    "Director General",
    "Head of State",
    "Head of Government",
    "Crown Prince",
    "Special Representative",
    "President",
    "Chairman",
    "Chairwoman",
    "Chairperson",
    "Minister",
    "Secretary",
    "Speaker",
    "Ambassador",
    "Governor",
    "Mayor",
    "Akim",
    "Chancellor",
    "Premier",
    "King",
    "Queen",
    "Emir",
    "Sultan",
    "Emperor",
    "Senator",
    "Spokesperson",
    "Spokesman",
    "Spokeswoman",
    "Adviser",
    "Advisor",
    "Commissioner",
    "Director",
    "Envoy",
    "Head",
    "Chief",
)
_GENERIC_HEADS = frozenset(
    {"Head", "Chief", "Director", "Speaker", "Secretary", "Adviser", "Advisor", "Deputy"}
)
"""Titles that are also ordinary nouns ("the head of the guard"): never a reference alone."""
_LEADER_HEADS = frozenset(
    {"president", "chairman", "prime minister", "premier", "king", "queen", "emir", "sultan"}
)
_PREPOSITIONS = frozenset(
    "to for with of by at from about on in into toward towards between among than as".split()
)
_CAP = r"[A-Z][a-z]+(?:['’][A-Za-z]+)?(?:-[A-Z]?[a-z]+)?"
_NAME = rf"(?:{_CAP}|Xi|Li|Wu)"
_TITLE = "|".join(re.escape(t) for t in TITLE_HEADS)
# "Chinese President Xi Jinping", "Minister of Trade of Westland Anna Holm", "Head of State X Y"
_APPOSITION = re.compile(
    rf"(?:(?P<adj>{_CAP})\s+)?(?P<title>{_TITLE})"
    rf"(?P<run>(?:\s+(?:of|the|and|for|{_CAP}|[A-Z]{{2,}}))*?)"
    rf"(?P<comma>,)?\s+(?P<name>{_NAME}(?:\s+{_NAME}){{1,2}})(?=[\s,.;:)]|$)(?!\s+(?:of|{_CAP}))"
)
# "Erik Sand, President of Westland"
_NAME_FIRST = re.compile(
    rf"(?P<name>{_NAME}(?:\s+{_NAME}){{1,2}}),\s+(?:the\s+)?(?P<title>{_TITLE})"
    rf"(?P<run>(?:\s+(?:of|the|and|for|{_CAP}|[A-Z]{{2,}}))*)"
)
# "said Anna Holm" / "Anna Holm noted"
_NAME_CUE = re.compile(
    rf"(?:\b{_VERB}\s+(?P<after>{_NAME}(?:\s+{_NAME}){{1,2}}))"
    rf"|(?P<before>{_NAME}\s+{_NAME}(?:\s+{_NAME})?)\s+{_ADVERB}{_VERB}\b"
)
_ANY_TITLE = re.compile(_TITLE)
"""A cheap first look: the two patterns above cannot match a text without a title."""
_NOT_NAME_WORDS = frozenset(
    "The A An In On At Then When After Before During Since This That These Those It "
    "Republic Ministry Office Government Council Committee Forces Company Day Year".split()
)
_QUOTE_MARK = re.compile(f"[{re.escape(OPEN_QUOTES + CLOSE_QUOTES)}]")
_DASH_LEAD = re.compile(rf"^\s*[{DASHES}]\s*")
# Cue clauses and reported speech (compiled once: they run on every sentence of a corpus).
_CUE_CLAUSE = re.compile(rf"\s*[,]?\s*[{DASHES}]?\s*([^.!?;:]*?)(?:[.!?;:]|,\s|$)")
_ANY_CUE_VERB = re.compile(rf"\b{_VERB}\b", re.IGNORECASE)
_CLAUSE_BEFORE = re.compile(rf"([^.!?;”\"{DASHES}]*?)\s*[:,]?\s*(?:that\s*)?$")
_VERB_BEFORE = re.compile(rf"\b{_VERB}\b\s*(?:that)?\s*[:,]?\s*$", re.IGNORECASE)
_ANY_PRONOUN = re.compile(rf"\b{_PRONOUN}\b", re.IGNORECASE)
_SPEECH_BREAK = re.compile(rf"[,.!?…]?\s*[{CLOSE_QUOTES}]|,\s*[{DASHES}]\s")
_JOINT = re.compile(r"\s*(?:and|&|as well as)\s*")
_VERB_AFTER_NAME = re.compile(rf"{_ADVERB}\s*({_REPORTING_VERB})\b\s+(\S+\s+){{2,}}")
_ACCORDING_TO = re.compile(
    r"(?:according\s+to|in\s+the\s+opinion\s+of|as\s+noted\s+by)\s+(?:the\s+)?$", re.IGNORECASE
)
_TWO_WORDS_ON = re.compile(r",\s+\S+\s+\S+")
_PRONOUN_REPORTS = re.compile(
    rf"\s*(?:[A-Z][a-z]+(?:\s+[a-z]+)*,\s+)?({_PRONOUN})\s+{_ADVERB}({_REPORTING_VERB})\b"
    rf"\s+(\S+\s+){{2,}}",
    re.IGNORECASE,
)
_AND = re.compile(r"\s+and\s+")
_LATIN_WORD = re.compile(r"[A-Za-z]+")


_HONORIFICS = frozenset(
    "Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Madam Sir Professor Prof. Academician Engineer Analyst "
    "Economist Expert Journalist Correspondent Doctor Teacher Student Farmer Officer Colonel "
    "General Captain Major Lieutenant Sergeant Judge Bishop Reverend Rabbi Imam Coach Architect "
    "Lawyer Historian Scientist Researcher Businessman Businesswoman Entrepreneur Activist".split()
)
"""Words that stand before a name without being part of it."""
_TITLE_WORDS = frozenset(w for t in TITLE_HEADS for w in t.split()) | _HONORIFICS


def _clean_name(name: str) -> str | None:
    """A person's name from a capitalised run: leading titles dropped; two words at least."""
    tokens = name.split()
    while tokens and tokens[0] in _TITLE_WORDS:
        tokens.pop(0)
    if len(tokens) < 2 or any(t in _NOT_NAME_WORDS or t in _TITLE_WORDS for t in tokens):
        return None
    return " ".join(tokens)


@dataclass
class _Learned:
    name: str
    roles: list[str] = field(default_factory=list)


_IRREGULAR_DEMONYMS = {
    "China": "Chinese",
    "France": "French",
    "Japan": "Japanese",
    "Turkey": "Turkish",
    "Netherlands": "Dutch",
    "Switzerland": "Swiss",
    "Kyrgyzstan": "Kyrgyz",
    "Turkmenistan": "Turkmen",
    "Azerbaijan": "Azerbaijani",
    "Belarus": "Belarusian",
    "Vietnam": "Vietnamese",
    "Spain": "Spanish",
    "Britain": "British",
    "Poland": "Polish",
    "Sweden": "Swedish",
    "Denmark": "Danish",
    "Finland": "Finnish",
    "Greece": "Greek",
    "Iraq": "Iraqi",
    "Israel": "Israeli",
    "Pakistan": "Pakistani",
    "Qatar": "Qatari",
    "Thailand": "Thai",
    "Egypt": "Egyptian",
    "Iran": "Iranian",
    "Oman": "Omani",
}
"""English demonyms that no suffix rule gives."""


def demonyms(country: str) -> list[str]:
    """'Uzbekistan' → 'Uzbek', 'Mongolia' → 'Mongolian', 'Korea' → 'Korean': how English
    names a country's people, so "the Uzbek leader" can be matched to a learned title."""
    if country in _IRREGULAR_DEMONYMS:
        return [_IRREGULAR_DEMONYMS[country]]
    for suffix, replacement in (
        ("istan", ""),
        ("stan", ""),
        ("ia", "ian"),
        ("a", "an"),
        ("y", "ian"),
        ("e", "ian"),
    ):
        if country.endswith(suffix) and len(country) > len(suffix) + 2:
            return [country[: len(country) - len(suffix)] + replacement]
    return [country + "ian"]


def _roles_from(adj: str | None, title: str, run: str) -> list[str]:
    run = " ".join(run.split()).strip()
    roles: list[str] = []
    full = f"{title} {run}".strip()
    if run.startswith("of "):
        roles.append(full)
        country = run[3:].removeprefix("the ").strip()
        if title.lower() in _LEADER_HEADS and country and " " not in country:
            for people in (country, *demonyms(country)):
                roles += [f"{people} leader", f"{people} {title.lower()}"]
    if adj and adj not in _NOT_NAME_WORDS:
        roles.append(f"{adj} {title}")
        if title.lower() in _LEADER_HEADS:
            roles.append(f"{adj} leader")
    return roles


def learn_people(documents: Sequence[Document], registry: Sequence[Person]) -> list[Person]:
    """People the articles introduce themselves, joined with the registry by name or alias."""
    known = Lexicon(registry)
    learned: dict[str, _Learned] = {}
    for document in documents:
        for text in (document.title, *(p.text for p in document.paragraphs)):
            hits: list[tuple[str, list[str]]] = []
            titled = _ANY_TITLE.search(text) is not None
            for match in _APPOSITION.finditer(text) if titled else ():
                title, run, name = match["title"], match["run"], match["name"]
                if match["comma"] is None and run.strip() and not run.strip().startswith("of"):
                    continue
                if run.split()[-1:] in (["of"], ["the"]):
                    first, _, name = name.partition(" ")
                    run = f"{run} {first}"
                hits.append((name, _roles_from(match["adj"], title, run)))
            for match in _NAME_FIRST.finditer(text) if titled else ():
                hits.append((match["name"], _roles_from(None, match["title"], match["run"])))
            for match in _NAME_CUE.finditer(text):
                hits.append((match["after"] or match["before"], []))
            for raw, roles in hits:
                name = _clean_name(raw)
                if name is None:
                    continue
                entry = learned.setdefault(name, _Learned(name))
                entry.roles.extend(r for r in roles if r not in entry.roles)
    people: list[Person] = []
    for entry in learned.values():
        parts = entry.name.split()
        if any(" ".join(parts[k:]) in learned for k in range(1, len(parts))):
            continue  # "Westland Erik Sand" is Erik Sand with a word too many
        whole = [m for m in known.find(entry.name) if m.end - m.start == len(entry.name)]
        people.append(
            Person(
                id=whole[0].person if whole else person_id(entry.name),
                name=entry.name,
                aliases=(entry.name.split()[-1],),
                roles=tuple(entry.roles),
                learned=True,
            )
        )
    return merge_people(registry, people)


_ROLE_HEADS = [
    (head, re.compile(rf"(?:the\s+)?(?:{_CAP}\s+)?{re.escape(head)}\b"))
    for head in TITLE_HEADS
    if head not in _GENERIC_HEADS
]
"""A role's head title: "Minister" in "the Uzbek Minister of Energy"."""


def _bare_heads(people: Sequence[Person]) -> dict[str, set[str]]:
    """'the minister' → everyone whose title has that head (resolved per document)."""
    owners: dict[str, set[str]] = {}
    for person in people:
        for role in person.roles:
            for head, pattern in _ROLE_HEADS:
                if pattern.match(role):
                    owners.setdefault(head.lower(), set()).add(person.id)
                    break
    return owners


@dataclass
class _State:
    """What a reader remembers between sentences: who the text is currently about."""

    subject: str | None = None
    last_quote_speaker: str | None = None
    open_quote: bool = False
    introduced: bool = False
    pronouns: dict[str, str] = field(default_factory=dict)
    recent: list[set[str]] = field(default_factory=list)
    named: frozenset[str] = frozenset()
    """People the document names unambiguously: who a shared surname or title can mean."""
    scan: list[Candidate] = field(default_factory=list)
    """The current paragraph's known forms (see Lexicon.scan)."""

    def focus(self, person: str | None) -> None:
        """Make person the subject and remember them as recently in focus."""
        self.subject = person
        if person and self.recent:
            self.recent[-1].add(person)

    def new_paragraph(self) -> None:
        self.recent = [*self.recent[-2:], set()]


@dataclass(frozen=True)
class _Speech:
    start: int
    end: int
    speaker: str | None
    cue: str


class Attributor:
    def __init__(self, people: Sequence[Person]) -> None:
        self.people = {p.id: p for p in people}
        self.lexicon = Lexicon(people, shared_forms=_bare_heads(people))

    def statements(self, document: Document) -> list[Statement]:
        scans = [self.lexicon.scan(p.text) for p in document.paragraphs]
        named = {
            next(iter(owners))
            for candidates in (self.lexicon.scan(document.title), *scans)
            for _, _, owners in candidates
            if len(owners) == 1
        }
        state = _State(named=frozenset(named))
        found: list[Statement] = []
        for paragraph, scan in zip(document.paragraphs, scans, strict=True):
            state.new_paragraph()
            state.scan = scan
            speeches = self._speeches(paragraph.text, state)
            for speech in speeches:
                s, e = trim_quote(paragraph.text, speech.start, speech.end)
                if s < e:
                    found.append(
                        self._statement(
                            document,
                            paragraph.number,
                            paragraph.text,
                            s,
                            e,
                            Kind.QUOTE,
                            speech.speaker,
                            speech.cue,
                        )
                    )
            reported = self._reported(paragraph.text, speeches, state)
            for s, e, speaker, cue in reported:
                found.append(
                    self._statement(
                        document,
                        paragraph.number,
                        paragraph.text,
                        s,
                        e,
                        Kind.REPORTED,
                        speaker,
                        cue,
                    )
                )
            state.introduced = bool(reported) or paragraph.text.rstrip().endswith(":")
        return found

    @staticmethod
    def _statement(
        document: Document,
        number: int,
        text: str,
        start: int,
        end: int,
        kind: Kind,
        speaker: str | None,
        cue: str,
    ) -> Statement:
        return Statement(
            document_id=document.id,
            paragraph=number,
            start=start,
            end=end,
            text=text[start:end],
            kind=kind,
            speaker=speaker,
            cue=cue,
        )

    # --- direct speech -------------------------------------------------------------------------

    def _cue_after(self, text: str, pos: int, state: _State) -> tuple[int, str | None, str] | None:
        """A cue clause starting at pos (", the minister noted."), as (end, speaker, cue words)."""
        clause = _CUE_CLAUSE.match(text[pos:])
        if clause is None:
            return None
        words = clause.group(1)
        if len(words.split()) > 14 or not _ANY_CUE_VERB.search(words):
            return None
        resolved = self._resolve_cue(words, state)
        if resolved is None:
            return None
        return pos + clause.end(), resolved, words.strip()

    def _cue_before(self, text: str, pos: int, state: _State) -> tuple[str | None, str] | None:
        """A cue clause ending at an opening quote ("X said: “…"), as (speaker, cue words)."""
        head = text[:pos]
        clause = _CLAUSE_BEFORE.search(head)
        if clause is None:
            return None
        words = clause.group(1)
        if not _VERB_BEFORE.search(head):
            return None
        resolved = self._resolve_cue(words[-160:], state)
        return None if resolved is None else (resolved, words.strip())

    def _resolve_cue(self, words: str, state: _State) -> str | None:
        """The person a cue clause names; None when it names nobody or more than one person.

        A cue that names no one the engine knows is not a cue ("the talks continued").
        """
        mentions = {m.person for m in self.lexicon.find(words, named=state.named)}
        if len(mentions) == 1:
            return mentions.pop()
        pronoun = _ANY_PRONOUN.search(words)
        if not mentions and pronoun:
            return self._pronoun_target(pronoun.group().lower(), state) or ""
        return None

    def _pronoun_target(self, pronoun: str, state: _State) -> str | None:
        """The current subject, unless the pronoun contradicts what is known of them."""
        subject = state.subject
        if subject is None or not self._may_be(subject, pronoun, state):
            return None
        rivals = set().union(*state.recent) - {subject}
        if any(self._may_be(rival, pronoun, state) for rival in rivals):
            return None
        state.pronouns[subject] = pronoun
        return subject

    def _may_be(self, person_id: str, pronoun: str, state: _State) -> bool:
        person = self.people.get(person_id)
        known = (person.pronoun if person else None) or state.pronouns.get(person_id)
        return known is None or known == pronoun

    def _speeches(self, text: str, state: _State) -> list[_Speech]:
        dash = _DASH_LEAD.match(text)
        if dash:
            return self._dash_speech(text, dash.end(), state)
        return self._quoted_speech(text, state)

    def _dash_speech(self, text: str, start: int, state: _State) -> list[_Speech]:
        """A paragraph that opens with a dash is speech; cue clauses inside it close a part."""
        speeches: list[_Speech] = []
        cursor = start
        for match in _SPEECH_BREAK.finditer(text, start):
            cue = self._cue_after(text, match.end(), state)
            if cue is None:
                continue
            end, speaker, words = cue
            speeches.append(_Speech(cursor, match.start() + 1, speaker or None, words))
            self._heard(state, speaker)
            cursor = end
            dash = _DASH_LEAD.match(text, cursor)
            if dash:
                cursor = dash.end()
        if cursor < len(text.rstrip()):
            if speeches:
                speaker, words = speeches[-1].speaker, speeches[-1].cue
            elif state.introduced and state.subject:
                speaker, words = state.subject, "speech right after the speaker was introduced"
            else:
                speaker, words = None, "no cue names the speaker"
            speeches.append(_Speech(cursor, len(text), speaker, words))
        return speeches

    def _quoted_speech(self, text: str, state: _State) -> list[_Speech]:
        speeches: list[_Speech] = []
        spans = _quote_spans(text)
        continues = state.open_quote
        for start, end, opened, closed in spans:
            size = len(text[start:end].split())
            after = self._cue_after(text, end + 1, state) if closed else None
            before = self._cue_before(text, start - 1, state) if opened else None
            if after is not None:
                speaker, words = after[1] or None, after[2]
            elif before is not None:
                speaker, words = before[0] or None, before[1]
            elif continues and start <= 1 and state.last_quote_speaker:
                speaker, words = (
                    state.last_quote_speaker,
                    "continues the previous paragraph's quote",
                )
            elif size >= 8:
                speaker, words = None, "no cue names the speaker"
            else:
                continue
            speeches.append(_Speech(start, end, speaker, words))
            self._heard(state, speaker)
        state.open_quote = bool(spans) and not spans[-1][3]
        return speeches

    def _heard(self, state: _State, speaker: str | None) -> None:
        if speaker:
            state.focus(speaker)
            state.last_quote_speaker = speaker

    # --- reported speech -----------------------------------------------------------------------

    def _reported(
        self, text: str, speeches: Sequence[_Speech], state: _State
    ) -> list[tuple[int, int, str | None, str]]:
        covered = [(s.start, s.end) for s in speeches]
        out: list[tuple[int, int, str | None, str]] = []
        everyone = self.lexicon.resolve(text, state.scan, state.named)
        for start, end in sentence_spans(text):
            if any(s < end and start < e for s, e in covered):
                continue
            mentions = [m for m in everyone if start <= m.start and m.end <= end]
            verb = self._reporting_subject(text, start, end, mentions, state)
            if verb is not None:
                speaker, cue = verb
                out.append((start, end, speaker or None, cue))
                if speaker:
                    state.focus(speaker)
                continue
            self._track_subject(text, start, mentions, state)
        return out

    def _reporting_subject(
        self, text: str, start: int, end: int, mentions: Sequence[Mention], state: _State
    ) -> tuple[str, str] | None:
        for i, mention in enumerate(mentions):
            if i and _JOINT.fullmatch(text[mentions[i - 1].end : mention.start]):
                return None  # "A and B noted …": a joint view is no one person's words
            follow = _VERB_AFTER_NAME.match(text[mention.end : end])
            if follow and not _after_preposition(text, mention.start):
                return mention.person, text[mention.start : mention.end + follow.end(1)]
            according = _ACCORDING_TO.search(text[start : mention.start])
            if according and _TWO_WORDS_ON.match(text[mention.end : end]):
                return mention.person, text[start + according.start() : mention.end]
        pronoun = _PRONOUN_REPORTS.match(text[start:end])
        if pronoun:
            target = self._pronoun_target(pronoun.group(1).lower(), state)
            if target:
                return target, f"{pronoun.group(1)} {pronoun.group(2)} (→ current subject)"
        return None

    def _track_subject(
        self, text: str, start: int, mentions: Sequence[Mention], state: _State
    ) -> None:
        subjects = [m for m in mentions if not _after_preposition(text, m.start)]
        if not subjects:
            return
        first = subjects[0]
        joined = _AND.match(text[first.end :])
        if joined and any(m.start == first.end + joined.end() for m in mentions):
            state.focus(None)
        else:
            state.focus(first.person)


def _after_preposition(text: str, pos: int) -> bool:
    before = _LATIN_WORD.findall(text[max(0, pos - 30) : pos])
    return bool(before) and before[-1].lower() in _PREPOSITIONS


def _quote_spans(text: str) -> list[tuple[int, int, bool, bool]]:
    """Quoted spans as (start, end, has opening mark, has closing mark), inner text offsets.

    A closing mark with no opener quotes from the paragraph start; an opener with no closer
    runs to the paragraph end (a quote that continues in the next paragraph).
    """
    spans: list[tuple[int, int, bool, bool]] = []
    open_at: int | None = None
    straight_open = False
    for mark in _QUOTE_MARK.finditer(text):
        i, ch = mark.start(), mark.group()
        if ch == '"':
            if straight_open and open_at is not None:
                spans.append((open_at, i, True, True))
                open_at, straight_open = None, False
            else:
                open_at, straight_open = i + 1, True
        elif ch in OPEN_QUOTES:
            open_at = i + 1
        elif ch in CLOSE_QUOTES:
            if open_at is None:
                if not spans and fold(text[:i]):
                    spans.append((0, i, False, True))
            else:
                spans.append((open_at, i, True, True))
                open_at = None
    if open_at is not None:
        spans.append((open_at, len(text), True, False))
    return spans
