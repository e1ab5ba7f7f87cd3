"""Who can be quoted: the shipped registry, a user's registry, and finding people in text.

The registry only adds what an article cannot tell (other scripts, spellings, titles used
elsewhere); the names and roles an article introduces itself are learned in
:mod:`visitbot.attribution`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import accumulate, compress
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ValidationError
from rapidfuzz import fuzz

from visitbot.corpus import BUILTIN_PACKAGE, SPEAKERS_FILE, CorpusError
from visitbot.models import Person
from visitbot.text import fold, foreign_letters, words


class _Entry(BaseModel):
    name: str
    aliases: list[str] = []
    roles: list[str] = []
    pronoun: Literal["he", "she"] | None = None


class _RegistryFile(BaseModel):
    people: list[_Entry]


def person_id(name: str) -> str:
    return fold(name).replace(" ", "-") or "person"


def parse_registry(path: Path | str, text: str) -> list[Person]:
    try:
        data = _RegistryFile.model_validate(json.loads(text))
    except json.JSONDecodeError as exc:
        raise CorpusError(path, f"not valid JSON: {exc.msg}", exc.lineno) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CorpusError(path, f"speaker registry: {where}: {first['msg']}") from None
    return [
        Person(
            id=person_id(e.name),
            name=e.name,
            aliases=tuple(e.aliases),
            roles=tuple(e.roles),
            pronoun=e.pronoun,
        )
        for e in data.people
    ]


def registry_bytes() -> bytes:
    return resources.files(BUILTIN_PACKAGE).joinpath(SPEAKERS_FILE).read_bytes()


def builtin_registry() -> list[Person]:
    return parse_registry(SPEAKERS_FILE, registry_bytes().decode("utf-8"))


def merge_people(base: Iterable[Person], extra: Iterable[Person]) -> list[Person]:
    """Union by id; later entries add aliases and roles to earlier ones."""
    merged: dict[str, Person] = {}
    for person in [*base, *extra]:
        known = merged.get(person.id)
        if known is None:
            merged[person.id] = person
            continue
        merged[person.id] = known.model_copy(
            update={
                "aliases": tuple(dict.fromkeys([*known.aliases, *person.aliases])),
                "roles": tuple(dict.fromkeys([*known.roles, *person.roles])),
                "titles": tuple(dict.fromkeys([*known.titles, *person.titles])),
                "learned": known.learned and person.learned,
                "pronoun": known.pronoun or person.pronoun,
            }
        )
    return list(merged.values())


def _strip_article(form: str) -> str:
    return re.sub(r"^(the)\s+", "", form.strip(), flags=re.IGNORECASE)


_FORM_KEYS: dict[str, tuple[str, ...]] = {}
"""Forms already keyed (a corpus's people have tens of thousands of forms; an index update
keys them again for every lexicon it makes)."""
FORM_MEMO = 1 << 18
"""Forms remembered at most: a 100k-paragraph corpus's people have about 35,000."""


def form_tokens(form: str) -> tuple[str, ...]:
    """A known form as the lexicon keys it: its name words, a leading "the" dropped."""
    key = _FORM_KEYS.get(form)
    if key is None:
        key = tuple(_form_key(k) for _, _, k in _name_tokens(_strip_article(form)))
        if len(_FORM_KEYS) < FORM_MEMO:
            _FORM_KEYS[form] = key
    return key


def _form_key(word: str) -> str:
    """A form's word as the lexicon keys it: as written, in lower case (a form is given in
    the nominative; a Russian text's words are matched by their lemmas too, see
    attribution.russian_words.keys)."""
    return word.replace("ё", "е") if _CYRILLIC.search(word) else word


def remember_forms(keys: dict[str, list[str]]) -> None:
    """Forms keyed before (stored with an index), so an update need not key them again."""
    for form, key in keys.items():
        if len(_FORM_KEYS) < FORM_MEMO:
            _FORM_KEYS.setdefault(form, tuple(key))


def forget_forms() -> None:
    """Let the memo go (a server keeps no more than answering needs)."""
    _FORM_KEYS.clear()


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    person: str


_OWNER = "\0"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


class Owners(NamedTuple):
    """Everyone a form found in text may name, by how it names them."""

    names: frozenset[str]
    """Whose name or alias it is ("Sand", "Xi Jinping")."""
    roles: frozenset[str]
    """Whose own role it is, learned or from a registry ("the Kazakh President")."""
    generic: frozenset[str]
    """Who holds a title of that head ("the president", "the minister")."""


Candidate = tuple[int, int, Owners]
"""A known form found in text: its span and everyone it may name."""
_NAME_TOKEN = re.compile(r"[^\W_]+(?:[’'-][^\W_]+)*")
_NAME_SPLIT = re.compile(f"({_NAME_TOKEN.pattern})")
"""Splits text into separators and name words, alternately."""


def _name_tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Words as names are written: hyphens and apostrophes kept inside, possessive 's off."""
    found = _NAME_TOKEN.finditer(text, start, len(text) if end is None else end)
    if "’" not in text and "'" not in text:
        return [(m.start(), m.end(), m.group().lower()) for m in found]
    out = []
    for match in found:
        key = match.group().lower().replace("’", "'")
        if key.endswith("'s"):
            key = key[:-2]
        out.append((match.start(), match.end(), key))
    return out


class Lexicon:
    """Finds references to known people in corpus text, exactly (case and apostrophes aside).

    A name that may mean several people ("Sand" when two Sands are known) resolves only to the
    one of them the document itself names; a role ("the Kazakh President", from an apposition or
    the registry) only to a person the document names, so a registry title never reaches into
    an article about someone else; a bare title ("the president") only when one person the
    document names holds it. Otherwise the form is not resolved at all, never guessed. The scan
    is one dictionary look-up per word, however many people are known.
    """

    def __init__(
        self, people: Sequence[Person], shared_forms: dict[str, set[str]] | None = None
    ) -> None:
        tiers: dict[tuple[str, ...], tuple[set[str], set[str], set[str]]] = {}

        def add(form: str, tier: int, ids: Iterable[str]) -> None:
            key = form_tokens(form)
            if key:
                tiers.setdefault(key, (set(), set(), set()))[tier].update(ids)

        for person in people:
            for form in (person.name, *person.aliases):
                add(form, 0, [person.id])
            for form in person.roles:
                add(form, 1, [person.id])
            for form in person.titles:
                add(form, 2, [person.id])
        for form, ids in (shared_forms or {}).items():
            add(form, 2, ids)
        self._trie: dict[str, Any] = {}
        for key, (names, roles, generic) in tiers.items():
            node = self._trie
            for word in key:
                node = node.setdefault(word, {})
            node[_OWNER] = Owners(frozenset(names), frozenset(roles), frozenset(generic))

    def find(
        self,
        text: str,
        start: int = 0,
        end: int | None = None,
        named: frozenset[str] = frozenset(),
    ) -> list[Mention]:
        """Mentions in text[start:end]; ``named`` are the people the document names in full."""
        return self.resolve(text, self.scan(text, start, end), named)

    def scan(self, text: str, start: int = 0, end: int | None = None) -> list[Candidate]:
        """Every known form in the text with everyone it may name (the costly part, done once
        per paragraph; :meth:`resolve` then decides who is meant)."""
        end = len(text) if end is None else end
        segment = text[start:end]
        if "'" not in segment and "’" not in segment and not foreign_letters(segment):
            # English text without apostrophes: words and their offsets come from C-level
            # splitting and sums; Python only looks at the words that start a known form.
            parts = _NAME_SPLIT.split(segment.lower())
            keys = parts[1::2]
            if self._trie.keys().isdisjoint(keys):
                return []
            bounds = list(accumulate(map(len, parts), initial=start))
            starts, ends = bounds[1::2], bounds[2::2]
        else:
            tokens = _name_tokens(text, start, end)
            keys = [k for _, _, k in tokens]
            starts, ends = [s for s, _, _ in tokens], [e for _, e, _ in tokens]
            if _CYRILLIC.search(segment):
                return self._scan_inflected(text, tokens)
        roots = self._trie
        found: list[Candidate] = []
        after = 0
        for i in compress(range(len(keys)), map(roots.__contains__, keys)):
            if i < after:
                continue  # inside a form already found
            size, owners = self._match(keys, i)
            if owners is None:
                continue
            first = starts[i - 1] if i and keys[i - 1] == "the" else starts[i]
            found.append((first, ends[i + size - 1], owners))
            after = i + size
        return found

    @staticmethod
    def meanings(
        candidates: Sequence[Candidate], named: frozenset[str] = frozenset()
    ) -> list[tuple[int, int, frozenset[str]]]:
        """Each form with everyone it may mean in a document naming ``named``: a name means
        its owner; a role or bare title means only people the document names."""
        out: list[tuple[int, int, frozenset[str]]] = []
        for first, last, (names, roles, generic) in candidates:
            if names:
                meant = names if len(names) == 1 else names & named
            else:
                meant = roles & named or generic & named
            if meant:
                out.append((first, last, meant))
        return out

    @staticmethod
    def resolve(
        text: str, candidates: Sequence[Candidate], named: frozenset[str] = frozenset()
    ) -> list[Mention]:
        """The forms that name exactly one person, joined when they are adjacent."""
        found: list[Mention] = []
        for first, last, meant in Lexicon.meanings(candidates, named):
            if len(meant) != 1:
                continue
            owner = next(iter(meant))
            previous = found[-1] if found else None
            if previous and previous.person == owner and not text[previous.end : first].strip():
                found[-1] = Mention(previous.start, last, owner)
            else:
                found.append(Mention(first, last, owner))
        return found

    def _scan_inflected(self, text: str, tokens: Sequence[tuple[int, int, str]]) -> list[Candidate]:
        """The scan of text in a language that inflects names (Russian): each word stands for
        itself and for its lemmas, so "Путина" and "российского лидера" find "Путин" and
        "российский лидер" (see attribution.russian_words)."""
        from visitbot.attribution.russian_words import cyrillic, keys

        options = [keys(word) if cyrillic(word) else (word,) for _, _, word in tokens]
        found: list[Candidate] = []
        after = 0
        for i in range(len(tokens)):
            if i < after or not any(k in self._trie for k in options[i]):
                continue
            size, owners = self._match_options(options, i, self._trie)
            if owners is None:
                continue
            first = tokens[i - 1][0] if i and tokens[i - 1][2] == "the" else tokens[i][0]
            found.append((first, tokens[i + size - 1][1], owners))
            after = i + size
        return found

    @staticmethod
    def _match_options(
        options: Sequence[Sequence[str]], i: int, node: dict[str, Any]
    ) -> tuple[int, Owners | None]:
        """The longest known form from word i, any of each word's keys matching."""
        best: tuple[int, Owners | None] = (0, None)
        if i >= len(options):
            return best
        for key in options[i]:
            child: dict[str, Any] | None = node.get(key)
            if child is None:
                continue
            if _OWNER in child and best[0] < 1:
                best = (1, child[_OWNER])
            size, owner = Lexicon._match_options(options, i + 1, child)
            if owner is not None and size + 1 > best[0]:
                best = (size + 1, owner)
        return best

    def _match(self, keys: list[str], i: int) -> tuple[int, Owners | None]:
        """The longest known form starting at word i, walking the trie word by word."""
        node = self._trie
        size, owner = 0, None
        for k in range(i, len(keys)):
            child: dict[str, Any] | None = node.get(keys[k])
            if child is None:
                break
            node = child
            if _OWNER in node:
                size, owner = k - i + 1, node[_OWNER]
        return size, owner


@dataclass(frozen=True)
class QueryMention:
    people: tuple[str, ...]
    """Everyone the words may mean: "Tamwen" may be two people of that surname."""
    start: int
    end: int
    """Word positions [start, end) in the folded query."""
    by_role: bool = False
    """Named by a role or title ("the Head of State"), which no place or thing shares."""


class PeopleMatcher:
    """Finds people in a user's question: any script, typos in longer names, roles, and in a
    Russian question names and roles in any case ("Токаеву", "главы государства").

    Words are compared as ASCII keys (other scripts transliterated: "Эрик Санд" is "Erik
    Sand"). Forms are indexed by their first word (and that word's one-letter deletions), so a
    question costs a few dictionary look-ups per word however many people are known. A
    question's word may come with other keys it stands for (its lemmas); the forms' Cyrillic
    words are then compared by their lemmas too, worked out on the first such question (the
    Russian analyser is never loaded for English questions).
    """

    def __init__(self, people: Sequence[Person]) -> None:
        owners: dict[tuple[str, ...], set[str]] = {}
        names: set[tuple[str, ...]] = set()
        holders: dict[tuple[str, ...], set[str]] = {}
        self._vocabulary: dict[str, frozenset[str]] = {}
        self._institutions = frozenset(p.id for p in people if p.institution)
        for person in people:
            forms = [words(f) for f in (*person.surface_forms, *person.titles, *person.spellings)]
            self._vocabulary[person.id] = frozenset(
                {name_key(w) for form in forms for w in form}
                # A title's initials are the title as the press shortens it: "PM Lee".
                | {"".join(w[0] for w in form) for form in forms if len(form) > 1}
            )
            for form in person.surface_forms:
                tokens = tuple(words(_strip_article(form)))
                if tokens:
                    owners.setdefault(tokens, set()).add(person.id)
            for form in (person.name, *person.aliases):
                names.add(tuple(words(_strip_article(form))))
            for title in person.titles:
                holders.setdefault(tuple(words(title)), set()).add(person.id)
        for tokens, ids in holders.items():
            if len(ids) == 1 and tokens and tokens not in owners:
                owners[tokens] = ids  # "the Chairman", when one person holds that title
        self._forms: list[_Form] = []
        self._by_first: dict[str, list[int]] = {}
        self._near_first: dict[str, set[str]] = {}
        for tokens, ids in owners.items():
            keys = tuple(name_key(t) for t in tokens)
            self._forms.append(
                _Form(tokens, keys, tuple(frozenset([k]) for k in keys), tuple(sorted(ids)),
                      tokens not in names)
            )  # fmt: skip
            self._index_first(keys[0], len(self._forms) - 1)
        self._lemmatised = False
        self.speech_verbs: frozenset[str] = frozenset()
        """Every form of the verbs attribution reads as speech (set by the index): a
        question's "What did X characterise …" asks for X's words."""

    def describes(self, person: str, tokens: Iterable[str]) -> bool:
        """Whether every word is one of the person's names or titles ("UN" of "UN
        Secretary-General Guterres"): a question's "the MEA spokesperson" is not the
        spokesperson of another ministry."""
        known = self._vocabulary.get(person, frozenset())
        return all(name_key(t) in known for t in tokens)

    def described(self, tokens: Iterable[str]) -> tuple[str, ...]:
        """Everyone whose names and titles have every word ("the president of Azerbaijan"
        is whoever has both "president" and "Azerbaijan" among them), people before
        institutions: a phrase no known form spells out."""
        wanted = [name_key(t) for t in tokens]
        if not wanted:
            return ()
        found = tuple(
            sorted(p for p, known in self._vocabulary.items() if all(w in known for w in wanted))
        )
        people = tuple(p for p in found if p not in self._institutions)
        return people or found

    def institutions(self, people: Iterable[str]) -> bool:
        """Whether everyone named is an institution (a ministry, an agency), no one person."""
        return all(p in self._institutions for p in people)

    def affiliated(self, found: Sequence[QueryMention]) -> list[QueryMention]:
        """Mentions with an institution that stands right before a role joined to the role's
        holder: "the UN Secretary-General", "the MEA spokesperson" name the office holder."""
        out: list[QueryMention] = []
        for mention in found:
            previous = out[-1] if out else None
            if (
                previous is not None
                and mention.by_role
                and previous.end == mention.start
                and set(previous.people) <= self._institutions
                and not set(mention.people) & self._institutions
            ):
                out[-1] = QueryMention(mention.people, previous.start, mention.end, True)
            else:
                out.append(mention)
        return out

    def holders(self, words: Sequence[Iterable[str]]) -> list[str]:
        """The people whose names and titles have, for every word, one of its forms (a
        question's "представитель МИД России" is a part of "официальный представитель МИД
        России")."""
        wanted = [{name_key(w) for w in forms} for forms in words]
        return [p for p, known in self._vocabulary.items() if all(w & known for w in wanted)]

    def _index_first(self, first: str, number: int) -> None:
        self._by_first.setdefault(first, []).append(number)
        if len(first) >= 5:
            for variant in (first, *_one_deleted(first)):
                self._near_first.setdefault(variant, set()).add(first)

    def _lemmatise(self) -> None:
        """Give the forms' Russian words their lemmas as further keys ("главы государства"
        learned from a text also answers to "глава государства")."""
        if self._lemmatised:
            return
        from visitbot.russian import lemmas

        for number, form in enumerate(self._forms):
            if all(t.isascii() for t in form.tokens):
                continue
            alternatives = tuple(
                frozenset({key, *(name_key(lemma) for lemma in lemmas(token))})
                if not token.isascii()
                else frozenset([key])
                for token, key in zip(form.tokens, form.keys, strict=True)
            )
            self._forms[number] = form._replace(alternatives=alternatives)
            for first in alternatives[0] - {form.keys[0]}:
                self._index_first(first, number)
        self._lemmatised = True

    def _firsts(self, keys: Iterable[str], typos: bool = True) -> set[str]:
        found: set[str] = set()
        for token in keys:
            if token in self._by_first:
                found.add(token)
            if len(token) >= 5 and typos:
                for variant in (token, *_one_deleted(token)):
                    found |= self._near_first.get(variant, set())
        return found

    def find(
        self,
        tokens: Sequence[str],
        alternatives: Sequence[Iterable[str]] | None = None,
        typos: bool = True,
    ) -> list[QueryMention]:
        """Non-overlapping mentions, longest forms first; typos allowed in words of 5+
        letters (unless ``typos`` is false: forms as written only). ``alternatives``: per
        token, other words it stands for (its lemmas)."""
        keys = [name_key(t) for t in tokens]
        options = [frozenset([k]) for k in keys]
        if alternatives is not None:
            self._lemmatise()
            options = [
                option | {name_key(a) for a in extra}
                for option, extra in zip(options, alternatives, strict=True)
            ]
        # (-words, -exact, -letters, start, size, who, by role): longer forms first, exact first
        candidates: list[tuple[int, int, int, int, int, tuple[str, ...], bool]] = []
        for i, option in enumerate(options):
            seen: set[int] = set()
            for first in self._firsts(option, typos):
                for number in self._by_first[first]:
                    if number in seen:
                        continue
                    seen.add(number)
                    form = self._forms[number]
                    size = len(form.keys)
                    window = options[i : i + size]
                    pairs = list(zip(window, form.alternatives, strict=False))
                    if len(window) == size and all(
                        q & f or (typos and _word_matches(keys[i + k], form.keys[k]))
                        for k, (q, f) in enumerate(pairs)
                    ):
                        exact = sum(bool(q & f) for q, f in pairs)
                        letters = -len(" ".join(form.keys))
                        candidates.append(
                            (-size, -exact, letters, i, size, form.people, form.by_role)
                        )
        taken = [False] * len(tokens)
        found: list[QueryMention] = []
        for *_, start, size, people, by_role in sorted(candidates):
            if not any(taken[start : start + size]):
                found.append(QueryMention(people, start, start + size, by_role))
                for k in range(start, start + size):
                    taken[k] = True
        return sorted(found, key=lambda m: m.start)


class _Form(NamedTuple):
    tokens: tuple[str, ...]
    """The form's words as :func:`~visitbot.text.words` gives them."""
    keys: tuple[str, ...]
    """The same as ASCII keys (see :func:`name_key`)."""
    alternatives: tuple[frozenset[str], ...]
    """Per word, every key it answers to (its lemmas too, once lemmatised)."""
    people: tuple[str, ...]
    by_role: bool


def name_key(token: str) -> str:
    """A word as people's forms are compared: ASCII, other scripts transliterated in one
    piece ("Цзиньпин" → "tszinpin")."""
    return token if token.isascii() else fold(token).replace(" ", "")


def _one_deleted(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _word_matches(query_word: str, form_word: str) -> bool:
    if query_word == form_word:
        return True
    if min(len(query_word), len(form_word)) < 5:
        return False
    return fuzz.ratio(query_word, form_word) >= 85
