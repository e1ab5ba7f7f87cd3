"""Side by side: each speaker's best words on one topic, verbatim and cited, and who said
nothing close. Built on the same answering as single questions, one speaker at a time, so a
side is exactly what "What did S say about <topic>?" would put first."""

from __future__ import annotations

import numpy as np

from visitbot.answer import Answerer
from visitbot.models import Comparison, Intent, Notice, Side
from visitbot.query import ROLE_NOUNS, CompareRequest, Query, content_terms
from visitbot.text import clean_input, words

MAX_SIDES = 6
"""Speakers set side by side when the question names none: enough for a multilateral summit,
few enough to read on a phone."""
SCOUTING = 20
"""Best passages on the topic whose documents' speakers are taken as the sides."""


class Comparer:
    def __init__(self, answerer: Answerer) -> None:
        self.answerer = answerer
        self.index = answerer.index

    def compare(self, request: CompareRequest) -> Comparison:
        topic = clean_input(request.topic).strip(" ?.!")
        terms = tuple(t for t in content_terms(topic) if t not in ROLE_NOUNS)
        if not terms:
            return Comparison(topic=topic, notice=Notice.EMPTY)
        people = request.speakers or self._speakers_on(topic, terms)
        if not people:
            return Comparison(topic=topic, notice=Notice.NOT_FOUND)
        sides = []
        for person in people:
            query = Query(
                topic, Intent.SPEAKER, terms, speakers=(person,), sequence=tuple(words(topic))
            )
            found = self.answerer.answer(query, top=1).answers
            sides.append(
                Side(speaker=self.index.people[person].name, answer=found[0] if found else None)
            )
        notice = None if any(s.answer for s in sides) else Notice.NOT_FOUND
        return Comparison(topic=topic, sides=tuple(sides), notice=notice)

    def _speakers_on(self, topic: str, terms: tuple[str, ...]) -> tuple[str, ...]:
        """Who spoke in the documents that discuss the topic, best matching first."""
        query = Query(topic, Intent.GENERAL, terms, sequence=tuple(words(topic)))
        ranked = self.answerer.answer(query, top=SCOUTING).answers
        documents = {a.document.id for a in ranked}
        order = [p.id for a in ranked for p in self.index.people.values() if p.name == a.speaker]
        table = self.index.statements
        positions = [self.index.documents.position[d] for d in documents]
        in_them = np.isin(table.document, positions) & (table.speaker >= 0)
        order += [self.index.people_order[k] for k in table.speaker[in_them].tolist()]
        return tuple(dict.fromkeys(order))[:MAX_SIDES]
