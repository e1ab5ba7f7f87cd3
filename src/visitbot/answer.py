"""From a parsed question to cited, verbatim answers.

The ranking (:mod:`visitbot.rank`) says which statement or narrative answers best; here one
threshold, :data:`THRESHOLD`, decides "not found", and the excerpt is cut: the best sentence
of the winning statement or narrative, grown by a neighbour only when that adds matching words.
"""

from __future__ import annotations

from collections.abc import Sequence

from visitbot.i18n import N_, _
from visitbot.index import TRANSLATION_MATCH, Index
from visitbot.layout import SENTENCE, Region
from visitbot.models import Answer, AnswerSet, Intent, Kind, Notice
from visitbot.query import Query
from visitbot.rank import Ranker, Scored, Terms, coverage
from visitbot.text import token_spans, trim_quote, words

THRESHOLD = 0.5
"""Below this normalised score a passage is not an answer."""
CONFIDENT = 0.75
"""A speaker-scoped match this good stands even when the words could mean something else."""
WHO_MARGIN = 0.95
"""A who-question names one speaker: only a near tie may show a second passage."""
TAIL_MARGIN = 0.75
"""Other searches show further passages only while they match nearly as well as the best."""
ELLIPSIS = "…"
MAX_EXCERPT = 420
POSITION_DEPTH = 10
"""Passages ranked to find the report a question about someone's first or last words is
about."""
LANGUAGE_DEPTH = 10
"""Further passages ranked in a corpus of several languages, among which one in the user's
language may be put first."""


class Answerer:
    def __init__(self, index: Index) -> None:
        self.index = index
        self.ranker = Ranker(index)

    # --- answering -----------------------------------------------------------------------------

    def answer(self, query: Query, top: int = 3, prefer: Sequence[str] = ()) -> AnswerSet:
        """The answers to a question, best first; ``prefer``: the user's languages, whose
        sources come first where they say as much (see :meth:`_languages_first`)."""
        base = AnswerSet(question=query.text, intent=query.intent)
        mixed = bool(prefer) and len(self.index.languages) > 1
        if query.intent is Intent.EMPTY:
            return base.model_copy(update={"notice": Notice.EMPTY})
        if query.unknown_speaker:
            return base.model_copy(
                update={"notice": Notice.UNKNOWN_SPEAKER, "unknown_speaker": query.unknown_speaker}
            )
        speakers = query.speakers
        named = " or ".join(self.index.people[p].name for p in speakers) or None
        base = base.model_copy(update={"speaker": named})
        if speakers and not any(p in self.index.speaker_paragraphs for p in speakers):
            return base.model_copy(update={"notice": Notice.NO_STATEMENTS})
        if query.identity:
            return base.model_copy(update={"answers": self._introduce(speakers, top)})
        if query.position is not None:
            placed = self._by_position(query, top)
            return base.model_copy(
                update={"answers": placed, "notice": None if placed else self._none(query)}
            )
        if not query.terms:
            if speakers:
                found = self.all_by(speakers, top, prefer if mixed else ())
                return base.model_copy(update={"answers": found})
            if query.intent is Intent.DATE:
                return base.model_copy(update={"answers": self._openings(top)})
            return base.model_copy(update={"notice": Notice.EMPTY})
        terms = self.ranker.terms(
            query.terms, query.sequence, query.context, query.language, dict(query.scale)
        )
        ranked = self.ranker.rank(query, terms, top + LANGUAGE_DEPTH if mixed else top)
        if query.keywords and (not ranked or ranked[0].score < CONFIDENT):
            general = Query(query.text, Intent.GENERAL, query.keywords)
            general_terms = self.ranker.terms(query.keywords, language=query.language)
            other = self.ranker.rank(general, general_terms, top)
            if (
                other
                and (not ranked or other[0].score > ranked[0].score)
                and self.ranker.names_a_place(query, other[0])
            ):
                base = base.model_copy(update={"intent": Intent.GENERAL, "speaker": None})
                ranked, terms = other, general_terms
        if mixed:
            ranked = self._languages_first(ranked, prefer, query.intent)
        floor = THRESHOLD
        if ranked and query.intent is not Intent.SPEAKER:
            margin = WHO_MARGIN if query.intent is Intent.WHO else TAIL_MARGIN
            floor = max(floor, ranked[0].score * margin)
        answers = [self._answer(s, terms) for s in ranked[:top] if s.score >= floor]
        return base.model_copy(
            update={"answers": tuple(answers), "notice": None if answers else self._none(query)}
        )

    def _none(self, query: Query) -> Notice:
        """Why nothing was found: nothing close, or words that could not be translated into
        the sources' language (Kazakh ones; any, without the bilingual dictionary)."""
        index = self.index
        if query.language in index.languages:
            return Notice.NOT_FOUND
        if query.language == "kk":
            return Notice.FOREIGN_TOPIC
        if not len(index.cross_key):
            return Notice.NO_DICTIONARY
        return Notice.NOT_FOUND

    def _languages_first(
        self, ranked: list[Scored], prefer: Sequence[str], intent: Intent
    ) -> list[Scored]:
        """Passages in the user's languages first, when they would be shown beside the best
        had they been in its language: at least :data:`TAIL_MARGIN` of its score once the
        translation's discount (:data:`~visitbot.index.TRANSLATION_MATCH`) is allowed for.
        A who-question's answer is never another speaker's for that."""
        if not ranked:
            return ranked
        best = ranked[0]
        statement = best.region.statement
        speaker = None if statement is None else self.index.speaker_id(statement)
        floor = max(THRESHOLD, TRANSLATION_MATCH * TAIL_MARGIN * best.score)
        front = [
            s
            for s in ranked
            if self._language(s.document) in prefer
            and s.score >= floor
            and (
                intent is not Intent.WHO
                or s.region.statement is None
                or self.index.speaker_id(s.region.statement) == speaker
            )
        ]
        return front + [s for s in ranked if s not in front]

    def _language(self, document: int) -> str:
        return str(self.index.documents.rows[document][5] or "en")

    def all_by(
        self, speakers: Sequence[str], top: int | None = None, prefer: Sequence[str] = ()
    ) -> tuple[Answer, ...]:
        table = self.index.statements
        numbers = table.by(speakers)
        if prefer:
            numbers.sort(key=lambda i: self._language(int(table.document[i])) not in prefer)
        found = []
        for i in numbers[: top or None]:
            d, number = int(table.document[i]), int(table.paragraph[i])
            region = Region(int(table.start[i]), int(table.end[i]), i)
            found.append(self._answer(Scored(1.0, d, number, region), Terms()))
        return tuple(found)

    def _by_position(self, query: Query, top: int) -> tuple[Answer, ...]:
        """The speaker's first or last words (``query.position``) in the report the rest of
        the question is about ("How did X close his remarks before meeting Y in Z?"): their
        direct speech where they have any, as "remarks" are. The report is the one whose
        passages, narrative included, best match the rest of the question, among those where
        the speaker has words; with no words besides the speaker's, each such report."""
        table = self.index.statements
        own: dict[int, list[int]] = {}
        for i in table.by(query.speakers):
            own.setdefault(int(table.document[i]), []).append(i)
        if not own:
            return ()
        score = 1.0
        documents = list(own)
        if query.terms:
            everywhere = Query(
                query.text,
                Intent.GENERAL,
                query.terms,
                sequence=query.sequence,
                named=query.named,
                cited=query.cited,
                report=True,
            )
            terms = self.ranker.terms(query.terms, query.sequence, query.context, query.language)
            ranked = self.ranker.rank(everywhere, terms, POSITION_DEPTH)
            ranked = [s for s in ranked if s.document in own]
            if not ranked or ranked[0].score < THRESHOLD:
                return ()
            score, documents = ranked[0].score, [ranked[0].document]
        found = []
        for d in documents[:top]:
            quotes = [i for i in own[d] if self.index.kind(i) is Kind.QUOTE] or own[d]
            i = quotes[0] if query.position == "first" else quotes[-1]
            region = Region(int(table.start[i]), int(table.end[i]), i)
            found.append(self._answer(Scored(score, d, int(table.paragraph[i]), region), Terms()))
        return tuple(found)

    def _introduce(self, speakers: Sequence[str], top: int) -> tuple[Answer, ...]:
        """Who someone is, in their own attributed words: statements whose text names them
        first (a reported "Kassym-Jomart Tokayev highly appreciated …"), then the rest."""
        index = self.index
        names = {
            w
            for p in speakers
            for form in (index.people[p].name, *index.people[p].aliases)
            for w in words(form)
        }
        everything = self.all_by(speakers)
        naming = [a for a in everything if names & set(words(a.excerpt))]
        ordered = naming + [a for a in everything if a not in naming]
        return tuple(ordered[:top])

    def _openings(self, top: int) -> tuple[Answer, ...]:
        found = []
        for d in range(min(top, len(self.index.documents))):
            first = self.index.paragraph_text(self.index.paragraph_id(d, 1))
            region = Region(0, len(first), None)
            found.append(self._answer(Scored(1.0, d, 1, region), Terms()))
        return tuple(found)

    # --- excerpts ------------------------------------------------------------------------------

    def _answer(self, scored: Scored, terms: Terms) -> Answer:
        index = self.index
        text = index.paragraph_text(index.paragraph_id(scored.document, scored.paragraph))
        region = scored.region
        start, end = self._excerpt_span(scored, terms)
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
            document=index.documents.ref(scored.document),
            score=round(max(0.0, min(1.0, scored.score)), 4),
            start=start,
            end=end,
            highlights=highlights,
        )

    def _excerpt_span(self, scored: Scored, terms: Terms) -> tuple[int, int]:
        """The region's best sentence, joined with a neighbour when that adds matches."""
        index = self.index
        region = scored.region
        g = index.paragraph_id(scored.document, scored.paragraph)
        statement = -1 if region.statement is None else region.statement
        lo, hi = int(index.para_units[g]), int(index.para_units[g + 1])
        sentences = [
            (
                int(index.unit_a[u]),
                int(index.unit_b[u]),
                int(index.unit_char[u]),
                int(index.unit_end[u]),
            )
            for u in range(lo, hi)
            if index.unit_level[u] == SENTENCE
            and index.unit_statement[u] == statement
            and region.start <= index.unit_char[u] < region.end
        ]
        if not sentences:
            text = index.paragraph_text(g)
            return trim_quote(text, region.start, region.end)
        if not terms or scored.hits is None:
            first = sentences[0]
            if len(sentences) == 1 or first[3] - first[2] > 80:
                return first[2], first[3]
            return first[2], sentences[1][3]
        hits, title = scored.hits, scored.title or (0.0,) * len(terms)
        scores = [coverage(terms, hits, a, b, title) for a, b, _, _ in sentences]
        i = max(range(len(sentences)), key=lambda k: scores[k])
        a, b, start, end = sentences[i]
        best = scores[i]
        for j in (i + 1, i - 1):
            if 0 <= j < len(sentences):
                na, nb, ns, ne = sentences[j]
                s, e = min(start, ns), max(end, ne)
                joined = coverage(terms, hits, min(a, na), max(b, nb), title)
                if joined > best + 0.05 and e - s <= MAX_EXCERPT:
                    a, b, start, end, best = min(a, na), max(b, nb), s, e, joined
        return start, end

    @staticmethod
    def _highlights(excerpt: str, terms: Terms, offset: int) -> tuple[tuple[int, int], ...]:
        wanted = set().union(*(t.matches.keys() for t in terms if not t.glue))
        return tuple(
            (offset + s, offset + e)
            for s, e in dict.fromkeys(
                (s, e) for s, e, token in token_spans(excerpt) if token in wanted
            )
        )

    def paragraph_answer(self, document_id: str, number: int) -> Answer | None:
        """A whole paragraph as an answer, for "Full paragraph" views."""
        index = self.index
        d = index.documents.position.get(document_id)
        if d is None or not 1 <= number <= index.documents.paragraph_count(d):
            return None
        text = index.paragraph_text(index.paragraph_id(d, number))
        regions = index.regions(d, number)
        statement = regions[0].statement if len(regions) == 1 else None
        region = Region(0, len(text), statement)
        answer = self._answer(Scored(1.0, d, number, region), Terms())
        return answer.model_copy(update={"excerpt": text, "start": 0, "end": len(text)})


def kind_label(kind: Kind) -> str:
    return _(
        {
            Kind.QUOTE: N_("direct quote"),
            Kind.REPORTED: N_("reported speech"),
            Kind.NARRATIVE: N_("narrative"),
        }[kind]
    )
