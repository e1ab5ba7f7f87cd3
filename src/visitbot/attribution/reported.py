"""Reported speech: a sentence whose subject performs a speech act ("Kassym-Jomart Tokayev
highly appreciated …", "In turn, President Xi Jinping expressed gratitude …", "Sand highlighted
the importance of …, calling it …", "He stressed that …"), "According to X, …", "…, according
to Yang", comma-set cues, "the latter said".

The act is a speech verb of WordNet's (see cues.py) with a complement: a clausal verb needs a
clause ("believes that …"), a light verb something expressed ("extended condolences"); joint
acts ("discussed", "signed") and joint subjects ("the sides", "A and B") are narrative, no one
person's words. A person after a preposition ("gratitude to the Head of our state") was spoken
to or of, not speaking. A subject the text does not name ("a source said") makes a statement
with no speaker.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from visitbot.attribution.context import RELATIVE_WHO, UNKNOWN, Reader, Reference, State
from visitbot.attribution.cue_clauses import comma_cue
from visitbot.attribution.cues import verb_class
from visitbot.attribution.lexical import FACTIVE, GREETINGS, NEWS_VERBS, lexical, noun_lemma
from visitbot.attribution.names import RUN, is_function_word, is_title_word, split_run
from visitbot.attribution.speech import Speech
from visitbot.text import sentence_spans

PREPOSITIONS = frozenset(
    "to for with of by at from about on in into toward towards between among than as".split()
)
_JOINED = re.compile(r"(?:\band|&|\bas\s+well\s+as)\s*$")
_ACCORDING_TO = re.compile(
    r"\b(?:according\s+to|in\s+the\s+(?:opinion|view|words)\s+of|as\s+noted\s+by|"
    r"as\s+quoted\s+by)\s+",
    re.IGNORECASE,
)
_OBJECT_PRONOUNS = {"him": "he", "her": "she"}
_ACCORDING_TO_PRONOUN = re.compile(
    r"\b(?:according\s+to|in\s+the\s+(?:opinion|view|words)\s+of)\s+(?P<who>him|her)\b",
    re.IGNORECASE,
)
_LATTER = re.compile(r"\bthe\s+(?P<which>latter|former)\s+", re.IGNORECASE)
"""'A and B laughed after the latter said …': of exactly two people named before it, the
second (the former: the first)."""
_CLAUSE_AFTER = re.compile(
    r"^\s*(?:,\s*)?(?:that|whether|if|how|what|why|when|where|who|which|to)\b|^\s*:", re.IGNORECASE
)
_WORDS = re.compile(r"[A-Za-z][\w’'-]*")
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:[a-z]+ly\s+)?$")
MIN_COMPLEMENT_WORDS = 2
"""Words after a speech verb that make it a statement ("Xi said the talks went well"), not a
bare act ("Xi spoke.")."""
NOUN_PHRASE_WORDS = 10
"""How far a light verb's object may reach ("extended President of the Republic of Westland
Erik Sand`s greetings")."""


def reported_speech(
    text: str, speeches: Sequence[Speech], reader: Reader, state: State
) -> list[Speech]:
    """Sentences outside the paragraph's direct speech that report someone's words."""
    # Quotes no cue settled do not cover their sentence: "…, Sand said, adding that the port
    # “…”" is his reported speech with a quoted phrase in it.
    covered = [(s.start, s.end) for s in speeches if s.speaker is not None]
    return report_sentences(text, covered, reader, state, _reporting_subject, _track_subject)


Reporting = Callable[[str, int, int, Reader, State], "tuple[Reference, str, str] | None"]
"""A language's way to find who a sentence reports (reference, cue words, rule)."""
Tracking = Callable[[str, int, int, Reader, State], None]
"""A language's way to follow the subject of a sentence that reports no one."""


def report_sentences(
    text: str,
    covered: Sequence[tuple[int, int]],
    reader: Reader,
    state: State,
    reporting: Reporting,
    track: Tracking,
) -> list[Speech]:
    """Each sentence outside ``covered`` that reports someone's words, in any language: its
    speaker, and the source of the report when a reporting clause ends it ("…, the ministry
    said.", "…, пишет пресс-служба Акорды.")."""
    out: list[Speech] = []
    for start, end in sentence_spans(text):
        if any(s < end and start < e for s, e in covered):
            continue
        found = reporting(text, start, end, reader, state)
        if found is None:
            track(text, start, end, reader, state)
            continue
        ref, cue, rule = found
        if ref.kind == "plural":
            state.focus(None)
            continue
        speaker = reader.resolve(ref, state)
        out.append(Speech(start, end, speaker, cue, rule))
        source = source_of_report(text, start, end, cue_end(text, ref, cue), reader, state)
        if source is not None and source.speaker not in (None, speaker):
            out.append(source)  # who reports it, too
        state.heard(speaker, named_nobody=speaker is None and ref.kind != "pronoun")
    return out


_LAST_COMMA = re.compile(r",\s+(?=[^,]*$)")


def cue_end(text: str, ref: Reference, cue: str) -> int:
    """Where a speech act's cue ends in the text: its verb, not its subject, is what a later
    reporting clause must come after ("X who came from a village, said Y …" has one verb)."""
    words = cue.split()
    at = text.find(words[-1], ref.start) if words else -1
    return max(ref.end, at + len(words[-1])) if at >= 0 else ref.end


def source_of_report(
    text: str, start: int, end: int, after: int, reader: Reader, state: State
) -> Speech | None:
    """A reporting clause that ends the sentence after its last comma, past ``after`` (the
    speech act already found): "…, the ministry said.", "…, пишет пресс-служба Акорды." Its
    speaker reports the sentence too."""
    sentence = text[:end].rstrip(" .!?…")
    comma = _LAST_COMMA.search(sentence, start)
    if comma is None or comma.start() < after:
        return None
    cue = reader.cue_after(sentence, comma.start(), state)
    if cue is None or cue[1] is None or cue[0] < len(sentence):
        return None
    return Speech(start, end, cue[1], cue[2], "source of the report")


def _reporting_subject(
    text: str, start: int, end: int, reader: Reader, state: State
) -> tuple[Reference, str, str] | None:
    latter = _LATTER.search(text, start, end)
    if latter and _speech_verb_next(text, latter.end(), end):
        earlier = [
            r.person
            for r in reader.references(text, start, latter.start(), state)
            if r.kind == "person" and not reader.is_institution(r)
        ]
        earlier = list(dict.fromkeys(earlier))
        if len(earlier) == 2:
            who = earlier[1] if latter["which"].lower() == "latter" else earlier[0]
            ref = Reference(latter.start(), latter.end(), "person", person=who)
            return ref, " ".join(latter.group().split()), "the latter"
    according = _ACCORDING_TO_PRONOUN.search(text, start, end)
    if according:
        word = _OBJECT_PRONOUNS[according["who"].lower()]
        ref = Reference(according.start("who"), according.end("who"), "pronoun", word=word)
        return ref, " ".join(according.group().split()), "according to him"
    for according_match in _ACCORDING_TO.finditer(text, start, end):
        refs = reader.references(text, according_match.end(), end, state)
        # "according to Holm," — the source ends its phrase ("according to palace pool
        # reports" names reports, not a person).
        if (
            refs
            and refs[0].start == according_match.end()
            and re.match(r"\s*(?:[,.;:!?)]|$)", text[refs[0].end : end])
        ):
            ref = refs[0]
            return ref, " ".join(text[according_match.start() : ref.end].split()), "according to"
    for source in _SOURCE_BY.finditer(text, start, end):
        refs = reader.references(text, source.end(), end, state)
        if refs and refs[0].start == source.end() and refs[0].kind == "person":
            ref = refs[0]
            return ref, " ".join(text[source.start() : ref.end].split()), "in a post by"
    for agent in _BY_AGENT.finditer(text, start, end):
        # "results announced by X"; but "Y was welcomed by X" addresses Y and says nothing
        addressed = lexical().lemma.get(agent["verb"].lower()) in GREETINGS
        speech = verb_class(agent["verb"]) == "speech" and not _reports_news(agent["verb"])
        if speech and not addressed:
            refs = reader.references(text, agent.end(), end, state)
            if refs and refs[0].start == agent.end() and refs[0].kind == "person":
                ref = refs[0]
                return ref, " ".join(text[agent.start() : ref.end].split()), "announced by"
    verb_from = start
    while True:
        subject, verb = reader.subject(text, start, end, state, verb_from=verb_from)
        if verb is None:
            break
        institution = subject is not None and reader.is_institution(subject)
        if institution and _reports_news(text[verb[0] : verb[1]]):
            pass  # "Trend reported", "Anadolu Agency quoted …": a source, not a speaker
        elif subject is not None and is_act(text, subject, verb, end):
            if _joint(text, start, subject, reader, state):
                return Reference(subject.start, subject.end, "plural"), "", "joint"
            cue = text[min(subject.start, verb[0]) : max(subject.end, verb[1])]
            return subject, " ".join(cue.split()), "speech act"
        verb_from = verb[1]
    cued = comma_cue(text, start, end, reader, state)
    if cued is not None:
        return (*cued, "comma cue")
    return _participle(text, start, end, reader, state)


_PARTICIPLE = re.compile(r",\s+(?:[a-z]+ly\s+)?(?P<verb>[a-z]+ing)\b")


def _participle(
    text: str, start: int, end: int, reader: Reader, state: State
) -> tuple[Reference, str, str] | None:
    """'Mondino also spoke with a radio station, confirming that …': a speech participle
    after a comma reports the words of the sentence's subject."""
    for match in _PARTICIPLE.finditer(text, start, end):
        kind = verb_class(match["verb"])
        clause = kind == "clausal" and _CLAUSE_AFTER.match(text[match.end() : end])
        if kind != "speech" and not clause:
            continue
        refs = [
            r
            for r in reader.references(text, start, match.start(), state)
            if not after_preposition(text, r.start)
        ]
        if not refs or refs[0].kind not in ("person", "pronoun", "title"):
            return None
        if text[start : refs[0].start].strip(' “"«') and not text[
            start : refs[0].start
        ].rstrip().endswith(","):
            return None  # the subject opens the sentence (or follows an opening phrase)
        if _joint(text, start, refs[0], reader, state) or _joint_after(text, refs[0], refs):
            return None
        return refs[0], " ".join(text[match.start() + 1 : match.end()].split()), "participle"
    return None


_SOURCE_BY = re.compile(
    r"\b(?:in|according\s+to)\s+(?:a|an|the|its|his|her)\s+(?:[a-z]+\s+)?"
    r"(?:post|statement|message|tweet|release|letter|communiqu[ée]|interview|address)\s+"
    r"(?:by|from|of)\s+",
    re.IGNORECASE,
)
"""'In a post by the PPU, …', 'according to a statement from the ministry': the source's words."""
_BY_AGENT = re.compile(r"\b(?P<verb>[a-z]+ed)\s+by\s+")
"""'results announced by the Electoral Commission': a speech act in the passive, its agent."""


def _reports_news(verb: str) -> bool:
    return lexical().lemma.get(verb.lower()) in NEWS_VERBS


def _speech_verb_next(text: str, pos: int, end: int) -> bool:
    words = _WORDS.findall(text[pos:end])[:3]
    return any(verb_class(w) in ("speech", "clausal") for w in words)


_UNSAID = re.compile(r"\b(?:would|could|might|may|should|must)\s+(?:not\s+|also\s+)?$")
"""A modal before the verb: what someone would or might say is no statement of theirs."""
_WHAT_BEFORE = re.compile(r"\b[Ww]hat\s+$")
"""'based on what X said': the words are referred to, not given."""


def is_act(text: str, subject: Reference, verb: tuple[int, int], end: int) -> bool:
    """Whether the verb with what follows it is a speech act: a clause after a clausal verb,
    something expressed after a light verb, any complement after a speech verb; never a
    joint act. A subject after the verb ("said the minister") is a cue whatever follows."""
    word = text[verb[0] : verb[1]]
    kind = verb_class(word)
    if kind is None or kind == "joint":
        return False
    relative = subject.end <= verb[0] and RELATIVE_WHO.match(text[subject.end : verb[0]])
    if after_preposition(text, subject.start) and not relative:
        return False  # "gratitude to the Head of State"; but "… of X, who said" is X's
    # "he is expected to …", "was told": the subject is not the one who speaks; but "was quoted
    # as saying" is.
    gap = text[subject.end : verb[0]] if subject.end <= verb[0] else ""
    if _PASSIVE.search(gap) and not re.search(r"\bquoted\b", gap):
        return False
    if _UNSAID.search(gap) or _WHAT_BEFORE.search(text, max(0, subject.start - 12), subject.start):
        return False  # "he would agree", "based on what Putin said": no words given
    rest = text[verb[1] : end]
    if subject.start >= verb[1]:
        return kind == "speech"  # "said the minister"; not "made great progress"
    if lexical().lemma.get(word.lower()) in GREETINGS and _person_object(rest):
        return False
    if kind == "clausal":
        if lexical().lemma.get(word.lower()) in FACTIVE:
            return False
        clause = _CLAUSE_AFTER.match(rest)
        if clause is None:
            return False
        # "hopes to visit": "to" before a verb; "moved to the UK" is a place.
        return not clause.group().strip().lower().endswith("to") or _verb_next(rest[clause.end() :])
    if kind == "message":
        # Its object, up to a preposition or a clause's end ("extended President Erik
        # Sand`s greetings to …").
        phrase = re.split(r"\b(?:to|for|on|at|with|in|during|from)\b|[,.;:]", rest, maxsplit=1)[0]
        nouns = _WORDS.findall(phrase)[:NOUN_PHRASE_WORDS]
        return any(noun_lemma(n) in lexical().message_nouns for n in nouns)
    return len(_WORDS.findall(rest)) >= MIN_COMPLEMENT_WORDS


_OBJECT = re.compile(
    r"^\s+(?:(?:the|a|an|his|her|their|its|our|all|warmly|cordially)\s+)*(?P<head>[\w’'-]+)"
)


def _person_object(rest: str) -> bool:
    """Whether a verb's object is a person or a group of people ("the guests", "Xi", "him",
    "the delegation")."""
    match = _OBJECT.match(rest)
    if match is None:
        return False
    head = match["head"]
    if head[:1].isupper() or head.lower() in ("him", "her", "them", "everyone"):
        return True
    lemma = noun_lemma(head)
    return lemma in lexical().person_nouns or lemma in lexical().group_nouns or is_title_word(head)


def _verb_next(rest: str) -> bool:
    from lemminflect import getLemma

    words = _WORDS.findall(rest)[:1]
    return bool(words) and getLemma(words[0].lower(), upos="VERB")[0] in lexical().verbs


def _joint(text: str, start: int, subject: Reference, reader: Reader, state: State) -> bool:
    """'A and B noted …': the subject is joined to another person before it."""
    if subject.kind == "plural":
        return True
    before = text[start : subject.start]
    if not _JOINED.search(before):
        return False
    refs = reader.references(text, start, subject.start, state)
    return (
        bool(refs)
        and refs[-1].kind in ("person", "title", "unknown", "pronoun")
        and not after_preposition(text, refs[-1].start)
        and not text[refs[-1].end : subject.start].strip(" ,").count(",")
    )


def _track_subject(text: str, start: int, end: int, reader: Reader, state: State) -> None:
    """A narrative sentence whose subject is a person makes them the topic; a joint subject
    ends the topic."""
    refs = [
        r
        for r in reader.references(text, start, end, state)
        if not after_preposition(text, r.start)
    ]
    titled = _titled_run(text, start, end)
    if titled is not None and not any(r.start < titled[1] and titled[0] < r.end for r in refs):
        # "For his part, Prime Minister Key called …" with no Key known: someone else is the
        # subject now, and a "he" after it is no longer the previous speaker
        state.focus(UNKNOWN)
        return
    if not refs:
        return
    first = refs[0]
    if first.kind == "plural" or _joint_after(text, first, refs):
        state.focus(None)
    elif first.kind == "person":
        state.focus(first.person)
    elif first.kind in ("pronoun", "title"):
        resolved = reader.resolve(first, state)
        if resolved:
            state.focus(resolved)


def _titled_run(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the sentence's first capitalised run stands, if it is a title and a name
    ("Prime Minister Key"), after any opening words ("For his part,")."""
    for match in RUN.finditer(text, start, end):
        words = match.group().split()
        if all(is_function_word(w) for w in words):
            continue
        split = split_run(words)
        titled = bool(split.name) and any(is_title_word(w) for w in split.title)
        return match.span() if titled else None
    return None


def _joint_after(text: str, first: Reference, refs: Sequence[Reference]) -> bool:
    """'A and B held talks': the first subject joined to a second."""
    return len(refs) > 1 and bool(re.match(r"\s*(?:and|&)\s*$", text[first.end : refs[1].start]))


_LATIN_WORD = re.compile(r"[A-Za-z]+")


def after_preposition(text: str, pos: int) -> bool:
    before = _LATIN_WORD.findall(text[max(0, pos - 30) : pos])
    return bool(before) and before[-1].lower() in PREPOSITIONS


__all__ = ["UNKNOWN", "after_preposition", "reported_speech"]
