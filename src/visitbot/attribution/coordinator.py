"""The coordinator: runs the rules over each paragraph in order of precedence and turns what
they find into statements whose text is always a slice of the paragraph.

Precedence: a transcript turn takes its whole paragraph; else a paragraph of dash-led speech,
else quoted speech; then reported speech in the
sentences neither covers. A rule that cannot settle the speaker leaves the statement
unattributed; the coordinator never guesses one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from visitbot.attribution.context import Reader, State
from visitbot.attribution.continuation import Runs
from visitbot.attribution.countries import country_forms, domain_country
from visitbot.attribution.dash import DASH_LEAD, dash_speech
from visitbot.attribution.lexical import lexical
from visitbot.attribution.nested import nested_speech
from visitbot.attribution.people import bare_heads, role_heads
from visitbot.attribution.quotes import quoted_speech
from visitbot.attribution.reported import reported_speech
from visitbot.attribution.russian import RussianReader, reported_speech_ru
from visitbot.attribution.speech import Speech
from visitbot.attribution.transcript import transcript_turns
from visitbot.models import Document, Kind, Person, Statement
from visitbot.speakers import Lexicon
from visitbot.text import trim_quote

_FIRST_PERSON = re.compile(r"\b(?:I|[Ww]e|[Oo]ur|[Mm]y|me|us)\b")
"""Speech in the first person: a plain paragraph after "X said:" that is still theirs."""


def _holds_name(words: str, person: Person) -> bool:
    """Whether words include one of the person's own names (not only a title)."""
    said = {w.lower() for w in re.findall(r"[\w’'-]+", words)}
    return any(
        w.lower() in said
        for form in (person.name, *person.aliases)
        for w in form.split()
        if len(w) > 1
    )


_SIGNATURE = re.compile(r"^\s*[–—―‒-]\s*([^.!?:;,«»“”\"]{2,60}?)\s*$")
"""A paragraph of a dash and a name only: who signs the quote before it."""


ReportedRule = Callable[[str, Sequence[Speech], Reader, State], list[Speech]]
"""A language's reported-speech rule (reported.py for English, russian.py for Russian)."""


class Reading(NamedTuple):
    """What attribution reads out of one document."""

    statements: list[Statement]
    mentioned: list[list[str]]
    """Per paragraph, everyone it mentions, by name or by a role that names only them."""


class Attributor:
    def __init__(self, people: Sequence[Person]) -> None:
        self.people = {p.id: p for p in people}
        self.lexicon = Lexicon(people, shared_forms=bare_heads(people))
        self.english = Reader(people, self.lexicon)
        self.russian = RussianReader(people, self.lexicon)
        self.reader: Reader = self.english

    def statements(self, document: Document) -> list[Statement]:
        return self.read(document).statements

    def read(self, document: Document) -> Reading:
        """The document's statements, read by its language's conventions."""
        russian = document.language == "ru"
        self.reader = self.russian if russian else self.english
        return self._read(document, reported_speech_ru if russian else reported_speech)

    def _read(self, document: Document, reported_rule: ReportedRule) -> Reading:
        """The document's statements, and who each paragraph mentions by any name or role."""
        scans = [self.lexicon.scan(p.text) for p in document.paragraphs]
        # Named: whoever the document calls by a name of theirs; roles resolve only to them.
        named: set[str] = set()
        for text, candidates in (
            (document.title, self.lexicon.scan(document.title)),
            *((p.text, scan) for p, scan in zip(document.paragraphs, scans, strict=True)),
        ):
            for first, last, owners in candidates:
                if len(owners.names) == 1:
                    named.add(next(iter(owners.names)))
                elif len(owners.roles) == 1:
                    # "President Obama": a role that holds the person's own name names them.
                    person = self.people.get(next(iter(owners.roles)))
                    if person is not None and _holds_name(text[first:last], person):
                        named.add(person.id)
        state = State(named=frozenset(named), home=self._home(document, named))
        turns = transcript_turns(document, self.lexicon, self.people, state.named)
        found: list[Statement] = []
        resolved = [
            self.lexicon.resolve(p.text, scan, state.named)
            for p, scan in zip(document.paragraphs, scans, strict=True)
        ]
        mentioned = [sorted({m.person for m in found}) for found in resolved]
        runs = Runs()
        run_speaker: str | None = None
        """Who a paragraph ending "X said:" introduced, while their speech goes on."""
        for paragraph, scan, mentions in zip(document.paragraphs, scans, resolved, strict=True):
            state.new_paragraph()
            state.scan = scan
            state.mentions = mentions
            text = paragraph.text
            state.nearby = [*state.nearby[-1:], (text, mentions)]
            turn = turns.get(paragraph.number)
            dash = DASH_LEAD.match(text)
            if turn is not None:
                # A transcript turn is all its speaker's words, whatever names stand in them;
                # a turn of no one known (a question, a title several hold) is no one's.
                run_speaker = None
                if turn.speaker is not None:
                    state.heard(turn.speaker)
                s, e = trim_quote(text, turn.start, turn.end)
                if s < e and turn.speaker is None:
                    # a journalist's question may still report a named person's words
                    self._nested(found, document, paragraph.number, text, s, e, None, state)
                elif s < e:
                    found.append(
                        _statement(document, paragraph.number, text, s, e, Kind.QUOTE, turn)
                    )
                    self._nested(found, document, paragraph.number, text, s, e, turn.speaker, state)
                runs.stop()
                continue
            was_open = state.open_quote
            if self._signature(found, document, paragraph.number, text, state):
                runs.stop()
                continue
            if dash:
                speeches = dash_speech(text, dash.end(), self.reader, state)
            else:
                speeches = quoted_speech(text, self.reader, state)
            first_quote = len(found)
            reported = reported_rule(text, speeches, self.reader, state)
            for speech in speeches:
                if speech.speaker is None and any(
                    r.start <= speech.start and speech.end <= r.end for r in reported
                ):
                    continue  # a quoted phrase inside someone's reported words is theirs
                s, e = trim_quote(text, speech.start, speech.end)
                if s < e:
                    number = paragraph.number
                    kind = Kind.REPORTED if speech.reported else Kind.QUOTE
                    found.append(_statement(document, number, text, s, e, kind, speech))
                    if speech.speaker and not speech.reported:
                        self._nested(found, document, number, text, s, e, speech.speaker, state)
            quotes = list(range(first_quote, len(found)))
            if not quotes:
                runs.stop()
            elif dash:
                runs.paragraph(found, "dash", quotes[0] if runs.kind == "dash" else None, quotes[0])
            else:
                leads = was_open and found[quotes[0]].start <= 1
                runs.paragraph(
                    found,
                    "quote",
                    quotes[0] if leads else None,
                    quotes[-1] if state.open_quote else None,
                )
            for speech in reported:
                start, end, number = speech.start, speech.end, paragraph.number
                found.append(_statement(document, number, text, start, end, Kind.REPORTED, speech))
                if speech.speaker:
                    self._nested(
                        found, document, number, text, start, end, speech.speaker, state, False
                    )
            announcing = text.rstrip().endswith(":") and not speeches
            running = run_speaker
            run_speaker = None
            if announcing:
                # "President Ilham Aliyev said:" — a statement itself, and the speech after it
                # is theirs.
                state.announced = self._announcer(text, state)
                run_speaker = state.announced
                if state.announced and not reported:
                    end = len(text.rstrip()) - 1
                    cue = Speech(0, end, state.announced, " ".join(text[:end].split()), "X said:")
                    found.append(
                        _statement(document, paragraph.number, text, 0, end, Kind.REPORTED, cue)
                    )
                    state.heard(state.announced)
            elif running and speeches and all(s.speaker == running for s in speeches):
                run_speaker = running  # the announced speech goes on
            elif running and not speeches and not reported and _FIRST_PERSON.search(text):
                # A plain paragraph of the announced speech (no marks, no dash), in the first
                # person: the speech goes on.
                said = Speech(
                    0, len(text), running, "continues the speech after 'X said:'", "X said: run"
                )
                s, e = trim_quote(text, 0, len(text))
                found.append(_statement(document, paragraph.number, text, s, e, Kind.QUOTE, said))
                run_speaker = running
            state.introduced = bool(reported) or announcing
        return Reading(found, mentioned)

    def _signature(
        self, found: list[Statement], document: Document, number: int, text: str, state: State
    ) -> bool:
        """'– Касым-Жомарт Токаев' alone after an uncued quote: the line that signs it."""
        match = _SIGNATURE.match(text)
        if match is None or not found or found[-1].paragraph != number - 1:
            return False
        last = found[-1]
        if last.speaker is not None or last.kind is not Kind.QUOTE:
            return False
        refs = self.reader.references(text, match.start(1), match.end(1), state)
        if len(refs) != 1 or refs[0].kind != "person":
            return False
        cue = " ".join(text.split())
        found[-1] = last._replace(
            speaker=refs[0].person, cue=f"{cue} (the line after)", rule="signature"
        )
        state.heard(refs[0].person)
        return True

    def _nested(
        self,
        found: list[Statement],
        document: Document,
        number: int,
        text: str,
        start: int,
        end: int,
        outer: str | None,
        state: State,
        pronouns: bool = True,
    ) -> None:
        """Statements reported inside someone's words (see nested.py); a pronoun only inside
        their own words (a quote, a turn), never in a sentence that reports them."""
        for speech in nested_speech(text, start, end, outer, self.reader, state, pronouns):
            s, e = speech.start, speech.end
            found.append(_statement(document, number, text, s, e, Kind.REPORTED, speech))

    def _announcer(self, text: str, state: State) -> str | None:
        """The speaker of 'X said:' ending a paragraph: its cue clause must name one person."""
        cue = self.reader.cue_before(text, len(text.rstrip()), state)
        return cue[0] or None if cue is not None else None

    def _home(self, document: Document, named: set[str]) -> dict[str, str]:
        """In a country's own press (its country-code domain), each title → the one person
        of that country the document names who holds it ("the Head of State" in Kazinform)."""
        country = domain_country(document.url)
        if not country:
            return {}
        holders: dict[str, set[str]] = {}
        for pid in named:
            person = self.people.get(pid)
            if person is None:
                continue
            countries = {
                form
                for role in person.roles
                for word in role.replace("’", "'").split()
                for form in country_forms(word)
            }
            if countries and not countries & country:
                continue  # of another country
            for role in (*person.roles, *person.titles):
                if countries or not person.roles:
                    for head in role_heads(role):
                        holders.setdefault(head, set()).add(pid)
                        if head in lexical().state_heads:
                            holders.setdefault("head of state", set()).add(pid)
        return {head: next(iter(ids)) for head, ids in holders.items() if len(ids) == 1}


def _statement(
    document: Document, number: int, text: str, start: int, end: int, kind: Kind, speech: Speech
) -> Statement:
    return Statement(
        document_id=document.id,
        paragraph=number,
        start=start,
        end=end,
        text=text[start:end],
        kind=kind,
        speaker=speech.speaker,
        cue=speech.cue,
        rule=speech.rule,
    )
