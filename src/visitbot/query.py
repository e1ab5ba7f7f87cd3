"""What a question asks: its intent, the speaker it is about, and the words to look for.

The grammar (README, "Asking"):

* ``who said/promised/mentioned … X`` → WHO: the speaker of the best matching statement;
* ``what did S say (about X)``, ``did S mention X``, ``quotes from S (about X)``, ``S's remarks
  on X`` and bare keywords naming one speaker (``Tokayev cooperation``) → SPEAKER: only S's words;
* ``when …``, ``what date/day …`` → DATE: the document's date;
* anything else → GENERAL: every paragraph and sentence, narrative included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from rapidfuzz import fuzz

from visitbot import cyrillic
from visitbot.models import Intent
from visitbot.speakers import PeopleMatcher
from visitbot.text import clean_input, words

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing done down during each either few
    for from further had has have having he her here hers herself him himself his how i if in into
    is it its itself just let me more most my myself no nor not now of off on once only or other
    our ours ourselves out over own please same she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up upon very was
    we were what when where which while who whom whose why will with would you your yours yourself
    yourselves tell told know show give find anything something everything thing things any
    ever really much many us one ones kind sort type get got make made take took""".split()
)
SPEECH_VERBS = (
    "say says said tell told think thinks thought mention mentions mentioned note noted speak "
    "speaks spoke talk talked stress stressed emphasize emphasized emphasise emphasised propose "
    "proposed promise promised announce announced declare declared state stated add added reply "
    "replied answer answered respond responded write wrote claim claimed express expressed "
    "highlight highlighted underline underlined call called describe described assure assured "
    "confirm confirmed praise praised thank thanked appreciate appreciated pledge pledged "
    "suggest suggested urge urged voice voiced welcome welcomed offer offered quote quoted "
    "commend commended compliment complimented laud lauded hail hailed criticize criticized "
    "criticise criticised condemn condemned characterize characterized refer referred wish "
    "wished hope hoped believe believed insist insisted warn warned reaffirm reaffirmed recall "
    "recalled congratulate congratulated invite invited reiterate reiterated"
).split()
ROLE_NOUNS = frozenset(
    "leader leaders president presidents chairman head side sides counterpart guest host "
    "statesman mr".split()
)
_META_WORDS = frozenset(SPEECH_VERBS) | {
    "quote",
    "quotes",
    "quotation",
    "quotations",
    "statement",
    "statements",
    "words",
    "remarks",
    "comments",
    "speech",
    "about",
    "regarding",
}
_GROUP_WORDS = ROLE_NOUNS | {"two", "both", "parties", "delegations", "countries", "sides"}
_VERB = "|".join(SPEECH_VERBS)
_LINK = r"(?:\s+(?P<link>about|on|regarding|concerning|of|re|that|in\s+relation\s+to))?"
_AUXILIARIES = frozenset("did does do has had have would will is was are were".split())
"""Words that open a question's clause: a speaker slot holding one is no noun phrase
("what kind of visit did Xi make")."""
_SLOT_VERB = r"(?P<verb>[a-z]+)"
"""A speech verb's slot: any word, checked against the speech verbs (see :func:`_slot`)."""
_SLOT_PATTERNS = (
    re.compile(
        rf"^(?:what|how|why)\s+(?:did|does|do|has|had|have|would|will)\s+(?P<who>.+?)\s+"
        rf"{_SLOT_VERB}\b{_LINK}(?P<topic>.*)$"
    ),
    re.compile(
        rf"^(?:what|which)\s+(?P<lead>.+?)\s+(?:did|does|do|has|had|have|would|will)\s+"
        rf"(?P<who>.+?)\s+{_SLOT_VERB}\b{_LINK}(?P<topic>.*)$"
    ),
    re.compile(rf"^(?:what|how)\s+(?P<who>.+?)\s+{_SLOT_VERB}\b{_LINK}(?P<topic>.*)$"),
    re.compile(
        rf"^(?:did|does|has|have|had)\s+(?P<who>.+?)\s+(?:ever\s+)?{_SLOT_VERB}\b{_LINK}"
        rf"(?P<topic>.*)$"
    ),
    re.compile(
        r"^(?:show\s+(?:me\s+)?|give\s+(?:me\s+)?|list\s+|find\s+)?(?:all\s+)?(?:the\s+)?"
        r"(?:quotes?|quotations?|statements?|words|remarks|comments|speech)\s+"
        r"(?:from|by|of)\s+(?P<who>.+?)(?:\s+(?:about|on|regarding|concerning)\s+"
        r"(?P<topic>.*))?$"
    ),
    re.compile(
        r"^(?P<who>.+?)(?:'s|s')?\s+(?:quotes?|quotations?|statements?|words|remarks|"
        r"comments|speech)(?:\s+(?:about|on|regarding|concerning)\s+(?P<topic>.*))?$"
    ),
)
_WHO = re.compile(r"^(?:who|which\s+(?:leader|president|side|of\s+them|one))\b\s*(?P<rest>.*)$")
MAX_DESCRIPTION = 4
"""Words of "which …" before its verb: "Which Chinese official said …"."""
_WHO_VERB = re.compile(
    rf"^(?:(?:has|had|did|have)\s+)?(?:first\s+|also\s+|personally\s+)?"
    rf"(?P<verb>{_VERB})\b"
)
_DATE = re.compile(
    r"^(?:(?:and|or|but|so|since|until)\s+)?when\b|"
    r"\b(?:(?:where|how|who|what)\s+and\s+when|what\s+(?:date|day|year|month)|"
    r"which\s+(?:date|day|year|month)|date\s+of|on\s+what\s+date|the\s+date)\b"
)
"""A question about the date: "when" as its question word ("When …", "Where and when …"), not
a "when" that opens a clause ("What did X promise when Y received him?")."""
_QUANTITY = re.compile(r"^how\s+(?P<word>many|much|long|often|old|far|big|large)\b")
_LASTING = frozenset("last lasts lasted lasting take takes took taken continue continued".split())
"""The verb of "How long did X last/take/continue": what it asks is the length of time, which
the answer gives with any verb or none ("the 50-minute meeting")."""
_WHERE = re.compile(
    r"\bwhere\b|\b(?:what|which)\s+(?P<kind>place|city|town|venue|location|country|region|"
    r"capital)(?:'s)?\b"
)
"""A question about a place: "where", or "which country/city …" (the answer names one)."""
_QUESTION_START = re.compile(
    r"^(?:(?:from|in|at|on|to|for|by|with|of|under|after|before|during|since|until)\s+"
    r"(?=(?:who|what|when|where|which|whose|how)\b))?"
    r"(?:who|whom|what|when|where|why|how|which|whose|is|are|was|were|"
    r"did|does|do|can|could|has|have|will|would|should)\b"
)
"""A question, also one opening with a preposition ("From which country …", "By how much …")."""


@dataclass(frozen=True)
class Query:
    text: str
    intent: Intent
    terms: tuple[str, ...]
    speakers: tuple[str, ...] = ()
    unknown_speaker: str | None = None
    speech_verb: bool = False
    where: bool = False
    quantity: bool = False
    """"How many/long/much …": only a passage with a number (or number word) answers."""
    duration: bool = False
    """"How long …": only a passage with a length of time answers ("the 50-minute meeting")."""
    identity: bool = False
    """"Who is <person>?": answered with that person's own words, which name them."""
    keywords: tuple[str, ...] = ()
    """For bare keywords that name a speaker: all the words, in case the name was not meant
    as the speaker (a place can share a person's name)."""
    context: tuple[str, ...] = ()
    """Words of a circumstance ("… when the other president spoke of …"): they place what was
    said, so they weigh less than the words said."""
    spoken_of: tuple[str, ...] = ()
    """The one person a who-question names ("Who thanked the Chinese leader …?"): spoken to or
    of, so not the answer — people do not speak of themselves by title."""
    language: str = "en"
    """The language asked in: "en", or "ru" / "kk" for a question in Cyrillic (see
    visitbot.cyrillic)."""
    sequence: tuple[str, ...] = ()
    """The searched words in the question's order, small words included. Small words only
    break ties by word order: "the project on metallurgy" over "a project in metallurgy"."""
    scale: tuple[tuple[str, float], ...] = ()
    """Words weighing more or less than their rarity says, and by how much (a Russian
    question's: see visitbot.cyrillic)."""
    named: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Words of a role the question names someone by, not as the speaker, with who that is
    ("китайским лидером": Xi): found where the text names them otherwise."""
    position: str | None = None
    """"How did X open/close his remarks?", "What did X say at the end of his speech?": "first"
    or "last" — X's words at that end of their remarks, whatever they are."""
    report: bool = False
    """Whether the question is about a report as a whole (the one in which someone's first or
    last words are asked for): its title counts in every paragraph, as for "where" and
    "when"."""
    cited: tuple[str, ...] = ()
    """Words of a source the question cites that names no one ("according to Trend", "as
    reported by Xinhua"): an outlet, found in the metadata of the documents it published."""


_PHRASES = (
    (re.compile(r"\b(?:take|took|taken|taking|takes)\s+place\b"), "held"),
    # Verbs of saying in more than one word: "What did X make clear …", "Who pointed out …".
    (re.compile(r"\b(?:make|makes|made|making)\s+(?:it\s+)?clear\b"), "stressed"),
    (re.compile(r"\b(?:point|points|pointed|pointing)\s+out\b"), "noted"),
    (re.compile(r"\b(?:bring|brings|brought|bringing)\s+up\b"), "mentioned"),
    (re.compile(r"\b(?:touch|touches|touched|touching)\s+(?:up)?on\b"), "mentioned"),
    (
        re.compile(
            r"\b(?:in\s+terms\s+of|with\s+(?:regard|respect)\s+to|in\s+regard\s+to|"
            r"as\s+well\s+as|in\s+the\s+course\s+of)\b"
        ),
        "of",
    ),
)
"""Multi-word expressions put into the word a report uses for them; a preposition of several
words ("in terms of", "with regard to") is one small word, not its nouns."""


_FILLER = re.compile(
    r"^(?:(?:and|so|but|also|ok|okay|well|then|hey|hi|hello|please|pls|now|"
    r"(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:tell|show)\s+(?:me|us)|"
    r"(?:please\s+)?(?:tell|show)\s+(?:me|us)|do\s+you\s+know|i\s+(?:want|would\s+like|'d\s+like)"
    r"\s+to\s+know|i\s+wonder)\b[\s,:]*)+"
)
_CITING = r"(?:according\s+to|in\s+the\s+words\s+of|as\s+(?:quoted|reported|cited)\s+by)"
_SOURCE_FIRST = (
    re.compile(rf"^{_CITING}\s+(?P<who>[^,]+),\s*(?P<rest>.+)$"),
    re.compile(
        rf"^{_CITING}\s+(?P<who>.+?)\s+(?P<rest>(?:who|whom|what|when|where|why|how|which|"
        r"did|does|do|is|are|was|were)\b.*)$"
    ),
)
_SOURCE_LAST = re.compile(rf"^(?P<rest>.+?),?\s+{_CITING}\s+(?P<who>[^,]+)$")
"""Who said it or where it was said: "According to X, …?", "…, as quoted by X?"."""
_REMARKS = (
    r"(?:his|her|their|the|its)\s+(?:\w+\s+){0,2}?"
    r"(?:remarks|speech|statement|address|comments|words|toast|briefing)"
)
_POSITIONS = (
    (
        re.compile(
            rf"\b(?:open|opens|opened|opening|begin|begins|began|begun|beginning|start|starts|"
            rf"started|starting)\s+{_REMARKS}\b"
        ),
        "say",
        "first",
    ),
    (
        re.compile(
            rf"\b(?:close|closes|closed|closing|end|ends|ended|ending|conclude|concludes|"
            rf"concluded|concluding|finish|finishes|finished|finishing|wrap|wraps|wrapped|"
            rf"wrapping)(?:\s+up)?\s+{_REMARKS}\b"
        ),
        "say",
        "last",
    ),
    (
        re.compile(rf",?\s*\bat\s+the\s+(?:start|beginning|outset|opening)\s+of\s+{_REMARKS}\b"),
        "",
        "first",
    ),
    (
        re.compile(rf",?\s*\bat\s+the\s+(?:end|close|conclusion)\s+of\s+{_REMARKS}\b"),
        "",
        "last",
    ),
)
"""Questions that ask for words by where they stand in someone's remarks: "How did X open his
remarks?", "How did X close his short remarks …?", "… at the end of his speech?"."""


def _by_position(plain: str) -> tuple[str, str] | None:
    """The question without its words of position, with the position ("first"/"last")."""
    for pattern, verb, position in _POSITIONS:
        found = pattern.search(plain)
        if found is not None:
            rest = (
                f"{plain[: found.start()]}{' ' + verb + ' ' if verb else ' '}{plain[found.end() :]}"
            )
            return " ".join(rest.split()), position
    return None


_BESIDES = re.compile(
    r"^(?:besides|apart\s+from|aside\s+from|other\s+than|except\s+for|in\s+addition\s+to)\s+"
    r"(?P<known>[^,]+),\s*(?P<rest>.+)$"
)
"""A question that sets something known aside first: "Besides Yang, which officials …"."""
_IDENTITY = re.compile(r"^who\s+(?:is|was|are|were)\s+(?P<who>.+)$")
PURE_SPEECH = frozenset(
    "say says said tell told mention mentions mentioned note noted speak speaks spoke talk "
    "talked stress stressed emphasize emphasized emphasise emphasised state stated add added "
    "reply replied write wrote claim claimed quote quoted".split()
)
"""Verbs about the act of speaking, which tell nothing about what was said."""
REPLYING = frozenset("answer answers answered respond responds responded".split())
"""Verbs of replying, which tell no more than "said" what was said ("Who answered a reporter
that …?"); kept out of :data:`PURE_SPEECH`, from which WordNet's related words are derived."""


def _plain(question: str) -> str:
    """Lower case, curly quotes straightened, fillers and edge punctuation dropped."""
    text = question.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"[\"“”«»]", " ", text)
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    text = " ".join(re.sub(r"[?!.]+\s*$", "", text).split())
    return _FILLER.sub("", text)


def content_terms(text: str) -> tuple[str, ...]:
    return tuple(w for w in words(text) if w not in STOPWORDS)


def parse(question: str, people: PeopleMatcher) -> Query:
    text = clean_input(question)
    asked = cyrillic.read(text, people)
    if asked is not None:
        if not asked.terms and asked.intent in {Intent.GENERAL, Intent.WHO}:
            return Query(text, Intent.EMPTY, (), language=asked.language)
        return Query(
            text,
            asked.intent,
            asked.terms,
            speakers=asked.speakers,
            unknown_speaker=asked.unknown,
            speech_verb=asked.speech_verb,
            where=asked.where,
            quantity=asked.quantity,
            duration=asked.duration,
            spoken_of=asked.spoken_of,
            sequence=asked.sequence,
            language=asked.language,
            scale=asked.scale,
            context=asked.context,
            named=asked.named,
        )
    plain = _plain(text)
    if not content_terms(plain):
        return Query(text, Intent.EMPTY, ())
    return _english(text, plain, people)


def _english(text: str, plain: str, people: PeopleMatcher) -> Query:
    """An English question (``plain``: as :func:`_plain` gives it; ``text``: as asked)."""
    identity = _IDENTITY.match(plain)
    if identity:
        tokens = words(identity["who"])
        named = people.find(tokens)
        unexplained = [
            t
            for i, t in enumerate(tokens)
            if t not in STOPWORDS and not any(m.start <= i < m.end for m in named)
        ]
        if len(named) == 1 and not unexplained:
            return Query(text, Intent.WHO, (), speakers=named[0].people, identity=True)
    sourced = _sourced(text, plain, people)
    if sourced is not None:
        return sourced
    placed = _by_position(plain)
    if placed is not None:
        unplaced, position = placed
        inner = _english(text, unplaced, people)
        if inner.intent is Intent.SPEAKER and inner.speakers:
            return replace(inner, position=position)
    besides = _BESIDES.match(plain)
    if besides is not None:
        # "Besides Yang, which officials did Rice meet?", "Apart from a shared heritage, what
        # …?": what is set aside is known, and not what is asked.
        inner = _english(text, besides["rest"], people)
        if inner.intent is not Intent.EMPTY:
            return inner
    for number, pattern in enumerate(_SLOT_PATTERNS):
        match = _slot(pattern, plain, people)
        if match is None:
            continue
        who = match["who"]
        who_tokens = words(who)
        while who_tokens and who_tokens[0] in _ARTICLES:
            who_tokens.pop(0)
        speaker = _named(who_tokens, people)
        group = not [t for t in who_tokens if t not in _LINKING and t not in _GROUP_WORDS]
        if group and not (speaker and len(speaker[0]) == 1):
            break  # "the leaders", "the president" of two: no one speaker
        said = match["topic"] or ""
        if speaker is not None:
            # "the UN secretary-general": words before the person only say who they are.
            speakers, extra = speaker
            parts = match.groupdict()
            if "verb" in parts and parts["link"] is None:
                said = _without_addressee(said, people)  # "what did X tell Y about Z"
            # A verb that says more than that words were said ("What did X promise": "X
            # promised …"), a circumstance ("… when Y received her") and what is asked for
            # ("Which areas … did X list", "What feeling did X express") place the answer;
            # the words said make it.
            verb = parts.get("verb")
            lead = parts.get("lead") or ""
            said, circumstance = _circumstance(f" {said}", minimum=0)
            if (
                lead
                and parts.get("link") is None
                and (not content_terms(said) or _PLACING.match(said))
            ):
                # "Which areas … did X list in his post?": what is asked for is what was
                # said; the words after the verb only place it.
                said, circumstance, lead = lead, f"{said} {circumstance}", ""
            circumstance = _without_people(circumstance, people)
            topic_words = [*extra, *words(said)]
            topic = _drop_roles(tuple(t for t in topic_words if t not in STOPWORDS))
            verb = verb if verb and verb not in PURE_SPEECH | REPLYING else ""
            if verb and not topic:
                topic = (verb,)  # "What did X promise?": X's promises
            context = tuple(
                dict.fromkeys(
                    t
                    for t in (*content_terms(f"{verb} {lead} {circumstance}"),)
                    if t not in topic and t not in ROLE_NOUNS
                )
            )
            return Query(
                text,
                Intent.SPEAKER,
                (*topic, *context),
                speakers=speakers,
                context=context,
                sequence=(*words(lead), *topic_words),
            )
        found = people.find(who_tokens)
        unknown = not found and len(who_tokens) <= 4 and number < len(_SLOT_PATTERNS) - 1
        # "the Lao ambassador", "Singapore's prime minister" where no ambassador is known as
        # Lao: a role whose holder is not known is no one, not anyone holding the title.
        unknown = unknown or (
            bool(found)
            and found[-1].by_role
            and found[-1].end == len(who_tokens)
            and len(who_tokens) <= MAX_DESCRIPTION
        )
        if unknown:
            return Query(text, Intent.SPEAKER, content_terms(said), unknown_speaker=who.strip())
        break
    if _DATE.search(plain) and not _WHO.match(plain):  # "who …, when …" asks who
        return Query(
            text,
            Intent.DATE,
            _without_date_words(content_terms(plain)),
            where=bool(_WHERE.search(plain)),  # "when and where …"
        )
    who = _WHO.match(plain)
    asked = who["rest"] if who else _which_speaker(plain, people)
    if asked is not None:
        rest = asked
        verb = _WHO_VERB.match(rest)
        spoke = verb is not None or _misspelt_speech_verb(rest)
        if verb is not None and verb["verb"] not in PURE_SPEECH | REPLYING:
            rest = rest[verb.start("verb") :]  # "who thanked …" asks about thanking: a term
        elif verb is not None:
            rest = rest[verb.end() :]
        elif spoke:
            rest = rest.partition(" ")[2]
        named = people.find(words(rest))
        said, circumstance = _circumstance(rest)
        return Query(
            text,
            Intent.WHO,
            content_terms(rest),
            speech_verb=spoke,
            sequence=tuple(words(rest)),
            spoken_of=named[0].people if len(named) == 1 else (),
            context=tuple(t for t in content_terms(circumstance) if t not in content_terms(said)),
        )
    terms = tuple(t for t in content_terms(plain) if t not in PURE_SPEECH) or content_terms(plain)
    if not _QUESTION_START.match(plain):
        tokens = words(plain)
        found = people.find(tokens)
        if len(found) == 1:
            rest = tokens[: found[0].start] + tokens[found[0].end :]
            topic = tuple(t for t in rest if t not in STOPWORDS and t not in _META_WORDS)
            return Query(
                text,
                Intent.SPEAKER,
                _drop_roles(topic),
                speakers=found[0].people,
                # A name may be a place's too ("Astana"); a role names only its holder.
                keywords=() if found[0].by_role else terms,
                sequence=tuple(rest),
            )
    quantity = _QUANTITY.match(plain)
    if quantity:
        terms = tuple(t for t in terms if t != quantity["word"])
        if quantity["word"] == "long":
            terms = tuple(t for t in terms if t not in _LASTING) or terms
    where = _WHERE.search(plain)
    if where is not None and where["kind"]:
        # "In which town …": a passage names the town; the word "town" it need not have.
        terms = tuple(t for t in terms if t != where["kind"]) or terms
    return Query(
        text,
        Intent.GENERAL,
        terms,
        where=where is not None,
        quantity=bool(quantity),
        duration=quantity is not None and quantity["word"] == "long",
        sequence=tuple(words(plain)),
    )


def _which_speaker(plain: str, people: PeopleMatcher) -> str | None:
    """ "Which Chinese official said …", "Which spokesperson voiced …": whoever a speech verb
    has as subject is a speaker, asked for by what they are. The words after the description
    (what was said), or None for another question ("Which areas did X list …")."""
    tokens = plain.split()
    if not tokens or tokens[0] != "which":
        return None
    for size in range(1, MAX_DESCRIPTION + 1):
        if len(tokens) <= size + 1 or _AUXILIARIES & set(tokens[1 : size + 1]):
            return None
        rest = tokens[size + 1 :]
        first = rest[1] if rest[0] in {"has", "had", "also", "first"} and len(rest) > 1 else rest[0]
        if first in SPEECH_VERBS or first in people.speech_verbs:
            return " ".join(rest)
    return None


def _named(tokens: list[str], people: PeopleMatcher) -> tuple[tuple[str, ...], list[str]] | None:
    """Everyone a speaker phrase may mean, and its words after the person (what was said),
    or None when it names no one: a form of theirs, maybe with words that describe them
    before it ("the UN Secretary-General", "PM Lee"), else whoever is described by all its
    words ("the president of Azerbaijan")."""
    found = people.affiliated(people.find(tokens))
    content = [t for t in tokens if t not in _LINKING]
    if len(found) == 1:
        mention = found[0]
        before = [t for t in tokens[: mention.start] if t not in STOPWORDS]
        after = tokens[mention.end :]
        described = not before or (
            len(mention.people) == 1
            and len(before) <= MAX_MODIFIERS
            and people.describes(mention.people[0], before)
        )
        if described and not after:
            return mention.people, []
        if len(content) > 1 and (everyone := people.described(content)):
            return everyone, []
        if described and after[0] in _AFTER_SPEAKER:
            return mention.people, tokens[mention.end :]  # "Xi at the summit"
        return None
    if len(content) > 1 and (everyone := people.described(content)):
        return everyone, []
    return None


_ARTICLES = frozenset("the a an this that".split())
"""Words before a speaker phrase that say nothing of who it is (unlike "US" in "the US
president", which is a stop word elsewhere)."""
_LINKING = _ARTICLES | {"of", "s"}
"""Words of a phrase that describes a person other than their names and titles: "the
president of Azerbaijan", "Singapore's prime minister"."""
_AFTER_SPEAKER = frozenset("at in during on after before while when".split())
"""Words that may follow a speaker in a question's speaker slot, opening a circumstance
("What did Xi at the summit say …"); any other word makes the slot no speaker ("What channel
did Lukashenko give the interview to": "interview" is no verb of his)."""
_ADDRESSEE = re.compile(r"^\s*(?P<to>.+?)\s+(?:about|on|regarding|concerning|that)\s+(?P<said>.+)$")


def _without_addressee(said: str, people: PeopleMatcher) -> str:
    """What was said, without the person it was said to: "[tell] the Japanese prime minister
    about trade" is about trade."""
    match = _ADDRESSEE.match(said)
    if match is None:
        return said
    tokens = words(match["to"])
    found = people.find(tokens)
    if found and found[-1].end == len(tokens):  # the phrase ends with a person's name or role
        return match["said"]
    return said


def _without_people(text: str, people: PeopleMatcher) -> str:
    """The words of a circumstance that are not someone's name or role ("when the prime
    minister received her" → "when received her"): a passage may call them anything."""
    tokens = words(text)
    taken = {i for m in people.find(tokens) for i in range(m.start, m.end)}
    return " ".join(t for i, t in enumerate(tokens) if i not in taken)


def _sourced(text: str, plain: str, people: PeopleMatcher) -> Query | None:
    """A question citing whom it is about or where it was said: "According to X, what …?",
    "What did Y say …, as quoted by X?". X is the speaker when the rest names no speaker of
    its own (an institution only when it names no one at all); else X is where it was said:
    its words place the passage and weigh as a circumstance's."""
    match = next((p.match(plain) for p in _SOURCE_FIRST if p.match(plain)), None)
    match = match or _SOURCE_LAST.match(plain)
    if match is None:
        return None
    inner = _english(text, match["rest"], people)
    if inner.intent is Intent.EMPTY:
        return None
    tokens = words(match["who"])
    while tokens and tokens[0] in _ARTICLES:
        tokens.pop(0)
    named = _named(tokens, people)
    source = named[0] if named is not None and not named[1] else ()
    speaker_asked = inner.intent is Intent.WHO or bool(inner.speakers)
    someone_inside = bool(people.find(words(match["rest"])))
    if source and not speaker_asked and not (people.institutions(source) and someone_inside):
        # "According to X, what do China and Mongolia believe …": X's words, all the rest.
        asked = tuple(t for t in content_terms(match["rest"]) if t not in PURE_SPEECH)
        return Query(
            text,
            Intent.SPEAKER,
            _drop_roles(asked),
            speakers=source,
            sequence=tuple(words(match["rest"])),
        )
    context = tuple(t for t in content_terms(match["who"]) if t not in inner.terms)
    return replace(
        inner,
        terms=(*inner.terms, *context),
        context=(*inner.context, *context),
        cited=() if source else context,
    )


_SHORTEST_WHO = "(?P<who>.+?)"
MAX_MODIFIERS = 2
"""Words that may stand before a person in a question's speaker slot ("the UN
secretary-general"): more, and the slot is a phrase of its own."""


@cache
def _widened(pattern: str, least: int) -> re.Pattern[str]:
    """A slot pattern whose speaker is at least ``least`` characters long, compiled once (the
    re module's own cache is shared with every other pattern and was compiling these again)."""
    return re.compile(pattern.replace(_SHORTEST_WHO, f"(?P<who>.{{{least},}}?)"))


def _slot(pattern: re.Pattern[str], plain: str, people: PeopleMatcher) -> re.Match[str] | None:
    """The match whose verb is a speech verb (the hand list, or any verb attribution reads as
    speech: "characterise"), and whose speaker slot names a person where one does: in "what
    did the Kazakh Head of State say …" the verb is "say", not "state"."""
    verbs = people.speech_verbs
    first: re.Match[str] | None = None
    shortest = 0
    while True:
        match = _widened(pattern.pattern, shortest + 1).match(plain)
        if match is None:
            return first
        shortest = len(match["who"])
        verb = match.groupdict().get("verb")
        if (
            verb is not None
            and verb not in SPEECH_VERBS
            and (verb not in verbs or verb in STOPWORDS)
        ):
            continue  # "make", "give": light verbs, whatever their senses
        if _AUXILIARIES & set(words(match["who"])):
            continue
        if people.find(words(match["who"])):
            return match
        first = first or match


_PLACING = re.compile(r"^\s*(?:in|at|during|throughout|within|inside)\s")
"""A phrase after a question's verb that places what was said ("… list in his post", "… at
the press conference") rather than saying what it was."""
_CIRCUMSTANCE = re.compile(
    r"\s(?:when|while|whereas|after|before|as\s+soon\s+as)\s|"
    r",\s*(?=(?:in|at|during)\s+(?:the|his|her|their|its|a|an)\s)"
)
"""Where a circumstance starts: a subordinator, or a phrase of place or time set off by a comma
("…, in the part of the statement where …", "…, at the press conference")."""


def _circumstance(rest: str, minimum: int = 2) -> tuple[str, str]:
    """'it is hard work when the other president spoke of …' → what was said, and the
    circumstance (a clause a subordinator opens after ``minimum`` content words: a
    who-question's first words are what was said, whatever the word after them)."""
    cut = _CIRCUMSTANCE.search(rest)
    if cut is None or len(content_terms(rest[: cut.start()])) < minimum:
        return rest, ""
    return rest[: cut.start()], rest[cut.end() :]


def _misspelt_speech_verb(rest: str) -> bool:
    """'who sayd …', 'who mentionned …': a typo in the verb still asks who said it."""
    first = rest.partition(" ")[0]
    if len(first) < 4 or first in STOPWORDS:
        return False
    return any(fuzz.ratio(first, verb) >= 80 for verb in PURE_SPEECH)


def _drop_roles(terms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(t for t in terms if t not in ROLE_NOUNS)


def _without_date_words(terms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(t for t in terms if t not in {"date", "day", "year", "month", "time"})


_EACH = re.compile(
    r"^(?:what|how)\s+(?:did|do|does|have|has)\s+(?:each|both|all)\s*(?:of\s+them|of\s+the\s+"
    r"\w+|the\s+\w+|\w+)?\s+(?:" + _VERB + r")\b(?:\s+(?:about|on|regarding|of))?\s+(?P<topic>.+)$"
)
""""What did each leader say about X?", "What did both sides say on X?"."""
_VERSUS = re.compile(
    r"^(?:compare\s+)?(?P<a>.+?)\s+(?:vs\.?|versus|and)\s+(?P<b>.+?)\s+"
    r"(?:on|about|regarding|over)\s+(?P<topic>.+)$"
)
""""Tokayev vs Xi on X", "compare Tokayev and Xi on X"."""
_COMPARE = re.compile(r"^compare\s+(?P<topic>.+)$")


@dataclass(frozen=True)
class CompareRequest:
    topic: str
    speakers: tuple[str, ...] = ()
    """The people to set side by side; empty: whoever spoke on the topic."""


def compare_request(question: str, people: PeopleMatcher) -> CompareRequest | None:
    """The topic and people of a question asking for a comparison, if it asks for one."""
    plain = _plain(clean_input(question))
    each = _EACH.match(plain)
    if each:
        return CompareRequest(each["topic"])
    versus = _VERSUS.match(plain)
    if versus:
        a, b = people.find(words(versus["a"])), people.find(words(versus["b"]))
        one_each = len(a) == 1 == len(b) and len(a[0].people) == 1 == len(b[0].people)
        if one_each and a[0].people != b[0].people:
            return CompareRequest(versus["topic"], (*a[0].people, *b[0].people))
    compare = _COMPARE.match(plain)
    if compare:
        return CompareRequest(compare["topic"])
    return None
