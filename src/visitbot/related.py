"""Related words: which corpus words a question word may stand for when the two are one meaning
in other words ("backs" ~ "supports", "stay" ~ "remain") or one word in another part of speech
("arrive" ~ "arrival", "appreciation" ~ "appreciates", "firmly" ~ "firm").

Both come from WordNet (Princeton WordNet 3.0, Debian's ``wordnet-base``), as press readers
paraphrase: the other words of a lemma's most frequent senses (its synsets), when the sense is
one of theirs most frequent too (so "back" is "support", but "state" is not "country"); the
derivationally related forms and pertainyms WordNet records between single words; the head
adjectives a frequent adjective is similar to ("careful" ~ "thorough"). Derivations are
followed in every sense: they join words of one family, whatever the sense.

The table is derived once (``make lexicon`` writes the copy the package ships, beside
attribution's lexicon, under WordNet's licence) and read only when a corpus is indexed: the
index stores every form of each corpus word's related lemmas, so answering never reads it
(see :mod:`visitbot.wordtables`).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from visitbot.query import PURE_SPEECH, STOPWORDS

RELATED_VERSION = 1
"""Bumped when what is derived changes (``make lexicon`` writes the shipped copy again)."""
SENSES = 3
"""How many of a lemma's most frequent senses (per part of speech) its synonyms come from, and
among how many of the other word's the shared sense must be. WordNet orders senses by how often
they were tagged in its corpus; past the third they are rare ("state" as "say" is the verb's
second sense, but the noun's "country" sense is the first of twelve)."""
POSES = ("noun", "verb", "adj", "adv")
LEXICAL_POINTERS = frozenset({"+", "\\"})
"""Derivationally related form ("arrive" → "arrival") and pertainym ("firmly" → "firm")."""
SIMILAR = "&"
"""Similar to: a head adjective and its satellites ("careful" & "thorough")."""

_NO_CONTENT = STOPWORDS | PURE_SPEECH

SHIPPED = Path(__file__).resolve().parent / "data" / "related.json.gz"


def _word(raw: str) -> str | None:
    """A synset's word as a question has it: one plain word in lower case (no phrases, no
    adjective marker such as "(a)"); None for anything else, names included: "Taiwan" is a
    synonym of "China" only as the name of a state."""
    word = raw.split("(", 1)[0]
    return word if word.isalpha() and word.isascii() and word.islower() else None


_POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}
"""A pointer's part of speech → the file its target synset is in."""
_TAGS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
UPOS = {"NOUN": "n", "VERB": "v", "ADJ": "a", "ADV": "r"}
"""lemminflect's parts of speech as WordNet's."""
_LEMMINFLECT = {tag: upos for upos, tag in UPOS.items()}

Pointer = tuple[str, str, str, int, int]
"""A synset's pointer: symbol, target offset, target's file, source and target word numbers
(0: the whole synset)."""


def _read(
    folder: Path, pos: str
) -> tuple[dict[str, list[str]], dict[str, list[str | None]], dict[str, list[Pointer]]]:
    """A part of speech's index (lemma → synset offsets, most frequent first), its synsets'
    words and their pointers (by offset)."""
    index: dict[str, list[str]] = {}
    with (folder / f"index.{pos}").open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if line.startswith("  "):
                continue  # the licence
            fields = line.split()
            index[fields[0]] = fields[4 + int(fields[3]) + 2 :]
    words: dict[str, list[str | None]] = {}
    pointers: dict[str, list[Pointer]] = {}
    with (folder / f"data.{pos}").open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if line.startswith("  "):
                continue
            fields = line.split("|", 1)[0].split()
            count = int(fields[3], 16)
            words[fields[0]] = [_word(fields[4 + 2 * i]) for i in range(count)]
            at = 4 + 2 * count
            found: list[Pointer] = []
            for k in range(int(fields[at])):
                symbol, target, kind, numbers = fields[at + 1 + 4 * k : at + 5 + 4 * k]
                found.append(
                    (symbol, target, _POS_FILES[kind], int(numbers[:2], 16), int(numbers[2:], 16))
                )
            pointers[fields[0]] = found
    return index, words, pointers


def derive(folder: Path) -> dict[str, list[str]]:
    """Each "lemma/pos" → its related "lemma/pos" entries (see the module's docstring), both ways;
    pos is WordNet's: n, v, a (adjectives, satellites too), r."""
    tables = {pos: _read(folder, pos) for pos in POSES}
    related: dict[str, set[str]] = {}

    def link(a: str, b: str) -> None:
        # Function words and verbs of plain saying are no paraphrase of anything: "united"
        # is "one", "states" is "said", in some sense, and "one" and "said" are everywhere.
        if a != b and not {a.split("/")[0], b.split("/")[0]} & _NO_CONTENT:
            related.setdefault(a, set()).add(b)
            related.setdefault(b, set()).add(a)

    for pos, (index, words, pointers) in tables.items():
        tag = _TAGS[pos]
        for lemma, offsets in index.items():
            if _word(lemma) != lemma:
                continue
            for rank, offset in enumerate(offsets[:SENSES]):
                for other in words[offset]:
                    senses = index.get(other, []) if other else []
                    # One of the two words' first sense, among the other's most frequent.
                    if other and offset in senses[:SENSES] and (rank == 0 or senses[0] == offset):
                        link(f"{lemma}/{tag}", f"{other}/{tag}")
                if rank == 0 and pos == "adj":
                    for symbol, target, kind, _, _ in pointers[offset]:
                        if symbol == SIMILAR:
                            for other in tables[kind][1].get(target, []):
                                if other:
                                    link(f"{lemma}/a", f"{other}/a")
            for offset in offsets:
                # One word in another part of speech, in any sense: the family is the same.
                number = words[offset].index(lemma) + 1 if lemma in words[offset] else 0
                for symbol, target, kind, source, goal in pointers[offset]:
                    if symbol in LEXICAL_POINTERS and source == number and goal:
                        target_words = tables[kind][1].get(target, [])
                        if goal <= len(target_words) and (other := target_words[goal - 1]):
                            link(f"{lemma}/{tag}", f"{other}/{_TAGS[kind]}")
    return {k: sorted(v) for k, v in sorted(related.items())}


def write_shipped(path: Path = SHIPPED) -> None:
    """Derive the table from the installed WordNet and write the copy the package ships (byte
    for byte the same for the same WordNet and rules)."""
    from visitbot.attribution.lexical import wordnet_dir

    data = {"version": RELATED_VERSION, "related": derive(wordnet_dir())}
    raw = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    path.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))


@cache
def shipped() -> dict[str, list[str]]:
    """The shipped table; empty when it predates :data:`RELATED_VERSION` (``make lexicon``)."""
    try:
        saved = json.loads(gzip.decompress(SHIPPED.read_bytes()))
    except (OSError, ValueError):
        return {}
    if saved.get("version") != RELATED_VERSION:
        return {}
    table: dict[str, list[str]] = saved["related"]
    return table


def related_pairs(vocabulary: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(form of a related lemma, corpus word) for every corpus word, each of its lemmas in its
    own part of speech ("meeting" as a noun and as the verb "meet", never as the adjective
    "meet", which is "just"): "backs" → "supports", "arrive" → "arrival"."""
    from lemminflect import getAllInflections, getAllLemmas  # indexing only

    table = shipped()
    if not table:
        return
    forms: dict[str, set[str]] = {}
    for word in vocabulary:
        if not (word.isalpha() and word.isascii() and len(word) > 2):
            continue
        own = {word}
        entries: set[str] = set()
        for upos, lemmas in getAllLemmas(word).items():
            if upos in UPOS:
                own.update(lemma.lower() for lemma in lemmas)
                entries.update(f"{lemma.lower()}/{UPOS[upos]}" for lemma in lemmas)
        for relative in {r for entry in entries for r in table.get(entry, ())}:
            family = forms.get(relative)
            if family is None:
                lemma, tag = relative.split("/")
                family = {lemma}
                for inflected in getAllInflections(lemma, upos=_LEMMINFLECT[tag]).values():
                    family.update(f.lower() for f in inflected)
                forms[relative] = family
            for form in family - own:
                yield form, word
