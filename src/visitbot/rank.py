"""Ranking: which paragraphs, and which statement or narrative in them, best match a question.

Every unit is scored by how much of the question's weight its words cover (rare words weigh
more, typos and plain synonyms count a little less, words the corpus never uses count against),
plus a little for words in the question's order. In a large corpus a BM25 candidate stage over
the inverted index picks the paragraphs worth that precise scoring.
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from operator import mul

import numpy as np

from visitbot import cyrillic
from visitbot.index import Index
from visitbot.layout import STATEMENT, Region
from visitbot.models import Intent
from visitbot.query import ROLE_NOUNS, SPEECH_VERBS, Query
from visitbot.text import words

TERM_CACHE = 50_000
"""Question words whose corpus matches are remembered (all forgotten when full)."""
CANDIDATES = 40
"""Paragraphs the BM25 stage hands to precise scoring in a large corpus."""
COMMON_SHARE = 0.05
"""A word in more than this share of paragraphs is common: it does not pick candidates."""
COMMON_PICKERS = 2
"""Terms that pick candidates in a question of common words only: the least common ones."""
PHRASE = 1.0
"""Weight of a question's neighbouring words found side by side, per unit of rarity."""
PHRASE_VARIANTS = 3
"""Spellings of a typo'd word tried in phrases."""
RERANK_ALL = 400
"""Up to this many paragraphs every one is scored precisely (no candidate stage)."""
NARRATIVE_IN_WHO = 0.9
MENTION_MATCH = 0.9
"""A word of a person's name, in a paragraph that names them otherwise ("the Prime Minister"):
as sure as another form of the word."""
CONTEXT_WEIGHT = 0.3
"""Weight of a circumstance's words against the words said (as for role nouns: they help
place the passage, they do not make it)."""
UNTRANSLATED_WEIGHT = 0.3
"""Weight of a question word that has no translation in the sources' language (no document is
in the question's): the dictionary's gap, not the sources', so it counts against a passage
only as much as a circumstance does."""
PARAPHRASE = 0.8
"""Matches this weak or weaker stand for a question word by meaning (related words, the
hand-kept synonyms, word vectors), not by form."""
ANSWER_TYPE = 0.15
"""Added to a passage that has what a "where", "when" or "how many/long" question asks for (a
place, a date, a number, a length of time): the rest of the question only names the event it
is about."""
_TITLE_CONTEXT = 0.5
DOCUMENT_CONTEXT = _TITLE_CONTEXT
"""A question word found elsewhere in a paragraph's document counts there as a title word
does: it sets the scene (see :meth:`Ranker._document_matches`)."""
REFERRED = 0.5
"""What a Russian paragraph that opens by pointing back ("По его словам, …", "Об этом она
заявила …", "Подробностей этой парадигмы …") takes of the words of the paragraph before it,
whose subject it goes on with: as much as of its document's title (:data:`_TITLE_CONTEXT`),
the scene it is set in."""
_POINTING_BACK = re.compile(
    r"\b(?:эт(?:от|ого|ому|им|ом|а|ой|ою|у|о|и|их|ими)|он|она|они|его|ее|её|их|ему|ей|им)\b",
    re.IGNORECASE,
)
"""A Russian demonstrative ("этот" in every form) or third-person pronoun."""
_SENTENCE_END = re.compile(r"[.!?…]\s")
_HOST = re.compile(r"^[a-z]+://([^/:?#]+)", re.IGNORECASE)
"""A web address's host ("en.trend.az"), whose words name the outlet."""
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|dozens?|twice|thrice|once|half|several)\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    rf"(?:{_NUMBER.pattern})[\w.,]*[\s-]+(?:minute|hour|day|week|month|year|decade)s?\b|"
    r"\b(?:all\s+day|overnight|an?\s+(?:minute|hour|day|week|month|year|decade))\b",
    re.IGNORECASE,
)
"""A length of time: "50-minute", "three hours", "two days", "an hour"."""


@cache
def _calendar(languages: frozenset[str]) -> str:
    """Every month and weekday name, as one regular-expression alternation: in English
    (capitalised: "May", not "may") and, for a corpus with Russian documents, in Russian (in
    lower case too: "июля", "четверг"): every form CLDR has, through Babel, whose locale data is
    read only for the languages a corpus has."""
    from babel import Locale

    names: set[str] = {"yesterday", "вчера"}
    for code in sorted(languages & {"en", "ru"} | {"en"}):
        locale = Locale.parse(code)
        for table in (locale.months, locale.days):
            for context in ("format", "stand-alone"):
                for name in map(str, table[context]["wide"].values()):
                    names.add(name[:1].upper() + name[1:])
                    if code == "ru":
                        names.add(name.lower())
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@cache
def _when(languages: frozenset[str]) -> re.Pattern[str]:
    """A passage that says when: a month, a weekday or a year (a dateline, "on Thursday",
    "3 июля", "в четверг")."""
    return re.compile(rf"\b(?:{_calendar(languages)})\b|\b(?:1[89]|20)\d\d\b")


@cache
def _place(languages: frozenset[str]) -> re.Pattern[str]:
    """A passage that says where: "at the Akorda", "in Astana", "from Bahrain", "в Синем
    дворце", "на Аляске", "из Пекина"; a month or weekday after the preposition says when
    ("in May 2017", "в четверг"), not where."""
    return re.compile(
        rf"\b(?:at|in|from|в|во|на|из)\s+(?:the\s+)?(?!(?:{_calendar(languages)})\b)"
        r"[A-ZА-ЯЁ][\w’'-]+"
    )


@cache
def _dateline(languages: frozenset[str]) -> re.Pattern[str]:
    """A report's dateline, which says where it was written: a place in capitals ("ASTANA.
    KAZINFORM –", "WASHINGTON --", "MINSK, August 25."), a place and an agency ("Hanoi (VNA)
    –"), or a date and a place ("April 21, 2005, The Kremlin, Moscow")."""
    months = _calendar(languages)
    return re.compile(
        r"(?:[A-Z][A-Z’'.-]{3,}(?:\s+[A-Z][A-Z’'.-]+)*\s*(?:[,.]|\(|\s[-–—])"
        r"|[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+)*\s+\([A-Z]+\)\s*[-–—]"
        rf"|(?:(?:{months})\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{months})\s+\d{{4}}),\s+"
        r"(?:the\s+)?[A-Z])"
    )


def _context(title: list[float], mentioned: list[float] | None) -> list[float]:
    """What counts as found everywhere in a paragraph: its document's title and date, and
    the people it mentions."""
    if mentioned is None:
        return title
    return [max(pair) for pair in zip(title, mentioned, strict=True)]


def coverage(terms: Terms, hits: Hits, a: int, b: int, title: Sequence[float]) -> float:
    """Share of the question's weight found in tokens [a, b), plus a little for word order.

    Neighbouring content words (one word may stand between them) earn the order bonus, half
    of it the other way round (users misremember word order); small words ("on", "the")
    weigh nothing and only earn a sliver of it by standing exactly where the question has
    them, which breaks ties between equal matches.
    """
    if not terms.total:
        return 0.0
    positions, owners, sims = hits
    lo, hi = bisect_left(positions, a), bisect_left(positions, b)
    if lo == hi:  # nothing matches here: only the title's context counts
        context: float = sum(map(mul, terms.weights, title)) / terms.total
        return context if terms.content < 2 else 0.85 * context
    found = list(title)
    for k in range(lo, hi):
        j = owners[k]
        if sims[k] > found[j]:
            found[j] = sims[k]
    share: float = sum(map(mul, terms.weights, found)) / terms.total
    if terms.content < 2:
        return share
    order = [0.0] * (terms.content - 1)
    phrase = [False] * (len(terms) - 1)
    rank = terms.rank
    for k in range(lo, hi):
        here, first = positions[k], owners[k]
        for m in range(k + 1, hi):
            gap = positions[m] - here
            if gap > 2:
                break
            second = owners[m]
            if not gap or second == first:
                continue
            x, y = rank[first], rank[second]
            if x >= 0 and y == x + 1:
                order[x] = 1.0
            elif y >= 0 and x == y + 1 and not order[y]:
                order[y] = 0.5
            if gap == 1 and second == first + 1:
                phrase[first] = True
    bonus = sum(order) / (terms.content - 1)
    if len(terms) == terms.content:
        return 0.85 * share + 0.15 * bonus
    return 0.85 * share + 0.12 * bonus + 0.03 * sum(phrase) / (len(terms) - 1)


def _loose_bound(terms: Terms, best: list[float], title: list[float]) -> float:
    """At least :func:`coverage` of any part of a paragraph whose terms match at best so."""
    if not terms.total:
        return 0.0
    share: float = sum(map(mul, terms.weights, map(max, best, title))) / terms.total
    return share if terms.content < 2 else 0.85 * share + 0.15


Hits = tuple[list[int], list[int], list[float]]
"""A paragraph's matches of a question's terms, in text order: token positions, which term
each match is (its index), and how well it matches."""


@dataclass(frozen=True)
class Term:
    word: str
    weight: float
    matches: dict[str, float]
    glue: bool = False
    """A small word of the question: it counts only for word order (see :func:`coverage`)."""


def _inner_statements(regions: Sequence[Region]) -> list[list[tuple[int, int]]]:
    """For each region, the statements standing inside it ('“… And he suggested, ‘let's
    meet …’,” Y said': X's words inside Y's quote). A sentence there is the inner speaker's:
    it scores for their statement, not for the words around it."""
    spans = [(r.start, r.end) for r in regions if r.statement is not None]
    return [
        [
            (s, e)
            for s, e in spans
            if region.statement is not None
            and region.start <= s
            and e <= region.end
            and (s, e) != (region.start, region.end)
        ]
        for region in regions
    ]


def _own_words_first(terms: list[Term]) -> list[Term]:
    """A corpus word the question itself uses is no paraphrase of another of its words: in
    "hard work when he spoke of the difficult work", "difficult" is not also "hard"."""
    own = {t.word for t in terms if not t.glue}
    return [
        t
        if t.glue or not own & t.matches.keys() - {t.word}
        else Term(
            t.word,
            t.weight,
            {w: s for w, s in t.matches.items() if w not in own or w == t.word or s > PARAPHRASE},
            t.glue,
        )
        for t in terms
    ]


class Terms(tuple[Term, ...]):
    """A question's terms in its order, with the sums every coverage needs kept at hand."""

    def __init__(self, items: Iterable[Term] = ()) -> None:
        self.weights = [0.0 if t.glue else t.weight for t in self]
        self.total = sum(self.weights)
        self.rank: list[int] = []
        """Each term's place among the content words (-1 for a small word)."""
        self.content = 0
        for term in self:
            self.rank.append(-1 if term.glue else self.content)
            self.content += not term.glue


@dataclass(frozen=True)
class Scored:
    score: float
    document: int
    paragraph: int
    region: Region
    relevance: float = 0.0
    """BM25 of the paragraph: orders paragraphs whose scores tie."""
    hits: Hits | None = None
    title: tuple[float, ...] = ()


def _typed(query: Query) -> bool:
    """Whether the question asks for a kind of answer a passage either has or lacks: a place
    ("where …"), a number ("how many/long …") or a date ("when …"); a passage with it gains
    :data:`ANSWER_TYPE`, so its bound does too."""
    return query.where or query.quantity or query.intent is Intent.DATE


def _narrative_factor(query: Query) -> float:
    """How much narrative text counts: not at all for a speaker's words, a little less than
    a statement for "who said …" (the report's own words name nobody as the speaker)."""
    if query.intent is Intent.SPEAKER:
        return 0.0
    return NARRATIVE_IN_WHO if query.intent is Intent.WHO and query.speech_verb else 1.0


class Ranker:
    def __init__(self, index: Index) -> None:
        self.index = index
        self._terms: dict[str, Term] = {}
        self._positions: dict[str, int] | None = None
        """People's positions by id (made when a question first names someone by role)."""
        self._sources: dict[str, list[int]] | None = None
        """Documents by the words of their source and web address (made when a question
        first cites an outlet)."""

    # --- scoring -------------------------------------------------------------------------------

    def terms(
        self,
        question_words: Iterable[str],
        sequence: Sequence[str] = (),
        context: Collection[str] = (),
        language: str = "en",
        scale: Mapping[str, float] | None = None,
    ) -> Terms:
        """Each distinct question word with its corpus matches and weight (remembered: the
        same words come back in question after question), in the order of ``sequence`` (the
        question's words, small ones included) where given. ``language``: the question's;
        where no document is in it, a word with no translation weighs little (see
        :data:`UNTRANSLATED_WEIGHT`). ``scale``: words weighing more or less than their
        rarity says (see :attr:`visitbot.query.Query.scale`)."""
        foreign = language not in self.index.languages
        content = list(dict.fromkeys(question_words))
        wanted = set(content)
        ordered = [w for w in dict.fromkeys(sequence) if w not in ROLE_NOUNS or w in wanted]
        out: list[Term] = []
        for word in [*ordered, *(w for w in content if w not in ordered)]:
            if word not in wanted:
                glue = word in self.index.word_id
                out.append(Term(word, 0.0, {word: 1.0} if glue else {}, glue=True))
                continue
            term = self._terms.get(word)
            if term is None:
                matches = self.index.expand(word)
                weight = (
                    max(self.index.weight(m) for m in matches)
                    if matches
                    else self.index.unknown_weight
                )
                speech = word in SPEECH_VERBS or word in self.index.speech_verbs
                if not matches and (speech or cyrillic.speech_verb(word)):
                    weight = 0.0  # "who quipped …": a verb the corpus lacks says nothing
                term = Term(word, weight * (0.3 if word in ROLE_NOUNS else 1.0), matches)
                if len(self._terms) >= TERM_CACHE:
                    self._terms.clear()  # atomic, so worker threads may share the cache
                self._terms[word] = term
            if word in context:
                term = Term(term.word, CONTEXT_WEIGHT * term.weight, term.matches)
            if foreign and not term.matches:
                term = Term(term.word, UNTRANSLATED_WEIGHT * term.weight, term.matches)
            if scale and word in scale and (scale[word] <= 1 or term.matches):
                # (a word stressed that the corpus never uses names nothing an answer has)
                term = Term(term.word, scale[word] * term.weight, term.matches)
            out.append(term)
        return Terms(_own_words_first(out))

    def rank(self, query: Query, terms: Terms, top: int) -> list[Scored]:
        """The ``top`` best paragraphs, each by its best region, best first.

        A paragraph's whole-text coverage bounds every region's score in it, so paragraphs
        are scored in order of that bound and the search stops once no bound can win.
        """
        index = self.index
        narrative = _narrative_factor(query)
        lookup: dict[int, list[tuple[int, float]]] = {}
        for j, term in enumerate(terms):
            for word, sim in term.matches.items():
                word_id = index.word_id.get(word)
                if word_id is not None:
                    lookup.setdefault(word_id, []).append((j, sim))
        pool, relevance = self._pool(query, terms)
        glue = frozenset(j for j, term in enumerate(terms) if term.glue)
        found, best_sims = self._hits(pool, lookup, len(terms), glue)
        # The title sets the scene ("… held talks …"): it helps place and time questions
        # find the passage that says where or when, and a Russian question about the event
        # the paragraph that tells it without naming who or where again (a Russian report's
        # paragraphs lean on the title's subject: "гость", "глава государства", or none).
        about_event = query.intent is Intent.GENERAL and query.language != "en"
        titles = (
            self._title_matches(terms)
            if query.where or about_event or query.report or query.intent is Intent.DATE
            else {}
        )
        for d, sims in self._date_matches(terms).items():
            titles[d] = [max(pair) for pair in zip(titles.get(d, sims), sims, strict=True)]
        for d, sims in self._source_matches(terms, query.cited).items():
            titles[d] = [max(pair) for pair in zip(titles.get(d, sims), sims, strict=True)]
        # The report around a paragraph sets its scene too, for a paragraph that has words of
        # the question itself (one without any can only tell the scene again).
        scenes = dict(titles)
        for d, sims in self._document_matches(pool, best_sims, len(terms)).items():
            known = titles.get(d)
            scenes[d] = sims if known is None else [max(p) for p in zip(known, sims, strict=True)]
        no_title = [0.0] * len(terms)
        mentioned = self._mention_matches(terms, pool, dict(query.named))
        for g, sims in self._referred(terms, pool, lookup, glue).items():
            floor = mentioned.get(g, sims)
            mentioned[g] = [max(pair) for pair in zip(floor, sims, strict=True)]
        # Best first by bound: a cheap bound (every word's best match, perfect word order)
        # is made exact (the whole paragraph's coverage) only when it comes to the top.
        heap: list[tuple[float, float, int, bool, int]] = []
        typed = _typed(query)
        for i, (g, bm25, sims) in enumerate(zip(pool, relevance, best_sims, strict=True)):
            scene = scenes if found[i][0] else titles
            title = _context(scene.get(int(index.para_doc[g]), no_title), mentioned.get(g))
            if found[i][0] or any(title):
                loose = _loose_bound(terms, sims, title)
                bound = min(1.0, loose + ANSWER_TYPE) if typed else loose
                heap.append((-bound, -bm25, g, False, i))
        heapq.heapify(heap)
        wholes: dict[int, float] = {}  # whole-paragraph coverage, once, when made exact
        ranked: list[Scored] = []
        while heap:
            negative_bound, negative_bm25, g, exact, i = heap[0]
            bm25 = -negative_bm25
            if len(ranked) >= top:
                last = ranked[top - 1]
                last_g = index.paragraph_id(last.document, last.paragraph)
                if -negative_bound < last.score or (
                    -negative_bound == last.score and (-bm25, g) >= (-last.relevance, last_g)
                ):
                    break  # the rest can at best tie and would sort after the last kept
            heapq.heappop(heap)
            d = int(index.para_doc[g])
            hits = found[i]
            title = _context((scenes if hits[0] else titles).get(d, no_title), mentioned.get(g))
            if not exact:
                size = int(index.para_tokens[g + 1] - index.para_tokens[g])
                wholes[i] = whole = coverage(terms, hits, 0, size, title)
                bound = min(1.0, whole + ANSWER_TYPE) if typed else whole
                heapq.heappush(heap, (-bound, negative_bm25, g, True, i))
                continue
            whole = wholes[i]
            best = self._best_region(query, terms, g, d, hits, title, whole, narrative)
            if best is not None:
                ranked.append(
                    Scored(
                        best.score,
                        best.document,
                        best.paragraph,
                        best.region,
                        bm25,
                        hits,
                        tuple(title),
                    )
                )
                ranked.sort(key=lambda s: (-s.score, -s.relevance, s.document, s.paragraph))
        return ranked[:top]

    def names_a_place(self, query: Query, found: Scored) -> bool:
        """Whether the words taken for a speaker's name stand in the found paragraph, where
        they name something else (a town called like a person). Only then may a search for
        "<name> <words>" show passages that are not that person's words."""
        index = self.index
        name = set(query.keywords) - set(query.terms)
        ids = {index.word_id[w] for w in name if w in index.word_id}
        g = index.paragraph_id(found.document, found.paragraph)
        return bool(ids & set(index.paragraph_token_ids(g)))

    def _hits(
        self,
        pool: Sequence[int],
        lookup: dict[int, list[tuple[int, float]]],
        count: int,
        glue: frozenset[int],
    ) -> tuple[list[Hits], list[list[float]]]:
        """Per paragraph of the pool: its matches of the question's terms in text order, and
        each term's best match.

        One vectorised pass finds the matching tokens of every paragraph at once; Python
        only touches the matches.
        """
        index = self.index
        out: list[Hits] = [([], [], []) for _ in pool]
        best = [[0.0] * count for _ in pool]
        if not pool or not lookup:
            return out, best
        ids = np.asarray(pool, dtype=np.int64)
        starts = index.para_tokens[ids]
        lengths = index.para_tokens[ids + 1] - starts
        offsets = np.concatenate(([0], np.cumsum(lengths)))
        flat = np.repeat(starts - offsets[:-1], lengths) + np.arange(int(offsets[-1]))
        tokens = index.tokens[flat]
        content = [w for w, entries in lookup.items() if any(j not in glue for j, _ in entries)]
        found = self._among(tokens, content)
        if len(content) < len(lookup):
            # A small word only counts beside the question's other words (word order), so
            # only its matches near a content word are kept: half the matches, cut.
            near = found.copy()
            for step in (1, 2):
                near[step:] |= found[:-step]
                near[:-step] |= found[step:]
            small = list(lookup.keys() - set(content))
            found |= near & self._among(tokens, small)
        matched = np.flatnonzero(found)
        owners = np.searchsorted(offsets, matched, side="right") - 1
        firsts = offsets.tolist()
        for at, owner, word_id in zip(
            matched.tolist(), owners.tolist(), tokens[matched].tolist(), strict=True
        ):
            positions, terms, sims = out[owner]
            top = best[owner]
            for j, sim in lookup[word_id]:
                positions.append(at - firsts[owner])
                terms.append(j)
                sims.append(sim)
                if sim > top[j]:
                    top[j] = sim
        return out, best

    def _among(self, tokens: np.ndarray, word_ids: Sequence[int]) -> np.ndarray:
        """Which tokens are one of the words: a look-up table over the vocabulary (np.isin
        sorts or builds a table of its own, with more overhead, on every call)."""
        table = np.zeros(len(self.index.vocabulary), dtype=bool)
        table[np.asarray(word_ids, dtype=np.int64)] = True
        found: np.ndarray = table[tokens]
        return found

    def _best_region(
        self,
        query: Query,
        terms: Terms,
        g: int,
        d: int,
        hits: Hits,
        title: list[float],
        whole: float,
        narrative: float,
    ) -> Scored | None:
        """The paragraph's best region, scored by its best sentence (or two neighbouring
        ones), statement or the whole (``whole``: the whole paragraph's coverage, already
        computed for the bound)."""
        index = self.index
        number = index.paragraph_number(g)
        text = index.paragraph_text(g)
        regions = index.paragraph_regions(g)
        eligible = [self._eligible(r, query, narrative) for r in regions]
        if not any(eligible):
            return None
        scores = [0.0 if query.intent is Intent.SPEAKER else 0.85 * whole] * len(regions)
        # Each region's coverage by its own words: among regions the paragraph's coverage
        # lifts to one score, the one whose words match says whose words they are (a quoted
        # phrase beside another speaker's sentence).
        own = [0.0] * len(regions)
        lo, hi = int(index.para_units[g]), int(index.para_units[g + 1])
        first_region = int(index.para_regions[g])
        positions = hits[0]
        inner = _inner_statements(regions)
        previous, previous_a = -1, 0
        for r, a, b, level, char in zip(
            (index.unit_region[lo:hi] - first_region).tolist(),
            index.unit_a[lo:hi].tolist(),
            index.unit_b[lo:hi].tolist(),
            index.unit_level[lo:hi].tolist(),
            index.unit_char[lo:hi].tolist(),
            strict=True,
        ):
            if not eligible[r] or scores[r] >= whole:
                previous = -1
                continue
            if level != STATEMENT and any(s <= char < e for s, e in inner[r]):
                previous = -1
                continue  # a sentence of another's words inside this one's is theirs
            if level == STATEMENT:
                own[r] = max(own[r], 0.95 * coverage(terms, hits, a, b, title))
                scores[r] = max(scores[r], own[r])
                previous = -1
                continue
            score = coverage(terms, hits, a, b, title)
            matched = bisect_left(positions, b) > bisect_left(positions, a)
            if previous == r and matched:
                # Two neighbouring sentences: a quoted run of words may cross a full stop.
                score = max(score, coverage(terms, hits, previous_a, b, title))
            own[r] = max(own[r], score)
            scores[r] = max(scores[r], score)
            previous, previous_a = (r, a) if matched else (-1, 0)
        best: Scored | None = None
        best_key = (0.0, False, 0.0)
        for region, score, allowed, matched_here in zip(
            regions, scores, eligible, own, strict=True
        ):
            if not allowed:
                continue
            score *= narrative if region.statement is None else 1.0
            if query.where:
                languages = self.index.languages
                place = _place(languages).search(text, region.start, region.end) or (
                    region.start == 0 and _dateline(languages).match(text)
                )
                score = min(1.0, score + ANSWER_TYPE) if place else score * 0.85
            when = _when(self.index.languages) if query.intent is Intent.DATE else None
            if when is not None and when.search(text, region.start, region.end):
                score = min(1.0, score + ANSWER_TYPE)  # the answer is the date: a passage with it
            wanted = _DURATION if query.duration else _NUMBER
            if query.quantity:
                if not wanted.search(text, region.start, region.end):
                    continue  # "How long …": a passage without a length of time does not answer
                score = min(1.0, score + ANSWER_TYPE)
            # A tie goes to a statement over narrative, then to the region whose own words
            # match best.
            key = (score, region.statement is not None, matched_here)
            if best is None or key > best_key:
                best, best_key = Scored(score, d, number, region), key
        return best

    def _pool(self, query: Query, terms: Sequence[Term]) -> tuple[list[int], list[float]]:
        """Paragraphs worth scoring precisely, with their BM25 relevance (a tie-breaker).

        All of them in a small corpus (or all of a speaker's, when few); else BM25's best.
        """
        index = self.index
        everything = False
        allowed: np.ndarray | None = None
        if query.intent is Intent.SPEAKER and query.speakers:
            allowed = np.unique(
                np.concatenate(
                    [
                        index.speaker_paragraphs.get(p, np.empty(0, dtype=np.int32))
                        for p in query.speakers
                    ]
                )
            )
            everything = len(allowed) <= RERANK_ALL
        else:
            everything = index.paragraph_count <= RERANK_ALL
        scores = np.zeros(index.paragraph_count, dtype=np.float32)
        limit = index.paragraph_count * COMMON_SHARE
        for term in terms if everything else self._selective(terms):
            if term.glue:
                continue
            found = [(index.word_id.get(w), sim) for w, sim in term.matches.items()]
            matches = [(i, sim) for i, sim in found if i is not None]
            if not everything:
                # A rare word's common forms or neighbours ("state" for "statement") would
                # touch a large part of the corpus: as common words, they pick no candidates.
                matches = [(i, sim) for i, sim in matches if index.df[i] <= limit] or matches
            for word_id, sim in matches:
                lo, hi = index.post_offset[word_id], index.post_offset[word_id + 1]
                scores[index.post_para[lo:hi]] += (term.weight * sim) * index.post_weight[lo:hi]
        self._add_phrases(terms, scores)
        if everything:
            pool = allowed if allowed is not None else np.arange(index.paragraph_count)
            return pool.tolist(), scores[pool].tolist()
        if allowed is not None:
            keep = np.zeros_like(scores)
            keep[allowed] = scores[allowed]
            scores = keep
        touched = np.flatnonzero(scores > 0)  # a mask first: ten times faster
        values = scores[touched]
        if len(values) > CANDIDATES:
            # Selecting from every paragraph a word touched (tens of thousands) costs up to a
            # millisecond; from the top of the score range, widened until it holds enough,
            # a few microseconds.
            best_score = float(values.max())
            for share in (0.5, 0.25, 0.125, 0.0):
                top = np.flatnonzero(values > share * best_score)
                if len(top) >= CANDIDATES:
                    break
            top = top[np.argpartition(values[top], -CANDIDATES)[-CANDIDATES:]]
            touched, values = touched[top], values[top]
        return touched.tolist(), values.tolist()

    def _add_phrases(self, terms: Sequence[Term], scores: np.ndarray) -> None:
        """Raise paragraphs that hold neighbouring question words side by side, as the
        question has them ("project on metallurgy"), by how rare that pair is; pairs as
        common as a common word do not pick candidates."""
        index = self.index
        limit = index.paragraph_count * COMMON_SHARE
        for left, right in pairwise(terms):
            for first, sim_first in self._closest(left):
                for second, sim_second in self._closest(right):
                    paragraphs = index.pair_postings(first, second)
                    if 0 < len(paragraphs) <= limit:
                        weight = math.log(1 + index.paragraph_count / len(paragraphs))
                        scores[paragraphs] += PHRASE * weight * sim_first * sim_second

    def _closest(self, term: Term) -> list[tuple[int, float]]:
        """A term's closest corpus words (ids and similarity): typos, not synonyms."""
        found = [
            (self.index.word_id[w], sim)
            for w, sim in term.matches.items()
            if sim >= 0.9 and w in self.index.word_id
        ]
        return sorted(found, key=lambda item: -item[1])[:PHRASE_VARIANTS]

    def _selective(self, terms: Sequence[Term]) -> list[Term]:
        """The terms that pick candidates: rare ones when there are any (common words would
        touch a large part of the corpus and hardly change which paragraphs come first).
        Every term still counts in the precise scoring."""
        index = self.index
        limit = index.paragraph_count * COMMON_SHARE
        known = index.word_id.keys()
        rare = [
            t
            for t in terms
            if not t.glue
            and any(0 < index.df[index.word_id[w]] <= limit for w in t.matches.keys() & known)
        ]
        if rare:
            return rare
        # Only common words: the least common two pick the candidates (every word of the
        # corpus's head touches most paragraphs; scoring all of them is the tail of latency).
        common = sorted(
            (t for t in terms if not t.glue and t.matches.keys() & known),
            key=lambda t: min(int(index.df[index.word_id[w]]) for w in t.matches.keys() & known),
        )
        return common[:COMMON_PICKERS] or [t for t in terms if not t.glue]

    def _mention_matches(
        self,
        terms: Sequence[Term],
        pool: Sequence[int],
        roles: Mapping[str, tuple[str, ...]] | None = None,
    ) -> dict[int, list[float]]:
        """Per paragraph of the pool that mentions a person the question names by a word of
        their name, whatever it calls them ("Modi" and "the Prime Minister"), or by a word of
        a role the question gives them (``roles``: word → the people it names; "китайским
        лидером" where the text says "Си Цзиньпин"): that word counts as found there."""
        index = self.index
        if roles and self._positions is None:
            self._positions = {p: i for i, p in enumerate(index.people_order)}
        named = {
            j: people
            for j, t in enumerate(terms)
            if not t.glue
            and (people := index.named(t.word) | self._people_at((roles or {}).get(t.word, ())))
        }
        found: dict[int, list[float]] = {}
        if not named:
            return found
        for g in pool:
            present = set(index.mentions(g).tolist())
            for j, people in named.items():
                if present & people:
                    found.setdefault(g, [0.0] * len(terms))[j] = MENTION_MATCH
        return found

    def _document_matches(
        self, pool: Sequence[int], best_sims: Sequence[list[float]], count: int
    ) -> dict[int, list[float]]:
        """Per document of the pool: each term's best match in any of its paragraphs, at
        :data:`DOCUMENT_CONTEXT` and as far as the term singles the document out (a word of
        every document, or of the only one, says nothing of which report it is). A report
        says who met whom, where and when once, and its later paragraphs rely on it ("the
        50-minute meeting")."""
        documents = len(self.index.documents)
        if documents < 2 or not pool or not count:
            return {}
        # Per document, each term's best: the pool sorted by document, then one maximum per
        # run of paragraphs (reduceat; ufunc.at was a tenth of a question's time).
        docs = self.index.para_doc[np.asarray(pool)]
        order = np.argsort(docs, kind="stable")
        ordered = docs[order]
        starts = np.flatnonzero(np.diff(ordered, prepend=-1))
        owners = ordered[starts]
        sims = np.asarray(best_sims, dtype=np.float64).reshape(len(pool), count)
        best = np.maximum.reduceat(sims[order], starts, axis=0)
        having = np.count_nonzero(best, axis=0)
        specific = np.log(documents / np.maximum(having, 1)) / math.log(documents)
        best *= DOCUMENT_CONTEXT * np.where(having > 0, specific, 0.0)
        return dict(zip(owners.tolist(), best.tolist(), strict=True))

    def _people_at(self, people: Sequence[str]) -> set[int]:
        positions = self._positions or {}
        return {positions[p] for p in people if p in positions}

    def _referred(
        self,
        terms: Sequence[Term],
        pool: Sequence[int],
        lookup: dict[int, list[tuple[int, float]]],
        glue: frozenset[int],
    ) -> dict[int, list[float]]:
        """Per paragraph of the pool whose first sentence points back (a Russian
        demonstrative or pronoun): the words of the paragraph before it in its document
        count as found there, at :data:`REFERRED`."""
        index = self.index
        if "ru" not in index.languages:
            return {}
        pointing = []
        for g in pool:
            if not g or index.para_doc[g - 1] != index.para_doc[g]:
                continue
            text = index.paragraph_text(g)
            end = _SENTENCE_END.search(text)
            if _POINTING_BACK.search(text, 0, end.start() if end else len(text)):
                pointing.append(g)
        if not pointing:
            return {}
        _, best = self._hits([g - 1 for g in pointing], lookup, len(terms), glue)
        return {g: [REFERRED * sim for sim in sims] for g, sims in zip(pointing, best, strict=True)}

    def _date_matches(self, terms: Sequence[Term]) -> dict[int, list[float]]:
        """Per document dated as a question word says ("in August 2024", "2021"): that word
        is the document's, so it counts as found in every paragraph of it."""
        found: dict[int, list[float]] = {}
        for j, term in enumerate(terms):
            if term.glue or (term.matches and not term.word.isdigit()):
                continue  # a month word the text uses ("may") is looked for in the text
            for d in self.index.dated(term.word):
                found.setdefault(d, [0.0] * len(terms))[j] = 1.0
        return found

    def _source_matches(
        self, terms: Sequence[Term], cited: Collection[str]
    ) -> dict[int, list[float]]:
        """Per document published by a source the question cites ("according to Trend", "as
        reported by Xinhua": its ``source`` or its web address has the word): that word is
        the document's, so it counts as found in every paragraph of it."""
        found: dict[int, list[float]] = {}
        if not cited:
            return found
        if self._sources is None:
            self._sources = {}
            for d, row in enumerate(self.index.documents.rows):
                url, source = row[3] or "", row[4] or ""
                host = _HOST.match(url)
                for word in {*words(source), *words(host[1] if host else "")}:
                    self._sources.setdefault(word, []).append(d)
        for j, term in enumerate(terms):
            if term.glue or term.word not in cited:
                continue
            for d in self._sources.get(term.word, ()):
                found.setdefault(d, [0.0] * len(terms))[j] = 1.0
        return found

    def _title_matches(self, terms: Sequence[Term]) -> dict[int, list[float]]:
        """Per document whose title has a question word: how well each term matches there.

        A title word counts for every paragraph of its document, at half weight."""
        found: dict[int, list[float]] = {}
        for j, term in enumerate(terms):
            if term.glue:
                continue  # "the" in a title says nothing about the paragraphs
            # A word only a title has is no word of the text's vocabulary: as written.
            for word, sim in {term.word: 1.0, **term.matches}.items():
                for d in self.index.title_docs.get(word, ()):
                    sims = found.setdefault(d, [0.0] * len(terms))
                    sims[j] = max(sims[j], _TITLE_CONTEXT * sim)
        return found

    def _eligible(self, region: Region, query: Query, narrative: float) -> bool:
        if region.statement is None:
            return narrative > 0 and region.end - region.start > 25
        if query.intent is Intent.SPEAKER:
            return self.index.speaker_id(region.statement) in query.speakers
        if query.spoken_of:
            return self.index.speaker_id(region.statement) not in query.spoken_of
        return True
