"""Who is a person comes from the text: everyone an article names with a title of any kind,
sets in apposition, makes the subject of a speech act or labels a transcript turn with.

"Northian State Councillor Tarn Vell" teaches the person Tarn Vell with the roles "Northian
State Councilor", "State Councilor", "the Chinese councillor"; "Tarn Vell, the
president-elect of Westland," teaches his role from the apposition after the name; "said
Antonov" makes Antonov a speaker when the article names Anatoly Antonov. A word of a name the
article uses alone ("Yang said", "Moon told", "PM Phuc") becomes that person's short name, in
whichever order the family and given names stand. What is a title comes from WordNet and
nameparser (see names.py), what is a country from countryinfo.

The learned people are joined with the registry, which adds only what a text cannot tell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from visitbot.attribution.countries import country_forms
from visitbot.attribution.identity import merge_spellings
from visitbot.attribution.institutions import is_media, organisations
from visitbot.attribution.lexical import lexical, noun_lemma
from visitbot.attribution.names import (
    RELATIONAL_TITLES,
    RUN,
    is_common_word,
    is_function_word,
    is_given_name,
    is_title_word,
    pronoun_of,
    split_run,
)
from visitbot.attribution.russian_words import head_words, leads_state, lemma_key
from visitbot.attribution.seats import seat_roles
from visitbot.attribution.transcript import answer_labels, label_names
from visitbot.models import Document, Person
from visitbot.speakers import Lexicon, merge_people, person_id
from visitbot.text import sentence_spans


class Introduction(NamedTuple):
    """One person as one document introduces them (stored with the index as a JSON list)."""

    name: str
    roles: list[str]
    titles: list[str]
    aliases: list[str]
    pronoun: str | None
    institution: bool = False


_CONNECTOR = r"(?:of|the|for|to|and|on|in)"
_TITLE_BEFORE = re.compile(
    rf"(?:(?:[A-Z][\w’'`.-]*|{_CONNECTOR})[ \u00a0])*(?:[A-Z][\w’'`.-]*|{_CONNECTOR}),?[ \u00a0]$"
)
"""Capitalised words and connectors right before a name ("President of the Republic of …",
"Minister for Foreign Affairs, ")."""
_LOWER_TITLE_BEFORE = re.compile(r"(?:\b[a-z][a-z-]*[ \u00a0]){1,3}(?:,[ \u00a0])?$")
"""Lower-case title words right before a name ("spokesman Li Wei", "chief press
secretary, Lina Odo")."""
_CAPITALS_BEFORE = re.compile(r"(?<![\w’'.-])(?:[A-Z][\w’'.-]*[ \u00a0]){1,3}$")
"""Capitalised words before a lower-case title: its country, when they name one."""
_OF_BEFORE = re.compile(r"\bof\s+$")
_APPOSITION_AFTER = re.compile(
    r"^,[ \u00a0](?:(?:the|a|an)[ \u00a0])?(?P<phrase>[^,.;:()“”\"«»]{2,80}?)(?=[,.;:)]|$)"
)
"""', the president-elect of Guinea Bissau,' after a name."""
_WORD = re.compile(r"[\w’'.-]+")
_POSSESSIVE = re.compile(r"[’']s\b")
_SENTENCE_OPENERS = "“\"«„‘'([–—-– "
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_TITLE_OF = re.compile(
    r"((?:[A-Z][\w’'-]*[ \u00a0](?:(?:of|for|and|the)[ \u00a0])*)+)(?:of|for)[ \u00a0]$"
)
"""Capitalised words before a name's 'of' ('President of', 'Minister of Trade of'): a title
whose place the run after 'of' opens with."""
MAX_NAME_WORDS = 5
"""A longer capitalised run is a heading or a list of names, never one person."""
ASIDE_WORDS = 4


def _sentence_starts(text: str) -> set[int]:
    """Offsets where a sentence's first word starts (after opening marks or a dash)."""
    starts: set[int] = set()
    for start, _ in sentence_spans(text):
        k = start
        while k < len(text) and text[k] in _SENTENCE_OPENERS:
            k += 1
        starts.add(k)
    return starts


def _words_after(text: str, pos: int, count: int) -> list[str]:
    return _WORD.findall(text[pos : pos + 12 * count])[:count]


def speech_verb_after(text: str, pos: int) -> bool:
    """Whether a speech act follows a name at pos ("Rice said", "Moon, in turn, told", "Xi has
    also stressed", "Enciso was quoted as saying")."""
    rest = text[pos:]
    aside = re.match(r"^,[ \u00a0](?:[a-z]+[ \u00a0]){0,3}[a-z]+,", rest)
    if aside:
        rest = rest[aside.end() :]
    speech = lexical().speech | lexical().clausal
    for word in _WORD.findall(rest[:80])[:4]:
        lowered = word.lower().rstrip(".")  # "…,” Holm said."
        if lowered in speech:
            return True
        if not (lowered.endswith("ly") or lowered in _AUXILIARIES):
            return False
    return False


_AUXILIARIES = frozenset(
    "also has have had was is then further again once later earlier quoted as went on to "
    "would will has".split()
)
"""Words that may stand between a speaker and the speech verb ("has also said", "was quoted
as saying", "went on to say")."""


def speech_verb_before(text: str, pos: int) -> bool:
    """Whether a speech verb stands right before a name at pos ("… said Antonov", "told
    reporters … Ambassador Anatoly Antonov" is left to the attribution rules)."""
    before = _WORD.findall(text[max(0, pos - 40) : pos])
    return bool(before) and before[-1].lower().rstrip(".") in lexical().speech


@dataclass
class _Found:
    """A name and what the document says of it."""

    name: tuple[str, ...]
    roles: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    person: bool = False
    """Something other than the capitals says this is a person (a title, a speech act, a
    given name, an apposition)."""
    in_body: bool = False
    """Named in the body, not only in the headline."""
    addressed: list[str] = field(default_factory=list)
    """A one-word name with the title it stands after ("President Hu")."""
    labelled: bool = False
    """A transcript labels turns with it and a title ("PRESIDENT BUSH:"): a name even where
    it is also an ordinary word."""


def _office_word(word: str) -> bool:
    """A word of an office's name before a person ("Russian", "State", "Foreign", "Affairs",
    "of", "U.S.", "Syria’s"): titles, countries, abbreviations, connectors and ordinary words;
    not a name ("Jiechi", "Vladimir") nor a word ending a sentence ("Sobol.")."""
    bare = _POSSESSIVE.sub("", word.replace("`", "’"))
    if re.fullmatch(_CONNECTOR, bare):
        return True
    if re.fullmatch(r"(?:[A-Z]\.){2,}|[A-Z]{2,5}", bare):
        return True
    if bare.endswith(".") or is_function_word(bare):
        return False
    if is_title_word(bare) or country_forms(bare):
        return True
    return is_common_word(bare) and not is_given_name(bare)


def _possessive_or_country(word: str) -> bool:
    return bool(_POSSESSIVE.search(word.replace("`", "’"))) or bool(country_forms(word))


def _title_phrase(text: str, start: int, run_title: Sequence[str], bound: int) -> str:
    """The title before a name: the run's own title words with the office words before them
    ("Russian Ambassador to the" + "U.S."), from its first title word (or the country or
    adjective right before it); never reaching back past another name or the sentence."""
    before = _TITLE_BEFORE.search(text, max(bound, start - 120), start)
    ahead = _WORD.findall(before.group()) if before else []
    first = len(ahead)
    while first > 0 and (
        _office_word(ahead[first - 1])
        or (first > 1 and ahead[first - 2] in ("of", "for") and ahead[first - 1][:1].isupper())
    ):
        if (
            ahead[first - 1] == "and"
            and first < len(ahead)
            and _possessive_or_country(ahead[first])
        ):
            break  # "the Secretary-General and Djibouti’s Minister …": two people's titles
        first -= 1
    opens = first == 0 and before is not None and before.start() == bound and bool(ahead)
    if opens and ahead[0].lower() in lexical().adverbs:
        first = 1  # "Yesterday Chief Cabinet Secretary …": the sentence's first word
    words = ahead[first:] + list(run_title)
    while words and re.fullmatch(_CONNECTOR, words[0]):
        words = words[1:]
    head = next((i for i, w in enumerate(words) if is_title_word(w)), None)
    if head is None:
        return ""
    while head > 0 and words[head - 1][:1].isupper():
        head -= 1  # "Chinese State Councilor", "U.S. National Security Advisor"
    return " ".join(words[head:]).strip()


def _lower_title(text: str, start: int) -> str:
    """Lower-case title words right before a name ("spokesman", "chief press secretary",
    "ambassador of Laos")."""
    of = _LOWER_TITLE_OF.search(text, max(0, start - 80), start)
    if of and is_title_word(of["title"]) and country_forms(of["place"].strip()):
        return f"{of['title']} {of['prep']} {of['place'].strip()}"
    match = _LOWER_TITLE_BEFORE.search(text, max(0, start - 60), start)
    if match is None:
        return ""
    words = _WORD.findall(match.group())
    while words and not is_title_word(words[-1]):
        return ""
    first = len(words) - 1
    while first > 0 and not re.fullmatch(_CONNECTOR, words[first - 1]):
        if words[first - 1] in ("a", "an", "the", "his", "her", "its", "their"):
            break
        first -= 1
    title = " ".join(words[first:])
    at = text.rfind(title, 0, start)
    country = _CAPITALS_BEFORE.search(text, max(0, at - 40), at) if at > 0 else None
    if country and _OF_BEFORE.search(text, max(0, country.start() - 4), country.start()):
        country = None  # "press secretary of Russian leader X": the leader is another's
    if country and country_forms(country.group().strip()):
        return f"{country.group().strip()} {title}"  # "his Sri Lankan counterpart X"
    return title


_LOWER_TITLE_OF = re.compile(
    r"(?<![\w-])(?P<title>[a-z][a-z-]*)\s+(?P<prep>of|to)\s+"
    r"(?P<place>(?:[A-Z][\w’'.-]*[ \u00a0]){1,3})$"
)
"""'newly accredited ambassador of Laos Sengphet H.': a lower-case title and its country
before the name."""
_PLACE_BEFORE = re.compile(r"(?<![\w-])(?:in|at|from|near|outside|inside)\s+$")
"""A preposition of place before a run: "a forum in Vik, the President of …" names a
place, and what follows the comma is no apposition of it."""


_OWNED = re.compile(r"[’']s$")
_POSSESSOR = re.compile(r"\b(?:his|her)\s+(?:[A-Z][\w’'.-]*\s+){0,3}$")


def _counterpart_role(
    text: str, lower: str, name_start: int, bound: int, seen: Sequence[tuple[int, _Found]]
) -> str:
    """'President Sand met his Finnish counterpart Dune': Dune holds Sand's office in Finland
    ('Finnish President'), the office of the sentence's last titled person before him."""
    words = lower.split()
    if not words or words[-1].lower() not in RELATIONAL_TITLES:
        return ""
    at = text.rfind(lower, 0, name_start)
    if at < 0 or not _POSSESSOR.search(text, max(0, at - 80), at):
        return ""  # "the counterpart of …" says whose office elsewhere
    owner = next((e for s, e in reversed(seen) if bound <= s < at and e.titles), None)
    if owner is None:
        return ""
    office = next((t for t in owner.titles if t.lower() not in RELATIONAL_TITLES), "")
    return " ".join([*words[:-1], office]) if office else ""


def _apposition(text: str, end: int) -> str:
    """', the president-elect of Guinea Bissau,' → 'president-elect of Guinea Bissau' when
    its head is a title."""
    match = _APPOSITION_AFTER.match(text[end:])
    if match is None:
        return ""
    phrase = match["phrase"].strip()
    words = _WORD.findall(phrase)
    if not words or len(words) > 10 or is_function_word(words[0]):
        return ""  # "…to the White House, I have been looking forward …": a new clause
    heads = [i for i, w in enumerate(words) if is_title_word(w)]
    if not heads or any(w in ("who", "which", "that") for w in words[: heads[0]]):
        return ""
    if noun_lemma(words[heads[-1]]) != words[heads[-1]].lower().replace("-", " "):
        return ""  # "Good afternoon, ladies and gentlemen": many people, no one's title
    after = words[heads[-1] + 1 :]
    if after and after[0] not in ("of", "to", "for", "at", "in"):
        return ""  # "the Secretary-General raised …": a new clause, not an apposition
    return phrase


class _Roles:
    """Roles from one title phrase: the phrase, its head title, and the country forms."""

    def __init__(self, phrase: str) -> None:
        words = _WORD.findall(_POSSESSIVE.sub("", phrase))
        self.roles: list[str] = []
        self.titles: list[str] = []
        if not words:
            return
        heads = [i for i, w in enumerate(words) if is_title_word(w)]
        if not heads:
            return
        last = heads[-1]
        # The head title with the office words before it ("State Councilor", "Prime Minister",
        # "National Security Advisor"), without countries and honorifics.
        first = last
        while (
            first > 0
            and words[first - 1][:1].isupper()
            and (is_common_word(words[first - 1]) or is_title_word(words[first - 1]))
            and not country_forms(words[first - 1])
            and not re.fullmatch(r"[A-Z]\.(?:[A-Z]\.)+|[A-Z]{2,3}", words[first - 1])
        ):
            first -= 1
        head = " ".join(words[first : last + 1])
        honorific = len(words) == 1 and words[0].endswith(".")
        if not honorific:
            # A title alone that is also a common noun ("Head", "Chief") names nobody.
            self.titles.extend(
                t for t in dict.fromkeys((head, words[last])) if t.lower() not in _TOO_GENERIC
            )
        if len(words) > 1:
            self.roles.append(" ".join(words))  # a bare "President" is a title, not a role
        countries = [w for w in words if country_forms(w)]
        tail = " ".join(words[last + 1 :])
        for country in dict.fromkeys(countries):
            for title in (head, words[last]):
                self.roles.extend(country_roles(country, title))
        if tail.startswith(("of ", "to ")) and not countries:
            self.roles.append(f"{head} {tail}")
            place = tail[3:].removeprefix("the ").strip()
            if re.fullmatch(r"[A-Z][a-z]+", place) and not is_common_word(place):
                # "President of Westland": a place the country table does not know.
                self.roles.extend(country_roles(place, head))
        for abbreviation in re.findall(r"\(([A-Z]{2,})\)", phrase):
            self.roles.append(f"{abbreviation} {head}")
        self.roles = list(dict.fromkeys(r for r in self.roles if r))


def introductions(document: Document) -> list[Introduction]:
    """Everyone one document introduces (the per-document half of learning people; the
    other, :func:`people_from`, merges them across documents)."""
    if document.language == "ru":
        from visitbot.attribution.russian_people import introductions_ru

        return introductions_ru(document)
    found: dict[tuple[str, ...], _Found] = {}
    alone: set[str] = set()
    """Name words the document uses alone ("Yang said", "President Hu")."""
    body = [p.text for p in document.paragraphs]
    title_case = _title_case(document.title)
    # A briefing's answers ("A: …") are its headline's person's, whom the body never names.
    answered = answer_labels(document)
    texts = [(document.title, True)] + [(t, False) for t in body]
    for text, is_title in texts:
        starts = _sentence_starts(text) if not is_title else {0}
        seen: list[tuple[int, _Found]] = []  # who the text has named so far, where
        for match in RUN.finditer(text):
            words = match.group().split()
            owner = next((i for i, w in enumerate(words[:-1]) if _OWNED.search(w)), None)
            if owner is not None and not split_run(words[owner + 1 :]).name:
                # "Lu Kang's Regular Press Conference": his name; but "Finland's Prime
                # Minister Erik Sand" is a title and a name
                words = words[: owner + 1]
            if len(words) > MAX_NAME_WORDS + 4:
                continue
            opening = match.start() in starts or (is_title and title_case)
            # "President of Westland Erik Sand": after a title's "of" the run opens with a place.
            of = _TITLE_OF.search(text, max(0, match.start() - 60), match.start())
            after_of = of is not None and any(is_title_word(w) for w in of.group(1).split())
            if after_of and len(words) < 3:
                continue  # "President of Westland": the place the title is of
            split = split_run(words, sentence_start=opening, after_of=after_of)
            if not split.name or len(split.name) > MAX_NAME_WORDS:
                continue
            name_start = match.start() + len(" ".join(words[: len(words) - len(split.name)]))
            if len(split.name) < len(words):
                name_start += 1
            if len(split.name) == 1 and not is_title:
                alone.add(split.name[0])
            entry = found.setdefault(split.name, _Found(split.name))
            if len(split.name) == 1 and split.title and is_title_word(split.title[-1]):
                # "President Hu", "PM Phuc", "Mr. Ban": the short name with its title is a
                # form of its own (the short name alone may be a pronoun: "He" of Lin He).
                addressed = f"{split.title[-1]} {split.name[0]}"
                if addressed not in entry.addressed:
                    entry.addressed.append(addressed)
            entry.in_body = entry.in_body or not is_title
            bound = max((k for k in starts if k <= match.start()), default=0)
            phrase = _title_phrase(text, match.start(), split.title, bound)
            # "Minister for Foreign Affairs, Lina Odo," is an apposition only when the
            # name is set off on both sides ("…, Kazinform cites" is not).
            comma_before = text[: match.start()].rstrip().endswith(",")
            if phrase and not split.title and comma_before:
                phrase = phrase if re.match(r"[,.;:)]|\s*$", text[match.end() :]) else ""
            lower = "" if phrase else _lower_title(text, name_start)
            placed = _PLACE_BEFORE.search(text, max(0, match.start() - 12), match.start())
            after = "" if placed else _apposition(text, match.end())
            shared = _counterpart_role(text, lower, name_start, bound, seen)
            seen.append((match.start(), entry))
            for source in (phrase, lower, after, shared):
                if source:
                    roles = _Roles(source)
                    entry.roles.extend(r for r in roles.roles if r not in entry.roles)
                    entry.titles.extend(t for t in roles.titles if t not in entry.titles)
                    entry.person = True
            if (
                len(split.name) > 1
                and not is_media(split.name)
                and (
                    speech_verb_after(text, match.end())
                    or speech_verb_before(text, match.start())
                    or is_given_name(split.name[0])
                )
            ):
                entry.person = True
    for label in label_names([document]):
        split = split_run(label.split())
        name = split.name
        if name:
            entry = found.setdefault(name, _Found(name))
            entry.person = entry.in_body = True
            if split.title and is_title_word(split.title[-1]):
                entry.labelled = True
                entry.titles.extend(t for t in split.title[-1:] if t not in entry.titles)
    out: list[Introduction] = [
        Introduction(name, [], titles, aliases, None, institution=True)
        for name, aliases, titles in organisations([document.title, *body])
    ]
    full_names = [n for n, e in found.items() if e.person and len(n) > 1]
    for name, entry in found.items():
        if not entry.person:
            continue
        if len(name) == 1:
            # A name of one word is a person of its own only when no longer name holds it
            # ("President Obama" in a transcript; "Mr. Ban" joins "Ban Ki-moon").
            common = is_common_word(name[0]) and not entry.labelled
            if any(name[0] in longer for longer in full_names) or common:
                continue
            if not entry.titles:
                continue
        written = " ".join(name)
        if not entry.in_body and not (set(name) & alone) and not (answered and entry.titles):
            continue  # a headline's name the body never uses
        aliases = sorted(
            w
            for w in {w for w in name if w in alone} | ({name[-1]} if len(name) > 1 else set())
            if not _pronoun_like(w)
        )
        out.append(Introduction(written, entry.roles, entry.titles, aliases, pronoun_of(name)))
    # Titles of a one-word name reach the longer name that holds it ("PM Phuc" → Nguyen Xuan
    # Phuc is the PM).
    for name, entry in found.items():
        if len(name) != 1 or not (entry.titles or entry.addressed):
            continue
        owners = [
            i
            for i, intro in enumerate(out)
            if name[0] in intro.name.split()[1:]
            or (name[0] == intro.name.split()[0] and len(intro.name.split()) > 1)
        ]
        if len(owners) == 1:
            intro = out[owners[0]]
            intro.roles.extend(r for r in (*entry.roles, *entry.addressed) if r not in intro.roles)
            intro.titles.extend(t for t in entry.titles if t not in intro.titles)
    return out


SHORT_ALIAS = 2
"""A name word this short that is also a function word ("He" of Lin He, "Bo") is never a
short name alone: the lexicon matches without case, and "he said" would become Lin He."""


def _pronoun_like(word: str) -> bool:
    return len(word) <= SHORT_ALIAS and is_function_word(word)


def _title_case(title: str) -> bool:
    """Whether a headline capitalises its words ("Chinese President Visits Kazakhstan"):
    there capitals do not mark names."""
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", title) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


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
def country_roles(country: str, title: str) -> tuple[str, ...]:
    """'Belarus', 'President' → Belarus President, the Belarusian leader, … for every way of
    writing the country: the press names a leader by any of them."""
    roles: list[str] = []
    head = title.lower()
    bare = noun_lemma(title.split()[-1])
    for people in (country, *demonyms(country)):
        roles.append(f"{people} {head}")
        if bare in lexical().leaders:
            roles.append(f"{people} leader")
        if bare in lexical().state_heads:
            roles.append(f"{people} head of state")
    return tuple(roles)


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
        for role in country_roles(country, title)
        if role not in entry.roles
    ]


@dataclass
class _Learned:
    name: str
    roles: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    pronoun: str | None = None
    institution: bool = False


def people_from(
    found: Sequence[Sequence[Introduction]], registry: Sequence[Person]
) -> list[Person]:
    """People from every document's introductions, in document order, joined with the
    registry: the cross-document half, which must see them all."""
    known = Lexicon(registry)
    learned: dict[str, _Learned] = {}
    inflected: dict[str, str] = {}
    """A Russian name's lemmas → the name as first learned ("Владимира Путина" is "Владимир
    Путин"); the shortest way it is written becomes its name (case endings add letters)."""
    for hits in found:
        for raw in hits:
            name, roles, titles, aliases, pronoun, institution = Introduction(*raw)
            if _CYRILLIC.search(name):
                key = " ".join(lemma_key(w) for w in name.split())
                known_as = inflected.setdefault(key, name)
                if len(name) < len(known_as):
                    learned[name] = learned.pop(known_as, _Learned(name))
                    learned[name].name = name
                    inflected[key] = name
                else:
                    name = known_as
            entry = learned.get(name) or learned.setdefault(name, _Learned(name))
            entry.institution = entry.institution or institution
            entry.roles.extend(r for r in roles if r not in entry.roles)
            entry.titles.extend(t for t in titles if t not in entry.titles)
            entry.aliases.extend(a for a in aliases if a not in entry.aliases)
            entry.pronoun = entry.pronoun or pronoun
    # A one-word name that is a word of exactly one longer name is that person.
    longer: dict[str, list[str]] = {}
    for name in learned:
        words = name.split()
        if len(words) > 1 and not learned[name].institution:
            for word in words:
                longer.setdefault(word, []).append(name)
    for name in list(learned):
        if " " in name or learned[name].institution:
            continue
        owners = longer.get(name, [])
        if len(owners) == 1:
            single, target = learned.pop(name), learned[owners[0]]
            target.roles.extend(r for r in single.roles if r not in target.roles)
            target.titles.extend(t for t in single.titles if t not in target.titles)
            if name not in target.aliases:
                target.aliases.append(name)
        elif owners:
            del learned[name]  # "Aliyev" when two Aliyevs are named: the text must say which
    for name in list(learned):
        words = name.split()
        if name not in learned or learned[name].institution:
            continue
        shorter = next(
            (" ".join(words[k:]) for k in range(1, len(words)) if " ".join(words[k:]) in learned),
            None,
        )
        if shorter is not None and " " in shorter and not learned[shorter].institution:
            if is_given_name(words[0]):
                # "Holm Vell" is Anna Holm Vell without her given name.
                extra, target = learned.pop(shorter), learned[name]
                target.aliases.extend(
                    a for a in (shorter, *extra.aliases) if a not in target.aliases
                )
            else:
                # "Northia Tarn Vell" is Tarn Vell with a word too many.
                extra, target = learned.pop(name), learned[shorter]
            target.roles.extend(r for r in extra.roles if r not in target.roles)
            target.titles.extend(t for t in extra.titles if t not in target.titles)
    people: list[Person] = []
    for entry in learned.values():
        entry.roles += _titles_of_their_country(entry)
        whole = [m for m in known.find(entry.name) if m.end - m.start == len(entry.name)]
        people.append(
            Person(
                id=whole[0].person if whole else person_id(entry.name),
                name=entry.name,
                aliases=tuple(entry.aliases),
                roles=tuple(entry.roles),
                titles=tuple(entry.titles),
                pronoun=entry.pronoun,
                learned=True,
                institution=entry.institution,
            )
        )
    merged = merge_spellings(merge_people(registry, people))
    return [_with_seats(p) for p in merged]


def _with_seats(person: Person) -> Person:
    """A person with the seats of power that stand for their office ("the Kremlin")."""
    extra = [s for s in seat_roles(person) if s not in person.roles]
    return person.model_copy(update={"roles": (*person.roles, *extra)}) if extra else person


def role_heads(role: str) -> list[str]:
    """The bare titles a role gives ("the Uzbek Minister of Energy" → "minister"; "Prime
    Minister of Westland" → "prime minister", "minister"), with their WordNet synonyms
    ("prime minister" → "premier", "pm")."""
    words = _WORD.findall(_POSSESSIVE.sub("", role))
    heads: list[str] = []
    # The head of a title is its last title word before any "of …" ("State Great Khural
    # Chairman" → chairman; "Minister for Foreign Affairs" → minister).
    cut = next((i for i, w in enumerate(words) if w in ("of", "for", "to") and i), len(words))
    titled = [i for i, w in enumerate(words[:cut]) if is_title_word(w) and not w.endswith(".")]
    for i in titled[-1:]:
        word = words[i]
        lemma = noun_lemma(word)
        if i and noun_lemma(f"{words[i - 1]} {word}") in lexical().person_nouns:
            heads.append(noun_lemma(f"{words[i - 1]} {word}"))
        heads.append(lemma)
    synonyms = lexical().title_synonyms
    for head in list(heads):
        heads.extend(s for s in synonyms.get(head, ()) if " " in s or len(s) > 2 or s == "pm")
    return list(dict.fromkeys(heads))


def bare_heads(people: Sequence[Person]) -> dict[str, set[str]]:
    """'the minister' → everyone whose title has that head (resolved per document); a head of
    state (WordNet: a president, king, emir …) is also 'the head of state', and in Russian
    'глава', 'лидер' (see russian_words.head_words)."""
    owners: dict[str, set[str]] = {}
    for person in people:
        if person.institution:
            for title in person.titles:  # "the ministry"
                owners.setdefault(title, set()).add(person.id)
            continue
        for role in (*person.roles, *person.titles):
            for head in role_heads(role):
                if head in _TOO_GENERIC:
                    continue
                owners.setdefault(head, set()).add(person.id)
                if head in lexical().state_heads:
                    owners.setdefault("head of state", set()).add(person.id)
        if any(leads_state(title) for title in person.titles):
            for word in head_words():  # "глава", "лидер" (resolved by place or salience)
                owners.setdefault(word, set()).add(person.id)
    return owners


_TOO_GENERIC = frozenset({"head", "chief", "director", "secretary", "leader", "member", "official"})
"""Titles that are also ordinary nouns ("the head of the guard", "a senior official"): never a
reference to one person alone."""
