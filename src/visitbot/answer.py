"""From a parsed question to cited, verbatim answers.

Every unit is scored by how much of the question's weight its words cover (rare words weigh
more, typos and plain synonyms count a little less, words the corpus never uses count against),
plus a little for words in the question's order. One threshold, :data:`THRESHOLD`, decides
"not found". The excerpt is the best sentence of the winning statement or narrative, grown by
a neighbour only when that adds matching words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from visitbot.index import Index, Region
from visitbot.models import Answer, AnswerSet, DocumentRef, Intent, Kind, Notice
from visitbot.query import ROLE_NOUNS, Query
from visitbot.text import sentence_spans, trim_quote, word_spans, words

THRESHOLD = 0.5
"""Below this normalised score a passage is not an answer."""
WHO_MARGIN = 0.85
"""A who-question names one speaker: weaker matches by others would only blur the answer."""
ELLIPSIS = "…"
MAX_EXCERPT = 420
_TITLE_CONTEXT = 0.5
_PLACE = re.compile(r"\b(?:at|in)\s+(?:the\s+)?[A-Z][\w’'-]+")


@dataclass(frozen=True)
class Term:
    word: str
    weight: float
    matches: dict[str, float]


@dataclass(frozen=True)
class Scored:
    score: float
    document: int
    paragraph: int
    region: Region


class Answerer:
    def __init__(self, index: Index) -> None:
        self.index = index
        self._titles = [frozenset(words(d.title)) for d in index.documents]

    # --- scoring -------------------------------------------------------------------------------

    def terms(self, words: Iterable[str]) -> list[Term]:
        out: list[Term] = []
        for word in dict.fromkeys(words):
            matches = self.index.expand(word)
            weight = (
                max(self.index.weight(m) for m in matches) if matches else self.index.unknown_weight
            )
            if word in ROLE_NOUNS:
                weight *= 0.3
            out.append(Term(word, weight, matches))
        return out

    def score(self, terms: Sequence[Term], tokens: Sequence[str], title: frozenset[str]) -> float:
        if not terms:
            return 0.0
        total = sum(t.weight for t in terms)
        covered = 0.0
        hits: list[set[int]] = []
        for term in terms:
            positions = {i for i, tok in enumerate(tokens) if tok in term.matches}
            best = max((term.matches[tokens[i]] for i in positions), default=0.0)
            if not best and term.matches.keys() & title:
                best = _TITLE_CONTEXT * max(term.matches[w] for w in term.matches.keys() & title)
            covered += term.weight * best
            hits.append(positions)
        coverage = covered / total if total else 0.0
        if len(terms) < 2:
            return coverage
        pairs = sum(1 for a, b in pairwise(hits) if any(i + 1 in b or i + 2 in b for i in a))
        return 0.85 * coverage + 0.15 * pairs / (len(terms) - 1)

    # --- answering -----------------------------------------------------------------------------

    def answer(self, query: Query, top: int = 3) -> AnswerSet:
        base = AnswerSet(question=query.text, intent=query.intent)
        if query.intent is Intent.EMPTY:
            return base.model_copy(update={"notice": Notice.EMPTY})
        if query.unknown_speaker:
            return base.model_copy(
                update={"notice": Notice.UNKNOWN_SPEAKER, "unknown_speaker": query.unknown_speaker}
            )
        speaker = query.speaker
        named = self.index.people[speaker].name if speaker else None
        base = base.model_copy(update={"speaker": named})
        if speaker and not any(s.speaker == speaker for s in self.index.statements):
            return base.model_copy(update={"notice": Notice.NO_STATEMENTS})
        if not query.terms:
            if speaker:
                return base.model_copy(update={"answers": self.all_by(speaker, top)})
            if query.intent is Intent.DATE:
                return base.model_copy(update={"answers": self._openings(top)})
            return base.model_copy(update={"notice": Notice.EMPTY})
        terms = self.terms(query.terms)
        ranked = self._rank(query, terms)
        floor = THRESHOLD
        if ranked and query.intent is Intent.WHO:
            floor = max(floor, ranked[0].score * WHO_MARGIN)
        answers = [self._answer(s, terms) for s in ranked[:top] if s.score >= floor]
        return base.model_copy(
            update={"answers": tuple(answers), "notice": None if answers else Notice.NOT_FOUND}
        )

    def _rank(self, query: Query, terms: Sequence[Term]) -> list[Scored]:
        index = self.index
        best: dict[tuple[int, int], Scored] = {}
        statements_only = query.intent is Intent.SPEAKER or (
            query.intent is Intent.WHO and query.speech_verb
        )
        for unit in index.units:
            regions = index.regions(unit.document, unit.paragraph)
            if unit.level == "paragraph":
                if query.intent is Intent.SPEAKER:
                    continue
                candidates = regions
                factor = 0.85
            else:
                candidates = [
                    r
                    for r in regions
                    if r.statement == unit.statement and r.start <= unit.start and unit.end <= r.end
                ]
                factor = 0.95 if unit.level == "statement" else 1.0
            for region in candidates:
                if not self._eligible(region, query, statements_only):
                    continue
                score = factor * self.score(terms, unit.tokens, self._titles[unit.document])
                if query.where:
                    text = index.documents[unit.document].paragraphs[unit.paragraph - 1].text
                    place = _PLACE.search(text, region.start, region.end)
                    score = min(1.0, score + 0.15) if place else score * 0.85
                key = (unit.document, unit.paragraph)
                if (
                    key not in best
                    or score > best[key].score
                    or (
                        score == best[key].score
                        and region.statement is not None
                        and best[key].region.statement is None
                    )
                ):
                    best[key] = Scored(score, unit.document, unit.paragraph, region)
        return sorted(best.values(), key=lambda s: (-s.score, s.document, s.paragraph))

    def _eligible(self, region: Region, query: Query, statements_only: bool) -> bool:
        if region.statement is None:
            return not statements_only and region.end - region.start > 25
        if query.intent is Intent.SPEAKER:
            return self.index.statements[region.statement].speaker == query.speaker
        return True

    def all_by(self, speaker: str, top: int | None = None) -> tuple[Answer, ...]:
        index = self.index
        position = {d.id: i for i, d in enumerate(index.documents)}
        found = []
        for i, statement in enumerate(index.statements):
            if statement.speaker == speaker:
                d = position[statement.document_id]
                region = Region(statement.start, statement.end, i)
                found.append(self._answer(Scored(1.0, d, statement.paragraph, region), []))
        return tuple(found[:top] if top else found)

    def _openings(self, top: int) -> tuple[Answer, ...]:
        found = []
        for d, document in enumerate(self.index.documents):
            first = document.paragraphs[0]
            region = Region(0, len(first.text), None)
            found.append(self._answer(Scored(1.0, d, 1, region), []))
        return tuple(found[:top])

    # --- excerpts ------------------------------------------------------------------------------

    def _answer(self, scored: Scored, terms: Sequence[Term]) -> Answer:
        index = self.index
        document = index.documents[scored.document]
        text = document.paragraphs[scored.paragraph - 1].text
        region = scored.region
        start, end = self._excerpt_span(text, region, terms, scored.document)
        lo, hi = trim_quote(text, region.start, region.end)
        excerpt = text[start:end]
        lead = f"{ELLIPSIS} " if start > lo else ""
        tail = f" {ELLIPSIS}" if end < hi else ""
        highlights = self._highlights(excerpt, terms, len(lead))
        return Answer(
            speaker=index.speaker_name(region.statement),
            kind=index.kind(region.statement),
            excerpt=f"{lead}{excerpt}{tail}",
            paragraph=scored.paragraph,
            document=DocumentRef(
                id=document.id, title=document.title, date=document.date, url=document.url
            ),
            score=round(max(0.0, min(1.0, scored.score)), 4),
            start=start,
            end=end,
            highlights=highlights,
        )

    def _excerpt_span(
        self, text: str, region: Region, terms: Sequence[Term], document: int
    ) -> tuple[int, int]:
        spans = sentence_spans(text, region.start, region.end)
        if region.statement is not None:
            spans = [trim_quote(text, s, e) for s, e in spans]
        spans = [(s, e) for s, e in spans if s < e] or [trim_quote(text, region.start, region.end)]
        if not terms:
            first = spans[0]
            return first if len(spans) == 1 or first[1] - first[0] > 80 else (first[0], spans[1][1])
        title = self._titles[document]
        scores = [self.score(terms, words(text[s:e]), title) for s, e in spans]
        i = max(range(len(spans)), key=lambda k: scores[k])
        start, end = spans[i]
        best = scores[i]
        for j in (i + 1, i - 1):
            if 0 <= j < len(spans):
                s, e = min(start, spans[j][0]), max(end, spans[j][1])
                joined = self.score(terms, words(text[s:e]), title)
                if joined > best + 0.05 and e - s <= MAX_EXCERPT:
                    start, end, best = s, e, joined
        return start, end

    @staticmethod
    def _highlights(
        excerpt: str, terms: Sequence[Term], offset: int
    ) -> tuple[tuple[int, int], ...]:
        wanted = set().union(*(t.matches.keys() for t in terms)) if terms else set()
        return tuple(
            (offset + s, offset + e) for s, e, folded in word_spans(excerpt) if folded in wanted
        )

    def paragraph_answer(self, document_id: str, number: int) -> Answer | None:
        """A whole paragraph as an answer, for "Full paragraph" views."""
        for d, document in enumerate(self.index.documents):
            if document.id == document_id and document.paragraph(number):
                text = document.paragraphs[number - 1].text
                regions = self.index.regions(d, number)
                statement = regions[0].statement if len(regions) == 1 else None
                region = Region(0, len(text), statement)
                answer = self._answer(Scored(1.0, d, number, region), [])
                return answer.model_copy(update={"excerpt": text, "start": 0, "end": len(text)})
        return None


def kind_label(kind: Kind) -> str:
    return {
        Kind.QUOTE: "direct quote",
        Kind.REPORTED: "reported speech",
        Kind.NARRATIVE: "narrative",
    }[kind]
