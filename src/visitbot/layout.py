"""One document laid out for search: its word tokens, and each paragraph cut into regions
(statements and the narrative between them) and units (sentences, and whole statements) that
excerpts are scored on. It depends on the document and its statements only, so it is computed
once per document (in parallel, and again only when the document or its reading changes).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from visitbot.models import Document, Statement
from visitbot.text import sentence_spans, token_starts, trim_quote

SENTENCE, STATEMENT = 0, 1
"""Unit levels: a sentence, or a whole statement with its frame (see :func:`_frame`)."""
_FILLER = ' ,.;:–—-“”"'


@dataclass(frozen=True)
class Region:
    """The part of a paragraph an excerpt may be cut from: one statement, or the narrative."""

    start: int
    end: int
    statement: int | None


class Layout(NamedTuple):
    """A document's search layout; statement and region numbers are the document's own
    (0 = its first), tokens are words, not ids: the index numbers both when it assembles."""

    tokens: list[str]
    para_tokens: list[int]
    """Tokens per paragraph."""
    units: list[tuple[int, int, int, int, int, int, int]]
    """(first token, end token, first char, end char, statement or -1, level, region)."""
    para_units: list[int]
    regions: list[tuple[int, int, int]]
    """(first char, end char, statement or -1)."""
    para_regions: list[int]


def lay_out(document: Document, statements: Sequence[Statement]) -> Layout:
    by_paragraph: dict[int, list[int]] = {}
    for i, said in enumerate(statements):
        by_paragraph.setdefault(said.paragraph, []).append(i)
    tokens: list[str] = []
    para_tokens: list[int] = []
    units: list[tuple[int, int, int, int, int, int, int]] = []
    para_units: list[int] = []
    regions_found: list[tuple[int, int, int]] = []
    para_regions: list[int] = []
    for paragraph in document.paragraphs:
        text = paragraph.text
        found, starts = token_starts(text)
        tokens.extend(found)
        para_tokens.append(len(found))
        unit_count, region_count = len(units), len(regions_found)
        mine = by_paragraph.get(paragraph.number, [])
        cuts = sorted((statements[i].start, statements[i].end, i) for i in mine)
        regions = _cut(text, cuts, [statements[i].cue for _, _, i in cuts])
        sentences = sentence_spans(text) if cuts else []
        for k, region in enumerate(regions):
            said_id = -1 if region.statement is None else region.statement
            r = len(regions_found)
            regions_found.append((region.start, region.end, said_id))
            if region.statement is not None:
                first, upto = _frame(text, regions, k, sentences)
                a, b = bisect_left(starts, first), bisect_left(starts, upto)
                units.append((a, b, first, upto, said_id, STATEMENT, r))
            for s, e in sentence_spans(text, region.start, region.end):
                if region.statement is not None:
                    s, e = trim_quote(text, s, e)
                if s < e:
                    a, b = bisect_left(starts, s), bisect_left(starts, e)
                    units.append((a, b, s, e, said_id, SENTENCE, r))
        para_units.append(len(units) - unit_count)
        para_regions.append(len(regions_found) - region_count)
    return Layout(tokens, para_tokens, units, para_units, regions_found, para_regions)


def _frame(
    text: str, regions: Sequence[Region], k: int, sentences: Sequence[tuple[int, int]]
) -> tuple[int, int]:
    """Statement k with its frame: its cue clause ("…,” said the minister") and the rest of
    the sentences it stands in ("Addressing a press conference with Obama, Erdogan called the
    two countries “strategic partners”"), up to the words of any other statement. The frame
    says who spoke, when and about what: a question may ask by it."""
    region = regions[k]
    first, upto = region.start, regions[k + 1].start if k + 1 < len(regions) else len(text)
    before = max((r.end for r in regions[:k] if r.statement is not None), default=0)
    after = min((r.start for r in regions[k + 1 :] if r.statement is not None), default=len(text))
    for s, e in sentences:
        if s <= region.start < e:
            first = max(min(first, s), before)
        if s < region.end <= e:
            upto = min(max(upto, e), after)
    return first, upto


def _cut(text: str, spans: Sequence[tuple[int, int, int]], cues: Sequence[str]) -> list[Region]:
    """Statements and the narrative between them; a quote's own cue clause is neither."""
    regions: list[Region] = []
    cursor = 0
    cue = ""
    for (start, end, statement), next_cue in zip(spans, cues, strict=True):
        if start > cursor and _narrative(text[cursor:start], cue):
            regions.append(Region(cursor, start, None))
        regions.append(Region(start, end, statement))
        cursor, cue = max(cursor, end), next_cue
    if _narrative(text[cursor:], cue):
        regions.append(Region(cursor, len(text), None))
    return regions


def _narrative(gap: str, cue: str) -> bool:
    rest = gap.strip(_FILLER)
    if not rest:
        return False
    return not (cue and rest.startswith(cue) and len(rest) <= len(cue) + 2)
