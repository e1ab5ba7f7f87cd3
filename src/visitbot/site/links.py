"""Where on the site an answer is: its document's page, at its statement or its paragraph."""

from __future__ import annotations

from visitbot.engine import Engine
from visitbot.models import Answer
from visitbot.site import names
from visitbot.site.pages import ordered, statement_anchors


def answer_path(engine: Engine, answer: Answer) -> str:
    """``documents/<id>.html#p9s1`` (relative to the site's root): the statement the answer's
    words belong to — the one of its paragraph they overlap most, when it has the answer's
    speaker — else the paragraph (``#p9``): narrative words, or a sentence no statement holds.
    The page marks the target (CSS ``:target``), so the words are highlighted on arrival."""
    statements = ordered(engine.document_statements(answer.document.id))
    best, best_overlap = names.paragraph_anchor(answer.paragraph), 0
    for statement, anchor in zip(statements, statement_anchors(statements), strict=True):
        if statement.paragraph != answer.paragraph:
            continue
        overlap = min(statement.end, answer.end) - max(statement.start, answer.start)
        speaker = engine.people[statement.speaker].name if statement.speaker else None
        if overlap > best_overlap and speaker == answer.speaker:
            best, best_overlap = anchor, overlap
    return f"{names.document_page(answer.document.id)}#{best}"
