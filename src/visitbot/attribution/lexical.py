"""The words attribution knows from lexical resources, not from a hand list: which verbs report
speech, which nouns name a person's office, an organisation or something a person can express,
which words are ordinary English words rather than names.

WordNet (Princeton WordNet 3.0, Debian's ``wordnet-base``) is read once per process, at indexing
only: a verb reports speech when its most frequent sense is in the lexicographer file
``verb.communication``, or when one of its senses in ``verb.communication``, ``verb.cognition``
or ``verb.emotion`` takes a clause ("Somebody ----s that CLAUSE": ``believes that``, ``hopes
that``); nouns are classed by the lexicographer files of their senses. Inflections come from
lemminflect, titles of address from nameparser (names.py).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

WORDNET_DIRS = ("/usr/share/wordnet", "/usr/local/share/wordnet", "/usr/share/wordnet-3.0/dict")
"""Where Debian (``apt-get install wordnet-base``) and source installs put WordNet's database;
``WNHOME`` or ``VISITBOT_WORDNET_DIR`` name another."""

VERB_COMMUNICATION, VERB_COGNITION, VERB_EMOTION = 32, 31, 37
"""Lexicographer file numbers (WordNet's lexnames(5WN))."""
NOUN_ACT, NOUN_ATTRIBUTE, NOUN_COGNITION, NOUN_COMMUNICATION = 4, 7, 9, 10
NOUN_FEELING, NOUN_GROUP, NOUN_MOTIVE, NOUN_PERSON, NOUN_STATE = 12, 14, 16, 18, 26
FRAME_THAT_CLAUSE = 26
"""Verb frame 26: "Somebody ----s that CLAUSE"."""
FRAME_SOMEBODY_SOMETHING = 14
"""Verb frame 14: "Somebody ----s somebody something" ("told Trump the news")."""
_ADDRESSING = frozenset({9, FRAME_SOMEBODY_SOMETHING, 24})
"""Frames 9 ("Somebody ----s somebody"), 14 and 24 ("Somebody ----s somebody to
INFINITIVE"): a verb whose first sense has one addresses a person ("thanked Xi", "urged the
ambassador to …")."""

PRESS_ACTS = (
    # Verbs whose most frequent WordNet sense is another (a change, a possession, an emotion),
    # which press English uses as speech acts with a person's words or wishes as complement.
    "add",  # "…,” he added: WordNet ranks "add up" first
    "highlight",  # "highlighted the importance of …"
    "recall",  # "Xi recalled that …"
    "welcome",  # "welcomed the decision"
    "appreciate",  # "highly appreciated the contribution": WordNet ranks "understand" first
    "wish",  # "wished the people success"
    "applaud",  # "applauded the efforts of …": WordNet ranks clapping (a gesture) first
    "invite",  # "invited Xi to visit"
    "extend",  # "extended greetings", with a message noun only (see MESSAGE_VERBS)
    "raise",  # "raised the issue of …", with a message noun only
    "share",  # "shared his views", with a message noun only
    "offer",  # "offered condolences", with a message noun only
    "tweet",  # WordNet 3.0 knows only the bird's chirp
    "post",  # "posted on social media"
    "write",  # "wrote in a post": WordNet ranks writing a text (verb.creation) first
)
MESSAGE_VERBS = frozenset("extend offer send raise share pass give".split())
"""Light verbs that are a speech act only with something expressed as object ("extended
condolences", "raised concerns"): the object must be a message noun. ("express", "voice" and
"convey" are speech verbs by WordNet's first sense, whatever their object.)"""
JOINT_ACTS = frozenset(
    "discuss negotiate talk speak confer consult converse chat sign exchange debate agree".split()
)
"""Speech acts two parties perform together ("discussed trade", "signed an agreement"): the
press reports them as the meeting's narrative, never as one person's statement."""
GREETINGS = frozenset({"welcome", "greet"})
"""Acts of ceremony when their object is a person ("welcomed the guests", "greeted Xi"); a
speech act otherwise ("welcomed the decision")."""
FACTIVE = frozenset(
    "know learn find see understand realize realise remember notice discover hear".split()
)
"""Verbs of knowing and perceiving: they take a clause ("knows what it's like") but report
what someone knows, not a view they stated."""
NEWS_VERBS = frozenset({"report", "quote", "cite", "carry", "publish", "write"})
"""How the press relays speech ("Trend reported", "Anadolu Agency quoted …"): an institution
doing so is a source of the news, not a speaker."""
_MESSAGE_FILES = frozenset(
    {NOUN_COMMUNICATION, NOUN_FEELING, NOUN_COGNITION, NOUN_MOTIVE, NOUN_ATTRIBUTE}
)
_CLAUSAL_FILES = frozenset({VERB_COMMUNICATION, VERB_COGNITION, VERB_EMOTION})


class WordNetMissing(RuntimeError):
    """WordNet's database files are not installed."""


@dataclass(frozen=True)
class Lexical:
    speech: frozenset[str]
    """Every form of a verb that reports speech ("said", "noted", "thanked", "urges")."""
    clausal: frozenset[str]
    """Forms of verbs that report speech or a view only with a clause after them ("believes
    that", "hopes that", "held that")."""
    directed: frozenset[str]
    """Forms of speech verbs whose object may be the person addressed ("thanked Obama",
    "urged the ambassador to …")."""
    joint: frozenset[str]
    """Forms of the joint acts (see JOINT_ACTS)."""
    message_verbs: frozenset[str]
    """Forms of MESSAGE_VERBS."""
    lemma: dict[str, str]
    """Verb form → its lemma, for the verbs above."""
    person_nouns: frozenset[str]
    """Lower-case words and phrases naming a person by office or trade ("premier", "secretary
    general", "spokesman"); see :func:`noun_lemma` for plurals."""
    title_synonyms: dict[str, frozenset[str]]
    """An office of state → the other nouns of its senses ("pm" → "prime minister",
    "premier"; "chief of state" → "head of state")."""
    state_heads: frozenset[str]
    """Offices WordNet places under "head of state" or "ruler" (president, premier, king,
    emir): their holders are also "the head of state"."""
    leaders: frozenset[str]
    """State heads and presiding officers (chairman): "the Chinese leader" may be any of them."""
    organisation_nouns: frozenset[str]
    """Nouns with a sense among their first few that is a group ("unit", "office",
    "administration"): what an organisation's name ends with."""
    group_nouns: frozenset[str]
    """Nouns whose first sense is a group or organisation ("ministry", "council")."""
    message_nouns: frozenset[str]
    """Nouns of what a person can express ("gratitude", "condolence", "hope", "concern")."""
    common: frozenset[str]
    """Every lower-case single word WordNet has (any part of speech): an ordinary word."""
    verbs: frozenset[str]
    """Every single-word verb lemma WordNet has."""
    adverbs: frozenset[str]
    """Words WordNet has as adverbs and not as adjectives ("yesterday", "then"; not
    "first")."""


def wordnet_dir() -> Path:
    """The folder of WordNet's database files, or a clear error saying how to install it."""
    for env in ("VISITBOT_WORDNET_DIR", "WNHOME"):
        value = os.environ.get(env)
        if value:
            for candidate in (Path(value), Path(value) / "dict"):
                if (candidate / "data.verb").is_file():
                    return candidate
    for folder in WORDNET_DIRS:
        if (Path(folder) / "data.verb").is_file():
            return Path(folder)
    raise WordNetMissing(
        "WordNet is not installed: attribution reads its verbs and nouns. Install Debian's "
        "wordnet-base (apt-get install wordnet-base) or set VISITBOT_WORDNET_DIR to a WordNet "
        "3.0 'dict' folder."
    )


@dataclass
class _Sense:
    lexfile: int
    words: list[str]
    frames: dict[int, set[int]]
    """Word number (0: every word of the synset) → frame numbers."""
    hypernyms: list[str]
    instance: bool
    """A particular thing or person (WordNet's instance pointer: Bill Clinton, not a president)."""


def _data(path: Path, with_frames: bool) -> dict[str, _Sense]:
    senses: dict[str, _Sense] = {}
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if line.startswith("  "):
                continue  # the licence
            fields = line.split("|", 1)[0].split()
            count = int(fields[3], 16)
            words = [fields[4 + 2 * i] for i in range(count)]
            frames: dict[int, set[int]] = {}
            at = 4 + 2 * count
            pointers = int(fields[at])
            hypernyms = [
                fields[at + 2 + 4 * k] for k in range(pointers) if fields[at + 1 + 4 * k][0] == "@"
            ]
            instance = any(fields[at + 1 + 4 * k] == "@i" for k in range(pointers))
            if with_frames:
                at += 1 + 4 * pointers
                if at < len(fields) and fields[at].isdigit():
                    for k in range(int(fields[at])):
                        frame, word = int(fields[at + 2 + 3 * k]), int(fields[at + 3 + 3 * k], 16)
                        frames.setdefault(word, set()).add(frame)
            senses[fields[0]] = _Sense(int(fields[1]), words, frames, hypernyms, instance)
    return senses


def _index(path: Path) -> dict[str, list[str]]:
    """Lemma → its synset offsets, most frequent sense first."""
    out: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if line.startswith("  "):
                continue
            fields = line.split()
            pointers = int(fields[3])
            out[fields[0]] = fields[4 + pointers + 2 :]
    return out


def _lower_case_in(sense: _Sense, lemma: str) -> bool:
    """Whether the synset writes the lemma in lower case (a common noun, not a name)."""
    return any(w == lemma or (w.lower() == lemma and w.islower()) for w in sense.words)


def _frames(sense: _Sense, lemma: str) -> set[int]:
    lowered = [w.lower() for w in sense.words]
    number = lowered.index(lemma) + 1 if lemma in lowered else 0
    return sense.frames.get(0, set()) | sense.frames.get(number, set())


def _inflected(lemmas: Iterable[str], upos: str) -> dict[str, str]:
    from lemminflect import getAllInflections

    forms: dict[str, str] = {}
    for lemma in lemmas:
        mine = {lemma}
        for values in getAllInflections(lemma, upos=upos).values():
            mine.update(values)
        if upos == "VERB" and lemma.endswith("ize"):
            # British spellings press uses ("emphasised", "criticises"): lemminflect's
            # dictionary is American.
            mine |= {form.replace("iz", "is") for form in mine}
        for form in mine:
            forms.setdefault(form, lemma)
    return forms


MODALS = frozenset({"will", "would", "shall", "should", "can", "could", "may", "might", "must"})
"""Modal auxiliaries: "would" is a form of "will" (to bequeath, a WordNet verb of
communication) only in the inflection tables; in text it is never the speech verb."""

LEXICAL_VERSION = 18
"""Bumped when what is derived from the resources changes, so a saved copy is made again
(and ``make lexicon`` writes the shipped one again)."""
ORG_SENSES = 4
"""How far down a noun's senses a group sense still makes it an organisation's head word
("unit": its fourth sense; "office": its second)."""


SHIPPED = Path(__file__).resolve().parent.parent / "data" / "lexical.json.gz"
"""The lexicon as derived from WordNet, shipped in the package (``make lexicon`` writes it):
no machine derives it at start (8 s of CPU on this project's 2-core machine) or needs WordNet
installed. WordNet's licence travels with it (``data/WORDNET-LICENSE``)."""


@cache
def lexical() -> Lexical:
    """The lexicon: the shipped copy when it was made by this version of the rules (about
    0.1 s to read), else derived from WordNet once per machine and saved beside the indexes."""
    data = _shipped() or _derived()
    return Lexical(
        **{k: frozenset(v) for k, v in data.items() if isinstance(v, list)},
        lemma=data["lemma"],
        title_synonyms={k: frozenset(v) for k, v in data["title_synonyms"].items()},
    )


def _shipped() -> dict[str, Any] | None:
    try:
        saved = json.loads(gzip.decompress(SHIPPED.read_bytes()))
    except (OSError, ValueError):
        return None
    if saved.get("version") != LEXICAL_VERSION:
        return None  # the rules changed since it was made: derive, until make lexicon
    lexicon: dict[str, Any] = saved["lexicon"]
    return lexicon


def write_shipped(path: Path = SHIPPED) -> None:
    """Derive the lexicon from the installed WordNet and write the copy the package ships
    (byte for byte the same for the same WordNet and rules)."""
    data = {"version": LEXICAL_VERSION, "lexicon": _derive(wordnet_dir())}
    raw = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    path.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))


def _derived() -> dict[str, Any]:
    """Derived from WordNet once per machine and rules, and saved beside the indexes."""
    folder = wordnet_dir()
    stamp = [LEXICAL_VERSION, *((f.name, f.stat().st_size) for f in sorted(folder.glob("*.*")))]
    key = hashlib.sha256(json.dumps(stamp).encode()).hexdigest()[:16]
    from visitbot.store import cache_dir

    saved = cache_dir() / f"lexical-{key}.json"
    try:
        data = json.loads(saved.read_bytes())
    except (OSError, ValueError):
        data = _derive(folder)
        try:
            saved.parent.mkdir(parents=True, exist_ok=True)
            temporary = saved.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(data), encoding="utf-8")
            temporary.replace(saved)
        except OSError:
            pass  # a read-only cache: derive again next time
    derived: dict[str, Any] = data
    return derived


def _under(senses: dict[str, _Sense], offset: str, tops: set[str]) -> bool:
    """Whether a synset is one of ``tops`` or below one of them by hypernyms."""
    seen: set[str] = set()
    frontier = [offset]
    while frontier:
        current = frontier.pop()
        if current in tops:
            return True
        for above in senses[current].hypernyms if current in senses else ():
            if above not in seen:
                seen.add(above)
                frontier.append(above)
    return False


def _derive(folder: Path) -> dict[str, Any]:
    """Everything :class:`Lexical` holds, as JSON-ready lists and dicts."""
    verbs = _data(folder / "data.verb", with_frames=True)
    verb_index = _index(folder / "index.verb")
    speech: set[str] = set()
    clausal: set[str] = set()
    directed: set[str] = set()
    # A sense under WordNet's gesticulate (wave, nod, beckon) is a movement, no words.
    gestures = {o for o, s in verbs.items() if "gesticulate" in s.words}

    for lemma, offsets in verb_index.items():
        if "_" in lemma or not offsets:
            continue
        senses = [verbs[o] for o in offsets if o in verbs]
        if not senses:
            continue
        if senses[0].lexfile == VERB_COMMUNICATION and not _under(verbs, offsets[0], gestures):
            speech.add(lemma)
        for sense in senses:
            frames = _frames(sense, lemma)
            if FRAME_THAT_CLAUSE in frames and sense.lexfile in _CLAUSAL_FILES:
                clausal.add(lemma)
            if sense.lexfile == VERB_COMMUNICATION and FRAME_SOMEBODY_SOMETHING in frames:
                directed.add(lemma)  # "told Trump that …", "asked the minister whether …"
    speech.update(PRESS_ACTS)
    speech |= MESSAGE_VERBS
    clausal -= speech
    # A speech verb whose first sense addresses somebody ("thank", "congratulate", "urge").
    for lemma in speech:
        offsets = verb_index.get(lemma, [])
        if offsets and offsets[0] in verbs:
            first = verbs[offsets[0]]
            if first.lexfile == VERB_COMMUNICATION and _frames(first, lemma) & _ADDRESSING:
                directed.add(lemma)
    directed.update(("invite", "welcome", "wish"))
    verb_forms = {
        f: v for f, v in _inflected(sorted(speech | clausal), "VERB").items() if f not in MODALS
    }
    nouns = _data(folder / "data.noun", with_frames=False)
    noun_index = _index(folder / "index.noun")
    heads = {o for o, s in nouns.items() if {"head_of_state", "ruler"} & set(s.words)}
    presiding = {o for o, s in nouns.items() if "presiding_officer" in s.words}

    def under(offset: str, tops: set[str]) -> bool:
        return _under(nouns, offset, tops)

    organisations: set[str] = set()
    state_heads: set[str] = set()
    leaders: set[str] = set()
    person: set[str] = set()
    group: set[str] = set()
    message: set[str] = set()
    synonyms: dict[str, set[str]] = {}
    for lemma, offsets in noun_index.items():
        senses = [nouns[o] for o in offsets if o in nouns]
        if not senses:
            continue
        phrase = lemma.replace("_", " ")
        # Only senses written in lower case: "Rice", "Moon" and "Bush" are people WordNet
        # knows by name, not words for an office or an organisation.
        senses = [s for s in senses if _lower_case_in(s, lemma)]
        if not senses:
            continue
        if senses[0].lexfile == NOUN_GROUP:
            group.add(phrase)
        if any(s.lexfile == NOUN_GROUP for s in senses[:ORG_SENSES]):
            organisations.add(phrase)
        if any(s.lexfile in _MESSAGE_FILES for s in senses[:3]):
            message.add(phrase)
        for offset in offsets:
            found = nouns.get(offset)
            if found is None or found.lexfile != NOUN_PERSON:
                continue
            leading = under(offset, heads | presiding)
            if under(offset, heads):
                # Offices of state are capitalised in WordNet ("Prime_Minister, PM, premier"):
                # their synonyms are the ways press names one office.
                same = {w.replace("_", " ").lower() for w in found.words}
                synonyms.setdefault(phrase, set()).update(same - {phrase})
            if not _lower_case_in(found, lemma):
                continue
            person.add(phrase)
            if under(offset, heads):
                state_heads.add(phrase)
            if leading:
                leaders.add(phrase)
    common: set[str] = set()
    for name in ("index.noun", "index.verb", "index.adj", "index.adv"):
        common.update(w for w in _index(folder / name) if "_" not in w)
    # A word WordNet knows only as particular people's (and places') name ("Clinton",
    # "Putin") is no ordinary word; "bush", "moon", "rice" have ordinary senses and stay.
    others = set().union(*(_index(folder / n) for n in ("index.verb", "index.adj", "index.adv")))
    common -= {
        lemma
        for lemma, offsets in noun_index.items()
        if "_" not in lemma
        and lemma not in others
        and all((s := nouns.get(o)) is not None and s.instance for o in offsets)
        and any(nouns[o].lexfile == NOUN_PERSON for o in offsets)
    }
    adverbs = {w for w in _index(folder / "index.adv") if "_" not in w}
    verb_lemmas = {w for w in verb_index if "_" not in w}
    adverbs -= {w for w in _index(folder / "index.adj") if "_" not in w}

    def forms(lemmas: Iterable[str]) -> list[str]:
        wanted = set(lemmas)
        return sorted(f for f, lemma in verb_forms.items() if lemma in wanted)

    return {
        "speech": forms(speech),
        "clausal": forms(clausal),
        "directed": forms(directed),
        "joint": forms(JOINT_ACTS),
        "message_verbs": forms(MESSAGE_VERBS),
        "lemma": verb_forms,
        "person_nouns": sorted(person),
        "title_synonyms": {k: sorted(v) for k, v in synonyms.items() if v},
        "state_heads": sorted(state_heads),
        "leaders": sorted(leaders),
        "group_nouns": sorted(group),
        "organisation_nouns": sorted(organisations),
        "message_nouns": sorted(message),
        "common": sorted(common),
        "adverbs": sorted(adverbs),
        "verbs": sorted(verb_lemmas),
    }


@cache
def noun_lemma(word: str) -> str:
    """A noun's singular ("condolences" → "condolence"), lower case, hyphens as spaces
    ("Secretary-General" → "secretary general"); British spellings of American entries
    ("councillor" for "councilor")."""
    from lemminflect import getLemma

    word = word.lower().replace("-", " ")
    known = lexical().common
    lemmas = getLemma(word, upos="NOUN") if " " not in word else (word,)
    lemma = lemmas[0] if lemmas else word
    if lemma not in known and " " not in lemma:
        for american, british in (("lor", "llor"), ("ler", "ller")):
            if lemma.endswith(american) and lemma[: -len(american)] + british in known:
                return lemma[: -len(american)] + british
    return lemma
