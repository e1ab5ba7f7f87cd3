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
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError
from rapidfuzz import fuzz

from visitbot.corpus import BUILTIN_PACKAGE, SPEAKERS_FILE, CorpusError
from visitbot.models import Person
from visitbot.text import fold, words


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


def builtin_registry() -> list[Person]:
    source = resources.files(BUILTIN_PACKAGE).joinpath(SPEAKERS_FILE)
    return parse_registry(SPEAKERS_FILE, source.read_text(encoding="utf-8"))


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
                "learned": known.learned and person.learned,
                "pronoun": known.pronoun or person.pronoun,
            }
        )
    return list(merged.values())


def _strip_article(form: str) -> str:
    return re.sub(r"^(the)\s+", "", form.strip(), flags=re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    person: str


class Lexicon:
    """Finds references to known people in corpus text, exactly (case and apostrophes aside).

    A form that names two people ("the President" in a two-president article) is dropped, so
    an ambiguous reference is never resolved by guessing.
    """

    def __init__(self, people: Sequence[Person], ambiguous_heads: Iterable[str] = ()) -> None:
        owners: dict[str, set[str]] = {}
        for person in people:
            for form in person.surface_forms:
                key = _strip_article(form).lower().replace("’", "'")
                if key:
                    owners.setdefault(key, set()).add(person.id)
        for head in ambiguous_heads:
            owners.setdefault(head.lower(), set()).add("")
        self._owner = {key: next(iter(ids)) for key, ids in owners.items() if len(ids) == 1}
        forms = sorted(self._owner, key=len, reverse=True)
        if forms:
            alternation = "|".join(
                re.escape(f).replace("'", "['’]").replace(r"\ ", r"\s+") for f in forms
            )
            self._pattern: re.Pattern[str] | None = re.compile(
                rf"(?<![\w-])(?:the\s+)?(?:{alternation})(?![\w-])(?!['’](?!s\b))",
                re.IGNORECASE,
            )
        else:
            self._pattern = None

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        if self._pattern is None:
            return []
        end = len(text) if end is None else end
        found: list[Mention] = []
        for match in self._pattern.finditer(text, start, end):
            key = _strip_article(match.group()).lower().replace("’", "'")
            key = " ".join(key.split())
            owner = self._owner.get(key)
            if not owner:
                continue
            previous = found[-1] if found else None
            if (
                previous
                and previous.person == owner
                and not text[previous.end : match.start()].strip()
            ):
                found[-1] = Mention(previous.start, match.end(), owner)
            else:
                found.append(Mention(match.start(), match.end(), owner))
        return found


@dataclass(frozen=True)
class QueryMention:
    person: str
    start: int
    end: int
    """Word positions [start, end) in the folded query."""


class PeopleMatcher:
    """Finds people in a user's question: any script, typos in longer names, roles."""

    def __init__(self, people: Sequence[Person]) -> None:
        self._forms: list[tuple[tuple[str, ...], str]] = []
        owners: dict[tuple[str, ...], set[str]] = {}
        for person in people:
            for form in person.surface_forms:
                tokens = tuple(words(_strip_article(form)))
                if tokens:
                    owners.setdefault(tokens, set()).add(person.id)
        self._forms = sorted(
            ((tokens, next(iter(ids))) for tokens, ids in owners.items() if len(ids) == 1),
            key=lambda item: -len(" ".join(item[0])),
        )

    def find(self, tokens: Sequence[str]) -> list[QueryMention]:
        """Non-overlapping mentions, longest forms first; typos allowed in words of 5+ letters."""
        taken = [False] * len(tokens)
        found: list[QueryMention] = []
        for form, person in self._forms:
            size = len(form)
            for i in range(len(tokens) - size + 1):
                if any(taken[i : i + size]):
                    continue
                window = tokens[i : i + size]
                if all(_word_matches(q, f) for q, f in zip(window, form, strict=True)):
                    found.append(QueryMention(person, i, i + size))
                    for k in range(i, i + size):
                        taken[k] = True
        return sorted(found, key=lambda m: m.start)


def _word_matches(query_word: str, form_word: str) -> bool:
    if query_word == form_word:
        return True
    if min(len(query_word), len(form_word)) < 5:
        return False
    return fuzz.ratio(query_word, form_word) >= 85
