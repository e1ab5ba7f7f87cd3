"""People an article introduces itself: names, titles and roles learned from appositions.

"President of Westland Erik Sand" teaches "the President of Westland", "the Westland leader" and
"Sand"; "Minister of Trade of Eastria, Anna Holm," teaches "the minister" when only one minister is
named. The learned people are joined with the registry, which adds only what a text cannot tell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from visitbot.attribution.countries import country_forms
from visitbot.attribution.cues import ADVERB, VERB
from visitbot.attribution.identity import merge_spellings
from visitbot.attribution.transcript import label_names
from visitbot.models import Document, Person
from visitbot.speakers import Lexicon, merge_people, person_id

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
_STATE_HEADS = frozenset({"president", "king", "queen", "emir", "sultan", "emperor"})
"""Titles whose holder the press also calls "the head of state" ("the Belarusian head of state")."""
_CAP = r"[A-Z][a-z]+(?:['’][A-Za-z]+)?(?:-[A-Z]?[a-z]+)?"
_NAME = rf"(?:{_CAP}|Xi|Li|Wu)"
_ABBREVIATION = r"[A-Z]\.(?:[A-Z]\.)+|[A-Z]{2,3}\b"
"""'U.S. President', 'UK Prime Minister': a country written as an abbreviation."""
_TITLE = "|".join(re.escape(t) for t in TITLE_HEADS)
# "Chinese President Xi Jinping", "Minister of Trade of Westland Anna Holm", "Head of State X Y"
_APPOSITION = re.compile(
    rf"(?:(?P<adj>{_CAP}|{_ABBREVIATION})\s+)?"
    rf"(?P<title>{_TITLE})"
    rf"(?P<run>(?:\s+(?:of|the|and|for|{_CAP}|[A-Z]{{2,}}|\([A-Z]{{2,}}\)))*?)"
    rf"(?P<comma>,)?\s+(?P<name>{_NAME}(?:\s+{_NAME}){{1,2}})(?=[\s,.;:)]|$)(?!\s+(?:of|{_CAP}))"
)
# "Erik Sand, President of Westland"
_NAME_FIRST = re.compile(
    rf"(?P<name>{_NAME}(?:\s+{_NAME}){{1,2}}),\s+(?:the\s+)?(?P<title>{_TITLE})"
    rf"(?P<run>(?:\s+(?:of|the|and|for|{_CAP}|[A-Z]{{2,}}))*)"
)
# "said Anna Holm" / "Anna Holm noted"
_NAME_CUE = re.compile(
    rf"(?:\b{VERB}\s+(?P<after>{_NAME}(?:\s+{_NAME}){{1,2}}))"
    rf"|(?P<before>{_NAME}\s+{_NAME}(?:\s+{_NAME})?)\s+{ADVERB}{VERB}\b"
)
_ANY_TITLE = re.compile(_TITLE)
_TITLE_SET = frozenset(TITLE_HEADS)
_WORDS_BEFORE = re.compile(rf"(?:{_CAP}\s+){{0,2}}$")
"""Capitalised words before an adjective: "United" in "the United States President"."""
"""A cheap first look: the two patterns above cannot match a text without a title."""
_NOT_NAME_WORDS = frozenset(
    "The A An In On At Then When After Before During Since This That These Those It "
    "Republic Ministry Office Government Council Committee Forces Company Day Year".split()
)
_HONORIFICS = frozenset(
    "Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Madam Sir Professor Prof. Academician Engineer Analyst "
    "Economist Expert Journalist Correspondent Doctor Teacher Student Farmer Officer Colonel "
    "General Captain Major Lieutenant Sergeant Judge Bishop Reverend Rabbi Imam Coach Architect "
    "Lawyer Historian Scientist Researcher Businessman Businesswoman Entrepreneur Activist".split()
)
"""Words that stand before a name without being part of it."""
_TITLE_WORDS = frozenset(w for t in TITLE_HEADS for w in t.split()) | _HONORIFICS


@cache
def _clean_name(name: str) -> str | None:
    """A person's name from a capitalised run: leading titles and countries dropped ("Russia
    Vladimir Putin" in "President of Russia Vladimir Putin"); two words at least."""
    tokens = name.split()
    while tokens and (tokens[0] in _TITLE_WORDS or country_forms(tokens[0])):
        tokens.pop(0)
    if len(tokens) < 2 or any(t in _NOT_NAME_WORDS or t in _TITLE_WORDS for t in tokens):
        return None
    return " ".join(tokens)


@dataclass
class _Learned:
    name: str
    roles: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)


_SUFFIX_RULES = (
    ("istan", ""),
    ("stan", ""),
    ("ia", "ian"),
    ("a", "an"),
    ("y", "ian"),
    ("e", "ian"),
)
"""How English usually derives a people's name from a country's, for countries the table does
not know (a made-up or misspelt one): Westonia → Westonian, Norbia → Norbian."""


def demonyms(country: str) -> list[str]:
    """'Uzbekistan' → 'Uzbek', 'Belarus' → 'Belarusian': how English names a country and its
    people, so "the Uzbek leader" can be matched to a learned title (see countries.py)."""
    known = country_forms(country)
    if known:
        return sorted(known - {country})
    for suffix, replacement in _SUFFIX_RULES:
        if country.endswith(suffix) and len(country) > len(suffix) + 2:
            return [country[: len(country) - len(suffix)] + replacement]
    return [country + "ian"]


@cache
def _country_roles(country: str, title: str) -> tuple[str, ...]:
    """'Belarus', 'President' → Belarus President, the Belarusian leader, … for every way of
    writing the country: the press names a leader by any of them."""
    roles: list[str] = []
    head = title.lower()
    for people in (country, *demonyms(country)):
        roles.append(f"{people} {head}")
        if head in _LEADER_HEADS:
            roles.append(f"{people} leader")
        if head in _STATE_HEADS:
            roles.append(f"{people} head of state")
    return tuple(roles)


def _adjective(words: str) -> str:
    """The country in a run of capitalised words before a title ("the United States President"),
    else its last word ("European Commission President" → "Commission")."""
    parts = re.sub(r"['’]s\b", "", words).split()
    for k in range(len(parts)):
        if country_forms(" ".join(parts[k:])):
            return " ".join(parts[k:])
    return parts[-1]


def _roles_from(adj: str | None, title: str, run: str) -> list[str]:
    run = " ".join(run.split()).strip()
    roles: list[str] = []
    full = f"{title} {run}".strip()
    if run.startswith("of "):
        roles.append(full)
        country = run[3:].removeprefix("the ").strip()
        if title.lower() in _LEADER_HEADS and country and " " not in country:
            roles += _country_roles(country, title)
    for abbreviation in re.findall(r"\(([A-Z]{2,})\)", run):
        roles.append(f"{abbreviation} {title}")  # "… Ministry of External Affairs (MEA) X"
    if adj and adj not in _NOT_NAME_WORDS:
        roles.append(f"{adj} {title}")
        if country_forms(adj):
            roles += _country_roles(adj, title)
        elif title.lower() in _LEADER_HEADS:
            roles.append(f"{adj} leader")
    return list(dict.fromkeys(roles))


Introduction = tuple[str, list[str], str | None]
"""(name as written, roles, bare title) of one person an article introduces."""


def _introductions(text: str) -> list[Introduction]:
    """(name, roles, bare title) of everyone a text introduces by apposition or cue."""
    hits: list[Introduction] = []
    titled = _ANY_TITLE.search(text) is not None
    for match in _APPOSITION.finditer(text) if titled else ():
        title, run, name, adj = match["title"], match["run"], match["name"], match["adj"]
        if match["comma"] is None and run.strip() and not run.strip().startswith("of"):
            continue
        if run.split()[-1:] in (["of"], ["the"]):
            first, _, name = name.partition(" ")
            run = f"{run} {first}"
        if adj and f"{adj} {title}" in _TITLE_SET:
            adj, title = None, f"{adj} {title}"  # "Prime Minister", not a "Prime" minister
        elif adj:
            before = _WORDS_BEFORE.search(text, 0, match.start())
            adj = _adjective((before.group() if before else "") + adj)
        hits.append((name, _roles_from(adj, title, run), title))
    for match in _NAME_FIRST.finditer(text) if titled else ():
        roles = _roles_from(None, match["title"], match["run"])
        hits.append((match["name"], roles, match["title"]))
    for match in _NAME_CUE.finditer(text):
        hits.append((match["after"] or match["before"], [], None))
    return hits


def _titles_of_their_country(entry: _Learned) -> list[str]:
    """'Prime Minister Vladimir Putin' in one article and 'President of Russia Vladimir Putin'
    in another: he is also 'the Russian prime minister'. Only for a person of one country."""
    countries = {
        forms for role in entry.roles for word in role.split() if (forms := country_forms(word))
    }
    if len(countries) != 1:
        return []
    country = min(next(iter(countries)), key=len)
    return [
        role
        for title in entry.titles
        for role in _country_roles(country, title)
        if role not in entry.roles
    ]


def introductions(document: Document) -> list[Introduction]:
    """Everyone one document introduces (the per-document half of learning people; the
    other, :func:`people_from`, merges them across documents)."""
    body = [p.text for p in document.paragraphs]
    # A headline may be in title case ("Chinese President Visits Kazakhstan"), where capitals
    # do not end a name: a name it teaches must stand in the body too.
    hits = [hit for hit in _introductions(document.title) if any(hit[0] in t for t in body)]
    hits += [hit for text in body for hit in _introductions(text)]
    hits += [(name, [], None) for name in label_names([document])]
    return hits


def people_from(
    found: Sequence[Sequence[Introduction]], registry: Sequence[Person]
) -> list[Person]:
    """People from every document's introductions, in document order, joined with the
    registry: the cross-document half, which must see them all."""
    known = Lexicon(registry)
    learned: dict[str, _Learned] = {}
    for hits in found:
        for raw, roles, title in hits:
            name = _clean_name(raw)
            if name is None:
                continue
            entry = learned.get(name) or learned.setdefault(name, _Learned(name))
            entry.roles.extend(r for r in roles if r not in entry.roles)
            if title and title not in _GENERIC_HEADS and title not in entry.titles:
                entry.titles.append(title)
    people: list[Person] = []
    for entry in learned.values():
        entry.roles += _titles_of_their_country(entry)
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
                titles=tuple(entry.titles),
                learned=True,
            )
        )
    return merge_spellings(merge_people(registry, people))


_ROLE_HEAD = re.compile(
    rf"(?:the\s+)?(?:{_CAP}\s+)??(?P<head>"
    + "|".join(re.escape(h) for h in TITLE_HEADS if h not in _GENERIC_HEADS)
    + r")\b"
)
"""A role's head title: "Minister" in "the Uzbek Minister of Energy" (a longer title first:
"Prime Minister", not a "Prime" minister)."""


@cache
def _head(role: str) -> str | None:
    match = _ROLE_HEAD.match(role)
    return match["head"].lower() if match else None


def bare_heads(people: Sequence[Person]) -> dict[str, set[str]]:
    """'the minister' → everyone whose title has that head (resolved per document); a
    president or monarch is also 'the head of state'."""
    owners: dict[str, set[str]] = {}
    for person in people:
        for role in (*person.roles, *person.titles):
            head = _head(role)
            if head is not None:
                owners.setdefault(head, set()).add(person.id)
                if head in _STATE_HEADS:
                    owners.setdefault("head of state", set()).add(person.id)
    return owners
