"""What a reader keeps in mind while reading an article, and how a cue names its speaker.

Every rule asks the same two questions: who does this cue clause name ("the minister noted" →
Anna Holm), and who is "he" here? Both are answered here, once, with precision first: a cue that
names nobody known, or more than one person, or a pronoun another recent subject could fill,
names no one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from visitbot.attribution.cues import ANY_CUE_VERB, ANY_PRONOUN, VERB
from visitbot.attribution.marks import quote_spans
from visitbot.models import Person
from visitbot.speakers import Candidate, Lexicon, Mention
from visitbot.text import DASHES

_CUE_CLAUSE = re.compile(rf"\s*[,]?\s*[{DASHES}]?\s*([^.!?;:]*?)(?:[.!?;:]|,\s|$)")
_CLAUSE_BEFORE = re.compile(rf"([^.!?;”\"{DASHES}]*?)\s*[:,]?\s*(?:that\s*)?$")
_VERB_BEFORE = re.compile(rf"\b{VERB}\b\s*(?:that)?\s*[:,]?\s*$", re.IGNORECASE)
MAX_CUE_WORDS = 14
"""A cue clause is short ("…,” the Minister of Trade of Eastria said during the visit"); a
longer clause after a quote is a new sentence of narrative."""


@dataclass
class State:
    """What a reader remembers between sentences: who the text is currently about."""

    subject: str | None = None
    last_quote_speaker: str | None = None
    open_quote: bool = False
    introduced: bool = False
    announced: str | None = None
    """Who a paragraph ending "X said:" introduced: the quoted paragraphs after it are theirs
    until one has a cue of its own."""
    pronouns: dict[str, str] = field(default_factory=dict)
    recent: list[set[str]] = field(default_factory=list)
    named: frozenset[str] = frozenset()
    """People the document names unambiguously: who a shared surname or title can mean."""
    scan: list[Candidate] = field(default_factory=list)
    """The current paragraph's known forms (see Lexicon.scan)."""
    mentions: list[Mention] = field(default_factory=list)
    """The current paragraph's forms that name one person (see Lexicon.resolve)."""
    nearby: list[tuple[str, list[Candidate]]] = field(default_factory=list)
    """The previous and the current paragraph with their known forms: who else is about when a
    title could mean several people."""

    def focus(self, person: str | None) -> None:
        """Make person the subject and remember them as recently in focus."""
        self.subject = person
        if person and self.recent:
            self.recent[-1].add(person)

    def new_paragraph(self) -> None:
        self.recent = [*self.recent[-2:], set()]

    def heard(self, speaker: str | None) -> None:
        """A statement was attributed: its speaker is now the one the text is about."""
        if speaker:
            self.focus(speaker)
            self.last_quote_speaker = speaker


_VERB_NEXT = re.compile(
    rf"(?:\s*,[^,]{{1,40}},)?\s*(?:[a-z]+ly\s+|also\s+|then\s+|again\s+)*{VERB}\b",
    re.IGNORECASE,
)
"""The verb right after a person ("Xi told …", "Modi, in clear terms, said …")."""
_VERB_BEFORE_NAME = re.compile(rf"\b{VERB}\s+(?:the\s+)?(?:[A-Z][\w’'.-]*\s+){{0,4}}$")
"""The verb right before a person ("… said President Aliyev")."""


def cue_subject(words: str, found: Sequence[Mention]) -> str | None:
    """The one person right before the cue verb ("Xi told Trump" → Xi), else the one right
    after it ("said Aliyev during talks with Erdogan" → Aliyev): English puts the speaker
    after the verb only when no subject stands before it."""
    before = {m.person for m in found if _VERB_NEXT.match(words, m.end)}
    after = {m.person for m in found if _VERB_BEFORE_NAME.search(words, 0, m.start)}
    beside = before or after
    return beside.pop() if len(beside) == 1 else None


class Reader:
    """Resolves cue clauses and pronouns to people, for every rule."""

    def __init__(self, people: Sequence[Person], lexicon: Lexicon) -> None:
        self.people = {p.id: p for p in people}
        self.lexicon = lexicon

    def cue_after(self, text: str, pos: int, state: State) -> tuple[int, str | None, str] | None:
        """A cue clause starting at pos (", the minister noted."), as (end, speaker, cue words)."""
        clause = _CUE_CLAUSE.match(text[pos:])
        if clause is None:
            return None
        words = clause.group(1)
        if len(words.split()) > MAX_CUE_WORDS or not ANY_CUE_VERB.search(words):
            return None
        resolved = self.resolve_cue(words, state)
        if resolved is None:
            return None
        return pos + clause.end(), resolved, words.strip()

    def cue_before(self, text: str, pos: int, state: State) -> tuple[str | None, str] | None:
        """A cue clause ending at an opening quote ("X said: “…"), as (speaker, cue words)."""
        head = text[:pos]
        clause = _CLAUSE_BEFORE.search(head)
        if clause is None:
            return None
        words = clause.group(1)
        if not _VERB_BEFORE.search(head):
            return None
        resolved = self.resolve_cue(words[-160:], state)
        return None if resolved is None else (resolved, words.strip())

    def resolve_cue(self, words: str, state: State) -> str | None:
        """The person a cue clause names; None when it names nobody or cannot tell who;
        "" for a pronoun the text does not settle.

        Of several people in a cue the speaker is the one beside the verb ("Xi told Trump",
        "said Aliyev during talks with Erdogan"). A title several named people hold ("said
        the President") means the current subject only when no other holder is about. A
        cue that names no one the engine knows is not a cue ("the talks continued").
        """
        found = self.lexicon.find(words, named=state.named)
        people = {m.person for m in found}
        if len(people) == 1:
            return people.pop()
        if people:
            return cue_subject(words, found)
        pronoun = ANY_PRONOUN.search(words)
        if pronoun:
            return self.pronoun_target(pronoun.group().lower(), state) or ""
        return self.title_target(words, state)

    def title_target(self, words: str, state: State) -> str | None:
        """'the President' when two presidents are named: the current subject, if they hold
        the title and no other holder is mentioned here or in the previous paragraph."""
        shared = [
            meant
            for _, _, meant in self.lexicon.meanings(self.lexicon.scan(words), state.named)
            if len(meant) > 1
        ]
        subject = state.subject
        if len(shared) != 1 or subject not in shared[0]:
            return None
        if (shared[0] - {subject}) & self._about(state):
            return None
        return subject

    def _about(self, state: State) -> set[str]:
        """Everyone the previous and the current paragraph mention outside their quotes
        (inside a quote a speaker names others)."""
        about: set[str] = set()
        for text, scan in state.nearby:
            if scan:
                quoted = quote_spans(text)
                about |= {
                    m.person
                    for m in self.lexicon.resolve(text, scan, state.named)
                    if not any(s <= m.start < e for s, e, _, _ in quoted)
                }
        return about

    def pronoun_target(self, pronoun: str, state: State) -> str | None:
        """The current subject, unless the pronoun contradicts what is known of them."""
        subject = state.subject
        if subject is None or not self._may_be(subject, pronoun, state):
            return None
        rivals = set().union(*state.recent) - {subject}
        if any(self._may_be(rival, pronoun, state) for rival in rivals):
            return None
        state.pronouns[subject] = pronoun
        return subject

    def _may_be(self, person_id: str, pronoun: str, state: State) -> bool:
        person = self.people.get(person_id)
        known = (person.pronoun if person else None) or state.pronouns.get(person_id)
        return known is None or known == pronoun
